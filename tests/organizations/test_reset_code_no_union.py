"""Issue 9 step 11: a worker with no email and no union has someone to ask for a reset code."""

from __future__ import annotations

import pytest

from naker.organizations.models import Organization
from tests.factories import add_member, make_org, make_worker, officer_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def chamber():
    return make_org("kadin-dki", kind=Organization.Kind.CHAMBER, level=Organization.Level.PROVINCE, province_id="31")


def test_the_chamber_of_the_region_hands_a_code_to_a_worker_with_no_union(client, token_for, chamber):
    worker = make_worker(regency_code="31.71", email=None)
    response = client.post(f"/api/v1/orgs/kadin-dki/members/{worker.pk}/reset-code", **token_for(officer_of(chamber)))
    assert response.status_code == 201
    assert len(response.json()["code"]) == 6


def test_the_chamber_leaves_union_members_to_their_union(client, token_for, chamber):
    worker = make_worker(regency_code="31.71", email=None)
    add_member(worker, make_org("ksbsi-dki"))
    response = client.post(f"/api/v1/orgs/kadin-dki/members/{worker.pk}/reset-code", **token_for(officer_of(chamber)))
    assert response.status_code == 403


def test_the_reset_page_says_whom_to_ask_without_a_union(client):
    html = client.get("/akun/kode-reset/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "kantor Kadin provinsi Anda" in html
