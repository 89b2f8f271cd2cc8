"""Schemathesis fuzzes every operation of our OpenAPI document, anonymously and as a worker, an
officer and a platform admin: no input makes the API fail with a 5xx, and every answer matches the
status codes and shapes the document declares (issue 8: at least 50 examples per operation and role)."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from naker.config.wsgi import application
from tests.factories import PASSWORD, UserFactory, add_member, make_org, make_worker, officer_of

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
EXAMPLES = int(os.environ.get("NAKER_FUZZ_EXAMPLES", "50"))  # CI runs the 50; a quicker local look may set fewer
ROLES = ["anonymous", "worker", "officer", "admin"]


@pytest.fixture
def keep_test_connection(role_headers):
    """Schemathesis calls the WSGI app directly; like Django's test client, stop the app from
    closing the connection that holds the test's transaction. (After the token is made: Django's
    test client reconnects the signal after each of its own requests.)"""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield role_headers
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def role_headers(client, role):
    union = make_org("ksbsi-dki")
    worker = make_worker()
    add_member(worker, union)
    user = {"anonymous": None, "worker": worker, "officer": officer_of(union), "admin": UserFactory(is_staff=True)}[
        role
    ]
    # The checks read the body as sent: ask for it uncompressed (GZipMiddleware answers gzip otherwise).
    plain = {"Accept-Encoding": "identity"}
    if user is None:
        return plain
    token = client.post(
        "/api/v1/auth/token", {"login": user.phone, "password": PASSWORD}, content_type="application/json"
    ).json()["token"]
    return {**plain, "Authorization": f"Bearer {token}"}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_input_breaks_the_api(case, role, keep_test_connection):
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

    case.call_and_validate(
        headers=keep_test_connection,
        checks=[not_a_server_error, status_code_conformance, response_schema_conformance],
    )
