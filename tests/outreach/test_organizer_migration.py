"""Events' organisers become links with an `accepted` flag; the links already there stay accepted
(SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("outreach", "0004_refused_row_person_hashes")]
AFTER = [("outreach", "0005_event_organizers_accept_to_be_named")]


@pytest.mark.django_db(transaction=True)
def test_existing_organisers_stay_accepted_and_back():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate(BEFORE)
        old_apps = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        organization = old_apps.get_model("organizations", "Organization").objects.create(
            code="ksbsi-mig", name="KSBSI Migrasi", kind="union", level="single"
        )
        event = old_apps.get_model("outreach", "SocialisationEvent").objects.create(
            title="Sosialisasi lama", starts_at=timezone.now(), venue="Aula", regency_id="32.75"
        )
        event.organizers.add(organization)

        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new_apps = MigrationExecutor(connection).loader.project_state(AFTER).apps
        link = new_apps.get_model("outreach", "EventOrganizer").objects.get(socialisationevent_id=event.pk)
        assert (link.organization_id, link.accepted) == (organization.pk, True)

        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        OldEvent = (
            MigrationExecutor(connection).loader.project_state(BEFORE).apps.get_model("outreach", "SocialisationEvent")
        )
        assert list(OldEvent.objects.get(pk=event.pk).organizers.values_list("code", flat=True)) == ["ksbsi-mig"]
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
