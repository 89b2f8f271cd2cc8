"""manage.py purge_expired_imports: deletes member imports older than NAKER_IMPORT_RETENTION_DAYS
(default 30) with their files (the refused rows' file names people and their NIKs).

Run it daily. Which scheduler runs it (cron, a periodic task runner) is decided in the operations
issue; the task `purge_expired_imports_task` does the same for a task scheduler."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from naker.outreach.member_import import services


class Command(BaseCommand):
    help = "Deletes member imports (and their files) older than NAKER_IMPORT_RETENTION_DAYS."

    def handle(self, *args: Any, **options: Any) -> None:
        count = services.purge_expired_imports()
        self.stdout.write(f"{count} expired imports deleted.")
