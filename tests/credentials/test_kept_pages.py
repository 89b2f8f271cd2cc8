"""The worker's certificates and the public verification page keep their rendering in the cache
(issue 13) under keys naming everything they show: a revocation, a new certificate or a language
switch shows on the next visit, and one worker never sees another's list."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from naker.credentials import services
from tests.credentials.conftest import WELDING, complete
from tests.factories import make_worker

pytestmark = pytest.mark.django_db


def page(client: Client, url: str, language: str = "id") -> str:
    client.cookies["django_language"] = language
    return client.get(url).content.decode()


def test_a_revocation_shows_at_once_on_the_verify_page_and_the_holder_s_list(client, credential, worker, staff):
    holder = Client()
    holder.force_login(worker)
    url = f"/verify/{credential.public_id}"
    for _ in range(2):  # the second visit is the one kept
        assert "Sah" in page(client, url)
        assert "Dicabut" not in page(holder, "/sertifikat/")
    services.revoke_credential(actor=staff, public_id=credential.public_id, reason="Data nilai keliru")
    body = page(client, url)
    assert "Dicabut" in body and "Data nilai keliru" in body
    mine = page(holder, "/sertifikat/")
    assert "Dicabut" in mine and "Data nilai keliru" in mine


def test_a_new_certificate_shows_at_once_and_only_to_its_holder(client, credential, worker, publish_course):
    other = make_worker(regency_code="31.71")
    theirs = Client()
    theirs.force_login(other)
    client.force_login(worker)
    for _ in range(2):
        assert credential.title in page(client, "/sertifikat/")
        assert credential.title not in page(theirs, "/sertifikat/")
    welding = publish_course(WELDING)
    complete(worker, welding)
    assert welding.title in page(client, "/sertifikat/")
    assert welding.title not in page(theirs, "/sertifikat/")


def test_the_pages_speak_the_language_asked_for(client, credential, worker):
    url = f"/verify/{credential.public_id}"
    assert "Sah" in page(client, url, "id")
    assert "Valid" in page(client, url, "en") and "Sah" not in page(client, url, "en")
    client.force_login(worker)
    assert "Unduh" in page(client, "/sertifikat/", "id")
    assert "Download" in page(client, "/sertifikat/", "en")


def test_the_verify_look_up_made_once_reads_the_certificate_by_its_uuid_or_its_text(credential):
    """The public look-up is a statement made once per process (naker.core.kept_sql): a UUID is a
    uuid on PostgreSQL and text on SQLite, and the address gives it as text."""
    from naker.credentials import selectors

    for given in (credential.public_id, str(credential.public_id)):
        found = selectors.public_view(given)
        assert (found.found, found.title, found.holder_name) == (True, credential.title, credential.holder_name)
    assert selectors.public_view(uuid.uuid4()).found is False
