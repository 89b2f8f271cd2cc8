"""Officers manage their own organisation's officers."""

from __future__ import annotations

import pytest

from naker.core.models import AuditEvent
from naker.organizations.models import Membership
from tests.factories import UserFactory, make_org, officer_of

pytestmark = pytest.mark.django_db


def add(client, headers, login, role="officer", org="ksbsi-dki"):
    return client.post(
        f"/api/v1/orgs/{org}/officers", {"login": login, "role": role}, content_type="application/json", **headers
    )


def test_an_officer_adds_another_officer_by_phone(client, token_for):
    union = make_org("ksbsi-dki")
    officer = officer_of(union)
    newcomer = UserFactory(phone="+6281277778888")
    response = add(client, token_for(officer), "0812-7777-8888")
    assert response.status_code == 201
    assert Membership.objects.get(user=newcomer, organization=union).role == "officer"
    assert AuditEvent.objects.filter(action="officer_added", subject=newcomer).exists()
    listed = client.get("/api/v1/orgs/ksbsi-dki/officers", **token_for(officer)).json()
    assert {o["user_id"] for o in listed} == {officer.pk, newcomer.pk}


def test_an_unknown_person_is_named_as_the_problem(client, token_for):
    officer = officer_of(make_org("ksbsi-dki"))
    response = add(client, token_for(officer), "081200000000")
    assert response.status_code == 404
    assert response.json()["errors"][0]["field"] == "login"


def test_only_an_administrator_adds_administrators(client, token_for):
    union = make_org("ksbsi-dki")
    officer = officer_of(union)
    UserFactory(phone="+6281277778888")
    assert add(client, token_for(officer), "081277778888", role="admin").status_code == 403
    admin = officer_of(union, role="admin")
    assert add(client, token_for(admin), "081277778888", role="admin").status_code == 201


def test_an_officer_of_another_organisation_cannot_add_officers(client, token_for):
    make_org("ksbsi-dki")
    stranger = officer_of(make_org("kspsi"))
    UserFactory(phone="+6281277778888")
    assert add(client, token_for(stranger), "081277778888").status_code == 403


def test_removing_an_officer_keeps_them_a_member(client, token_for):
    union = make_org("ksbsi-dki")
    officer, other = officer_of(union), officer_of(union)
    response = client.delete(f"/api/v1/orgs/ksbsi-dki/officers/{other.pk}", **token_for(officer))
    assert response.status_code == 204
    assert Membership.objects.get(user=other, organization=union).role == "member"


def test_the_last_officer_cannot_be_removed(client, token_for):
    union = make_org("ksbsi-dki")
    officer = officer_of(union)
    response = client.delete(f"/api/v1/orgs/ksbsi-dki/officers/{officer.pk}", **token_for(officer))
    assert response.status_code == 409
    assert Membership.objects.get(user=officer).role == "officer"
