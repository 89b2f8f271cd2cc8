"""Readiness beside liveness: the database, the cache and the task queue each answer."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


def test_ready_when_database_cache_and_queue_answer(client: Any) -> None:
    response = client.get("/api/v1/health/ready")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
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
    assert response.json()["status"] == "degraded" and response.json()["cache"] == "unavailable"
    assert response["Content-Type"].startswith("application/json")


def test_not_ready_when_the_rq_queue_does_not_answer(client: Any, settings: Any, monkeypatch: Any) -> None:
    import django_rq

    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}

    def unreachable(name: str) -> Any:
        raise ConnectionError("no Redis")

    monkeypatch.setattr(django_rq, "get_queue", unreachable)
    body = client.get("/api/v1/health/ready").json()
    assert body["queue"] == "unavailable" and body["queue_depth"] is None
