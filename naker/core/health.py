"""Readiness: can this instance serve? The database, the cache and the task queue each answer;
a cache on its database fallback or tasks kept in the outbox while Redis is away still serve
(ready, "degraded", the part named).

Liveness (`/api/v1/health`) says the process runs and reaches its database; readiness
(`/api/v1/health/ready`) is what a load balancer or an orchestrator asks before sending traffic.
Each check is bounded in time by its client's own timeout and never raises.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django_tasks import task_backends
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)
OK = "ok"
UNAVAILABLE = "unavailable"
# Redis does not answer and the database cache serves instead (naker.core.cache): the site serves.
FALLBACK = "fallback"
# Redis does not answer and tasks wait in the database outbox (naker.core.task_backend): the site serves.
OUTBOX = "outbox"
OUTBOX_BACKEND = "naker.core.task_backend.RQBackendWithOutbox"


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure means "not ready"
        logger.warning("readiness: the database did not answer", exc_info=True)
        return UNAVAILABLE
    return OK


def check_cache() -> str:
    key = f"naker:ready:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", timeout=10)
        found = cache.get(key)
        cache.delete(key)
    except Exception:  # any failure means "not ready"
        logger.warning("readiness: the cache did not answer", exc_info=True)
        return UNAVAILABLE
    if found != "1":
        return UNAVAILABLE
    redis_answers = getattr(cache, "redis_answers", None)
    if redis_answers is not None and not redis_answers():
        return FALLBACK
    return OK


def check_queue() -> tuple[str, int | None]:
    """The task queue answers; with it, how many tasks wait (None where the backend cannot tell).
    RQ with the outbox, Redis away: "outbox", and how many tasks wait there (they are not lost)."""
    backend = settings.TASKS["default"]["BACKEND"]
    try:
        if backend in settings.RQ_BACKENDS:
            import django_rq  # configured (RQ_QUEUES) only where the RQ backend is

            queue = django_rq.get_queue("default")
            queue.connection.ping()
            return OK, len(queue)
        if backend == "django_tasks_db.DatabaseBackend":
            return OK, DBTaskResult.objects.ready().count()
    except Exception:  # any failure means "not ready", unless the outbox keeps the tasks meanwhile
        if backend == OUTBOX_BACKEND:
            return _check_outbox()
        logger.warning("readiness: the task queue did not answer", exc_info=True)
        return UNAVAILABLE, None
    return OK, None  # the immediate backend (tests) has no queue


def _check_outbox() -> tuple[str, int | None]:
    alias = str(getattr(task_backends["default"], "outbox_alias", "outbox"))
    try:
        waiting = DBTaskResult.objects.ready().filter(backend_name=alias).count()
    except Exception:  # any failure means "not ready"
        logger.warning("readiness: neither Redis nor the task outbox answered", exc_info=True)
        return UNAVAILABLE, None
    logger.warning("readiness: Redis does not answer; tasks wait in the database outbox (%d)", waiting)
    return OUTBOX, waiting


def readiness() -> tuple[bool, dict[str, Any]]:
    """Ready (200) while the site serves: the database answers, the cache answers or falls back to
    the database, the queue answers or keeps tasks in the outbox. "status" is "ok", "degraded" (it
    serves; `degraded` names the parts on their fallback) or "unavailable" (503)."""
    database = check_database()
    cache_state = check_cache()
    queue, depth = check_queue()
    ready = database == OK and cache_state in (OK, FALLBACK) and queue in (OK, OUTBOX)
    degraded = [name for name, state in (("cache", cache_state), ("queue", queue)) if state in (FALLBACK, OUTBOX)]
    return ready, {
        "status": ("degraded" if degraded else "ok") if ready else "unavailable",
        "degraded": degraded,
        "database": database,
        "cache": cache_state,
        "queue": queue,
        "queue_depth": depth,
        "version": "1",
    }
