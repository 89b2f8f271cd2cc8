"""Issue 9, small things on the dashboards and targets: an unknown education or work status shows a
word, not "?"; the area heading is in Indonesian; refusing a target's scope speaks of targets."""

from __future__ import annotations

import pytest

from naker.accounts.models import WorkerProfile
from naker.insights import services
from naker.organizations.models import Organization
from tests.factories import make_org, make_worker, officer_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def jabar(db):
    chamber = make_org(
        "kadin-jabar", kind=Organization.Kind.CHAMBER, level=Organization.Level.PROVINCE, province_id="32"
    )
    for _ in range(10):  # 10: a chamber's counts are rounded to base 5, and 10 stays 10
        make_worker(regency_code="32.75")
    WorkerProfile.objects.update(education="", employment_status="")
    services.refresh_aggregates()
    return chamber


def test_an_unknown_education_or_work_status_shows_a_word_not_a_question_mark(client, jabar):
    client.force_login(officer_of(jabar))
    html = client.get("/dasbor/").content.decode()
    assert "<td>?</td>" not in html
    assert "<td>Tidak diisi</td><td>10</td>" in html
    assert "<h2>Kota atau kabupaten</h2>" in html
    assert "City (kota) or regency (kabupaten)" not in html


def test_refusing_a_targets_scope_speaks_of_targets_not_the_dashboard(client, jabar):
    client.force_login(officer_of(jabar))
    answer = client.post(
        "/target/",
        {
            "name": "Banten",
            "scope": "province",
            "scope_code": "36",
            "metric": "registered",
            "goal": "100",
            "start_date": "2026-11-01",
            "due_date": "2027-05-01",
        },
    )
    html = answer.content.decode()
    assert "Dasbor ini" not in html
    assert "Anda hanya boleh membuat target untuk wilayah atau organisasi Anda sendiri" in html
