"""Moving AdoptionTarget from outreach to insights keeps the table's rows (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("outreach", "0002_targets_referrals_events"), ("insights", "0001_daily_counts_breakdowns")]
AFTER = [("outreach", "0003_adoption_target_to_insights"), ("insights", "0002_adoption_target_from_outreach")]


@pytest.mark.django_db(transaction=True)
def test_the_targets_move_to_insights_with_their_rows_and_back():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate(BEFORE)
        old_apps = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        OldTarget = old_apps.get_model("outreach", "AdoptionTarget")
        kept = OldTarget.objects.create(
            name="5.000 pekerja",
            scope="nation",
            metric="registered",
            goal=5000,
            start_date=datetime.date(2026, 1, 1),
            due_date=datetime.date(2026, 8, 31),
        )

        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new_apps = MigrationExecutor(connection).loader.project_state(AFTER).apps
        NewTarget = new_apps.get_model("insights", "AdoptionTarget")
        moved = NewTarget.objects.get(pk=kept.pk)
        assert (moved.name, moved.goal) == ("5.000 pekerja", 5000)
        assert NewTarget._meta.db_table == "insights_adoptiontarget"
        assert "outreach_adoptiontarget" not in connection.introspection.table_names()
        assert (
            NewTarget.objects.create(
                name="next",
                scope="nation",
                metric="registered",
                goal=1,
                start_date=moved.start_date,
                due_date=moved.due_date,
            ).pk
            > kept.pk
        )  # the id sequence came along

        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)  # and back: the rows return to outreach's table
        OldTarget = (
            MigrationExecutor(connection).loader.project_state(BEFORE).apps.get_model("outreach", "AdoptionTarget")
        )
        assert OldTarget.objects.filter(name="5.000 pekerja").exists()
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
