"""What the platform admin's operations page shows: the task queues, the periodic jobs' last runs
and the failed tasks, with a retry. Only names, counts, times and exception classes: never a
task's arguments or an exception's message (either may quote personal data)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django_tasks_db.models import DBTaskResult

from naker.core import task_outbox
from naker.core.errors import NotFound
from naker.core.models import PeriodicJobRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class QueueState:
    name: str
    waiting: int | None
    failed: int | None
    answers: bool


@dataclass(frozen=True)
class FailedTask:
    id: str
    task: str
    failed_at: datetime | None
    error: str


def _rq() -> bool:
    return bool(settings.TASKS["default"]["BACKEND"] in settings.RQ_BACKENDS)


def queues() -> tuple[str, list[QueueState], int]:
    """The backend in use, each queue's state, and the tasks waiting in the database outbox."""
    backend = str(settings.TASKS["default"]["BACKEND"])
    states: list[QueueState] = []
    outbox = 0
    if _rq():
        import django_rq

        outbox = task_outbox.waiting()
        for name in settings.RQ_QUEUES:
            try:
                queue = django_rq.get_queue(name)
                states.append(QueueState(name, len(queue), queue.failed_job_registry.count, True))
            except Exception:  # Redis away: shown as such
                logger.warning("operations: queue %s did not answer", name, exc_info=True)
                states.append(QueueState(name, None, None, False))
    elif backend == "django_tasks_db.DatabaseBackend":
        states.append(
            QueueState("default", DBTaskResult.objects.ready().count(), DBTaskResult.objects.failed().count(), True)
        )
    return backend, states, outbox


def periodic_runs() -> list[PeriodicJobRun]:
    return list(PeriodicJobRun.objects.order_by("name"))


def failed_tasks(limit: int = 50) -> list[FailedTask]:
    found: list[FailedTask] = []
    if _rq():
        import django_rq
        from rq.job import Job

        for name in settings.RQ_QUEUES:
            queue = django_rq.get_queue(name)
            ids = queue.failed_job_registry.get_job_ids(0, limit - 1)
            for job in Job.fetch_many(ids, connection=queue.connection):
                if job is None:
                    continue
                found.append(FailedTask(job.id, job.func_name or "?", job.ended_at, _error_class(job.meta)))
    else:
        for row in DBTaskResult.objects.failed().order_by("-finished_at")[:limit]:
            found.append(FailedTask(str(row.id), row.task_path, row.finished_at, row.exception_class_path))
    return found[:limit]


def _error_class(meta: dict[str, Any]) -> str:
    # django-tasks-rq keeps the exception classes' paths in the job's meta, the last one last.
    classes = meta.get("_django_tasks_rq_exceptions") or [""]
    return str(classes[-1])


def retry_failed_task(task_id: str) -> None:
    """Queues a failed task again with its own arguments; it leaves the failed list."""
    if _rq():
        import django_rq

        for name in settings.RQ_QUEUES:
            registry = django_rq.get_queue(name).failed_job_registry
            if task_id in registry.get_job_ids():
                registry.requeue(task_id)
                return
        raise NotFound()
    row = DBTaskResult.objects.failed().filter(pk=task_id).first() if _is_uuid(task_id) else None
    if row is None:
        raise NotFound()
    row.task.enqueue(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])
    row.delete()


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
