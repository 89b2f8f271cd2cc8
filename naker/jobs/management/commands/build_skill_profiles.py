"""manage.py build_skill_profiles: workers' skill evidence from what is already there (completed
courses, valid competency certificates), for completions made before matching existed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from naker.jobs.matching import services


class Command(BaseCommand):
    help = "Builds workers' skill profiles from completed courses and competency certificates (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", type=int, default=None, help="only this person's (user id)")

    def handle(self, *args: Any, **options: Any) -> None:
        done = services.build_skill_profiles(user_id=options["user"])
        self.stdout.write(
            f"{done['courses']} completed courses and {done['certificates']} competency certificates read."
        )
