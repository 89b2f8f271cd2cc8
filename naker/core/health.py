"""Readiness: can this instance serve? The database, the cache and the task queue each answer.

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
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)
OK = "ok"
UNAVAILABLE = "unavailable"
# Redis does not answer and the database cache serves instead (naker.core.cache): the site serves.
FALLBACK = "fallback"


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
    """The task queue answers; with it, how many tasks wait (None where the backend cannot tell)."""
    backend = settings.TASKS["default"]["BACKEND"]
    try:
        if backend in settings.RQ_BACKENDS:
            import django_rq  # configured (RQ_QUEUES) only where the RQ backend is

            queue = django_rq.get_queue("default")
            queue.connection.ping()
            return OK, len(queue)
        if backend == "django_tasks_db.DatabaseBackend":
            return OK, DBTaskResult.objects.ready().count()
    except Exception:  # any failure means "not ready"
        logger.warning("readiness: the task queue did not answer", exc_info=True)
        return UNAVAILABLE, None
    return OK, None  # the immediate backend (tests) has no queue


def readiness() -> tuple[bool, dict[str, Any]]:
    database = check_database()
    cache_state = check_cache()
    queue, depth = check_queue()
    ready = database == queue == OK and cache_state in (OK, FALLBACK)
    return ready, {
        "status": "ok" if ready else "degraded",
        "database": database,
        "cache": cache_state,
        "queue": queue,
        "queue_depth": depth,
        "version": "1",
    }
