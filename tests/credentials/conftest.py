from __future__ import annotations

import copy

import pytest
from django.db import transaction
from django.utils import timezone

from naker.core.events import publish
from naker.credentials.models import Credential
from naker.learning import demo as learning_demo
from naker.learning import services as learning_services
from naker.learning.events import CourseCompleted
from naker.learning.models import Course, Enrolment
from naker.organizations.models import Organization
from tests.factories import UserFactory, make_org, make_worker, officer_of

MARKETING = next(p for _o, p in learning_demo.DEMO_COURSES if p["code"] == "digital-marketing-umkm")
WELDING = next(p for _o, p in learning_demo.DEMO_COURSES if p["code"] == "las-smaw-dasar")


def complete(person, course):
    """Completes the course the way learning does: the enrolment turns complete and CourseCompleted
    is published inside the same transaction."""
    enrolment = learning_services.enrol(worker=person, course_code=course.code)
    now = timezone.now()
    with transaction.atomic():
        Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.COMPLETED, completed_at=now)
        publish(CourseCompleted(enrolment_id=enrolment.pk, user_id=person.pk, course_id=course.pk, completed_at=now))
    return enrolment


@pytest.fixture
def provider(db):
    learning_demo.ensure_skills()
    return make_org("lpk-terampil", kind=Organization.Kind.PROVIDER, level=Organization.Level.SINGLE)


@pytest.fixture
def staff(provider):
    return officer_of(provider)


@pytest.fixture
def admin(db):
    return UserFactory(is_staff=True)


@pytest.fixture
def publish_course(provider, staff, admin):
    def make(package=MARKETING, provider_code="lpk-terampil", author=None):
        package = copy.deepcopy(package)
        learning_services.import_package(
            actor=author or staff, provider_code=provider_code, package=package, submit=True
        )
        learning_services.review(admin=admin, course_code=package["code"], approve=True)
        return Course.objects.get(code=package["code"])

    return make


@pytest.fixture
def worker(db):
    return make_worker(regency_code="31.71")


@pytest.fixture
def course(publish_course):
    return publish_course()


@pytest.fixture
def credential(worker, course):
    enrolment = complete(worker, course)
    return Credential.objects.get(source=f"enrolment:{enrolment.pk}")
