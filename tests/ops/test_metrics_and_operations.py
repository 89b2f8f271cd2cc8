"""/metrics (Prometheus) counts requests by route and their database time, reads the task queue and
the member imports' progress, shows no personal data and answers only on loopback or to its token;
the operations page shows queues, periodic runs and failed tasks, and retries one (staff only)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult

from naker.core.models import PeriodicJobRun
from naker.core.tasks import run_periodic_job_task
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_metrics_count_requests_by_route_with_database_time(client: Client) -> None:
    client.get("/kursus/?q=las")
    client.get("/api/v1/regions/provinces")
    body = client.get("/metrics").content.decode()
    assert 'naker_http_request_duration_seconds_bucket{le="0.01",method="GET",route="/kursus/"}' in body
    assert 'naker_http_requests_total{method="GET",route="/api/v1/regions/provinces",status="200"}' in body
    assert 'naker_http_request_db_seconds_count{route="/kursus/"}' in body
    assert "naker_member_import_rows" in body
    assert "q=las" not in body  # routes, never paths or query strings


def test_metrics_show_the_task_queue(client: Client, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    run_periodic_job_task.enqueue("insights.refresh")
    body = client.get("/metrics").content.decode()
    assert 'naker_task_queue_depth{queue="default"} 1.0' in body


def test_metrics_refuse_a_forwarded_request_and_want_the_token_when_set(client: Client, settings: Any) -> None:
    assert client.get("/metrics", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 404
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404
    settings.NAKER_METRICS_TOKEN = "rahasia-metrik"
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer rahasia-metrik").status_code == 200


def test_the_operations_page_is_for_staff_and_retries_a_failed_task(client: Client, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    PeriodicJobRun.objects.create(name="insights.refresh", last_result="3 aggregates")
    result = run_periodic_job_task.enqueue("insights.refresh")
    DBTaskResult.objects.filter(pk=result.id).update(status="FAILED", exception_class_path="builtins.ValueError")
    client.force_login(UserFactory())
    assert client.get("/operasi/").status_code == 403
    assert client.post(f"/operasi/tugas/{result.id}/ulang/").status_code == 403
    client.force_login(UserFactory(is_staff=True))
    page = client.get("/operasi/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "insights.refresh" in page and "3 aggregates" in page
    assert "builtins.ValueError" in page and "run_periodic_job_task" in page
    response = client.post(f"/operasi/tugas/{result.id}/ulang/")
    assert response.status_code == 302
    assert not DBTaskResult.objects.failed().exists()
    assert DBTaskResult.objects.ready().count() == 1
    assert client.post("/operasi/tugas/not-a-task/ulang/").status_code == 404
