"""Bearer tokens are resolved once and then answered from the cache (issue 13, item 4), and every
way a token stops working still stops it on the very next call."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from naker.accounts import services
from tests.conftest import bearer
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/auth/token"


def token_of(client, user):
    response = client.post(URL, {"login": user.phone, "password": PASSWORD}, content_type="application/json")
    return response.json()["token"]


def me_queries(client, token):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/me", **bearer(token))
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries]


def test_a_known_token_costs_no_token_query_on_the_next_call(client):
    token = token_of(client, UserFactory())
    first = me_queries(client, token)
    assert any("accounts_apitoken" in sql for sql in first)
    again = me_queries(client, token)
    assert not any("accounts_apitoken" in sql for sql in again)
    assert len(again) <= 2  # the profile with its places, and its memberships


def test_a_revoked_token_stops_at_once_although_it_was_cached(client):
    token = token_of(client, UserFactory())
    me_queries(client, token)
    assert client.delete(URL, **bearer(token)).status_code == 204
    assert client.get("/api/v1/me", **bearer(token)).status_code == 401


def test_a_password_change_stops_every_cached_token(client):
    user = UserFactory()
    token = token_of(client, user)
    me_queries(client, token)
    services.change_password(user=user, old_password=PASSWORD, new_password="Sandi-baru-2026!")
    assert client.get("/api/v1/me", **bearer(token)).status_code == 401


def test_a_deactivated_account_stops_its_cached_token(client):
    user = UserFactory()
    token = token_of(client, user)
    me_queries(client, token)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client.get("/api/v1/me", **bearer(token)).status_code == 401


def test_a_demoted_admin_is_no_admin_on_the_next_call(client):
    user = UserFactory(is_staff=True)
    token = token_of(client, user)
    assert client.get("/api/v1/me", **bearer(token)).json()["is_platform_admin"] is True
    user.is_staff = False
    user.save(update_fields=["is_staff"])
    assert client.get("/api/v1/me", **bearer(token)).json()["is_platform_admin"] is False
