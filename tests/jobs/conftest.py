"""The jobs tests' world: a Kadin member manufacturer in Kota Bekasi with its staff, a placement
agency, a worker, a platform admin; helpers to post and publish opportunities."""

from __future__ import annotations

import copy
import datetime
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from naker.core.events import publish
from naker.jobs import services
from naker.learning import demo as learning_demo
from naker.learning import services as learning_services
from naker.learning.events import CourseCompleted
from naker.learning.models import Course, Enrolment
from naker.organizations.models import Organization
from tests.factories import UserFactory, make_org, make_worker, officer_of

WELDING = next(p for _o, p in learning_demo.DEMO_COURSES if p["code"] == "las-smaw-dasar")
SAFETY = next(p for _o, p in learning_demo.DEMO_COURSES if p["code"] == "k3-pabrik")


def in_days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def body(**changes: Any) -> dict[str, Any]:
    """The issue's minimal body (POST /employers/{code}/opportunities), with changes."""
    found = {
        "kind": "job",
        "title": "Juru Las SMAW",
        "description": "Mengelas rangka baja di pabrik.",
        "regency_code": "32.75",
        "openings": 2,
        "skills": [{"code": "NK-LAS-01", "required": True}, {"code": "NK-LAS-02", "required": False}],
        "pay_min": 4500000,
        "pay_max": 5500000,
        "closes_on": in_days(30).isoformat(),
    }
    found.update(changes)
    return found


def data(**changes: Any) -> services.OpportunityData:
    found = body(**changes)
    found["closes_on"] = datetime.date.fromisoformat(found["closes_on"])
    skills = [services.SkillWanted(**s) for s in found.pop("skills")]
    return services.OpportunityData(**found, skills=skills)


def complete(person: Any, course: Course) -> Enrolment:
    """Completes the course the way learning does (CourseCompleted inside the same transaction)."""
    enrolment = learning_services.enrol(worker=person, course_code=course.code)
    now = timezone.now()
    with transaction.atomic():
        Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.COMPLETED, completed_at=now)
        publish(CourseCompleted(enrolment_id=enrolment.pk, user_id=person.pk, course_id=course.pk, completed_at=now))
    return enrolment


@pytest.fixture
def company(db: Any) -> Organization:
    learning_demo.ensure_skills()
    return make_org(
        "pt-las-bekasi",
        kind=Organization.Kind.COMPANY,
        level=Organization.Level.SINGLE,
        province_id="32",
        regency_id="32.75",
        sector_id="C",
        is_kadin_member=True,
    )


@pytest.fixture
def staff(company: Organization) -> Any:
    return officer_of(company)


@pytest.fixture
def agency(db: Any) -> Organization:
    learning_demo.ensure_skills()
    return make_org("pt-p3mi", kind=Organization.Kind.COMPANY, level=Organization.Level.SINGLE, province_id="35")


@pytest.fixture
def agency_staff(agency: Organization) -> Any:
    return officer_of(agency)


@pytest.fixture
def admin(db: Any) -> Any:
    return UserFactory(is_staff=True)


@pytest.fixture
def worker(db: Any) -> Any:
    return make_worker(regency_code="32.75")


@pytest.fixture
def published(company: Organization, staff: Any, admin: Any) -> Any:
    opportunity = services.post_opportunity(actor=staff, employer_code=company.code, data=data())
    return services.review_opportunity(actor=admin, opportunity_id=opportunity.pk, decision="publish")


@pytest.fixture
def provider(db: Any) -> Organization:
    learning_demo.ensure_skills()
    return make_org("blk-uji", kind=Organization.Kind.PROVIDER, level=Organization.Level.SINGLE)


@pytest.fixture
def publish_course(provider: Organization, admin: Any) -> Any:
    author = officer_of(provider)

    def make(package: dict[str, Any] = WELDING) -> Course:
        package = copy.deepcopy(package)
        learning_services.import_package(actor=author, provider_code=provider.code, package=package, submit=True)
        learning_services.review(admin=admin, course_code=package["code"], approve=True)
        return Course.objects.get(code=package["code"])

    return make
