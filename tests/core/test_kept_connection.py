"""A kept PostgreSQL connection is checked by the request's first statement, not by a `SELECT 1`
before it (naker.core.postgres): a connection cut between two requests still costs no error page,
and a healthy one no extra round trip.

The test client does not run Django's per-request connection housekeeping (it disconnects it), so
each "request" here starts with what the server runs at the start of every request.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from django.db import OperationalError, connection
from django.test import Client

from naker.accounts.models import User
from tests.factories import make_worker

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the check by the first statement is PostgreSQL's"),
]


def next_request() -> None:
    connection.close_if_unusable_or_obsolete()  # what the server runs at the start of every request


def cut_the_kept_connection() -> None:
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    settings = connection.get_connection_params()
    with psycopg.connect(
        host=settings.get("host"),
        port=settings.get("port"),
        user=settings.get("user"),
        password=settings.get("password"),
        dbname=settings["dbname"],
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Every `SELECT 1` health check made."""
    made: list[int] = []
    original = connection.is_usable

    def counted() -> Any:
        made.append(1)
        return original()

    monkeypatch.setattr(connection, "is_usable", counted)
    yield made


def test_a_page_after_the_kept_connection_was_cut_is_served(checks):
    worker = make_worker(full_name="Siti Rahayu")
    client = Client()
    client.force_login(worker)
    next_request()
    assert client.get("/akun/saya/").status_code == 200
    cut_the_kept_connection()
    next_request()
    response = client.get("/akun/saya/")
    assert response.status_code == 200
    assert "Siti Rahayu" in response.content.decode()


def test_a_healthy_kept_connection_costs_no_check_before_a_read(checks):
    worker = make_worker()
    next_request()
    assert User.objects.filter(pk=worker.pk).exists()
    assert checks == []
    next_request()
    assert User.objects.filter(pk=worker.pk).exists()
    assert User.objects.filter(pk=worker.pk).exists()
    assert checks == []


def test_a_write_first_is_checked_before_it_is_sent_and_runs_once(checks):
    worker = make_worker(full_name="Lama")
    cut_the_kept_connection()
    next_request()
    assert User.objects.filter(pk=worker.pk).update(full_name="Baru") == 1
    assert checks == [1]  # Django's own check: a write must not be sent twice
    assert User.objects.get(pk=worker.pk).full_name == "Baru"


def test_a_read_that_fails_on_a_healthy_connection_fails_as_before():
    next_request()
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 1")
    pid = connection.connection.info.backend_pid
    try:
        next_request()
        with pytest.raises(OperationalError), connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(0.5)")  # cancelled by the timeout: the connection still answers
        assert connection.connection.info.backend_pid == pid  # not reconnected, not sent again
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 0")
