"""The person's own page keeps its rendering in the cache (issue 13) under a key naming everything
it shows: who saw their data, a changed profile, a language switch show on the next visit; nobody
sees another person's page; the export button works in every session."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from naker.organizations.models import Organization
from tests.factories import add_member, make_org, make_worker, officer_of

pytestmark = pytest.mark.django_db


def page(client: Client, language: str = "id") -> str:
    client.cookies["django_language"] = language
    response = client.get("/akun/saya/")
    assert response.status_code == 200
    return response.content.decode()


def test_who_saw_my_data_and_a_new_name_show_at_once(client, token_for):
    union = make_org("ksbsi-dki", kind=Organization.Kind.UNION, level=Organization.Level.PROVINCE)
    worker = make_worker()
    add_member(worker, union)
    officer = officer_of(union)
    client.force_login(worker)
    for _ in range(2):  # the second visit is the one kept
        assert officer.full_name not in page(client)
    Client().get(f"/api/v1/orgs/ksbsi-dki/members/{worker.pk}/nik?reason=member+asked", **token_for(officer))
    assert officer.full_name in page(client)
    worker.full_name = "Nama Baru Sekali"
    worker.save()
    assert "Nama Baru Sekali" in page(client)
    assert "Who saw my data" in page(client, "en")


def test_nobody_sees_another_person_s_page():
    first, second = make_worker(full_name="Ani Pertama"), make_worker(full_name="Budi Kedua")
    a, b = Client(), Client()
    a.force_login(first)
    b.force_login(second)
    for _ in range(2):
        assert "Ani Pertama" in page(a) and "Budi Kedua" not in page(a)
        assert "Budi Kedua" in page(b) and "Ani Pertama" not in page(b)


def test_the_export_button_carries_this_session_s_csrf_token():
    worker = make_worker()
    first = Client(enforce_csrf_checks=True)
    first.force_login(worker)
    page(first)
    second = Client(enforce_csrf_checks=True)
    second.force_login(worker)
    token = re.search(
        r'action="/akun/saya/unduh/"[^>]*>\s*<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"',
        page(second),
    )
    assert token
    assert second.post("/akun/saya/unduh/", {"csrfmiddlewaretoken": token.group(1)}).status_code == 200
