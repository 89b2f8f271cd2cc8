"""Every key page and operation of issue 13 costs a fixed, small number of queries once warm (a
second visit: sessions, tokens, dashboard figures and filter choices come from the cache). A new
query per row, or a cache that stopped working, fails here (issue 13, item 6)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from naker.insights import services as insight_services
from tests.matrix_world import COURSE, World, module_world

pytestmark = pytest.mark.django_db

# (what, role, URL, at most this many queries on a warm visit). Page sessions and API tokens are
# the matrix world's.
PAGES = [
    ("floor", "anonymous", "/_floor/", 0),
    ("home", "worker", "/", 1),  # the menu is kept per person (naker.core.layout)
    ("catalogue", "worker", "/kursus/", 1),  # the result list is kept (naker.learning.catalogue)
    # a search is kept per catalogue version; a miss reads the terms and counts the index (issue 12)
    ("catalogue with a query", "worker", "/kursus/?q=marketing", 1),
    ("catalogue with a typo", "worker", "/kursus/?q=markting", 1),
    ("course page", "worker", f"/kursus/{COURSE}/", 5),  # with classes and seats; the course, head, facts, outline kept
    # the user and the enrolments (each saying whether a class is booked: this worker holds a seat, so
    # the classes too); the recommendations are kept under the person's version (naker.core.layout)
    ("learner dashboard", "worker", "/belajar/", 3),
    # the user and the enrolment (saying whether the lesson is done); the lesson and its neighbours kept
    ("lesson page", "worker", "/belajar/pelajaran/{lesson}/", 2),
    ("account page", "worker", "/akun/saya/", 4),  # the user with their profile; memberships, the trail, requests
    # dashboards and targets: the user; the viewer's organisations, the target's row and the figures
    # (rendered) come from the cache (insights.selectors.viewing)
    ("union dashboard", "own_officer", "/dasbor/", 1),
    ("province dashboard", "admin", "/dasbor/?scope=province:31", 1),
    ("regency dashboard", "admin", "/dasbor/?scope=regency:31.71", 1),  # the regency's name: cached
    ("national dashboard", "admin", "/dasbor/", 1),
    ("target page", "own_officer", "/target/{target}/", 1),  # the target's row: kept too
    # member lists of a few people: the user, the organisation with the viewer's offices (the menu's
    # organisations too), the page with its count as a column (and a union's join requests, UNION
    # ALL); above twice the cap the count is the aggregates' (cached) and a union's page two queries
    # (tests/organizations)
    ("branch member list", "own_officer", "/organisasi/ksbsi-dki/", 3),
    ("confederation member list", "admin", "/organisasi/ksbsi/", 3),
    ("provincial chamber member list", "other_region_chamber_officer", "/organisasi/kadin-jabar/", 3),
    ("Kadin Indonesia member list", "admin", "/organisasi/kadin/", 3),
    ("target page, province", "admin", "/target/{target_province}/", 1),
    ("target page, regency", "admin", "/target/{target_regency}/", 1),
    ("target page, nation", "admin", "/target/{target_nation}/", 1),
    ("my requests about my data", "worker", "/akun/saya/privasi/", 2),
    ("privacy request queue", "admin", "/akun/privasi/permintaan/", 4),
    # credentials and jobs (issues 10 and 11)
    ("my certificates", "worker", "/sertifikat/", 2),
    ("verify a certificate", "anonymous", "/verify/{credential}", 1),
    ("opportunities", "worker", "/lowongan/", 1),  # the list: kept a minute per question and language
    ("opportunity page", "worker", "/lowongan/{opportunity}/", 13),
    ("my applications", "worker", "/lamaran/", 2),  # the steps only when the rendering is not kept
    ("jobs for me", "worker", "/kerja/untuk-saya/", 3),  # + skills and preferences, the key of what is kept
    # the user; the company with the viewer's offices (one statement); the dashboard and the newest
    # posts are kept until the company's posts, applications or placements change (jobs.views.posts)
    ("employer posts", "employer_staff", "/pemberi-kerja/pt-matriks/", 2),
    # the user; the post with the viewer's offices; the applicants (their chosen certificates only if any)
    ("employer applicants", "employer_staff", "/pemberi-kerja/lowongan/{opportunity}/pelamar/", 3),
    ("employer applicants, next", "employer_staff", "/pemberi-kerja/lowongan/{opportunity}/pelamar/?after=1.1", 3),
]
API = [
    ("/me", "worker", "/api/v1/me", 2),  # the user with their profile; memberships with their organisations
    ("course search", "worker", "/api/v1/courses?q=marketing", 0),  # the answer is kept
    ("national dashboard", "admin", "/api/v1/insights/dashboard", 0),  # organisations and figures kept
    # the organisation with the caller's offices, the page with its count (see the pages above)
    ("branch members", "own_officer", "/api/v1/orgs/ksbsi-dki/members", 2),
    ("confederation members", "admin", "/api/v1/orgs/ksbsi/members", 2),
    ("provincial chamber members", "other_region_chamber_officer", "/api/v1/orgs/kadin-jabar/members", 2),
    ("Kadin Indonesia members", "admin", "/api/v1/orgs/kadin/members", 2),
    ("my credentials", "worker", "/api/v1/me/credentials", 1),
    ("opportunities", "worker", "/api/v1/opportunities", 0),
    ("my applications", "worker", "/api/v1/me/applications", 2),
    ("my matches", "worker", "/api/v1/me/matches", 3),
    # the token's user; the access; the posts with their kept counts (Opportunity.applicants_<stage>)
    ("employer posts", "employer_staff", "/api/v1/employers/pt-matriks/opportunities", 2),
    ("employer posts after a cursor", "employer_staff", "/api/v1/employers/pt-matriks/opportunities?after=1.1", 2),
    ("employer applicants", "employer_staff", "/api/v1/opportunities/{opportunity}/applications", 3),  # + steps
]


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    for world in module_world(django_db_blocker):
        with django_db_blocker.unblock():  # targets of the other scopes, inside the module's transaction
            admin, today = world.users["admin"], timezone.localdate()
            for scope, code in (("province", "32"), ("regency", "32.75"), ("nation", "")):
                world.ids[f"target_{scope}"] = insight_services.set_target(
                    actor=admin,
                    name=f"Target {scope}",
                    scope=scope,
                    scope_code=code,
                    metric="registered",
                    goal=1000,
                    start_date=today - datetime.timedelta(days=30),
                    due_date=today + datetime.timedelta(days=30),
                ).pk
        yield world


def warm_queries(client: Client, url: str, **headers: str) -> list[str]:
    assert client.get(url, **headers).status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, **headers).status_code == 200, url
    return [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize(("what", "role", "url", "most"), PAGES, ids=[p[0] for p in PAGES])
def test_a_warm_page_costs_a_fixed_number_of_queries(
    client: Client, world: World, what: str, role: str, url: str, most: int
) -> None:
    if role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    queries = warm_queries(client, url.format(**world.ids))
    assert not [q for q in queries if "django_session" in q], "the session is read from the cache"
    assert len(queries) <= most, "\n".join(queries)


@pytest.mark.parametrize(("what", "role", "url", "most"), API, ids=[p[0] for p in API])
def test_a_warm_api_call_costs_a_fixed_number_of_queries(
    client: Client, world: World, what: str, role: str, url: str, most: int
) -> None:
    queries = warm_queries(client, url.format(**world.ids), HTTP_AUTHORIZATION=f"Bearer {world.tokens[role]}")
    assert not [q for q in queries if "accounts_apitoken" in q], "the token is resolved from the cache"
    assert len(queries) <= most, "\n".join(queries)
