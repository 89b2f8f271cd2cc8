"""Schemathesis fuzzes every operation of our OpenAPI document: no input makes the API fail with a
5xx, and every answer matches the status codes and shapes the document declares."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from naker.config.wsgi import application
from tests.factories import PASSWORD, UserFactory, add_member, make_org, make_worker

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def keep_test_connection(admin_headers):
    """Schemathesis calls the WSGI app directly; like Django's test client, stop the app from
    closing the connection that holds the test's transaction. (After the token is made: Django's
    test client reconnects the signal after each of its own requests.)"""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield admin_headers
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def admin_headers(client):
    union = make_org("ksbsi-dki")
    add_member(make_worker(), union)
    admin = UserFactory(is_staff=True)
    token = client.post(
        "/api/v1/auth/token", {"login": admin.phone, "password": PASSWORD}, content_type="application/json"
    ).json()["token"]
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_input_breaks_the_api(case, keep_test_connection):
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

    case.call_and_validate(
        headers=keep_test_connection,
        checks=[not_a_server_error, status_code_conformance, response_schema_conformance],
    )
