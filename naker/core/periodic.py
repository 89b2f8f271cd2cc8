"""Periodic jobs: what the platform's own scheduler runs, and when each job last ran.

The scheduler (`manage.py run_scheduler`, APScheduler's cron triggers) does not run a job itself:
at the job's time it enqueues `naker.core.tasks.run_periodic_job_task` on the Tasks API backend in
use (the database worker of `make run`, RQ in production), so a job runs on a task worker like any
other task and a scheduler restart loses nothing but the wait.

Schedules are crontab lines (minute hour day month weekday) in TIME_ZONE; write the weekday as a
name (mon, tue, ...): APScheduler 3 counts numbered weekdays from Monday = 0, cron from Sunday = 0.

Jobs come from two places:
- settings.NAKER_PERIODIC_JOBS, a list of dicts with the keys of `PeriodicJob` (the jobs of apps
  this module may not import, such as the insights aggregates and weekly summaries);
- `register()` / `retention()` calls, made by an app in its `AppConfig.ready()`:

      from naker.core import periodic
      periodic.retention("outreach.expired_uploads", func="naker.outreach.services.purge_expired_uploads",
                         description="Member-list files older than 30 days")

Each job's function takes no argument, is idempotent (running it twice in a row does no harm and
no double work) and returns a short summary without personal data (counts), which the admin shows.
`min_interval_hours` makes a job skip a run that comes too soon after its last success (a weekly
email must not go out twice when a run is repeated).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from naker.core.models import PeriodicJobRun

logger = logging.getLogger(__name__)

MAINTENANCE = "maintenance"
RETENTION = "retention"
# A run that started longer ago than this and never finished (a killed worker) may be run again.
STALE_RUN = timedelta(hours=2)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    func: str
    cron: str
    kind: str = MAINTENANCE
    description: str = ""
    min_interval_hours: float = 0
    # A run recorded as started longer ago than this, never finished (its worker was killed), may run again.
    stale_after_minutes: float = STALE_RUN.total_seconds() / 60


_REGISTRY: dict[str, PeriodicJob] = {}


class UnknownJob(KeyError):
    pass


def register(
    name: str,
    *,
    func: str,
    cron: str,
    kind: str = MAINTENANCE,
    description: str = "",
    min_interval_hours: float = 0,
    stale_after_minutes: float | None = None,
) -> PeriodicJob:
    """Adds (or replaces) a periodic job. `func` is the dotted path of a function without arguments."""
    stale = STALE_RUN.total_seconds() / 60 if stale_after_minutes is None else stale_after_minutes
    job = PeriodicJob(name, func, cron, kind, description, min_interval_hours, stale)
    _REGISTRY[name] = job
    return job


def retention(name: str, *, func: str, cron: str = "30 2 * * *", description: str = "") -> PeriodicJob:
    """Adds a retention job (deletes what is kept longer than needed); nightly at 02:30 by default."""
    return register(name, func=func, cron=cron, kind=RETENTION, description=description)


def unregister(name: str) -> None:
    _REGISTRY.pop(name, None)


def all_jobs() -> list[PeriodicJob]:
    """Every job, from the settings and the registry (a registered job replaces a setting's namesake)."""
    jobs = {spec["name"]: PeriodicJob(**spec) for spec in getattr(settings, "NAKER_PERIODIC_JOBS", [])}
    jobs.update(_REGISTRY)
    return sorted(jobs.values(), key=lambda job: job.name)


def get(name: str) -> PeriodicJob:
    for job in all_jobs():
        if job.name == name:
            return job
    raise UnknownJob(name)


def sync_runs() -> None:
    """Gives every job its row (the admin lists jobs that never ran) and records schedule changes."""
    for job in all_jobs():
        PeriodicJobRun.objects.update_or_create(name=job.name, defaults={"kind": job.kind, "schedule": job.cron})


def _claim(job: PeriodicJob, now: Any) -> bool:
    with transaction.atomic():
        run, _created = PeriodicJobRun.objects.select_for_update().get_or_create(
            name=job.name, defaults={"kind": job.kind, "schedule": job.cron}
        )
        started = run.last_started_at
        stale = timedelta(minutes=job.stale_after_minutes)
        if run.status == PeriodicJobRun.Status.RUNNING and started and now - started < stale:
            return False  # another worker runs it right now
        if (
            job.min_interval_hours
            and run.last_success_at
            and now - run.last_success_at < timedelta(hours=job.min_interval_hours)
        ):
            run.status = PeriodicJobRun.Status.SKIPPED
            run.save(update_fields=["status"])
            return False
        run.status = PeriodicJobRun.Status.RUNNING
        run.kind, run.schedule, run.last_started_at = job.kind, job.cron, now
        run.save(update_fields=["status", "kind", "schedule", "last_started_at"])
        return True


def run(name: str) -> str:
    """Runs one job now (on the task worker that called it) and records how it ended."""
    job = get(name)
    started = timezone.now()
    if not _claim(job, started):
        logger.info("periodic job %s skipped: running elsewhere or ran recently", name)
        return "skipped"
    try:
        result = import_string(job.func)()
    except Exception as exc:
        PeriodicJobRun.objects.filter(name=name).update(
            status=PeriodicJobRun.Status.FAILED,
            last_finished_at=timezone.now(),
            # The class only: an exception's message may quote personal data.
            last_error=type(exc).__name__[:200],
            runs=F("runs") + 1,
            failures=F("failures") + 1,
        )
        logger.exception("periodic job %s failed", name)
        raise
    summary = "" if result is None else str(result)[:200]
    finished = timezone.now()
    PeriodicJobRun.objects.filter(name=name).update(
        status=PeriodicJobRun.Status.OK,
        last_finished_at=finished,
        last_success_at=started,
        last_result=summary,
        last_error="",
        runs=F("runs") + 1,
    )
    logger.info("periodic job %s done in %.1f s", name, (finished - started).total_seconds())
    return summary


# --- the retention jobs core owns -----------------------------------------------------------------


def clear_expired_sessions() -> str:
    """Deletes expired sessions (login records of the session store)."""
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()
    return "expired sessions cleared"


def purge_login_records() -> str:
    """Deletes django-axes' records (logins and logouts, failed logins, failure counters: each holds
    a login, an address and a browser) older than NAKER_LOGIN_RECORDS_DAYS (90)."""
    days = int(getattr(settings, "NAKER_LOGIN_RECORDS_DAYS", 90))
    deleted = AxesProxyHandler.reset_logs(age_days=days) + AxesProxyHandler.reset_failure_logs(age_days=days)
    deleted += AccessAttempt.objects.filter(attempt_time__lte=timezone.now() - timedelta(days=days)).delete()[0]
    return f"{deleted} login records older than {days} days deleted"


retention(
    "core.expired_sessions",
    func="naker.core.periodic.clear_expired_sessions",
    cron="15 2 * * *",
    description="Expired sessions",
)
retention(
    "core.login_records",
    func="naker.core.periodic.purge_login_records",
    cron="20 2 * * *",
    description="Login records (django-axes) older than 90 days",
)
