"""Ordinary bad input is refused at the schema layer in the API's error shape, never a 500
(issue 8, item 2; the limits are in docs/decisions/0009-input-limits.md)."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client

from naker.insights.models import AdoptionTarget
from naker.learning import demo
from naker.organizations.models import Organization
from tests.factories import UserFactory, make_org, make_worker, officer_of

pytestmark = pytest.mark.django_db

TARGET = {
    "name": "Launch",
    "scope": "nation",
    "scope_code": "",
    "metric": "registered",
    "goal": 5000,
    "start_date": "2026-06-01",
    "due_date": "2026-08-31",
}
COURSE = {
    "code": "las-dasar",
    "title": "Las dasar",
    "summary": "Belajar las",
    "theme": "industry",
    "estimated_hours": 8,
}


def post(client: Client, url: str, data: object, headers: dict[str, str] | None = None, method: str = "post"):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json", **(headers or {}))


def fields_of(response) -> dict[str, str]:
    body = response.json()
    assert set(body) == {"code", "message", "errors"}, body
    return {e["field"]: e["message"] for e in body["errors"]}


@pytest.fixture
def admin_h(client, token_for):
    return token_for(UserFactory(is_staff=True))


@pytest.fixture
def staff_h(client, token_for):
    demo.ensure_skills()
    provider = make_org("lpk-terampil", kind=Organization.Kind.PROVIDER, level=Organization.Level.SINGLE)
    return token_for(officer_of(provider))


@pytest.mark.parametrize("goal", [2**31, 2**63, 10**30])
def test_a_goal_beyond_the_column_is_refused_naming_the_field(client, admin_h, goal):
    response = post(client, "/api/v1/targets", {**TARGET, "goal": goal}, admin_h)
    assert response.status_code == 422
    assert "goal" in fields_of(response)
    assert not AdoptionTarget.objects.exists()


def test_the_largest_goal_the_column_holds_is_accepted(client, admin_h):
    assert post(client, "/api/v1/targets", {**TARGET, "goal": 2**31 - 1}, admin_h).status_code == 201


@pytest.mark.parametrize(
    ("field", "value"), [("start_date", "0001-01-01"), ("start_date", "1899-12-31"), ("due_date", "9999-12-31")]
)
def test_a_target_date_outside_1900_to_2100_is_refused_and_not_saved(client, admin_h, field, value):
    response = post(client, "/api/v1/targets", {**TARGET, field: value}, admin_h)
    assert response.status_code == 422
    assert field in fields_of(response)
    assert not AdoptionTarget.objects.exists()


def test_one_target_saved_with_year_1_does_not_break_the_lists(client, admin_h):
    admin = UserFactory(is_staff=True)
    client.force_login(admin)
    good = AdoptionTarget.objects.create(
        name="good", scope="nation", metric="registered", goal=10, start_date=datetime.date(2026, 1, 1),
        due_date=datetime.date(2026, 12, 31), created_by=admin,
    )  # fmt: skip
    bad = AdoptionTarget.objects.create(
        name="bad", scope="nation", metric="registered", goal=10, start_date=datetime.date(1, 1, 1),
        due_date=datetime.date(2026, 12, 31), created_by=admin,
    )  # fmt: skip
    listed = client.get("/api/v1/targets", **admin_h)
    assert listed.status_code == 200
    rows = {t["name"]: t for t in listed.json()}
    assert rows["good"]["measurable"] is True
    assert rows["bad"]["measurable"] is False
    assert client.get(f"/api/v1/targets/{bad.pk}", **admin_h).status_code == 200
    assert client.get("/target/").status_code == 200
    assert client.get(f"/target/{bad.pk}/").status_code == 200
    assert client.get(f"/target/{good.pk}/").status_code == 200


def test_the_target_form_refuses_year_1(client):
    admin = UserFactory(is_staff=True)
    client.force_login(admin)
    data = {**TARGET, "start_date": "0001-01-01", "goal": "10"}
    response = client.post("/target/", data)
    assert response.status_code in (200, 422)
    assert not AdoptionTarget.objects.exists()


def test_a_price_beyond_the_column_is_refused(client, staff_h):
    response = post(client, "/api/v1/providers/lpk-terampil/courses", {**COURSE, "price_idr": 10**30}, staff_h)
    assert response.status_code == 422
    assert "price_idr" in fields_of(response)


@pytest.mark.parametrize(("field", "value"), [("sector", "ZZ"), ("skills", ["no-such-skill"]), ("theme", "x" * 20)])
def test_unknown_codes_of_a_new_course_are_refused_naming_the_field(client, staff_h, field, value):
    response = post(client, "/api/v1/providers/lpk-terampil/courses", {**COURSE, field: value}, staff_h)
    assert response.status_code == 422
    assert field in fields_of(response)


def test_a_package_nested_100000_deep_is_a_malformed_body(client, staff_h):
    body = "[" * 100_000 + "]" * 100_000
    response = client.put("/api/v1/providers/lpk-terampil/packages", body, content_type="application/json", **staff_h)
    assert response.status_code == 400
    assert response.json()["code"] == "malformed"


def test_a_class_in_year_9999_with_an_offset_is_refused(client, staff_h):
    post(client, "/api/v1/providers/lpk-terampil/courses", {**COURSE, "mode": "offline"}, staff_h)
    session = {
        "starts_at": "9999-12-31T23:00:00-05:00",
        "ends_at": "9999-12-31T23:30:00-05:00",
        "venue": "BLK Bekasi",
        "regency_code": "32.75",
        "capacity": 20,
    }
    response = post(client, "/api/v1/courses/las-dasar/sessions", session, staff_h)
    assert response.status_code == 422
    assert {"starts_at", "ends_at"} <= set(fields_of(response))


def test_a_json_body_over_the_limit_is_413_in_the_error_shape(client, settings):
    body = json.dumps({"login": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1), "password": "y"})
    response = client.post("/api/v1/auth/token", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["code"] == "too_big"
    assert set(response.json()) == {"code", "message", "errors"}


def test_a_form_over_the_limit_is_413_on_a_page(client, settings):
    response = client.post("/akun/masuk/", {"username": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})
    assert response.status_code == 413


def test_multipart_without_a_boundary_on_login_is_400_in_the_error_shape(client):
    make_worker(phone="081234567890")
    body = json.dumps({"login": "081234567890", "password": "wrong"})
    response = client.post("/api/v1/auth/token", body, content_type="multipart/form-data")
    assert response.status_code == 400
    assert response.json()["code"] == "malformed"


def nul_cases():
    """A NUL in one string field of a request of each kind, and the field the answer must name."""
    return [
        ("/api/v1/auth/token", {"login": "0812\x00", "password": "x"}, "login", None),
        ("/api/v1/auth/nik-check", {"nik": "3275\x0015708900003"}, "nik", None),
        (
            "/api/v1/auth/register",
            {
                "full_name": "Siti\x00",
                "phone": "081234567890",
                "password": "Belajar-las-2026",
                "nik": "3275015708900003",
                "regency_code": "32.75",
                "consent": True,
            },
            "full_name",
            None,
        ),
        ("/api/v1/auth/register", {"goals": ["digital\x00"]}, "goals", None),
        ("/api/v1/targets", {**TARGET, "name": "x\x00"}, "name", "admin"),
        ("/api/v1/providers/lpk-terampil/courses", {**COURSE, "title": "\x00"}, "title", "staff"),
        ("/api/v1/attempts/1/submission", {"answers": {"1\x00": [1]}}, "answers", "admin"),
    ]


@pytest.mark.postgres
@pytest.mark.parametrize(("url", "data", "field", "who"), nul_cases())
def test_a_nul_byte_in_any_string_is_refused_naming_the_field(client, admin_h, staff_h, url, data, field, who):
    headers = {"admin": admin_h, "staff": staff_h}.get(who or "", {})
    response = post(client, url, data, headers)
    assert response.status_code == 422, response.content
    assert any(f == field or f.startswith(field + ".") for f in fields_of(response)), response.json()


@pytest.mark.postgres
def test_a_nul_byte_in_a_path_or_query_parameter_is_refused(client, admin_h):
    assert client.get("/api/v1/orgs/ksb%00si", **admin_h).status_code == 422
    assert client.get("/api/v1/courses/las%00", **admin_h).status_code == 422
    assert client.get("/api/v1/courses?q=las%00", **admin_h).status_code == 422
    assert client.get("/api/v1/insights/dashboard?scope=nation%00", **admin_h).status_code == 422


@pytest.mark.postgres
def test_a_nul_byte_in_a_page_form_is_refused_not_a_500(client):
    client.raise_request_exception = False
    assert client.post("/akun/masuk/", {"username": "0812\x00", "password": "x"}).status_code < 500
    assert client.get("/kursus/?q=las%00").status_code < 500
    assert client.post("/akun/daftar/", {"full_name": "Siti\x00", "nik": "3275015708900003"}).status_code < 500


@pytest.mark.parametrize("where", ["nik-check", "register", "page"])
def test_a_superscript_digit_in_a_nik_is_not_a_server_error(client, where):
    client.raise_request_exception = False
    nik = "317101\u00b2708900001"
    if where == "nik-check":
        response = post(client, "/api/v1/auth/nik-check", {"nik": nik})
    elif where == "register":
        response = post(
            client,
            "/api/v1/auth/register",
            {"full_name": "Siti", "phone": "081234567891", "password": "Belajar-las-2026", "nik": nik,
             "regency_code": "31.71", "consent": True},
        )  # fmt: skip
    else:
        response = client.post(
            "/akun/daftar/",
            {"full_name": "Siti", "phone": "081234567891", "password": "Belajar-las-2026", "nik": nik,
             "province": "31", "regency_code": "31.71", "consent": "on"},
        )  # fmt: skip
    assert response.status_code < 500


def test_a_crash_in_an_api_operation_answers_500_in_the_error_shape(client, monkeypatch):
    from naker.regions import selectors

    def crash() -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(selectors, "provinces", crash)
    client.raise_request_exception = False
    response = client.get("/api/v1/regions/provinces")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "message", "errors"}
    assert body["code"] == "server_error"
    assert "Traceback" not in response.content.decode() and "a bug" not in response.content.decode()
