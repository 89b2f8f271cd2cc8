"""Registering a worker through the API: what is stored, and every refusal."""

from __future__ import annotations

import pytest
from django.db import connection

from naker.accounts.models import User, WorkerProfile
from naker.core import crypto
from naker.organizations import services as organization_services
from naker.organizations.models import JoinRequest, Membership
from tests.factories import make_org, make_worker, officer_of

pytestmark = pytest.mark.django_db

URL = "/api/v1/auth/register"


def payload(**overrides):
    data = {
        "full_name": "Siti  Aminah",
        "phone": "0812-3456-7890",
        "password": "Belajar-las-2026",
        "nik": "3275015708900003",
        "regency_code": "32.75",
        "consent": True,
    }
    data.update(overrides)
    return data


def errors_of(response):
    return {e["field"]: e["message"] for e in response.json()["errors"]}


def test_a_worker_registers_and_sees_birth_date_and_sex_read_from_the_nik(client):
    response = client.post(URL, payload(), content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["birth_date"] == "1990-08-17"
    assert body["sex"] == "female"
    assert body["phone"] == "+6281234567890"
    assert body["full_name"] == "Siti Aminah"
    assert body["nik_masked"] == "3275********0003"
    assert body["regency"] == {"code": "32.75", "name": "Kota Bekasi"}
    assert body["province"]["code"] == "32"


def test_the_nik_is_stored_encrypted_with_a_keyed_hash_and_never_in_clear(client):
    client.post(URL, payload(), content_type="application/json")
    profile = WorkerProfile.objects.get()
    assert "3275015708900003" not in profile.nik_encrypted
    assert crypto.decrypt(profile.nik_encrypted) == "3275015708900003"
    assert profile.nik_hash == crypto.keyed_hash("3275015708900003")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_workerprofile")
        assert "3275015708900003" not in repr(cursor.fetchall())


def test_consent_is_recorded_with_its_version_and_time(client, settings):
    client.post(URL, payload(), content_type="application/json")
    profile = WorkerProfile.objects.get()
    assert profile.consent_version == settings.NAKER_CONSENT_VERSION
    assert profile.consent_at is not None


def test_the_password_is_hashed_with_argon2_in_production_settings(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    client.post(URL, payload(), content_type="application/json")
    assert User.objects.get().password.startswith("argon2")


def test_a_second_registration_with_the_same_nik_is_refused_and_points_to_login(client):
    make_worker(regency_code="32.75", nik="3275015708900003")
    response = client.post(
        URL, payload(phone="081299998888"), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "already_registered"
    assert "log in" in response.json()["message"].lower()
    assert "reset" in errors_of(response)["nik"].lower()
    assert User.objects.count() == 1


def test_a_phone_number_already_registered_is_refused(client):
    make_worker(phone="+6281234567890")
    response = client.post(URL, payload(phone="6281234567890"), content_type="application/json")
    assert response.status_code == 409
    assert "phone" in errors_of(response)


def test_every_wrong_field_is_named_at_once(client):
    response = client.post(
        URL,
        payload(full_name="", phone="021-555", nik="12345", regency_code="99.99", consent=False, password="123"),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert set(errors_of(response)) == {"full_name", "phone", "nik", "regency_code", "consent", "password"}
    assert User.objects.count() == 0


def test_a_missing_field_is_named(client):
    data = payload()
    del data["nik"]
    response = client.post(URL, data, content_type="application/json")
    assert response.status_code == 422
    assert "nik" in errors_of(response)


def test_registering_with_a_union_needs_its_own_consent(client):
    make_org("ksbsi-dki")
    response = client.post(URL, payload(union_code="ksbsi-dki"), content_type="application/json")
    assert response.status_code == 422
    assert "union_consent" in errors_of(response)
    response = client.post(URL, payload(union_code="ksbsi-dki", union_consent=True), content_type="application/json")
    assert response.status_code == 201
    # A typed union is a request its officers approve (issue 9, step 4); approved, it keeps the consent.
    assert not Membership.objects.exists()
    request = JoinRequest.objects.get()
    organization_services.decide_join_request(
        actor=officer_of(request.organization), org_code="ksbsi-dki", request_id=request.pk, approve=True
    )
    membership = Membership.objects.get(role="member")
    assert membership.organization.code == "ksbsi-dki"
    assert membership.consent_at is not None
    assert membership.show_to_employers is False


def test_an_unknown_union_code_is_refused(client):
    response = client.post(URL, payload(union_code="tidak-ada", union_consent=True), content_type="application/json")
    assert response.status_code == 422
    assert "union_code" in errors_of(response)


def test_optional_fields_are_checked_against_their_choices(client):
    response = client.post(URL, payload(education="phd", employment_status="bored"), content_type="application/json")
    assert set(errors_of(response)) == {"education", "employment_status"}


def test_nik_check_reads_the_birth_date_without_saying_whether_it_is_registered(client):
    make_worker(regency_code="32.75", nik="3275015708900003")
    response = client.post("/api/v1/auth/nik-check", {"nik": "3275015708900003"}, content_type="application/json")
    assert response.json() == {"birth_date": "1990-08-17", "sex": "female"}
    bad = client.post("/api/v1/auth/nik-check", {"nik": "3275013208900003"}, content_type="application/json")
    assert bad.status_code == 422
    assert "nik" in errors_of(bad)


def test_a_missing_or_mistyped_field_is_explained_in_indonesian(client):
    data = payload(consent="maybe")
    del data["phone"]
    response = client.post(URL, data, content_type="application/json")
    errors = errors_of(response)
    assert errors["phone"] == "Isian ini wajib diisi."
    assert errors["consent"] == "Bentuk isian ini salah."
