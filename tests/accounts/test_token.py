"""Logging in through the API: tokens stored hashed, revocable; throttling per account."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from naker.accounts.models import ApiToken
from tests.conftest import bearer
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/auth/token"


def login(client, login, password=PASSWORD, ip="10.0.0.1"):
    return client.post(URL, {"login": login, "password": password}, content_type="application/json", REMOTE_ADDR=ip)


@pytest.mark.parametrize("typed", ["0812-1111-2222", "+6281211112222", "6281211112222", "81211112222"])
def test_login_by_phone_in_any_common_form(client, typed):
    UserFactory(phone="+6281211112222")
    response = login(client, typed)
    assert response.status_code == 200, response.content
    assert response.json()["token"].startswith("nk_")


def test_login_by_email_ignores_case(client):
    UserFactory(email="siti@contoh.id")
    assert login(client, "Siti@Contoh.ID").status_code == 200


def test_the_token_opens_me_and_only_its_hash_is_stored(client):
    user = UserFactory()
    token = login(client, user.phone).json()["token"]
    assert not ApiToken.objects.filter(key_hash=token).exists()
    assert client.get("/api/v1/me", **bearer(token)).json()["id"] == user.pk


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(client):
    user = UserFactory()
    response = login(client, user.phone, "salah-sekali")
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"
    assert login(client, "+6281299990000", "salah").json()["message"] == response.json()["message"]


def test_a_revoked_token_no_longer_works(client):
    user = UserFactory()
    token = login(client, user.phone).json()["token"]
    assert client.delete(URL, **bearer(token)).status_code == 204
    assert client.get("/api/v1/me", **bearer(token)).status_code == 401


def test_an_expired_token_no_longer_works(client):
    user = UserFactory()
    token = login(client, user.phone).json()["token"]
    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get("/api/v1/me", **bearer(token)).status_code == 401


def test_an_account_is_throttled_after_5_failures_even_from_many_addresses(client, settings):
    user = UserFactory()
    for i in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, user.phone, "salah", ip=f"10.0.0.{i + 1}").status_code == 401
    assert login(client, user.phone, "salah", ip="10.0.0.8").status_code == 429  # the 5th failure locks
    locked = login(client, user.phone, PASSWORD, ip="10.0.9.9")
    assert locked.status_code == 429
    assert locked.json()["code"] == "locked_out"


def test_other_workers_behind_the_same_address_are_not_throttled(client, settings):
    # Many workers share one carrier-grade NAT address or an event's Wi-Fi.
    victim, neighbour = UserFactory(), UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, victim.phone, "salah", ip="10.1.1.1")
    assert login(client, neighbour.phone, ip="10.1.1.1").status_code == 200


def test_the_same_account_typed_differently_counts_as_one(client, settings):
    UserFactory(phone="+6281233334444")
    for typed in ["081233334444", "+6281233334444", "6281233334444", "81233334444", "0812-3333-4444"]:
        login(client, typed, "salah")
    assert login(client, "081233334444").status_code == 429
