"""manage.py run_scheduler: the platform's own scheduler of periodic jobs (naker.core.periodic).

At each job's time (cron, in TIME_ZONE) it enqueues the job on the Tasks API backend in use: the
database worker of `make run`, RQ workers in production. Run exactly one per deployment; should two
run for a moment (a restart), the cache and the job's own record keep a job from running twice.

    manage.py run_scheduler            # runs until stopped
    manage.py run_scheduler --list     # the jobs and when each runs next
    manage.py run_scheduler --enqueue NAME [NAME ...]   # enqueue now, then exit
"""

from __future__ import annotations

import contextlib
import logging
import time
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from naker.core import periodic, task_outbox
from naker.core.tasks import run_periodic_job_task

logger = logging.getLogger(__name__)
# Where tasks wait in the database while Redis is away (naker.core.task_backend), they are moved
# onto RQ this often once it answers.
OUTBOX_DRAIN_SECONDS = 5


def drain_outbox() -> None:
    # A long-running process has no requests to drop a connection that broke (a database restart):
    # done here around each drain, as Django does around each request.
    close_old_connections()
    try:
        task_outbox.drain()
    except Exception:  # the database may be away too: next time
        logger.warning("tasks: the outbox could not be drained now", exc_info=True)
    finally:
        close_old_connections()


def enqueue(name: str, *, fire_minute: int | None = None) -> bool:
    """Enqueues one job; a second scheduler firing the same job in the same minute is ignored."""
    minute = fire_minute if fire_minute is not None else int(time.time() // 60)
    if not cache.add(f"naker:periodic:{name}:{minute}", 1, timeout=3600):
        return False
    run_periodic_job_task.enqueue(name)
    logger.info("periodic job %s enqueued", name)
    return True


class Command(BaseCommand):
    help = "Runs the scheduler of periodic jobs (aggregates, weekly summaries, retention)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--list", action="store_true", help="list the jobs and their next run, then exit")
        parser.add_argument("--enqueue", nargs="+", metavar="NAME", help="enqueue these jobs now, then exit")

    def handle(self, *args: Any, **options: Any) -> None:
        tz = ZoneInfo(settings.TIME_ZONE)
        jobs = periodic.all_jobs()
        if options["enqueue"]:
            for name in options["enqueue"]:
                try:
                    periodic.get(name)
                except periodic.UnknownJob as exc:
                    raise CommandError(f"unknown job {name}") from exc
                run_periodic_job_task.enqueue(name)
                self.stdout.write(f"enqueued {name}")
            return
        if options["list"]:
            now = datetime.now(tz)
            for job in jobs:
                next_run = CronTrigger.from_crontab(job.cron, timezone=tz).get_next_fire_time(None, now)
                self.stdout.write(f"{job.name:32} {job.kind:12} {job.cron:16} next {next_run:%Y-%m-%d %H:%M %Z}")
            return
        periodic.sync_runs()
        scheduler = BlockingScheduler(timezone=tz)
        for job in jobs:
            scheduler.add_job(
                enqueue,
                CronTrigger.from_crontab(job.cron, timezone=tz),
                args=[job.name],
                id=job.name,
                coalesce=True,  # after a pause, one run, not one per missed time
                max_instances=1,
                misfire_grace_time=3600,
            )
        if settings.TASKS["default"]["BACKEND"] == task_outbox.OUTBOX_BACKEND:
            scheduler.add_job(
                drain_outbox,
                IntervalTrigger(seconds=OUTBOX_DRAIN_SECONDS),
                id="core.task_outbox",
                coalesce=True,
                max_instances=1,
            )
        self.stdout.write(f"scheduler: {len(jobs)} periodic jobs ({settings.TASKS['default']['BACKEND']})")
        self.stdout.flush()
        with contextlib.suppress(KeyboardInterrupt, SystemExit):
            scheduler.start()
