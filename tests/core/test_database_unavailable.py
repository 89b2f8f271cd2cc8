"""A database that cannot answer (restarted, unreachable) gives 503 + Retry-After, never a 500.

On PostgreSQL the connection is pointed at a closed port and put back afterwards: the same client is
then served again, with nothing restarted. SQLite's test database lives in memory and cannot be
closed, so there every new cursor fails as a missing database file does. The production layout's
fault test restarts a real PostgreSQL (tests/faults).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import OperationalError, connection
from django.test import Client, RequestFactory

from naker.core import pages

pytestmark = pytest.mark.django_db(transaction=True)


@contextlib.contextmanager
def no_database() -> Iterator[None]:
    if connection.vendor == "sqlite":

        def refuse(*args: Any, **kwargs: Any) -> Any:
            raise sqlite3.OperationalError("unable to open database file")

        original = connection.create_cursor
        connection.create_cursor = refuse  # type: ignore[method-assign]
        try:
            yield
        finally:
            connection.create_cursor = original  # type: ignore[method-assign]
        return
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["HOST"] = "127.0.0.1"
    connection.settings_dict["PORT"] = "9"  # discard: nothing listens there
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


@pytest.fixture
def database_gone() -> Iterator[None]:
    with no_database():
        yield


def _no_traceback(body: str) -> None:
    assert "Traceback" not in body and "OperationalError" not in body and "psycopg" not in body


def test_a_page_answers_503_with_retry_after_in_the_site_layout(database_gone: None) -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/kursus/", HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    body = response.content.decode()
    _no_traceback(body)
    assert "Kadin for Naker" in body and 'name="viewport"' in body
    assert "Coba lagi" in body or "coba lagi" in body


def test_the_api_answers_503_in_its_error_shape(database_gone: None) -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/regions/provinces")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == "unavailable" and body["message"] and body["errors"] == []
    _no_traceback(response.content.decode())


def test_a_login_post_during_the_outage_is_503_not_500() -> None:
    """The session is read and written outside the view: Django's 500 handler answers 503 too."""
    client = Client(raise_request_exception=False)
    client.get("/akun/masuk/")
    with no_database():
        response = client.post("/akun/masuk/", {"username": "081234567890", "password": "x"})
    assert response.status_code == 503
    assert response["Retry-After"]
    _no_traceback(response.content.decode())


def test_service_recovers_without_a_restart() -> None:
    client = Client(raise_request_exception=False)
    with no_database():
        assert client.get("/api/v1/regions/provinces").status_code == 503
    response = client.get("/api/v1/regions/provinces")
    assert response.status_code == 200
    assert response.json()


def test_the_500_handler_answers_503_for_a_database_error_in_hand() -> None:
    request = RequestFactory().get("/api/v1/me")
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = pages.server_error(request)
    assert response.status_code == 503 and response["Retry-After"]
    request = RequestFactory().get("/kursus/")
    try:
        raise ValueError("a bug")
    except ValueError:
        response = pages.server_error(request)
    assert response.status_code == 500
