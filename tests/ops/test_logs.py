"""Structured logs: one JSON line per request with its id, user, route, status and duration, and no
personal data anywhere: not in the path, the query, a form, nor an exception's message."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from naker.core.jsonlog import JsonFormatter, scrub
from tests.factories import PASSWORD, make_worker

pytestmark = pytest.mark.django_db
NIK = "3171015708900001"
PHONE = "+6281344445555"


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """Everything every logger writes, at every level, through the production formatter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield stream
    root.removeHandler(handler)
    root.setLevel(old_level)


def lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def test_one_line_per_request_with_id_user_route_status_duration(client: Any, json_log: io.StringIO) -> None:
    worker = make_worker(nik=NIK, phone=PHONE)
    client.force_login(worker)
    response = client.get(f"/api/v1/regions/provinces/31/regencies?q={NIK}", HTTP_X_REQUEST_ID="abc123def456")
    assert response["X-Request-ID"] == "abc123def456"
    [entry] = [e for e in lines(json_log) if e["logger"] == "naker.request"]
    assert entry["request_id"] == "abc123def456"
    assert entry["user_id"] == worker.pk
    assert entry["route"].startswith("/api/v1/") and "{" not in entry["route"] and "31" not in entry["route"]
    assert (entry["method"], entry["status"]) == ("GET", 200)
    assert entry["duration_ms"] >= 0


def test_no_nik_phone_or_name_in_the_logs_of_a_worker_session(client: Any, json_log: io.StringIO) -> None:
    worker = make_worker(nik=NIK, phone=PHONE)
    json_log.seek(0)
    json_log.truncate()  # what the test's own factories logged; from here on, only the site's logs
    client.post("/akun/masuk/", {"username": "0813-4444-5555", "password": "wrong password"})  # refused, logged
    client.post("/akun/masuk/", {"username": "0813-4444-5555", "password": PASSWORD})
    client.get("/akun/saya/")
    client.get(f"/kursus/?q={NIK}+{worker.full_name}")
    client.post("/api/v1/auth/token", {"login": PHONE, "password": PASSWORD}, content_type="application/json")
    text = json_log.getvalue()
    assert '"naker.request"' in text
    for secret in (NIK, PHONE, "081344445555", "0813-4444-5555", worker.full_name):
        assert secret not in text, secret


def test_an_exception_is_logged_by_type_and_place_never_by_its_message(json_log: io.StringIO) -> None:
    try:
        raise ValueError(f'duplicate key (phone)=({PHONE}) for "Budi Santoso"')
    except ValueError:
        logging.getLogger("naker.test").exception("saving failed")
    [entry] = lines(json_log)
    assert entry["exception"] == "ValueError" and entry["where"]
    assert PHONE not in json_log.getvalue() and "Budi" not in json_log.getvalue()


def test_messages_are_scrubbed_of_anything_shaped_like_personal_data() -> None:
    text = scrub(f"NIK {NIK}, HP 0813-4444-5555 / {PHONE}, budi@contoh.id, Authorization: Bearer abc.def-ghi")
    assert text == "NIK [nik], HP [phone] / [phone], [email], Authorization: Bearer [token]"
