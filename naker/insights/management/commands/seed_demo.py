"""manage.py seed_demo [--workers N]: demo data for every app: organisations, one account per role,
N workers, courses of every theme with classes, and some learning progress.

It lives in insights, the top app, because it calls every app's demo module."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand
from tqdm import tqdm

from naker.accounts import demo
from naker.core import planner
from naker.credentials import demo as credentials_demo
from naker.credentials.certification import demo as certification_demo
from naker.insights import demo as insights_demo
from naker.jobs import demo as jobs_demo
from naker.jobs.matching import demo as matching_demo
from naker.learning import demo as learning_demo
from naker.organizations import demo as organizations_demo
from naker.outreach import demo as outreach_demo


class Command(BaseCommand):
    help = "Creates the demo data (idempotent). --workers N tops the seeded workers up to N (bulk inserts)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--workers", type=int, default=300, help="seeded workers in total (default 300)")
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        orgs = organizations_demo.ensure_organizations()
        accounts = demo.ensure_demo_accounts()
        organizations_demo.ensure_demo_roles(orgs, accounts)
        total = options["workers"]
        existing = demo.User.objects.filter(phone__startswith=demo.SEEDED_PHONE_PREFIX).count()
        with tqdm(
            total=max(total - existing, 0), unit="workers", disable=options["no_progress"], desc="workers"
        ) as bar:
            created = demo.seed_workers(
                total,
                batch_size=options["batch_size"],
                progress=bar.update,
                after_batch=organizations_demo.seeded_union_memberships(),
            )
        admin = demo.User.objects.get(email="admin@demo.naker.id")
        courses = learning_demo.ensure_courses(author=admin, admin=admin)
        if not learning_demo.Enrolment.objects.exists():
            learners = [demo.User.objects.get(email="pekerja@demo.naker.id")]
            learners += list(demo.User.objects.filter(phone__startswith=demo.SEEDED_PHONE_PREFIX).order_by("pk")[:40])
            learning_demo.ensure_progress(workers=learners, courses=courses)
        credentials_demo.seed_credentials()
        jobs_demo.ensure_jobs(admin=admin)
        certification_demo.seed_certification()
        matching_demo.ensure_matching()  # after the certificates: their units are verified skills
        outreach_demo.ensure_outreach(admin=admin, union_officer=demo.User.objects.get(email="serikat@demo.naker.id"))
        insights_demo.ensure_insights(admin=admin, chamber_officer=demo.User.objects.get(email="kadin@demo.naker.id"))
        planner.refresh_statistics()  # after a bulk load, the planner's statistics are stale
        self.stdout.write(
            f"Seeded {created} new workers ({max(existing, total)} in total) in {time.monotonic() - started:.1f} s."
        )
        self.stdout.write("Demo logins (password naker-demo):")
        for line in organizations_demo.iter_demo_logins(list(accounts)):
            self.stdout.write(line)
