import logging
from typing import Any

from django.db import connection
from ninja import Router, Schema, Status

from naker.core.health import readiness

logger = logging.getLogger(__name__)
router = Router(tags=["health"])


class HealthOut(Schema):
    status: str
    database: str
    version: str


@router.get("/health", response={200: HealthOut, 503: HealthOut}, auth=None)
def health(request: Any) -> Status[dict[str, str]]:
    """Liveness and readiness: answers 200 when the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        db = "ok"
    except Exception:  # any failure means "not ready"
        logger.exception("health: the database did not answer")
        db = "unavailable"
    status = 200 if db == "ok" else 503
    return Status(status, {"status": "ok" if db == "ok" else "degraded", "database": db, "version": "1"})


class ReadyOut(Schema):
    status: str
    degraded: list[str]
    database: str
    cache: str
    queue: str
    queue_depth: int | None
    version: str


@router.get("/health/ready", response={200: ReadyOut, 503: ReadyOut}, auth=None)
def ready(request: Any) -> Status[dict[str, Any]]:
    """Readiness: 200 while the site serves: the database answers, the cache answers (or falls back to
    the database), the task queue answers (or keeps tasks in the database outbox). `status` is "ok",
    or "degraded" with the parts on their fallback named in `degraded`; 503 "unavailable" else."""
    is_ready, body = readiness()
    return Status(200 if is_ready else 503, body)
