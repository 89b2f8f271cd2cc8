"""manage.py refresh_insights: adds what happened since the last refresh to the dashboards' aggregates."""

from typing import Any

from django.core.management.base import BaseCommand

from naker.insights import services


class Command(BaseCommand):
    help = "Refreshes the daily aggregates (incremental; dashboards also do it when they are stale)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(str(services.refresh_aggregates()))
