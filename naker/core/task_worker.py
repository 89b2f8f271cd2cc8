"""The task worker of `make run` (`manage.py task_worker`): django-tasks-db's `db_worker`, which
survives a locked database by its own retry instead of dying on it.

django-tasks-db's worker already ignores a locked database while it selects a task, but not when
its exclusive transaction begins (SQLite's `BEGIN EXCLUSIVE` waits out the 20 s busy timeout, then
fails), nor when it records a task's result (three tries, then the worker exits and the task stays
"running" for ever). Here a locked database (SQLite's "database is locked", PostgreSQL's lock
timeout) is waited out with a growing pause (0.5 s doubling to 30 s): the claim is tried again,
and a task's result is written once the lock is gone. Any other error still stops the worker
(`make run` starts it again). See docs/decisions/0009-input-limits.md.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.db.utils import OperationalError
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import is_locked_database_exception

logger = logging.getLogger("naker.tasks")

# PostgreSQL's lock_not_available (a lock timeout) and deadlock_detected.
_PG_LOCKED = {"55P03", "40P01"}


def is_locked(exc: BaseException) -> bool:
    """Whether a database error says "locked, try again" rather than "broken"."""
    if not isinstance(exc, OperationalError):
        return False
    if exc.args and is_locked_database_exception(exc):
        return True
    return getattr(exc.__cause__, "sqlstate", None) in _PG_LOCKED


class PatientWorker(Worker):
    """`Worker` that waits out a locked database. `on_locked(waits, pause)` is told of each wait."""

    first_pause = 0.5
    longest_pause = 30.0

    def __init__(self, *, on_locked: Callable[[int, float], object] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.on_locked = on_locked
        self.waits = 0

    def _wait(self, exc: BaseException) -> None:
        self.waits += 1
        pause = min(self.first_pause * 2 ** (self.waits - 1), self.longest_pause)
        logger.warning("task worker: the database is locked (%s); trying again in %.1f s", exc, pause)
        if self.on_locked is not None:
            self.on_locked(self.waits, pause)
        time.sleep(pause)

    def run(self) -> None:
        while True:
            try:
                super().run()
                return
            except OperationalError as exc:
                if not is_locked(exc):
                    raise
                self._wait(exc)
            self.startup_delay = False  # the random pause is for the first start only
            if not self.running:
                return

    def run_task(self, db_task_result: DBTaskResult) -> None:
        # The task has run (or failed): its result must be written, however long the lock lasts.
        for name in ("set_successful", "set_failed"):
            setattr(db_task_result, name, self._patiently(getattr(db_task_result, name)))
        super().run_task(db_task_result)
        self.waits = 0

    def _patiently(self, write: Callable[..., None]) -> Callable[..., None]:
        def patient(*args: Any) -> None:
            while True:
                try:
                    write(*args)
                    return
                except OperationalError as exc:
                    if not is_locked(exc):
                        raise
                    self._wait(exc)

        return patient
