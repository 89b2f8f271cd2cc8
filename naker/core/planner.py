"""Planner statistics after a bulk load (docs/decisions/0013-fast-pages.md).

PostgreSQL and SQLite choose their plans from table statistics. After a bulk load (seed_demo at
scale, a large member import) the statistics describe the tables as they were, and a member list
can pick a plan that reads every worker (the issue measured 442x the floor before ANALYZE, 72-85x
after). Autovacuum would catch up in time; the loading commands do it at once.
"""

from __future__ import annotations

from django.db import connection


def refresh_statistics() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # ANALYZE fills sqlite_stat1, which SQLite's planner reads for its index choices.
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
