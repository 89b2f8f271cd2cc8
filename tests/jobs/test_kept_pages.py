"""The list of opportunities is kept in the cache (issue 13: the same for everyone who asks the
same): what an employer posts, edits or closes shows on the next visit, in the language asked for.
The worker's applications keep their rendering under a key naming all they show, the worker's own."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from naker.jobs import services
from naker.organizations.models import Organization
from tests.factories import make_worker
from tests.jobs.conftest import data

pytestmark = pytest.mark.django_db


def page(client: Client, url: str, language: str = "id") -> str:
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# --- the list of opportunities -------------------------------------------------------------------------


def test_a_published_post_shows_in_the_list_at_once_and_a_closed_one_leaves_it(
    client: Client, company: Organization, staff: Any, admin: Any, worker: Any
) -> None:
    client.force_login(worker)
    assert "Juru Las SMAW" not in page(client, "/lowongan/")
    post = services.post_opportunity(actor=staff, employer_code=company.code, data=data())
    assert "Juru Las SMAW" not in page(client, "/lowongan/")  # waiting for review
    services.review_opportunity(actor=admin, opportunity_id=post.pk, decision="publish")
    assert "Juru Las SMAW" in page(client, "/lowongan/")
    assert "Juru Las SMAW" in page(client, "/lowongan/?q=las")
    assert [o["title"] for o in client.get("/api/v1/opportunities").json()["items"]] == ["Juru Las SMAW"]

    services.close_opportunity(actor=staff, opportunity_id=post.pk)
    assert "Juru Las SMAW" not in page(client, "/lowongan/")
    assert "Juru Las SMAW" not in page(client, "/lowongan/?q=las")
    assert client.get("/api/v1/opportunities").json()["items"] == []


def test_an_edited_post_and_a_renamed_employer_show_at_once(
    client: Client, company: Organization, staff: Any, admin: Any, published: Any
) -> None:
    assert "Juru Las SMAW" in page(client, "/lowongan/")
    services.edit_opportunity(actor=staff, opportunity_id=published.pk, data=data(title="Juru Las TIG"))
    services.review_opportunity(actor=admin, opportunity_id=published.pk, decision="publish")
    body = page(client, "/lowongan/")
    assert "Juru Las TIG" in body and "Juru Las SMAW" not in body

    company.name = "PT Las Baru Bekasi"
    company.save()
    assert "PT Las Baru Bekasi" in page(client, "/lowongan/")
    assert client.get("/api/v1/opportunities").json()["items"][0]["employer"] == "PT Las Baru Bekasi"


def test_the_list_speaks_the_language_asked_for(client: Client, published: Any) -> None:
    assert "1 lowongan" in page(client, "/lowongan/", "id")
    assert "1 opportunity" in page(client, "/lowongan/", "en")
    assert "1 lowongan" in page(client, "/lowongan/", "id")


def test_a_search_that_does_not_validate_shows_its_error_not_the_plain_list(client: Client, published: Any) -> None:
    assert "Juru Las SMAW" in page(client, "/lowongan/")
    body = page(client, "/lowongan/?regency=" + "3" * 20)
    assert 'class="errorlist' in body
    assert 'class="errorlist' not in page(client, "/lowongan/")


def test_the_list_keeps_the_worker_s_own_link_out_of_what_anonymous_visitors_see(
    client: Client, published: Any, worker: Any
) -> None:
    signed_in = Client()
    signed_in.force_login(worker)
    assert 'href="/lamaran/"' in page(signed_in, "/lowongan/").split("<main")[1]
    assert 'href="/lamaran/"' not in page(client, "/lowongan/").split("<main")[1]


# --- the worker's applications ------------------------------------------------------------------------


def test_an_application_and_the_employer_s_moves_show_at_once(
    client: Client, published: Any, staff: Any, worker: Any
) -> None:
    client.force_login(worker)
    assert "Juru Las SMAW" not in page(client, "/lamaran/")
    application, _created = services.apply_to(worker=worker, opportunity_id=published.pk)
    body = page(client, "/lamaran/")
    assert "Juru Las SMAW" in body and "Lolos seleksi awal" not in body
    services.move_application(actor=staff, application_id=application.pk, stage="shortlisted")
    body = page(client, "/lamaran/")
    assert "Lolos seleksi awal" in body
    assert "Shortlisted" in page(client, "/lamaran/", "en")


def test_another_worker_never_sees_the_applications(published: Any, worker: Any) -> None:
    services.apply_to(worker=worker, opportunity_id=published.pk)
    other = make_worker(regency_code="32.75")
    mine, theirs = Client(), Client()
    mine.force_login(worker)
    theirs.force_login(other)
    for _ in range(2):  # the second visit of each is the one kept
        assert "Juru Las SMAW" in page(mine, "/lamaran/")
        assert "Juru Las SMAW" not in page(theirs, "/lamaran/")


def test_the_withdraw_button_carries_this_session_s_csrf_token(published: Any, worker: Any) -> None:
    services.apply_to(worker=worker, opportunity_id=published.pk)
    first = Client(enforce_csrf_checks=True)
    first.force_login(worker)
    page(first, "/lamaran/")  # kept now
    second = Client(enforce_csrf_checks=True)  # another session: another CSRF secret
    second.force_login(worker)
    body = page(second, "/lamaran/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    action = re.search(r'action="(/lamaran/\d+/tarik/)"', body)
    assert token and action
    response = second.post(action.group(1), {"csrfmiddlewaretoken": token.group(1)})
    assert response.status_code == 302
    assert "Ditarik" in page(second, "/lamaran/")
