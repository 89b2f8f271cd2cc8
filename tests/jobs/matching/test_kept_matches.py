"""Each worker's matches are kept in the cache (issue 13), theirs alone: a new skill, a changed
preference or a new post shows on the next visit; a worker never sees another's matches; a language
switch shows the other language."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from naker.jobs.matching import services as matching_services
from tests.factories import UserFactory, make_opportunity, make_worker
from tests.jobs.matching.conftest import FORKLIFT, SAFETY, SMAW, MatchWorld, give

pytestmark = pytest.mark.django_db


def page(client: Client, url: str, language: str = "id") -> str:
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def matches_page(mw: MatchWorld, client: Client, query: str = "") -> str:
    client.force_login(mw.worker)
    return page(client, "/kerja/untuk-saya/" + query)


def test_a_new_skill_and_a_new_post_show_in_the_matches_at_once(mw: MatchWorld, client: Client, token_for: Any) -> None:
    give(mw.worker, SAFETY, "course")
    make_opportunity(mw.company, [(SAFETY, True)], title="Petugas K3")
    make_opportunity(mw.company, [(FORKLIFT, True)], title="Operator Forklift")
    headers = token_for(mw.worker)
    body = matches_page(mw, client)
    assert "Petugas K3" in body and "Operator Forklift" not in body
    assert [m["opportunity"]["title"] for m in client.get("/api/v1/me/matches", **headers).json()["items"]] == [
        "Petugas K3"
    ]

    matching_services.declare_skill(worker=mw.worker, code=FORKLIFT)
    assert "Operator Forklift" in matches_page(mw, client)
    titles = {m["opportunity"]["title"] for m in client.get("/api/v1/me/matches", **headers).json()["items"]}
    assert titles == {"Petugas K3", "Operator Forklift"}

    make_opportunity(mw.company, [(SAFETY, True), (SMAW, True)], title="Juru Las K3")
    assert "Juru Las K3" in matches_page(mw, client)
    assert "Juru Las K3" in str(client.get("/api/v1/me/matches", **headers).json())


def test_a_worker_who_objects_sees_nothing_ranked_at_once(mw: MatchWorld, client: Client) -> None:
    give(mw.worker, SAFETY, "course")
    make_opportunity(mw.company, [(SAFETY, True)], title="Petugas K3")
    assert "Petugas K3" in matches_page(mw, client)
    matching_services.set_job_preferences(worker=mw.worker, findable=False, automated_matching=False)
    body = matches_page(mw, client)
    assert "Petugas K3" not in body and "Anda memilih agar tidak ada yang diurutkan" in body


def test_a_worker_never_sees_another_worker_s_matches(mw: MatchWorld, token_for: Any) -> None:
    other = make_worker(regency_code="32.16", full_name="Rudi Forklift")
    give(mw.worker, SAFETY, "course")
    give(other, FORKLIFT, "course")
    make_opportunity(mw.company, [(SAFETY, True)], title="Petugas K3")
    make_opportunity(mw.company, [(FORKLIFT, True)], title="Operator Forklift")
    mine, theirs = Client(), Client()
    mine.force_login(mw.worker)
    theirs.force_login(other)
    for _ in range(2):  # the second visit of each is the one kept
        assert "Operator Forklift" not in page(mine, "/kerja/untuk-saya/")
        assert "Petugas K3" not in page(theirs, "/kerja/untuk-saya/")
        mine_api = Client().get("/api/v1/me/matches", **token_for(mw.worker)).json()
        theirs_api = Client().get("/api/v1/me/matches", **token_for(other)).json()
        assert [m["opportunity"]["title"] for m in mine_api["items"]] == ["Petugas K3"]
        assert [m["opportunity"]["title"] for m in theirs_api["items"]] == ["Operator Forklift"]


def test_the_matches_speak_the_language_asked_for(mw: MatchWorld, client: Client) -> None:
    give(mw.worker, SAFETY, "course")
    make_opportunity(mw.company, [(SAFETY, True), (SMAW, True)], title="Juru Las K3")
    assert "Anda punya 1 dari 2 keterampilan wajib" in matches_page(mw, client)
    client.cookies["django_language"] = "en"
    body = client.get("/kerja/untuk-saya/").content.decode()
    assert "You have 1 of 2 required skills" in body and "Anda punya" not in body


def test_filters_that_do_not_validate_show_their_error(mw: MatchWorld, client: Client) -> None:
    give(mw.worker, SAFETY, "course")
    make_opportunity(mw.company, [(SAFETY, True)], title="Petugas K3")
    assert 'class="errorlist' not in matches_page(mw, client)
    assert 'class="errorlist' in matches_page(mw, client, "?region=99.99")


def test_a_warm_visit_reads_the_worker_s_own_part_alone(
    mw: MatchWorld, client: Client, token_for: Any, django_assert_num_queries: Any
) -> None:
    """Once the matches are kept, a visit reads the session's user with their profile, the preferences
    and the skills (each one kept statement), and the API the profile, the preferences and the skills:
    nothing of the ranking (issue 13)."""
    give(mw.worker, SAFETY, "course")
    make_opportunity(mw.company, [(SAFETY, True), (SMAW, False)], title="Petugas K3")
    first = matches_page(mw, client)
    with django_assert_num_queries(3):
        again = client.get("/kerja/untuk-saya/").content.decode()
    assert again == first.replace(_csrf(first), _csrf(again))
    # the heading, its links and the blank filters are in the kept body
    assert "<h1>Lowongan untuk saya</h1>" in again
    assert 'href="/kerja/keterampilan/"' in again and 'href="/kerja/preferensi/"' in again
    assert 'name="region"' in again and 'name="kind"' in again
    headers = token_for(mw.worker)
    answer = client.get("/api/v1/me/matches", **headers).json()
    with django_assert_num_queries(3):
        assert client.get("/api/v1/me/matches", **headers).json() == answer


def test_a_token_s_user_without_a_profile_is_not_a_worker(mw: MatchWorld, client: Client, token_for: Any) -> None:
    officer = UserFactory()
    response = client.get("/api/v1/me/matches", **token_for(officer))
    assert response.status_code == 403 and response.json()["code"] == "not_a_worker"


def _csrf(html: str) -> str:
    marker = 'name="csrfmiddlewaretoken" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]
