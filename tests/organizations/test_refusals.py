"""Each refusal of the organizations app answers with its own stable code (naker/organizations/errors.py),
and the officer pages show the same refusal in the site's layout, with the same status."""

from __future__ import annotations

import pytest
from django.utils import timezone

from naker.organizations import errors, services
from naker.organizations.models import Organization
from tests.factories import UserFactory, add_member, make_org, make_worker, officer_of

pytestmark = pytest.mark.django_db


def code_of(response):
    return response.status_code, response.json()["code"]


def test_organization_not_found(client, token_for):
    officer = officer_of(make_org("ksbsi-dki"))
    assert code_of(client.get("/api/v1/orgs/tidak-ada", **token_for(officer))) == (404, "organization_not_found")


def test_outside_scope_on_the_api_and_the_page(client, token_for):
    make_org("ksbsi-dki")
    stranger = officer_of(make_org("kspsi"))
    assert code_of(client.get("/api/v1/orgs/ksbsi-dki/members", **token_for(stranger))) == (403, "outside_scope")
    client.force_login(stranger)
    page = client.get("/organisasi/ksbsi-dki/")
    assert page.status_code == 403
    assert "<html" in page.content.decode()  # the site's error page, not a bare line


def test_not_a_union():
    company = make_org("pt-maju", kind=Organization.Kind.COMPANY, level=Organization.Level.SINGLE)
    with pytest.raises(errors.NotAUnion) as refused:
        services.join_union(user=make_worker(), union=company, consent_at=timezone.now())
    assert refused.value.code == "not_a_union"


def test_person_not_found(client, token_for):
    union = make_org("ksbsi-dki")
    outsider = make_worker()
    response = client.post(f"/api/v1/orgs/ksbsi-dki/members/{outsider.pk}/reset-code", **token_for(officer_of(union)))
    assert code_of(response) == (404, "person_not_found")


def test_last_officer(client, token_for):
    union = make_org("ksbsi-dki")
    officer = officer_of(union, role="admin")
    response = client.delete(f"/api/v1/orgs/ksbsi-dki/officers/{officer.pk}", **token_for(officer))
    assert code_of(response) == (409, "last_officer")


def test_invalid_role_on_the_api_and_on_the_form(client, token_for):
    union = make_org("ksbsi-dki")
    officer = officer_of(union)
    UserFactory(phone="+6281277778888")
    response = client.post(
        "/api/v1/orgs/ksbsi-dki/officers",
        {"login": "081277778888", "role": "member"},
        content_type="application/json",
        **token_for(officer),
    )
    assert code_of(response) == (422, "invalid_role")


def test_an_unknown_login_on_the_officers_form_is_shown_on_its_field(client):
    officer = officer_of(make_org("ksbsi-dki"))
    client.force_login(officer)
    response = client.post("/organisasi/ksbsi-dki/pengurus/", {"login": "081200000000", "role": "officer"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tidak ada yang terdaftar dengan nomor HP atau email ini." in html
    assert 'value="081200000000"' in html  # what was typed stays


def test_not_their_organization(client, token_for):
    kadin = make_org("kadin", kind=Organization.Kind.CHAMBER, level=Organization.Level.NATIONAL)
    worker = make_worker()
    add_member(worker, make_org("ksbsi"))  # a union member asks their union, not the chamber
    response = client.post(f"/api/v1/orgs/kadin/members/{worker.pk}/reset-code", **token_for(officer_of(kadin)))
    assert code_of(response) == (403, "not_their_organization")


def test_not_a_worker(client, token_for):
    union = make_org("ksbsi-dki")
    fellow = officer_of(union)
    response = client.post(f"/api/v1/orgs/ksbsi-dki/members/{fellow.pk}/reset-code", **token_for(officer_of(union)))
    assert code_of(response) == (403, "not_a_worker")


def test_reason_required(client, token_for):
    union = make_org("ksbsi-dki")
    worker = make_worker()
    add_member(worker, union)
    response = client.get(f"/api/v1/orgs/ksbsi-dki/members/{worker.pk}/nik", **token_for(officer_of(union)))
    assert code_of(response) == (422, "reason_required")
