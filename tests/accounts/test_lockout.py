"""Issue 8 item 6: a stranger who knows a phone number cannot keep its owner locked out."""

from __future__ import annotations

import datetime

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from naker.organizations.models import Membership
from tests.factories import PASSWORD, UserFactory, add_member, make_org, make_worker, officer_of

pytestmark = pytest.mark.django_db


def login(client, who, password=PASSWORD, ip="10.0.0.1"):
    return client.post(
        "/api/v1/auth/token", {"login": who, "password": password}, content_type="application/json", REMOTE_ADDR=ip
    )


def test_failures_from_elsewhere_only_delay_the_owner_for_a_while(client, settings):
    user = UserFactory()
    for i in range(settings.AXES_FAILURE_LIMIT + 2):
        login(client, user.phone, "salah", ip=f"10.0.0.{i + 1}")
    assert login(client, user.phone, ip="10.0.9.9").status_code == 429  # the growing delay runs
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=2))
    assert login(client, user.phone, ip="10.0.9.9").status_code == 200  # no hard lock from elsewhere


def test_the_same_address_is_locked_hard(client, settings):
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, user.phone, "salah", ip="10.2.2.2")
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=10))
    assert login(client, user.phone, ip="10.2.2.2").status_code == 429


def test_a_reset_with_a_code_lifts_the_lock(client, token_for, settings):
    union = make_org("ksbsi-dki")
    worker = make_worker(email=None)
    add_member(worker, union)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, worker.phone, "salah", ip="10.3.3.3")
    assert login(client, worker.phone, ip="10.3.3.3").status_code == 429
    code = client.post(f"/api/v1/orgs/ksbsi-dki/members/{worker.pk}/reset-code", **token_for(officer_of(union))).json()[
        "code"
    ]
    new = "Kata-sandi-baru-9"
    done = client.post(
        "/api/v1/auth/reset-with-code",
        {"login": worker.phone, "code": code, "new_password": new},
        content_type="application/json",
        REMOTE_ADDR="10.3.3.3",
    )
    assert done.status_code == 200
    assert login(client, worker.phone, new, ip="10.3.3.3").status_code == 200


def test_an_officer_unlocks_a_member(client, token_for, settings):
    union = make_org("ksbsi-dki")
    worker = make_worker()
    add_member(worker, union)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, worker.phone, "salah", ip="10.4.4.4")
    assert login(client, worker.phone, ip="10.4.4.4").status_code == 429
    officer = officer_of(union, Membership.Role.OFFICER)
    response = client.post(f"/api/v1/orgs/ksbsi-dki/members/{worker.pk}/unlock", **token_for(officer))
    assert response.status_code == 204
    assert login(client, worker.phone, ip="10.4.4.4").status_code == 200
