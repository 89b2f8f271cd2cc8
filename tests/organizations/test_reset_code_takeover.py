"""Issue 8 item 5: an officer cannot take over a fellow officer with a reset code; codes go only to
workers without email who never held an office, and every code and demotion is told to the person."""

from __future__ import annotations

import pytest
from django.core import mail

from naker.accounts.models import PasswordResetCode
from naker.core.models import AuditEvent
from naker.organizations.models import Membership
from tests.factories import UserFactory, add_member, make_org, make_worker, officer_of

pytestmark = pytest.mark.django_db


def code_for(client, headers, person):
    return client.post(f"/api/v1/orgs/ksbsi-dki/members/{person.pk}/reset-code", **headers)


def test_a_demoted_officer_gets_no_reset_code(client, token_for):
    union = make_org("ksbsi-dki")
    officer = officer_of(union)
    fellow = UserFactory(email=None)
    add_member(fellow, union, Membership.Role.OFFICER)
    assert client.delete(f"/api/v1/orgs/ksbsi-dki/officers/{fellow.pk}", **token_for(officer)).status_code == 204
    response = code_for(client, token_for(officer), fellow)
    assert response.status_code == 403
    assert response.json()["code"] == "not_a_worker"
    assert not PasswordResetCode.objects.filter(user=fellow).exists()


def test_a_worker_with_an_email_gets_no_reset_code(client, token_for):
    union = make_org("ksbsi-dki")
    officer = officer_of(union)
    worker = make_worker(email="pekerja@contoh.id")
    add_member(worker, union)
    response = code_for(client, token_for(officer), worker)
    assert response.status_code == 403
    assert response.json()["code"] == "reset_by_email"
    assert not PasswordResetCode.objects.filter(user=worker).exists()


def test_a_demotion_is_told_to_the_person_by_email(client, token_for):
    union = make_org("ksbsi-dki")
    officer, fellow = officer_of(union), officer_of(union)
    mail.outbox.clear()
    assert client.delete(f"/api/v1/orgs/ksbsi-dki/officers/{fellow.pk}", **token_for(officer)).status_code == 204
    assert [m.to for m in mail.outbox] == [[fellow.email]]
    assert "KSBSI-DKI" in mail.outbox[0].body


def test_a_code_is_recorded_where_the_worker_sees_it(client, token_for):
    union = make_org("ksbsi-dki")
    officer = officer_of(union)
    worker = make_worker(email=None)
    add_member(worker, union)
    mail.outbox.clear()
    assert code_for(client, token_for(officer), worker).status_code == 201
    assert mail.outbox == []  # no email: the record in their trail is the notice
    assert AuditEvent.objects.filter(subject=worker, action="reset_code_issued").exists()
