"""A worker who erases their account disappears from every list; placements keep their counts
without them; their applications are in their personal data export."""

from __future__ import annotations

import pytest

from naker.accounts import services as account_services
from naker.jobs import services
from naker.jobs.models import Application, Placement

pytestmark = pytest.mark.django_db


def test_an_erased_worker_disappears_and_the_placement_stays(client, token_for, staff, worker, published):
    application = services.apply(worker=worker, opportunity=published)
    services.move_application(actor=staff, application_id=application.pk, stage="hired")
    name = worker.full_name
    exported = client.get("/api/v1/me/export", **token_for(worker)).json()
    assert exported["jobs"]["applications"][0]["opportunity"] == "Juru Las SMAW"
    assert exported["jobs"]["placements"][0]["employer"] == published.employer.name
    account_services.erase_account(user=worker, password="naker-demo")
    assert not Application.objects.exists()
    placement = Placement.objects.get()
    assert placement.worker is None and placement.regency_id == "32.75"
    headers = token_for(staff)
    assert client.get(f"/api/v1/opportunities/{published.pk}/applications", **headers).json() == []
    page = client.get(f"/pemberi-kerja/{published.employer.code}/", **headers).content.decode()
    assert name not in page
    assert client.get(f"/api/v1/employers/{published.employer.code}/dashboard", **headers).json()["hires"] == 1
