"""Readiness beside liveness: the database, the cache and the task queue each answer."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db


def test_ready_when_database_cache_and_queue_answer(client: Any) -> None:
    response = client.get("/api/v1/health/ready")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "degraded": [],
        "database": "ok",
        "cache": "ok",
        "queue": "ok",
        "queue_depth": None,  # the tests' immediate backend has no queue
        "version": "1",
    }
    assert client.get("/api/v1/health").status_code == 200  # liveness is still there


def test_the_database_queue_reports_its_depth(client: Any, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    body = client.get("/api/v1/health/ready").json()
    assert body["queue"] == "ok" and body["queue_depth"] == 0


def test_not_ready_when_the_cache_fails(client: Any, monkeypatch: Any) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise ConnectionError("redis is down")

    monkeypatch.setattr(cache, "set", broken)
    response = client.get("/api/v1/health/ready")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable" and response.json()["cache"] == "unavailable"
    assert response["Content-Type"].startswith("application/json")


def test_not_ready_when_the_rq_queue_does_not_answer(client: Any, settings: Any, monkeypatch: Any) -> None:
    import django_rq

    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}

    def unreachable(name: str) -> Any:
        raise ConnectionError("no Redis")

    monkeypatch.setattr(django_rq, "get_queue", unreachable)
    response = client.get("/api/v1/health/ready")
    assert response.status_code == 503  # plain RQ: a task enqueued now would be lost
    body = response.json()
    assert body["queue"] == "unavailable" and body["queue_depth"] is None and body["status"] == "unavailable"


def test_ready_but_degraded_while_redis_is_away_and_the_site_serves(
    client: Any, settings: Any, monkeypatch: Any
) -> None:
    """Redis down in the production layout: the cache falls back to the database and tasks wait in
    the outbox. The site serves, so the probe says ready (200) and names what is degraded."""
    import django_rq

    from naker.core import health
    from naker.core.task_backend import RQBackendWithOutbox

    settings.TASKS = {
        "default": {"BACKEND": "naker.core.task_backend.RQBackendWithOutbox", "QUEUES": ["default"]},
        "outbox": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
    }
    assert isinstance(health.task_backends["default"], RQBackendWithOutbox)

    def unreachable(name: str) -> Any:
        raise ConnectionError("no Redis")

    monkeypatch.setattr(django_rq, "get_queue", unreachable)
    monkeypatch.setattr(cache, "redis_answers", lambda: False, raising=False)  # naker.core.cache's fallback
    run_import_waiting = DBTaskResult(
        task_path="naker.outreach.member_import.tasks.run_import_task", backend_name="outbox", args_kwargs={}
    )
    run_import_waiting.save()
    response = client.get("/api/v1/health/ready")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded" and body["degraded"] == ["cache", "queue"]
    assert (body["database"], body["cache"], body["queue"], body["queue_depth"]) == ("ok", "fallback", "outbox", 1)
