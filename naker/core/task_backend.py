"""The RQ task backend of the production layout, which keeps tasks while Redis is away.

`RQBackendWithOutbox` enqueues on RQ (django-tasks-rq) as `RQBackend` does; when Redis cannot be
reached it writes the task into the database instead (django-tasks-db's table, under the backend
alias named by OPTIONS["OUTBOX"], "outbox" by default), so the request that enqueued it still
succeeds. The scheduler (`manage.py run_scheduler`) moves what waits there onto RQ every few seconds
once Redis answers (naker.core.task_outbox.drain): tasks wait and run when Redis returns. No worker
runs the outbox's tasks itself.
"""

from __future__ import annotations

import logging
from typing import Any

from django_tasks.base import Task, TaskResult
from django_tasks_rq.backend import RQBackend
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

REDIS_DOWN = (RedisConnectionError, RedisTimeoutError)


class RQBackendWithOutbox(RQBackend):
    @property
    def outbox_alias(self) -> str:
        return str(self.options.get("OUTBOX", "outbox"))

    def enqueue_on_redis(self, task: Task[Any, Any], args: Any, kwargs: Any) -> TaskResult[Any]:
        """RQ only: raises when Redis cannot be reached (the outbox's drain uses this)."""
        return super().enqueue(task, args, kwargs)

    def enqueue(self, task: Task[Any, Any], args: Any, kwargs: Any) -> TaskResult[Any]:
        try:
            return self.enqueue_on_redis(task, args, kwargs)
        except REDIS_DOWN as exc:
            logger.warning(
                "tasks: Redis did not answer (%s); %s kept in the database outbox", type(exc).__name__, task.name
            )
            result: TaskResult[Any] = task.using(backend=self.outbox_alias).enqueue(*args, **kwargs)
            return result
