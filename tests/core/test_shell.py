"""The layout's logout form and footer (naker.core.shell, issue 13): made once per language, with
the request's own CSRF token, one per response, shared by every form of the page (kept fragments
too), and the request's own path."""

from __future__ import annotations

import re

import pytest
from django.middleware.csrf import _unmask_cipher_token
from django.template import Context, Template
from django.test import Client
from django.utils import translation
from django.utils.safestring import mark_safe

from tests.factories import make_worker

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_every_form_of_a_page_carries_the_one_token_of_the_session_s_secret():
    worker = make_worker()
    client = Client(enforce_csrf_checks=True)
    client.force_login(worker)
    for _ in range(2):  # the second visit serves the kept rendering (its export form: a kept fragment)
        html = client.get("/akun/saya/?a=1&b=<x>").content.decode()
        tokens = TOKEN.findall(html)
        assert len(tokens) >= 3  # the export form, the logout form, the language switcher
        assert len(set(tokens)) == 1
        assert _unmask_cipher_token(tokens[0]) == client.cookies["csrftoken"].value
        assert '<input name="next" type="hidden" value="/akun/saya/?a=1&amp;b=%3Cx%3E">' in html
    nxt = client.get("/akun/saya/").content.decode()
    assert TOKEN.findall(nxt)[0] != tokens[0]  # masked anew for each response
    assert (
        client.post(
            "/i18n/setlang/", {"language": "en", "next": "/akun/saya/", "csrfmiddlewaretoken": tokens[0]}
        ).status_code
        == 302
    )
    english = client.get("/akun/saya/").content.decode()
    assert '<option value="en" selected>English</option>' in english and ">Log out</button>" in english
    assert client.post("/akun/keluar/", {"csrfmiddlewaretoken": TOKEN.findall(english)[-1]}).status_code == 302
    assert client.get("/akun/saya/").status_code == 302  # signed out


def test_an_anonymous_page_has_the_language_switcher_and_no_logout_form():
    html = Client().get("/").content.decode()
    assert 'action="/i18n/setlang/"' in html and "akun/keluar" not in html
    assert '<option value="id" selected>' in html


def test_a_visit_without_the_csrf_cookie_gets_a_new_secret_that_its_forms_carry():
    """A first visit (or a client that keeps no cookie) gets a new secret of Django's form in the
    cookie, and the page's forms carry it masked; a post with it goes through."""
    worker = make_worker()
    secrets = set()
    for _ in range(3):
        client = Client(enforce_csrf_checks=True)
        client.force_login(worker)
        assert "csrftoken" not in client.cookies
        html = client.get("/akun/saya/").content.decode()
        secret = client.cookies["csrftoken"].value
        assert len(secret) == 32 and secret.isalnum() and secret.isascii()
        found = set(TOKEN.findall(html))
        assert len(found) == 1 and _unmask_cipher_token(found.pop()) == secret
        secrets.add(secret)
        posted = {"language": "en", "next": "/", "csrfmiddlewaretoken": TOKEN.findall(html)[0]}
        assert client.post("/i18n/setlang/", posted).status_code == 302
    assert len(secrets) == 3  # a new one each time


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_kept_include_shows_what_the_include_shows_in_each_language(language):
    """`{% kept_include %}` (rendered once per process) gives what `{% include %}` gives, with its
    arguments escaped as there, in the language of the request."""
    page = Template(
        '{% load naker %}{% kept_include "core/_speak.html" target=target %}'
        '{% kept_include "learning/_offline_script.html" %}'
    )
    included = Template(
        '{% include "core/_speak.html" with target=target %}{% include "learning/_offline_script.html" %}'
    )
    with translation.override(language):
        for target in ["#lesson-text", '"><script>', mark_safe('"><b>'), '"><b>']:
            context = {"target": target}
            assert page.render(Context(context)) == included.render(Context(context))
    with translation.override("en"):
        assert "Listen" in page.render(Context({"target": "#x"}))
    with translation.override("id"):
        assert "Dengarkan" in page.render(Context({"target": "#x"}))
