"""Moves the tasks kept in the database while Redis was away onto RQ (naker.core.task_backend).

The scheduler calls `drain()` every few seconds where the production layout's backend is in use;
it does nothing while Redis still does not answer. A task is deleted from the outbox in the same
transaction that follows its enqueueing on RQ, and locked meanwhile (two schedulers never move one
task twice).
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils.module_loading import import_string
from django_tasks import task_backends
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

OUTBOX_BACKEND = "naker.core.task_backend.RQBackendWithOutbox"


def waiting(outbox_alias: str = "outbox") -> int:
    return DBTaskResult.objects.ready().filter(backend_name=outbox_alias).count()


def drain(*, limit: int = 500) -> int:
    """Enqueues on RQ what waits in the outbox (oldest first); returns how many moved."""
    # Imported here: task_backend imports django_rq, an installed app only where RQ is the backend
    # (make run's database backend has neither the app nor its settings).
    from naker.core.task_backend import REDIS_DOWN, RQBackendWithOutbox

    backend = task_backends["default"]
    if not isinstance(backend, RQBackendWithOutbox):
        return 0
    alias = backend.outbox_alias
    moved = 0
    for pk in (
        DBTaskResult.objects.ready()
        .filter(backend_name=alias)
        .order_by("enqueued_at")
        .values_list("pk", flat=True)[:limit]
    ):
        with transaction.atomic():
            row = DBTaskResult.objects.ready().filter(pk=pk).select_for_update(skip_locked=True).first()
            if row is None:
                continue
            task = import_string(row.task_path).using(
                priority=row.priority, queue_name=row.queue_name, backend=backend.alias
            )
            try:
                backend.enqueue_on_redis(task, row.args_kwargs["args"], row.args_kwargs["kwargs"])
            except REDIS_DOWN:
                return moved  # still away: next time
            row.delete()
        moved += 1
    if moved:
        logger.info("tasks: %s moved from the database outbox onto RQ", moved)
    return moved
