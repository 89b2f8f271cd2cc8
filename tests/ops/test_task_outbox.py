"""Tasks enqueued while Redis is away wait in the database and go onto RQ when it answers again.

RQ itself is replaced here by a stand-in that refuses (Redis away) or records (Redis back); the
production layout's fault test stops a real Redis (tests/faults).
"""

from __future__ import annotations

from typing import Any

import pytest
from django_tasks import task_backends
from django_tasks_db.models import DBTaskResult
from django_tasks_rq.backend import RQBackend
from redis.exceptions import ConnectionError as RedisConnectionError

from naker.core import task_outbox
from naker.core.tasks import run_periodic_job_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def outbox_backend(settings: Any) -> None:
    settings.TASKS = {
        "default": {"BACKEND": "naker.core.task_backend.RQBackendWithOutbox", "QUEUES": ["default"]},
        "outbox": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
    }


def test_a_task_waits_in_the_database_while_redis_is_away_then_goes_onto_rq(
    outbox_backend: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def redis_away(self: Any, task: Any, args: Any, kwargs: Any) -> Any:
        raise RedisConnectionError("Connection refused")

    monkeypatch.setattr(RQBackend, "enqueue", redis_away)
    run_periodic_job_task.enqueue("insights.refresh")
    run_periodic_job_task.enqueue("outreach.expired_imports")
    assert task_outbox.waiting() == 2
    assert task_outbox.drain() == 0  # still away: nothing moves, nothing is lost
    assert task_outbox.waiting() == 2

    sent: list[tuple[str, list[Any], str]] = []

    def redis_back(self: Any, task: Any, args: Any, kwargs: Any) -> Any:
        sent.append((task.module_path, list(args), task.backend))

    monkeypatch.setattr(RQBackend, "enqueue", redis_back)
    assert task_outbox.drain() == 2
    assert sent == [
        ("naker.core.tasks.run_periodic_job_task", ["insights.refresh"], "default"),
        ("naker.core.tasks.run_periodic_job_task", ["outreach.expired_imports"], "default"),
    ]
    assert task_outbox.waiting() == 0
    assert not DBTaskResult.objects.exists()
    assert task_outbox.drain() == 0  # moved once, never twice


def test_with_redis_there_nothing_goes_to_the_outbox(outbox_backend: None, monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[str] = []
    monkeypatch.setattr(RQBackend, "enqueue", lambda self, task, args, kwargs: sent.append(task.name))
    run_periodic_job_task.enqueue("insights.refresh")
    assert sent == ["run_periodic_job_task"]
    assert task_outbox.waiting() == 0


def test_other_backends_have_no_outbox() -> None:
    assert not isinstance(task_backends["default"], RQBackend)
    assert task_outbox.drain() == 0
