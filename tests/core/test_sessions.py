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


def test_the_session_user_is_read_whole_and_typed_as_the_orm_reads_it(client):
    from naker.accounts.models import User
    from naker.accounts.selectors import session_user

    user = UserFactory(is_staff=True)
    User.objects.filter(pk=user.pk).update(last_login=user.date_joined)
    read = session_user(str(user.pk))
    expected = User.objects.get(pk=user.pk)
    assert read is not None and not read._state.adding
    for field in User._meta.concrete_fields:
        mine, theirs = getattr(read, field.attname), getattr(expected, field.attname)
        assert (mine, type(mine)) == (theirs, type(theirs)), field.attname
    assert session_user(str(user.pk + 1000)) is None


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"password": "argon2$another"}, id="password changed"),
        pytest.param({"is_active": False}, id="deactivated"),
    ],
)
def test_a_change_made_by_another_process_ends_the_session_at_once(client, change):
    """`update()` sends no signal and drops no cache: what this process sees of a change made in another
    one. The user row is read on every signed-in request, so the session ends on the next page."""
    from naker.accounts.models import User

    user = UserFactory()
    client.force_login(user)
    assert client.get("/akun/saya/").status_code == 200
    User.objects.filter(pk=user.pk).update(**change)
    assert client.get("/akun/saya/").status_code == 302  # to the login page


def test_the_worker_profile_comes_with_the_session_user_and_a_change_shows_at_once(client):
    """The profile is read with the user on every request (never kept): a move shows on the next page."""
    from naker.accounts.models import WorkerProfile
    from tests.factories import make_worker

    worker = make_worker(regency_code="31.71")
    client.force_login(worker)
    html = client.get("/akun/saya/").content.decode()
    assert "Kota Jakarta Pusat" in html or "JAKARTA PUSAT" in html.upper()
    WorkerProfile.objects.filter(user=worker).update(regency_id="32.75", province_id="32")  # no signal
    html = client.get("/akun/saya/").content.decode().upper()
    assert "BEKASI" in html and "JAKARTA PUSAT" not in html


def test_someone_without_a_worker_profile_is_no_worker_on_any_page(client):
    from naker.accounts.selectors import session_user

    officer = UserFactory()
    read = session_user(officer.pk)
    assert read is not None and not hasattr(read, "worker")
    client.force_login(officer)
    assert client.get("/kerja/untuk-saya/").status_code in (302, 403, 404)
