"""Sessions are read from the cache (naker.core.sessions; issue 13, item 4): a page costs no session
query, and logging out or changing the password still ends a session at once."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from naker.accounts import services
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def session_queries(client, url="/akun/saya/"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries if "django_session" in q["sql"]]


def test_a_page_reads_the_session_from_the_cache(client):
    client.force_login(UserFactory())
    assert session_queries(client) == []


def test_a_session_survives_a_cache_restart(client):
    from django.core.cache import cache

    client.force_login(UserFactory())
    cache.clear()
    assert len(session_queries(client)) == 1  # read once from the database, cached again
    assert session_queries(client) == []


def test_a_stolen_cookie_stops_working_at_logout(client):
    client.force_login(UserFactory())
    thief = Client()
    name = settings.SESSION_COOKIE_NAME
    thief.cookies[name] = client.cookies[name].value
    session_queries(thief)
    assert client.post("/akun/keluar/").status_code == 302
    assert thief.get("/akun/saya/").status_code == 302  # to the login page


def test_a_password_change_ends_the_other_sessions(client):
    user = UserFactory()
    client.force_login(user)
    session_queries(client)
    services.change_password(user=user, old_password=PASSWORD, new_password="Sandi-baru-2026!")
    assert client.get("/akun/saya/").status_code == 302
