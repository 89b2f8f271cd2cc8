"""Issue 8 item 7: registration does not tell a stranger whether a NIK is registered, and is throttled."""

from __future__ import annotations

import pytest

from naker.accounts import services
from naker.accounts.models import User
from tests.factories import UserFactory, make_worker

pytestmark = pytest.mark.django_db

URL = "/api/v1/auth/register"


def payload(**changes):
    data = {
        "full_name": "Siti Rahayu",
        "phone": "081234567890",
        "password": "Belajar-las-2026",
        "nik": "3275015708900003",
        "regency_code": "32.75",
        "consent": True,
    }
    return {**data, **changes}


def register(client, ip="10.0.0.1", **changes):
    return client.post(URL, payload(**changes), content_type="application/json", REMOTE_ADDR=ip)


def test_a_taken_nik_and_a_taken_number_get_the_same_answer(client):
    make_worker(nik="3275015708900003", regency_code="32.75", phone="+6281200001111")
    UserFactory(phone="+6281234567890")
    nik_taken = register(client, phone="081299998888")
    phone_taken = register(client, nik="3275016708900002")
    assert nik_taken.status_code == phone_taken.status_code == 409
    assert nik_taken.json() == phone_taken.json()
    assert nik_taken.json()["code"] == "already_registered"
    assert {e["field"] for e in nik_taken.json()["errors"]} == {"nik", "phone"}


def test_registration_is_throttled_per_number(client):
    make_worker(nik="3275015708900003", regency_code="32.75", phone="+6281200001111")
    for i in range(services.REGISTRATIONS_PER_PHONE):
        assert register(client, ip=f"10.0.1.{i + 1}", phone="081299998888").status_code == 409
    refused = register(client, ip="10.0.2.1", phone="0812-9999-8888")
    assert refused.status_code == 429
    assert refused.json()["code"] == "too_many_registrations"


def test_registration_is_throttled_per_address(client):
    make_worker(nik="3275015708900003", regency_code="32.75", phone="+6281200001111")
    for i in range(services.REGISTRATIONS_PER_ADDRESS):
        register(client, ip="10.0.3.3", phone=f"0812{i:08d}")
    assert register(client, ip="10.0.3.3", phone="081377776666").status_code == 429
    assert register(client, ip="10.0.3.4", phone="081377776666").status_code == 409  # another address
    assert User.objects.count() == 1
