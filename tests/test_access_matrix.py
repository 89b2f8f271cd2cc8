"""Every API endpoint against every role: only the allowed ones succeed (DESIGN.md §4).

The world: worker W is a member of branch ksbsi-dki and lives in Jakarta (province 31).
"""

from __future__ import annotations

import pytest

from naker.organizations.models import Organization
from tests.factories import UserFactory, add_member, make_org, make_worker, officer_of

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "worker", "own_officer", "other_branch_officer", "other_region_chamber_officer", "admin"]
EVERYONE = set(ROLES)
LOGGED_IN = EVERYONE - {"anonymous"}
OVERSEERS = {"own_officer", "admin"}

# (method, path, body, roles that succeed)
ENDPOINTS = [
    ("get", "/api/v1/health", None, EVERYONE),
    ("get", "/api/v1/health/ready", None, EVERYONE),
    ("get", "/api/v1/regions/provinces", None, EVERYONE),
    ("get", "/api/v1/regions/provinces/31/regencies", None, EVERYONE),
    ("post", "/api/v1/auth/nik-check", {"nik": "3171015708900001"}, EVERYONE),
    ("get", "/api/v1/me", None, LOGGED_IN),
    ("get", "/api/v1/me/export", None, LOGGED_IN),
    ("delete", "/api/v1/auth/token", None, LOGGED_IN),
    ("get", "/api/v1/orgs/ksbsi-dki", None, OVERSEERS),
    ("get", "/api/v1/orgs/ksbsi-dki/members", None, OVERSEERS),
    ("get", "/api/v1/orgs/ksbsi-dki/members/{worker}/nik", None, OVERSEERS),
    ("post", "/api/v1/orgs/ksbsi-dki/members/{worker}/reset-code", None, OVERSEERS),
    ("get", "/api/v1/orgs/ksbsi-dki/officers", None, OVERSEERS),
    ("post", "/api/v1/orgs/ksbsi-dki/officers", {"login": "+6281266665555", "role": "officer"}, OVERSEERS),
    ("delete", "/api/v1/orgs/ksbsi-dki/officers/{second_officer}", None, OVERSEERS),
    ("get", "/api/v1/courses", None, EVERYONE),
    ("get", "/api/v1/courses/digital-marketing-umkm", None, EVERYONE),
    ("post", "/api/v1/courses/digital-marketing-umkm/enrolment", None, {"worker"}),
    ("get", "/api/v1/me/enrolments", None, LOGGED_IN),
    ("get", "/api/v1/me/attendance-code", None, LOGGED_IN),
    ("get", "/api/v1/courses/digital-marketing-umkm/report", None, {"admin"}),
    ("post", "/api/v1/courses/digital-marketing-umkm/versions", None, {"admin"}),
    ("get", "/api/v1/insights/dashboard?scope=organization:ksbsi-dki", None, OVERSEERS),
    ("get", "/api/v1/insights/dashboard?scope=province:31", None, {"admin"}),
    (
        "post",
        "/api/v1/targets",
        {
            "name": "t",
            "scope": "organization",
            "scope_code": "ksbsi-dki",
            "metric": "registered",
            "goal": 10,
            "start_date": "2026-11-01",
            "due_date": "2027-01-01",
        },
        OVERSEERS,
    ),
]


def _published_course():
    import copy

    from naker.learning import demo, services

    demo.ensure_skills()
    make_org("lpk-terampil", kind=Organization.Kind.PROVIDER, level=Organization.Level.SINGLE)
    editor = UserFactory(is_staff=True)
    package = copy.deepcopy(next(p for _o, p in demo.DEMO_COURSES if p["code"] == "digital-marketing-umkm"))
    services.import_package(actor=editor, provider_code="lpk-terampil", package=package, submit=True)
    services.review(admin=editor, course_code="digital-marketing-umkm", approve=True)


@pytest.fixture
def world(client):
    ksbsi = make_org("ksbsi")
    dki = make_org("ksbsi-dki", parent=ksbsi)
    jabar = make_org("ksbsi-jabar", parent=ksbsi)
    kadin = make_org("kadin", kind=Organization.Kind.CHAMBER, level=Organization.Level.NATIONAL)
    kadin_jabar = make_org(
        "kadin-jabar", kind=Organization.Kind.CHAMBER, parent=kadin, level=Organization.Level.PROVINCE, province_id="32"
    )
    worker = make_worker(regency_code="31.71")
    add_member(worker, dki)
    UserFactory(phone="+6281266665555")
    _published_course()
    people = {
        "worker": worker,
        "own_officer": officer_of(dki),
        "other_branch_officer": officer_of(jabar),
        "other_region_chamber_officer": officer_of(kadin_jabar),
        "admin": UserFactory(is_staff=True),
    }
    second_officer = officer_of(dki)
    return people, {"worker": worker.pk, "second_officer": second_officer.pk}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "body", "allowed"), ENDPOINTS, ids=[f"{m} {p}" for m, p, _, _ in ENDPOINTS])
def test_only_allowed_roles_succeed(client, token_for, world, role, method, path, body, allowed):
    people, ids = world
    headers = token_for(people[role]) if role != "anonymous" else {}
    kwargs = {"content_type": "application/json", **headers}
    if body is not None:
        kwargs["data"] = body
    response = getattr(client, method)(path.format(**ids), **kwargs)
    if role in allowed:
        assert response.status_code < 300, (role, response.status_code, response.content)
    else:
        assert response.status_code in (401, 403, 404), (role, response.status_code, response.content)
        if role == "anonymous":
            assert response.status_code == 401
        # a refusal never leaks a person's data
        assert b"3171" not in response.content
