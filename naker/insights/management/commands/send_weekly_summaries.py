"""manage.py send_weekly_summaries: the weekly email to each officer for their scope (run weekly from cron)."""

from typing import Any

from django.core.management.base import BaseCommand

from naker.insights import services


class Command(BaseCommand):
    help = "Emails each union and chamber officer a summary of the last week in their scope."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = services.send_weekly_summaries()
        self.stdout.write(f"{sent} summaries sent.")
