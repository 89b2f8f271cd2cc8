"""The page menu is rendered once per person and language and kept (issue 13, naker.core.layout).
What it shows must never be someone else's, and a change to what it shows must appear on the next
page: a new role, a renamed organisation, staff rights, a worker profile, the language, a logout."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from django.test import Client

from naker.accounts.models import WorkerProfile
from naker.organizations.models import Membership, Organization
from tests.factories import UserFactory, add_member, make_org, make_worker, officer_of

pytestmark = pytest.mark.django_db

NAV = re.compile(r"<nav>(.*?)</nav>", re.S)


def menu(client: Client, url: str = "/") -> str:
    response = client.get(url)
    assert response.status_code == 200
    found = NAV.search(response.content.decode())
    assert found
    return found.group(1)


def signed_in(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_each_person_sees_their_own_menu_on_the_same_page():
    provider = make_org("lpk-rahasia", kind=Organization.Kind.PROVIDER, level=Organization.Level.SINGLE)
    provider.name = "LPK Rahasia"
    provider.save()
    staff, admin, worker = officer_of(provider), UserFactory(is_staff=True), make_worker()
    assert "LPK Rahasia" in menu(signed_in(staff))
    assert "/tinjau/" in menu(signed_in(admin))
    theirs = menu(signed_in(worker))
    assert "LPK Rahasia" not in theirs
    assert "/tinjau/" not in theirs
    assert "/organisasi/" not in theirs
    assert "/sertifikat/" in theirs
    assert "/akun/keluar/" in theirs
    anonymous = menu(Client())
    assert "/akun/masuk/" in anonymous or "Masuk" in anonymous
    assert "/akun/saya/" not in anonymous


def test_a_new_officer_role_shows_on_the_next_page_and_a_removed_one_goes():
    union = make_org("ksbsi")
    worker = make_worker()
    client = signed_in(worker)
    assert "/organisasi/" not in menu(client)
    membership = add_member(worker, union, Membership.Role.OFFICER)
    assert "/organisasi/" in menu(client)
    assert "/dasbor/" in menu(client)
    membership.role = Membership.Role.MEMBER
    membership.save()
    assert "/organisasi/" not in menu(client)
    membership.role = Membership.Role.ADMIN
    membership.save()
    assert "/organisasi/" in menu(client)
    membership.delete()
    assert "/organisasi/" not in menu(client)


def test_a_renamed_organisation_shows_its_new_name_at_once():
    company = make_org("pt-lama", kind=Organization.Kind.COMPANY, level=Organization.Level.SINGLE)
    client = signed_in(officer_of(company))
    assert "PT-LAMA" in menu(client)
    company.name = "PT Baru Jaya"
    company.save()
    shown = menu(client)
    assert "PT Baru Jaya" in shown
    assert "PT-LAMA" not in shown


def test_staff_rights_and_a_worker_profile_show_on_the_next_page():
    person = UserFactory()
    client = signed_in(person)
    shown = menu(client)
    assert "/tinjau/" not in shown
    assert "/sertifikat/" not in shown
    person.is_staff = True
    person.save()
    assert "/tinjau/" in menu(client)
    person.is_staff = False
    person.save()
    assert "/tinjau/" not in menu(client)
    worker = make_worker()
    client = signed_in(worker)
    assert "/sertifikat/" in menu(client)
    WorkerProfile.objects.filter(user=worker).delete()
    worker.refresh_from_db()
    assert "/sertifikat/" not in menu(client)


def test_the_menu_follows_the_language_and_the_logout():
    client = signed_in(make_worker())
    assert "Belajar saya" in menu(client)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = menu(client)
    assert "My learning" in english
    assert "Belajar saya" not in english
    client.post("/i18n/setlang/", {"language": "id", "next": "/"})
    assert "Belajar saya" in menu(client)
    client.post("/akun/keluar/")
    after = menu(client)
    assert "/akun/saya/" not in after
    assert "/belajar/" not in after


def test_the_logout_form_carries_this_visitors_own_csrf_token():
    """The menu is kept, the logout form is not: each visitor's form logs them out."""
    for _ in range(2):
        client = Client(enforce_csrf_checks=True)
        client.force_login(make_worker())
        client.get("/")
        html = client.get("/").content.decode()
        logout = re.search(r'action="/akun/keluar/".*?name="csrfmiddlewaretoken" value="([^"]+)"', html, re.S)
        assert logout
        assert client.post("/akun/keluar/", {"csrfmiddlewaretoken": logout.group(1)}).status_code == 302
        assert "/akun/saya/" not in menu(client)


def test_a_page_rendered_without_the_request_keeps_no_menu():
    """Error pages (and anything else rendered without the request) have no menu key: their menu is
    made each time, never kept under a key another render would share."""
    admin, worker = UserFactory(is_staff=True), make_worker()
    context = {"status": 503, "title": "t", "message": "m"}
    assert "/tinjau/" in render_to_string("core/error.html", {**context, "user": admin})
    assert "/tinjau/" not in render_to_string("core/error.html", {**context, "user": worker})
