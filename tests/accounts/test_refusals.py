"""Each refusal of the accounts app answers with its own stable code (naker/accounts/errors.py)."""

from __future__ import annotations

import pytest
from django.db import transaction

from naker.accounts import errors
from naker.accounts.events import WorkerRegistered
from naker.accounts.models import User, WorkerProfile
from naker.accounts.services import Registration, check_registration
from naker.core import events
from naker.organizations.models import JoinRequest, Membership
from tests.factories import PASSWORD, UserFactory, make_org, make_worker

pytestmark = pytest.mark.django_db
REGISTER = "/api/v1/auth/register"


def payload(**overrides):
    data = {
        "full_name": "Siti Aminah",
        "phone": "0812-3456-7890",
        "password": "Belajar-las-2026",
        "nik": "3275015708900003",
        "regency_code": "32.75",
        "consent": True,
    }
    data.update(overrides)
    return data


def code_of(response):
    return response.status_code, response.json()["code"]


def test_registration_invalid(client):
    assert code_of(client.post(REGISTER, payload(consent=False), content_type="application/json")) == (
        422,
        "registration_invalid",
    )


def test_nik_taken(client):
    make_worker(nik="3275015708900003", regency_code="32.75")
    assert code_of(client.post(REGISTER, payload(), content_type="application/json")) == (409, "already_registered")


def test_phone_taken(client):
    UserFactory(phone="+6281234567890")
    response = client.post(REGISTER, payload(), content_type="application/json")
    assert code_of(response) == (409, "already_registered")
    assert response.json()["errors"][0]["field"] == "phone"


def test_email_taken(client):
    UserFactory(email="siti@contoh.id")
    response = client.post(REGISTER, payload(email="Siti@Contoh.id"), content_type="application/json")
    assert code_of(response) == (409, "email_taken")
    assert response.json()["errors"][0]["field"] == "email"


def test_invalid_credentials(client):
    make_worker(phone="+6281355556666")
    response = client.post(
        "/api/v1/auth/token", {"login": "081355556666", "password": "wrong-one"}, content_type="application/json"
    )
    assert code_of(response) == (401, "invalid_credentials")


def test_locked_out(client):
    make_worker(phone="+6281355556666")
    for _ in range(5):
        client.post("/api/v1/auth/token", {"login": "081355556666", "password": "x"}, content_type="application/json")
    response = client.post(
        "/api/v1/auth/token", {"login": "081355556666", "password": PASSWORD}, content_type="application/json"
    )
    assert code_of(response) == (429, "locked_out")


def test_invalid_reset_code(client):
    make_worker(phone="+6281355556666")
    response = client.post(
        "/api/v1/auth/reset-with-code",
        {"login": "081355556666", "code": "000000", "new_password": "Baru-sekali-2026"},
        content_type="application/json",
    )
    assert code_of(response) == (422, "invalid_reset_code")


def test_wrong_password(client, token_for):
    worker = make_worker()
    response = client.delete(
        "/api/v1/me", {"password": "not-mine"}, content_type="application/json", **token_for(worker)
    )
    assert code_of(response) == (422, "wrong_password")
    assert response.json()["errors"][0]["field"] == "password"


def test_an_unknown_union_refuses_the_registration_naming_the_union_field(client):
    response = client.post(
        REGISTER, payload(union_code="tidak-ada", union_consent=True), content_type="application/json"
    )
    assert code_of(response) == (422, "registration_invalid")
    assert "union_code" in {e["field"] for e in response.json()["errors"]}
    assert not User.objects.exists()


def test_a_union_gone_by_the_time_the_account_is_written_undoes_the_whole_registration():
    # The organizations app refuses inside the registration's transaction: nothing is half-written.
    user = make_worker()
    with pytest.raises(errors.DomainError) as refused, transaction.atomic():
        events.publish(WorkerRegistered(user=user, consent_at=user.date_joined, union_code="tidak-ada"))
    assert refused.value.code == "not_a_union"
    assert "union_code" in refused.value.field_errors


def test_a_known_union_is_asked_to_approve_through_the_event(client):
    union = make_org("ksbsi-jabar")
    response = client.post(
        REGISTER, payload(union_code="ksbsi-jabar", union_consent=True), content_type="application/json"
    )
    assert response.status_code == 201
    user = User.objects.get()
    assert JoinRequest.objects.get(user=user, status="pending").organization == union
    assert not Membership.objects.filter(user=user).exists()  # a member once an officer approves
    assert WorkerProfile.objects.filter(user=user).exists()


def test_an_email_longer_than_the_column_is_refused_naming_the_field_not_a_crash():
    long_email = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".id"  # 313 characters, well-formed
    data = Registration(**{**payload(email=long_email), "phone": "081234567890"})
    with pytest.raises(errors.RegistrationInvalid) as refused:
        check_registration(data)
    assert refused.value.code == "registration_invalid"
    assert "email" in refused.value.field_errors
