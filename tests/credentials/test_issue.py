"""Completing a course issues its certificate once, automatically, signed, without the NIK."""

from __future__ import annotations

import json

import pytest
from django.db import transaction
from django.utils import timezone

from naker.core import crypto
from naker.core.events import publish
from naker.credentials import services
from naker.credentials.errors import NotCompleted
from naker.credentials.models import Credential
from naker.learning import services as learning_services
from naker.learning.events import CourseCompleted
from tests.credentials.conftest import WELDING, complete

pytestmark = pytest.mark.django_db


def test_completing_a_course_issues_one_certificate(worker, course):
    enrolment = complete(worker, course)
    credential = Credential.objects.get(holder=worker)
    assert credential.source == f"enrolment:{enrolment.pk}"
    assert credential.kind == Credential.Kind.COURSE
    assert credential.holder_name == worker.full_name
    assert credential.title == course.title
    assert credential.issuer_name == course.provider.name
    assert credential.number.startswith("NKR-")
    assert credential.jwt.count(".") == 2
    assert credential.payload["credentialSubject"]["achievement"]["name"] == course.title


def test_completing_again_or_retrying_issues_nothing_more(worker, course):
    enrolment = complete(worker, course)
    first = Credential.objects.get(holder=worker)
    with transaction.atomic():
        publish(CourseCompleted(enrolment.pk, worker.pk, course.pk, timezone.now()))
    again = services.issue_course_certificate(enrolment_id=enrolment.pk)
    assert again.pk == first.pk
    assert Credential.objects.filter(holder=worker).count() == 1


def test_an_unfinished_course_earns_no_certificate(worker, course):
    enrolment = learning_services.enrol(worker=worker, course_code=course.code)
    with pytest.raises(NotCompleted):
        services.issue_course_certificate(enrolment_id=enrolment.pk)
    assert not Credential.objects.exists()


def test_the_credential_never_carries_the_nik_nor_the_plain_name(worker, credential):
    nik = crypto.decrypt(worker.worker.nik_encrypted)
    stored = json.dumps(credential.payload) + credential.jwt
    assert nik not in stored and nik[:6] + "**" not in stored
    assert worker.full_name not in json.dumps(credential.payload)
    identity = credential.payload["credentialSubject"]["identifier"][0]
    assert identity["hashed"] is True and identity["identityHash"].startswith("sha256$")


def test_demo_issues_the_demo_workers_certificates_and_revokes_one(worker, course, publish_course):
    from naker.credentials import demo
    from naker.learning.models import Enrolment

    welding = publish_course(WELDING)
    for c in (course, welding):
        enrolment = learning_services.enrol(worker=worker, course_code=c.code)
        Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.COMPLETED, completed_at=timezone.now())
    issued = demo.seed_credentials(worker)
    assert len(issued) == 2
    assert Credential.objects.filter(holder=worker, revoked_at__isnull=False).count() == 1
    assert len(demo.seed_credentials(worker)) == 2  # idempotent
    assert Credential.objects.filter(holder=worker).count() == 2


def test_the_event_alone_is_enough_even_before_the_row_says_completed(worker, course):
    enrolment = learning_services.enrol(worker=worker, course_code=course.code)
    now = timezone.now()
    with transaction.atomic():
        publish(CourseCompleted(enrolment.pk, worker.pk, course.pk, now))
    credential = Credential.objects.get(holder=worker)
    assert credential.achieved_at == now
