"""Periodic jobs: registered, run on the task backend, idempotent, and their last run visible."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from naker.core import periodic
from naker.core.management.commands.run_scheduler import enqueue
from naker.core.models import PeriodicJobRun
from naker.core.tasks import run_periodic_job_task
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
CALLS: list[str] = []


def job_ok() -> str:
    CALLS.append("ok")
    return "3 things done"


def job_fails() -> None:
    raise ValueError("Budi Santoso 3171015708900001")  # a message that must never be recorded


@pytest.fixture
def test_jobs() -> Any:
    CALLS.clear()
    periodic.register("test.ok", func="tests.ops.test_periodic.job_ok", cron="*/5 * * * *")
    periodic.register("test.fails", func="tests.ops.test_periodic.job_fails", cron="0 3 * * *")
    periodic.register(
        "test.weekly", func="tests.ops.test_periodic.job_ok", cron="0 7 * * mon", min_interval_hours=24 * 6
    )
    yield
    for name in ("test.ok", "test.fails", "test.weekly"):
        periodic.unregister(name)


def test_the_platform_schedules_aggregates_weekly_summaries_and_retention() -> None:
    jobs = {job.name: job for job in periodic.all_jobs()}
    assert jobs["insights.refresh"].func == "naker.insights.services.refresh_aggregates"
    assert jobs["insights.weekly_summaries"].cron == "0 7 * * mon"
    assert {"core.expired_sessions", "core.login_records"} <= {
        job.name for job in jobs.values() if job.kind == periodic.RETENTION
    }
    out = StringIO()
    call_command("run_scheduler", "--list", stdout=out)
    assert "insights.weekly_summaries" in out.getvalue() and "next" in out.getvalue()


def test_a_job_runs_as_a_task_and_records_its_last_run(test_jobs: Any) -> None:
    run_periodic_job_task.enqueue("test.ok")  # the immediate backend in tests, RQ in production
    run = PeriodicJobRun.objects.get(name="test.ok")
    assert (run.status, run.last_result, run.runs) == ("ok", "3 things done", 1)
    assert run.last_started_at and run.last_finished_at and run.last_success_at
    assert run.schedule == "*/5 * * * *"


def test_a_failure_is_recorded_by_its_class_only(test_jobs: Any) -> None:
    with pytest.raises(ValueError):
        periodic.run("test.fails")
    run = PeriodicJobRun.objects.get(name="test.fails")
    assert (run.status, run.last_error, run.failures) == ("failed", "ValueError", 1)
    assert "3171015708900001" not in str(PeriodicJobRun.objects.values().get(name="test.fails"))


def test_a_weekly_job_repeated_too_soon_is_skipped(test_jobs: Any) -> None:
    assert periodic.run("test.weekly") == "3 things done"
    assert periodic.run("test.weekly") == "skipped"
    assert CALLS == ["ok"]
    PeriodicJobRun.objects.filter(name="test.weekly").update(last_success_at=timezone.now() - timedelta(days=7))
    periodic.run("test.weekly")
    assert CALLS == ["ok", "ok"]


def test_a_job_running_on_another_worker_is_not_started_twice(test_jobs: Any) -> None:
    PeriodicJobRun.objects.create(name="test.ok", status="running", last_started_at=timezone.now())
    assert periodic.run("test.ok") == "skipped"
    assert CALLS == []
    # a run that never finished (its worker was killed) does not block the job for ever
    PeriodicJobRun.objects.filter(name="test.ok").update(last_started_at=timezone.now() - timedelta(hours=3))
    assert periodic.run("test.ok") == "3 things done"


def test_two_schedulers_firing_in_the_same_minute_enqueue_once(test_jobs: Any) -> None:
    cache.clear()
    assert enqueue("test.ok", fire_minute=1) is True
    assert enqueue("test.ok", fire_minute=1) is False
    assert CALLS == ["ok"]


def test_the_admin_sees_every_job_and_its_last_run(client: Any, test_jobs: Any) -> None:
    periodic.sync_runs()
    periodic.run("test.ok")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get("/admin/core/periodicjobrun/")
    assert page.status_code == 200
    content = page.content.decode()
    assert "insights.weekly_summaries" in content and "test.ok" in content


def test_login_records_older_than_90_days_go_with_their_address_and_browser() -> None:
    """Issue 8 item 11: django-axes' logins, failed logins and failure counters (login, address,
    browser) are kept 90 days (NAKER_LOGIN_RECORDS_DAYS), then deleted by the retention job."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    seen = {"user_agent": "Browser-Saya/1.0", "ip_address": "10.7.7.7", "username": "+6281234567001"}
    for when in ("old", "new"):
        AccessLog.objects.create(**seen, http_accept="*/*", path_info=when)
        AccessFailureLog.objects.create(**seen, http_accept="*/*", path_info=when)
        AccessAttempt.objects.create(
            **{**seen, "user_agent": when}, http_accept="*/*", path_info=when, failures_since_start=1
        )
    long_ago = timezone.now() - timedelta(days=91)
    for model in (AccessLog, AccessFailureLog, AccessAttempt):
        model.objects.filter(path_info="old").update(attempt_time=long_ago)
    assert periodic.purge_login_records().startswith("3 ")
    for model in (AccessLog, AccessFailureLog, AccessAttempt):
        assert list(model.objects.values_list("path_info", flat=True)) == ["new"]
