from __future__ import annotations

import copy

import pytest

from naker.learning import demo, services
from naker.learning.models import Course, Lesson
from naker.organizations.models import Organization
from tests.factories import UserFactory, make_org, make_worker, officer_of

WELDING = next(p for org, p in demo.DEMO_COURSES if p["code"] == "las-smaw-dasar")
MARKETING = next(p for org, p in demo.DEMO_COURSES if p["code"] == "digital-marketing-umkm")


@pytest.fixture
def provider(db):
    demo.ensure_skills()
    return make_org("lpk-terampil", kind=Organization.Kind.PROVIDER, level=Organization.Level.SINGLE)


@pytest.fixture
def staff(provider):
    return officer_of(provider)


@pytest.fixture
def admin(db):
    return UserFactory(is_staff=True)


@pytest.fixture
def publish(provider, staff, admin):
    """publish(package, **changes) → the published Course."""

    def make(package=MARKETING, **changes):
        package = {**copy.deepcopy(package), **changes}
        services.import_package(actor=staff, provider_code="lpk-terampil", package=package, submit=True)
        services.review(admin=admin, course_code=package["code"], approve=True)
        return Course.objects.get(code=package["code"])

    return make


@pytest.fixture
def worker(db):
    return make_worker(regency_code="31.71")


def lessons_of(course):
    return list(
        Lesson.objects.filter(module__version=course.published_version).order_by("module__position", "position")
    )
