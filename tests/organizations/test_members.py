"""Who sees which people: an organisation's officers see it and everything below it; a chamber's
officers see the workers of its region; nobody else."""

from __future__ import annotations

import pytest

from naker.organizations.models import Organization
from tests.factories import add_member, make_org, make_worker, officer_of

pytestmark = pytest.mark.django_db
CHAMBER = Organization.Kind.CHAMBER


@pytest.fixture
def tree():
    ksbsi = make_org("ksbsi")
    dki = make_org("ksbsi-dki", parent=ksbsi)
    jabar = make_org("ksbsi-jabar", parent=ksbsi)
    kadin = make_org("kadin", kind=CHAMBER, level=Organization.Level.NATIONAL)
    kadin_dki = make_org("kadin-dki", kind=CHAMBER, parent=kadin, level=Organization.Level.PROVINCE, province_id="31")
    kadin_bekasi = make_org(
        "kadin-kota-bekasi",
        kind=CHAMBER,
        parent=kadin,
        level=Organization.Level.REGENCY,
        province_id="32",
        regency_id="32.75",
    )
    jakarta_worker = make_worker(regency_code="31.71")
    bekasi_worker = make_worker(regency_code="32.75")
    bogor_worker = make_worker(regency_code="32.01")
    add_member(jakarta_worker, dki)
    add_member(bekasi_worker, jabar)
    add_member(bogor_worker, jabar)
    return {
        "orgs": {o.code: o for o in [ksbsi, dki, jabar, kadin, kadin_dki, kadin_bekasi]},
        "jakarta": jakarta_worker,
        "bekasi": bekasi_worker,
        "bogor": bogor_worker,
    }


def ids(client, headers, code):
    response = client.get(f"/api/v1/orgs/{code}/members", **headers)
    assert response.status_code == 200, response.content
    return {p["id"] for p in response.json()["items"]}


def test_a_branch_officer_sees_the_branch_members_only(client, token_for, tree):
    officer = officer_of(tree["orgs"]["ksbsi-dki"])  # officers are people of the branch too
    headers = token_for(officer)
    assert ids(client, headers, "ksbsi-dki") == {tree["jakarta"].pk, officer.pk}
    assert client.get("/api/v1/orgs/ksbsi-jabar/members", **headers).status_code == 403
    assert client.get("/api/v1/orgs/ksbsi/members", **headers).status_code == 403


def test_a_confederation_officer_sees_every_branch_below(client, token_for, tree):
    officer = officer_of(tree["orgs"]["ksbsi"])
    headers = token_for(officer)
    assert ids(client, headers, "ksbsi") == {tree["jakarta"].pk, tree["bekasi"].pk, tree["bogor"].pk, officer.pk}
    assert ids(client, headers, "ksbsi-jabar") == {tree["bekasi"].pk, tree["bogor"].pk}


def test_a_provincial_chamber_officer_sees_the_workers_of_the_province(client, token_for, tree):
    headers = token_for(officer_of(tree["orgs"]["kadin-dki"]))
    assert ids(client, headers, "kadin-dki") == {tree["jakarta"].pk}


def test_a_city_chamber_officer_sees_the_workers_of_the_city(client, token_for, tree):
    headers = token_for(officer_of(tree["orgs"]["kadin-kota-bekasi"]))
    assert ids(client, headers, "kadin-kota-bekasi") == {tree["bekasi"].pk}
    assert client.get("/api/v1/orgs/kadin-dki/members", **headers).status_code == 403


def test_kadin_indonesia_sees_every_worker(client, token_for, tree):
    headers = token_for(officer_of(tree["orgs"]["kadin"]))
    assert ids(client, headers, "kadin") == {tree["jakarta"].pk, tree["bekasi"].pk, tree["bogor"].pk}
    assert ids(client, headers, "kadin-kota-bekasi") == {tree["bekasi"].pk}


def test_a_member_is_not_an_officer(client, token_for, tree):
    assert client.get("/api/v1/orgs/ksbsi-dki/members", **token_for(tree["jakarta"])).status_code == 403


def test_an_unknown_organisation_is_404(client, token_for, tree):
    response = client.get("/api/v1/orgs/tidak-ada/members", **token_for(officer_of(tree["orgs"]["ksbsi"])))
    assert response.status_code == 404
    assert response.json()["code"] == "organization_not_found"


def test_the_list_is_paginated_by_50_and_masks_nik_and_phone(client, token_for, tree):
    union = tree["orgs"]["ksbsi-dki"]
    for _ in range(55):
        add_member(make_worker(), union)
    headers = token_for(officer_of(union))
    first = client.get("/api/v1/orgs/ksbsi-dki/members", **headers).json()
    second = client.get("/api/v1/orgs/ksbsi-dki/members?page=2", **headers).json()
    assert (first["count"], first["pages"], len(first["items"]), len(second["items"])) == (57, 2, 50, 7)
    # the officer is a member too (officer role), so 56 workers + 1 officer
    row = next(r for r in first["items"] if r["nik_masked"])
    assert "*" in row["nik_masked"] and "*" in row["phone_masked"]


def test_the_member_list_costs_the_same_queries_for_5_or_50_rows(
    client, token_for, tree, django_assert_max_num_queries
):
    union = tree["orgs"]["ksbsi-dki"]
    for _ in range(50):
        add_member(make_worker(), union)
    headers = token_for(officer_of(union))
    # a first request: 8, and the aggregates' last refresh and figure for the union (then cached)
    with django_assert_max_num_queries(10):
        assert client.get("/api/v1/orgs/ksbsi-dki/members", **headers).status_code == 200


def test_viewing_a_whole_nik_is_audited(client, token_for, tree):
    from naker.core.models import AuditEvent

    officer = officer_of(tree["orgs"]["ksbsi"])
    worker = tree["bekasi"]
    response = client.get(f"/api/v1/orgs/ksbsi-jabar/members/{worker.pk}/nik?reason=member+asked", **token_for(officer))
    assert response.status_code == 200
    assert len(response.json()["nik"]) == 16
    event = AuditEvent.objects.get(action="nik_viewed")
    assert (event.actor, event.subject, event.organization_code) == (officer, worker, "ksbsi-jabar")


def test_a_nik_outside_the_scope_is_not_revealed(client, token_for, tree):
    officer = officer_of(tree["orgs"]["ksbsi-dki"])
    response = client.get(
        f"/api/v1/orgs/ksbsi-dki/members/{tree['bekasi'].pk}/nik?reason=member+asked", **token_for(officer)
    )
    assert response.status_code == 404
