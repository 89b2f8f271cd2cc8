"""Every API operation against every role: each role gets its answer, and no answer carries another
person's name, phone or NIK unless the role may see it (DESIGN.md §4).

The world is tests/matrix_world.py (worker W is a member of branch ksbsi-dki and lives in Jakarta,
province 31), built once for the module; each case calls with the role's bearer token.
`test_every_operation_is_in_the_matrix` fails when the OpenAPI schema has an operation without a
row here.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client

from naker.config.api import api
from naker.learning import demo
from tests.conftest import bearer
from tests.matrix_world import COURSE, DRAFT_COURSE, REVIEWED_COURSE, ROLES, World, module_world

pytestmark = pytest.mark.django_db

PREFIX = "/api/v1"


def answers(default: int, *, anonymous: int = 401, **by_role: int) -> dict[str, int]:
    return {"anonymous": anonymous, **{role: by_role.get(role, default) for role in ROLES if role != "anonymous"}}


def public(status: int) -> dict[str, int]:
    return answers(status, anonymous=status)


LOGGED_IN = answers(200)
OVERSEERS = answers(403, own_officer=200, admin=200)
PROVIDER_STAFF = answers(403, own_provider_staff=200, admin=200)
WORKER_ONLY = answers(404, worker=200)
CERT_SEERS = answers(404, worker=200, lsp_staff=200, assessor=200, admin=200)
LSP_STAFF = answers(403, lsp_staff=200, admin=200)
ONLY_WORKERS = answers(403, worker=200)  # the others have no worker profile: 403
EMPLOYER = answers(403, employer_staff=200)


@dataclass(frozen=True)
class Call:
    method: str
    operation: str  # the path as the OpenAPI schema spells it
    url: str  # with the world's ids to fill in
    expected: dict[str, int]
    body: Any = None
    # roles → people (keys of World.people) whose name, phone and masked NIK that role may get
    sees: dict[str, frozenset[str]] = field(default_factory=dict)
    # roles → people whose whole NIK that role may get
    reveals: dict[str, frozenset[str]] = field(default_factory=dict)


def seen_by(*roles: str, people: set[str]) -> dict[str, frozenset[str]]:
    return {role: frozenset(people) for role in roles}


def _package(code: str) -> dict[str, Any]:
    found = copy.deepcopy(next(p for _o, p in demo.DEMO_COURSES if p["code"] == COURSE))
    return {**found, "code": code, "title": "Kursus Paket Matriks"}


OVERSEEN_MEMBERS = {"worker", "classmate", "imported", "own_officer", "second_officer"}
NEW_TARGET = {
    "name": "t",
    "scope": "organization",
    "scope_code": "ksbsi-dki",
    "metric": "registered",
    "goal": 10,
    "start_date": "2026-11-01",
    "due_date": "2027-01-01",
}

CALLS = [
    # core, regions
    Call("get", "/api/v1/health", "/health", public(200)),
    Call("get", "/api/v1/health/ready", "/health/ready", public(200)),
    Call("get", "/api/v1/regions/provinces", "/regions/provinces", public(200)),
    Call("get", "/api/v1/regions/provinces/{code}/regencies", "/regions/provinces/31/regencies", public(200)),
    # auth
    Call(
        "post",
        "/api/v1/auth/register",
        "/auth/register",
        public(201),
        body={
            "full_name": "Dewi Matrikspendaftar",
            "phone": "081299990001",
            "password": "rahasia-panjang-sekali",
            "nik": "3171015708900999",
            "regency_code": "31.71",
            "consent": True,
        },
    ),
    Call("post", "/api/v1/auth/nik-check", "/auth/nik-check", public(200), body={"nik": "3171015708900001"}),
    Call(
        "post",
        "/api/v1/auth/token",
        "/auth/token",
        public(200),
        body={"login": "{worker_phone}", "password": "naker-demo"},
    ),
    Call("delete", "/api/v1/auth/token", "/auth/token", answers(204)),
    Call(
        "post",
        "/api/v1/auth/reset-with-code",
        "/auth/reset-with-code",
        public(200),
        body={"login": "{worker_phone}", "code": "{reset_code}", "new_password": "sandi-baru-yang-panjang"},
    ),
    # me: the worker's trail of who saw their data names the officer who handed out their reset code
    Call("get", "/api/v1/me", "/me", LOGGED_IN),
    Call(
        "put",
        "/api/v1/me",
        "/me",
        LOGGED_IN,
        body={"full_name": "Nama Baru Matriks", "regency_code": "31.71"},
    ),
    Call("delete", "/api/v1/me", "/me", answers(204), body={"password": "naker-demo"}),
    Call("get", "/api/v1/me/export", "/me/export", LOGGED_IN, sees=seen_by("worker", people={"own_officer"})),
    # privacy operations: anyone asks about their own data; only a platform admin sees and answers the queue
    Call("get", "/api/v1/me/privacy-requests", "/me/privacy-requests", LOGGED_IN),
    Call(
        "post",
        "/api/v1/me/privacy-requests",
        "/me/privacy-requests",
        answers(201),
        body={"kind": "objection", "details": "Saya keberatan data saya dipakai untuk matriks."},
    ),
    Call(
        "get",
        "/api/v1/privacy/requests",
        "/privacy/requests",
        answers(403, admin=200),
        sees=seen_by("admin", people={"worker"}),
    ),
    Call(
        "post",
        "/api/v1/privacy/requests/{request_id}/answer",
        "/privacy/requests/{privacy_request}/answer",
        answers(403, admin=200),
        body={"outcome": "done", "answer": "Sudah ditangani."},
        sees=seen_by("admin", people={"worker"}),
    ),
    # organisations
    Call("get", "/api/v1/orgs/{code}", "/orgs/ksbsi-dki", OVERSEERS),
    Call(
        "get",
        "/api/v1/orgs/{code}/members",
        "/orgs/ksbsi-dki/members",
        OVERSEERS,
        sees=seen_by("own_officer", "admin", people=OVERSEEN_MEMBERS),
    ),
    Call(
        "get",
        "/api/v1/orgs/{code}/members/{user_id}/nik",
        "/orgs/ksbsi-dki/members/{worker}/nik?reason=Mencocokkan+data+anggota",
        OVERSEERS,
        sees=seen_by("own_officer", "admin", people={"worker"}),
        reveals=seen_by("own_officer", "admin", people={"worker"}),
    ),
    # without a reason no one gets it
    Call(
        "get",
        "/api/v1/orgs/{code}/members/{user_id}/nik",
        "/orgs/ksbsi-dki/members/{worker}/nik",
        answers(403, own_officer=422, admin=422),
    ),
    Call(
        "post",
        "/api/v1/orgs/{code}/members/{user_id}/reset-code",
        "/orgs/ksbsi-dki/members/{worker}/reset-code",
        answers(403, own_officer=201, admin=201),
    ),
    Call(
        "post",
        "/api/v1/orgs/{code}/members/{user_id}/unlock",
        "/orgs/ksbsi-dki/members/{worker}/unlock",
        answers(403, own_officer=204, admin=204),
    ),
    Call(
        "get",
        "/api/v1/orgs/{code}/officers",
        "/orgs/ksbsi-dki/officers",
        OVERSEERS,
        sees=seen_by("own_officer", "admin", people={"own_officer", "second_officer"}),
    ),
    Call(
        "post",
        "/api/v1/orgs/{code}/officers",
        "/orgs/ksbsi-dki/officers",
        answers(403, own_officer=201, admin=201),
        body={"login": "+6281266665555", "role": "officer"},
        sees=seen_by("own_officer", "admin", people={"newcomer"}),
    ),
    Call(
        "delete",
        "/api/v1/orgs/{code}/officers/{user_id}",
        "/orgs/ksbsi-dki/officers/{second_officer}",
        answers(403, own_officer=204, admin=204),
    ),
    # learning: the catalogue and the worker's learning
    Call("get", "/api/v1/courses", "/courses", public(200)),
    Call("get", "/api/v1/courses/{code}", f"/courses/{COURSE}", public(200)),
    Call("post", "/api/v1/courses/{code}/enrolment", f"/courses/{COURSE}/enrolment", answers(403, worker=201)),
    Call("delete", "/api/v1/courses/{code}/enrolment", f"/courses/{COURSE}/enrolment", answers(403, worker=200)),
    Call("get", "/api/v1/me/enrolments", "/me/enrolments", LOGGED_IN),
    Call("get", "/api/v1/me/attendance-code", "/me/attendance-code", LOGGED_IN),
    Call("get", "/api/v1/me/classes", "/me/classes", LOGGED_IN),
    Call("get", "/api/v1/lessons/{lesson_id}", "/lessons/{lesson}", WORKER_ONLY),
    Call("post", "/api/v1/lessons/{lesson_id}/done", "/lessons/{lesson}/done", WORKER_ONLY),
    Call("post", "/api/v1/lessons/{lesson_id}/attempts", "/lessons/{quiz}/attempts", answers(404, worker=201)),
    Call(
        "post",
        "/api/v1/attempts/{attempt_id}/submission",
        "/attempts/{attempt}/submission",
        WORKER_ONLY,
        body={"answers": {"{quiz_question}": ["{quiz_choice}"]}},
    ),
    Call("post", "/api/v1/sessions/{session_id}/seat", "/sessions/{session}/seat", answers(403, worker=201)),
    Call("delete", "/api/v1/sessions/{session_id}/seat", "/sessions/{session}/seat", answers(404, worker=204)),
    Call(
        "post",
        "/api/v1/sessions/{session_id}/attendance",
        "/sessions/{session}/attendance",
        PROVIDER_STAFF,
        body={"code": "{classmate_attendance_code}"},
    ),
    # learning: the providers' authoring and figures, the platform's review
    Call(
        "post",
        "/api/v1/providers/{provider}/courses",
        "/providers/lpk-terampil/courses",
        answers(403, own_provider_staff=201, admin=201),
        body={"code": "kursus-baru-matriks", "title": "Kursus Baru", "summary": "Ringkas.", "theme": "digital"}
        | {"estimated_hours": "2"},
    ),
    Call(
        "put",
        "/api/v1/providers/{provider}/packages",
        "/providers/lpk-terampil/packages",
        PROVIDER_STAFF,
        body=_package("paket-matriks"),
    ),
    Call("post", "/api/v1/courses/{code}/submission", f"/courses/{DRAFT_COURSE}/submission", PROVIDER_STAFF),
    Call(
        "post",
        "/api/v1/courses/{code}/review",
        f"/courses/{REVIEWED_COURSE}/review",
        answers(403, admin=200),
        body={"approve": True},
    ),
    Call(
        "post",
        "/api/v1/courses/{code}/versions",
        f"/courses/{COURSE}/versions",
        answers(403, own_provider_staff=201, admin=201),
    ),
    Call(
        "post",
        "/api/v1/courses/{code}/sessions",
        f"/courses/{COURSE}/sessions",
        answers(403, own_provider_staff=201, admin=201),
        body={
            "starts_at": "2027-02-01T09:00:00+07:00",
            "ends_at": "2027-02-01T12:00:00+07:00",
            "venue": "Ruang Matriks",
            "regency_code": "31.71",
            "capacity": 10,
        },
    ),
    Call("get", "/api/v1/courses/{code}/report", f"/courses/{COURSE}/report", PROVIDER_STAFF),
    # credentials: W's certificate. Verifying it tells anyone whether it holds, not whose it is (the
    # signed credential names its holder by a salted hash only)
    Call("get", "/api/v1/me/credentials", "/me/credentials", LOGGED_IN),
    Call("get", "/api/v1/credentials/{credential_id}", "/credentials/{credential}", WORKER_ONLY),
    Call("get", "/api/v1/credentials/{credential_id}", "/credentials/{missing_credential}", answers(404)),
    Call("get", "/api/v1/credentials/{credential_id}/pdf", "/credentials/{credential}/pdf", WORKER_ONLY),
    Call("get", "/api/v1/credentials/{credential_id}/pdf", "/credentials/{credential}/pdf?layout=phone", WORKER_ONLY),
    Call(
        "post",
        "/api/v1/credentials/{credential_id}/revoke",
        "/credentials/{credential}/revoke",
        answers(403, own_provider_staff=200, admin=200),
        body={"reason": "Dicabut dalam uji matriks."},
    ),
    Call(
        "post",
        "/api/v1/credentials/{credential_id}/revoke",
        "/credentials/{missing_credential}/revoke",
        answers(404),
        body={"reason": "Dicabut dalam uji matriks."},
    ),
    Call(
        "post",
        "/api/v1/credentials/verify",
        "/credentials/verify",
        public(200),
        body={"jwt": "{credential_jwt}"},
    ),
    Call("post", "/api/v1/credentials/verify", "/credentials/verify", public(200), body={"jwt": "bukan.sebuah.jwt"}),
    # competency certification: W's application (accepted, scheduled with the assessor, one PDF of
    # evidence) to lsp-matriks; B's (submitted, no assessor). The worker, the LSP's staff (and admin)
    # and the assigned assessor see W's; the assessor never sees B's.
    Call("get", "/api/v1/certification/schemes", "/certification/schemes", public(200)),
    Call("get", "/api/v1/certification/schemes/{scheme_id}", "/certification/schemes/{scheme}", public(200)),
    Call("get", "/api/v1/certification/schemes/{scheme_id}", "/certification/schemes/999999", public(404)),
    Call(
        "post",
        "/api/v1/certification/schemes/{scheme_id}/applications",
        "/certification/schemes/{scheme}/applications",
        answers(403, worker=409),
        body={"purpose": "new"},
    ),
    Call("get", "/api/v1/me/certification/applications", "/me/certification/applications", LOGGED_IN),
    Call(
        "get",
        "/api/v1/certification/applications/{application_id}",
        "/certification/applications/{cert_application}",
        CERT_SEERS,
        sees={
            **seen_by("lsp_staff", "admin", people={"worker", "assessor"}),
            **seen_by("worker", people={"assessor"}),
            **seen_by("assessor", people={"worker"}),
        },
    ),
    Call(
        "get",
        "/api/v1/certification/applications/{application_id}",
        "/certification/applications/{other_cert_application}",
        answers(404, lsp_staff=200, admin=200),
        sees=seen_by("lsp_staff", "admin", people={"classmate"}),
    ),
    Call(
        "post",
        "/api/v1/certification/applications/{application_id}/evidence",
        "/certification/applications/{cert_application}/evidence",
        answers(422),  # a JSON body carries no file: refused before anything is looked up
        body={},
    ),
    Call("get", "/api/v1/certification/evidence/{evidence_id}", "/certification/evidence/{evidence}", CERT_SEERS),
    Call(
        "post",
        "/api/v1/certification/applications/{application_id}/resubmission",
        "/certification/applications/{cert_application}/resubmission",
        answers(404, worker=409),
    ),
    Call(
        "post",
        "/api/v1/certification/applications/{application_id}/appeal",
        "/certification/applications/{cert_application}/appeal",
        answers(404, worker=409),
        body={"text": "Banding matriks."},
    ),
    Call(
        "post",
        "/api/v1/certification/applications/{application_id}/check",
        "/certification/applications/{other_cert_application}/check",
        answers(404, lsp_staff=200, admin=200),
        body={"outcome": "complete"},
        sees=seen_by("lsp_staff", "admin", people={"classmate"}),
    ),
    Call(
        "post",
        "/api/v1/certification/applications/{application_id}/check",
        "/certification/applications/{cert_application}/check",
        answers(404, worker=403, assessor=403, lsp_staff=409, admin=409),
        body={"outcome": "complete"},
    ),
    Call(
        "post",
        "/api/v1/certification/applications/{application_id}/schedule",
        "/certification/applications/{cert_application}/schedule",
        answers(404, worker=403, assessor=403, lsp_staff=200, admin=200),
        body={"at": "2030-01-07T09:00:00+07:00", "venue_id": "{venue}", "assessor_id": "{assessor_id}"},
        sees=seen_by("lsp_staff", "admin", people={"worker"}),
    ),
    Call(
        "post",
        "/api/v1/certification/applications/{application_id}/assessment",
        "/certification/applications/{cert_application}/assessment",
        answers(404, worker=403, lsp_staff=403, admin=403, assessor=200),
        body={"results": {"LOG.OO01.002.01": {"result": "K", "methods": ["observation"]}}},
        sees=seen_by("assessor", people={"worker"}),
    ),
    Call(
        "post",
        "/api/v1/certification/applications/{application_id}/decision",
        "/certification/applications/{cert_application}/decision",
        answers(404, worker=403, assessor=403, lsp_staff=409, admin=409),
        body={},
    ),
    Call(
        "get",
        "/api/v1/me/assessments",
        "/me/assessments",
        LOGGED_IN,
        sees=seen_by("assessor", people={"worker"}),
    ),
    Call(
        "get",
        "/api/v1/certification/lsps/{lsp_code}",
        "/certification/lsps/lsp-matriks",
        LSP_STAFF,
        sees=seen_by("lsp_staff", "admin", people={"assessor"}),
    ),
    Call(
        "get",
        "/api/v1/certification/lsps/{lsp_code}/applications",
        "/certification/lsps/lsp-matriks/applications",
        LSP_STAFF,
        sees=seen_by("lsp_staff", "admin", people={"worker", "classmate"}),
    ),
    Call(
        "post",
        "/api/v1/certification/lsps/{lsp_code}/schemes",
        "/certification/lsps/lsp-matriks/schemes",
        answers(403, lsp_staff=201, admin=201),
        body={"code": "SKM-02", "name": "Skema Baru", "kind": "cluster", "unit_codes": ["LOG.OO01.003.01"]},
    ),
    Call(
        "post",
        "/api/v1/certification/lsps/{lsp_code}/venues",
        "/certification/lsps/lsp-matriks/venues",
        answers(403, lsp_staff=201, admin=201),
        body={"name": "TUK Baru", "kind": "workplace", "regency_code": "31.71"},
    ),
    Call(
        "post",
        "/api/v1/certification/lsps/{lsp_code}/assessors",
        "/certification/lsps/lsp-matriks/assessors",
        answers(403, lsp_staff=201, admin=201),
        body={"login": "+6281266665555", "registration_number": "MET.000.000002.2026"},
        sees=seen_by("lsp_staff", "admin", people={"newcomer"}),
    ),
    Call("get", "/api/v1/providers/{provider}/certificates", "/providers/lpk-terampil/certificates", PROVIDER_STAFF),
    # insights
    Call(
        "get",
        "/api/v1/insights/dashboard",
        "/insights/dashboard?scope=organization:ksbsi-dki",
        OVERSEERS,
    ),
    Call("get", "/api/v1/insights/dashboard", "/insights/dashboard?scope=province:31", answers(403, admin=200)),
    # refused to whoever has no scope (a worker, a company's or an LSP's staff), as the page /target/
    Call(
        "get",
        "/api/v1/targets",
        "/targets",
        answers(200, worker=403, employer_staff=403, lsp_staff=403, assessor=403),
        sees=seen_by("own_officer", "admin", people={"dki_target"}),
    ),
    Call("post", "/api/v1/targets", "/targets", answers(403, own_officer=201, admin=201), body=NEW_TARGET),
    Call(
        "get",
        "/api/v1/targets/{target_id}",
        "/targets/{target}",
        answers(404, own_officer=200, admin=200),
        sees=seen_by("own_officer", "admin", people={"dki_target"}),
    ),
    # matching (issue 11): the taxonomy, a worker's skills, preferences, matches, invitations and
    # paths; an employer's candidates (B's contact details, since B accepted; W stays anonymous)
    Call("get", "/api/v1/skills", "/skills?q=digital", public(200)),
    Call("get", "/api/v1/me/skills", "/me/skills", ONLY_WORKERS),
    Call("post", "/api/v1/me/skills", "/me/skills", answers(403, worker=201), body={"code": "NK-LAS-01"}),
    Call("post", "/api/v1/me/skills", "/me/skills", answers(403, worker=422), body={"code": "TIDAK-ADA"}),
    Call("delete", "/api/v1/me/skills/{code}", "/me/skills/NK-LAS-01", answers(403, worker=204)),
    Call("get", "/api/v1/me/job-preferences", "/me/job-preferences", ONLY_WORKERS),
    Call(
        "put",
        "/api/v1/me/job-preferences",
        "/me/job-preferences",
        ONLY_WORKERS,
        body={"kinds": ["job"], "regency_codes": ["31.71"], "findable": True},
    ),
    Call("get", "/api/v1/me/matches", "/me/matches", ONLY_WORKERS),
    Call("get", "/api/v1/me/matches", "/me/matches?region=31&kind=job&verified_only=true", ONLY_WORKERS),
    Call(
        "get",
        "/api/v1/opportunities/{opportunity_id}/candidates",
        "/opportunities/{matched_opportunity}/candidates",
        EMPLOYER,
        sees=seen_by("employer_staff", people={"classmate"}),
    ),
    Call("get", "/api/v1/opportunities/{opportunity_id}/candidates", "/opportunities/999999/candidates", answers(404)),
    Call(
        "post",
        "/api/v1/opportunities/{opportunity_id}/invitations",
        "/opportunities/{matched_opportunity}/invitations",
        answers(403, employer_staff=201),
        body={"worker_id": "{worker}", "message": "Silakan melamar"},
    ),
    Call("get", "/api/v1/me/invitations", "/me/invitations", ONLY_WORKERS),
    Call("post", "/api/v1/invitations/{invitation_id}/accept", "/invitations/{invitation}/accept", ONLY_WORKERS),
    Call("post", "/api/v1/invitations/{invitation_id}/decline", "/invitations/{invitation}/decline", ONLY_WORKERS),
    Call(
        "get",
        "/api/v1/opportunities/{opportunity_id}/learning-path",
        "/opportunities/{matched_opportunity}/learning-path?near=true",
        ONLY_WORKERS,
    ),
    Call(
        "post",
        "/api/v1/opportunities/{opportunity_id}/learning-path/enrol",
        "/opportunities/{matched_opportunity}/learning-path/enrol",
        ONLY_WORKERS,
    ),
    Call("get", "/api/v1/occupations/{code}/learning-path", "/occupations/2/learning-path", ONLY_WORKERS),
    Call("post", "/api/v1/occupations/{code}/learning-path/enrol", "/occupations/2/learning-path/enrol", ONLY_WORKERS),
]


STAFF_OF_THE_COMPANY = answers(403, employer_staff=200, admin=200)
JOB_BODY = {
    "kind": "job",
    "title": "Juru Las SMAW",
    "description": "Mengelas rangka baja.",
    "regency_code": "32.75",
    "openings": 2,
    "skills": [{"code": "NK-LAS-01", "required": True}, {"code": "NK-LAS-02", "required": False}],
    "pay_min": 4500000,
    "pay_max": 5500000,
    "closes_on": "2099-01-31",
}
CALLS += [
    # jobs: anyone browses published posts; a pending one only its company's staff and the admin see
    Call("get", "/api/v1/opportunities", "/opportunities?q=matriks&kind=job&regency=32.75", public(200)),
    Call("get", "/api/v1/opportunities/{opportunity_id}", "/opportunities/{opportunity}", public(200)),
    Call(
        "get",
        "/api/v1/opportunities/{opportunity_id}",
        "/opportunities/{pending_opportunity}",
        answers(404, anonymous=404, employer_staff=200, admin=200),
    ),
    Call(
        "post",
        "/api/v1/employers/{code}/opportunities",
        "/employers/pt-matriks/opportunities",
        answers(403, employer_staff=201, admin=201),
        body=JOB_BODY,
    ),
    Call(
        "post",
        "/api/v1/employers/{code}/opportunities",
        "/employers/ksbsi-dki/opportunities",
        answers(404),
        body=JOB_BODY,
    ),
    Call("get", "/api/v1/employers/{code}/opportunities", "/employers/pt-matriks/opportunities", STAFF_OF_THE_COMPANY),
    Call(
        "put",
        "/api/v1/opportunities/{opportunity_id}",
        "/opportunities/{pending_opportunity}",
        STAFF_OF_THE_COMPANY,
        body=JOB_BODY,
    ),
    Call(
        "post",
        "/api/v1/opportunities/{opportunity_id}/close",
        "/opportunities/{opportunity}/close",
        STAFF_OF_THE_COMPANY,
    ),
    Call(
        "post",
        "/api/v1/opportunities/{opportunity_id}/review",
        "/opportunities/{pending_opportunity}/review",
        answers(403, admin=200),
        body={"decision": "publish"},
    ),
    # kadin-jabar's officer vouches for its region's member company
    Call(
        "post",
        "/api/v1/opportunities/{opportunity_id}/vouch",
        "/opportunities/{opportunity}/vouch",
        answers(403, other_region_chamber_officer=200),
        body={},
    ),
    Call(
        "post",
        "/api/v1/opportunities/{opportunity_id}/karirhub-report",
        "/opportunities/{opportunity}/karirhub-report",
        STAFF_OF_THE_COMPANY,
        body={},
    ),
    Call(
        "put",
        "/api/v1/opportunities/{opportunity_id}/commitment",
        "/opportunities/{opportunity}/commitment",
        STAFF_OF_THE_COMPANY,
        body={"course_codes": [COURSE], "interview_by": "2099-06-01"},
    ),
    Call(
        "post",
        "/api/v1/opportunities/{opportunity_id}/auto-apply",
        "/opportunities/{opportunity}/auto-apply",
        answers(403, worker=200),
    ),
    # W applied already: the same application (200); no one else is a worker
    Call(
        "post",
        "/api/v1/opportunities/{opportunity_id}/applications",
        "/opportunities/{opportunity}/applications",
        answers(403, worker=200),
        body={},
    ),
    Call("get", "/api/v1/me/applications", "/me/applications", LOGGED_IN),
    Call(
        "get",
        "/api/v1/opportunities/{opportunity_id}/applications",
        "/opportunities/{opportunity}/applications",
        STAFF_OF_THE_COMPANY,
        sees=seen_by("employer_staff", "admin", people={"worker"}),
    ),
    Call("delete", "/api/v1/applications/{application_id}", "/applications/{application}", answers(404, worker=200)),
    Call(
        "post",
        "/api/v1/applications/{application_id}/stage",
        "/applications/{application}/stage",
        STAFF_OF_THE_COMPANY,
        body={"stage": "shortlisted"},
        sees=seen_by("employer_staff", "admin", people={"worker"}),
    ),
    Call(
        "put",
        "/api/v1/employers/{code}/licence",
        "/employers/pt-matriks/licence",
        answers(403, admin=200),
        body={"number": "KEP.1/2024", "valid_from": "2024-01-01", "valid_until": "2099-01-01"},
    ),
    Call(
        "post",
        "/api/v1/employers/{code}/flags",
        "/employers/pt-matriks/flags",
        answers(403, own_officer=201, other_branch_officer=201),
        body={"reason": "Poster ini meminta uang dari pelamar."},
    ),
    Call("get", "/api/v1/flags", "/flags", answers(403, admin=200)),
    Call(
        "post",
        "/api/v1/flags/{flag_id}/resolution",
        "/flags/{flag}/resolution",
        answers(403, admin=200),
        body={"resolution": "Diperiksa."},
    ),
    Call(
        "get", "/api/v1/employers/{code}/karirhub", "/employers/pt-matriks/karirhub?format=xlsx", STAFF_OF_THE_COMPANY
    ),
    Call("get", "/api/v1/employers/{code}/dashboard", "/employers/pt-matriks/dashboard", STAFF_OF_THE_COMPANY),
    Call(
        "get",
        "/api/v1/placements/report",
        "/placements/report",
        answers(403, own_officer=200, other_branch_officer=200, other_region_chamber_officer=200, admin=200),
    ),
]


def test_every_operation_is_in_the_matrix() -> None:
    schema = api.get_openapi_schema()
    operations = {(method, path) for path, ops in schema["paths"].items() for method in ops}
    listed = {(c.method, c.operation) for c in CALLS}
    assert sorted(operations - listed) == [], "a new API operation: add it to CALLS with the answer of each role"
    assert sorted(listed - operations) == [], "an API operation is gone: remove it from CALLS"


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    yield from module_world(django_db_blocker)


def _filled(value: Any, ids: dict[str, Any]) -> Any:
    if isinstance(value, str) and value.startswith("{") and value.endswith("}") and value[1:-1] in ids:
        return ids[value[1:-1]]
    if isinstance(value, dict):
        return {str(_filled(k, ids)): _filled(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_filled(v, ids) for v in value]
    return value


def _cases() -> Iterator[Any]:
    for call in CALLS:
        for role in ROLES:
            yield pytest.param(call, role, id=f"{call.method.upper()} {call.url} {role}")


@pytest.mark.parametrize(("call", "role"), list(_cases()))
def test_each_role_gets_its_answer_and_no_one_elses_data(client: Client, world: World, call: Call, role: str) -> None:
    headers = bearer(world.tokens[role]) if role != "anonymous" else {}
    kwargs: dict[str, Any] = {"content_type": "application/json", **headers}
    if call.body is not None:
        kwargs["data"] = _filled(call.body, world.ids)
    response = getattr(client, call.method)(PREFIX + call.url.format(**world.ids), **kwargs)
    # a PDF is not UTF-8; an evidence file is streamed
    content = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    body = content.decode(errors="replace")
    assert response.status_code == call.expected[role], (role, response.status_code, body[:300])

    ok = response.status_code < 300
    allowed = call.sees.get(role, frozenset()) if ok else frozenset()
    revealed = call.reveals.get(role, frozenset()) if ok else frozenset()
    assert [key for key in allowed if not any(s in body for s in world.people[key].secrets())] == []
    for key, person in world.people.items():
        if key == role:
            continue
        if key in revealed:
            continue
        forbidden = [person.nik] if key in allowed else person.secrets()
        leaked = [s for s in forbidden if s and s in body]
        assert not leaked, f"{role} gets {key}'s {leaked} from {call.method.upper()} {call.url}"
    if not ok:
        # a refusal never leaks a person's data
        assert "3171" not in body
