"""Web registration keeps no secret on the server: the password never waits in the session, and
"No, change my data" brings the form back filled in with everything but the password."""

from __future__ import annotations

import json

import pytest

from naker.accounts.models import User
from naker.accounts.views import DRAFT_KEY
from naker.core import crypto
from tests.factories import make_org

pytestmark = pytest.mark.django_db
PASSWORD = "Tukang-las-2026"


def form(**overrides):
    data = {
        "full_name": "Budi Hartono",
        "phone": "0813 1111 2222",
        "nik": "3275011708900004",
        "province": "32",
        "regency_code": "32.75",
        "email": "budi@contoh.id",
        "education": "smk",
        "employment_status": "working",
        "union_code": "ksbsi-jabar",
        "union_consent": "on",
        "password": PASSWORD,
        "consent": "on",
        "action": "register",
    }
    data.update(overrides)
    return data


def session_text(client) -> str:
    """Everything the session holds, with the sealed draft opened."""
    session = dict(client.session.items())
    draft = json.loads(crypto.decrypt(session[DRAFT_KEY]))
    return json.dumps(session) + json.dumps(draft)


def test_the_password_never_waits_in_the_session(client):
    make_org("ksbsi-jabar")
    confirm = client.post("/akun/daftar/", form(), follow=True)
    assert confirm.redirect_chain[-1][0].endswith("/akun/daftar/konfirmasi/")
    text = session_text(client)
    assert "Budi Hartono" in text  # the draft is there …
    assert PASSWORD not in text and "password" not in json.loads(crypto.decrypt(client.session[DRAFT_KEY]))
    # … and the page carries the password back itself, never cached
    assert f'name="password" value="{PASSWORD}"' in confirm.content.decode()
    assert confirm["Cache-Control"] == "no-store"
    response = client.post("/akun/daftar/konfirmasi/", {"action": "confirm", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0].endswith("/akun/saya/")
    assert User.objects.get(phone="+6281311112222").check_password(PASSWORD)
    assert DRAFT_KEY not in client.session


def test_a_reloaded_confirmation_asks_for_the_password_again(client):
    client.post("/akun/daftar/", form(union_code="", union_consent=""))
    html = client.get("/akun/daftar/konfirmasi/").content.decode()
    assert PASSWORD not in html
    assert 'type="password" name="password"' in html
    assert client.post("/akun/daftar/konfirmasi/", {"action": "confirm", "password": PASSWORD}).status_code == 302
    assert User.objects.count() == 1


def test_change_my_data_brings_back_everything_typed_but_the_password(client):
    make_org("ksbsi-jabar")
    client.post("/akun/daftar/", form())
    response = client.post("/akun/daftar/konfirmasi/", {"action": "edit", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0].endswith("/akun/daftar/")
    html = response.content.decode()
    for typed in [
        'value="Budi Hartono"',
        'value="0813 1111 2222"',
        'value="3275011708900004"',
        'value="budi@contoh.id"',
    ]:
        assert typed in html
    assert 'value="ksbsi-jabar"' in html
    assert '<option value="32" selected>' in html
    assert 'value="32.75" selected' in html
    assert 'value="smk" selected' in html
    assert 'name="consent" value="on" id="id_consent" checked' in html
    assert 'name="union_consent" value="on" id="id_union_consent" checked' in html
    assert PASSWORD not in html
    assert 'id="password-again"' in html
    assert User.objects.count() == 0


def test_the_registration_summary_does_not_outlive_the_registration(client, settings):
    # Issue 8 item 16: the summary (name, number, masked NIK, birth date) stayed for two weeks.
    from naker.accounts.views import DRAFT_TTL_SECONDS, SUMMARY_KEY

    client.post("/akun/daftar/", form(union_code="", union_consent=""))
    assert SUMMARY_KEY in client.session
    assert client.session.get_expiry_age() <= DRAFT_TTL_SECONDS  # an abandoned draft goes soon
    client.post("/akun/daftar/konfirmasi/", {"action": "confirm", "password": PASSWORD})
    assert User.objects.count() == 1
    assert SUMMARY_KEY not in client.session and DRAFT_KEY not in client.session
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def test_a_refused_confirmation_drops_the_summary(client):
    from naker.accounts.views import SUMMARY_KEY
    from tests.factories import make_worker

    client.post("/akun/daftar/", form(union_code="", union_consent=""))
    make_worker(nik="3275011708900004", regency_code="32.75")  # someone else, meanwhile
    assert client.post("/akun/daftar/konfirmasi/", {"action": "confirm", "password": PASSWORD}).status_code == 409
    assert SUMMARY_KEY not in client.session
