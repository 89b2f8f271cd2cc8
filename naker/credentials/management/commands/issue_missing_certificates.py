"""manage.py issue_missing_certificates: certificates for completed courses that have none yet."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from naker.credentials import services


class Command(BaseCommand):
    help = "Issues the completion certificates missing for completed enrolments (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        issued = services.issue_missing_course_certificates()
        self.stdout.write(f"{len(issued)} certificates issued.")
