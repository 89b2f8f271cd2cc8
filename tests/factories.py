"""factory_boy factories. Workers get a valid NIK for the regency they live in."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

import factory
from django.conf import settings
from django.utils import timezone

from naker.accounts.models import User, WorkerProfile
from naker.accounts.nik import stored_nik
from naker.organizations.models import Membership, Organization

PASSWORD = "naker-demo"
_phone_numbers = itertools.count(10_000_000)
_serials = itertools.count(1)


def next_phone() -> str:
    return f"+62813{next(_phone_numbers):08d}"


def make_nik(
    regency_code: str = "31.71", born: datetime.date = datetime.date(1990, 8, 17), female: bool = False
) -> str:
    day = born.day + (40 if female else 0)
    return f"{regency_code.replace('.', '')}01{day:02d}{born:%m%y}{next(_serials) % 10000:04d}"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    full_name = factory.Faker("name", locale="id_ID")
    phone = factory.LazyFunction(next_phone)
    email = factory.Sequence(lambda n: f"orang{n}@contoh.id")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            obj.save()


def make_worker(regency_code: str = "31.71", nik: str | None = None, **user_fields: Any) -> User:
    user = UserFactory(**user_fields)
    nik = nik or make_nik(regency_code)
    WorkerProfile.objects.create(
        user=user,
        **stored_nik(nik).as_fields(),
        birth_date=datetime.date(1990, 8, 17),
        sex="male",
        province_id=regency_code.split(".")[0],
        regency_id=regency_code,
        consent_version=settings.NAKER_CONSENT_VERSION,
        consent_at=timezone.now(),
    )
    return user


def make_org(
    code: str, kind: str = Organization.Kind.UNION, parent: Organization | None = None, **fields: Any
) -> Organization:
    level = fields.pop("level", Organization.Level.BRANCH if parent else Organization.Level.CONFEDERATION)
    return Organization.objects.create(code=code, name=code.upper(), kind=kind, parent=parent, level=level, **fields)


def add_member(user: User, org: Organization, role: str = Membership.Role.MEMBER) -> Membership:
    return Membership.objects.create(user=user, organization=org, role=role, consent_at=timezone.now())


def officer_of(org: Organization, role: str = Membership.Role.OFFICER) -> User:
    user = UserFactory()
    add_member(user, org, role)
    return user


# --- jobs and matching ----------------------------------------------------------------------------


def make_skill(code: str, name_id: str, name_en: str = "", sector: str | None = None) -> Any:
    from naker.skills.models import Skill

    skill, _created = Skill.objects.update_or_create(
        code=code, defaults={"name_id": name_id, "name_en": name_en or name_id, "sector_id": sector}
    )
    return skill


def make_course(
    provider: Organization,
    code: str,
    skills: list[str],
    *,
    title: str = "",
    hours: float = 10,
    price_idr: int = 0,
    mode: str = "online",
    occupation: str | None = None,
) -> Any:
    """A published course (one published version, no lessons) teaching these skills."""
    from naker.learning.models import Course, CourseVersion

    course = Course.objects.create(
        code=code,
        provider=provider,
        title=title or code.replace("-", " ").title(),
        summary="…",
        theme=Course.Theme.INDUSTRY,
        estimated_hours=hours,
        price_idr=price_idr,
        mode=mode,
        occupation_id=occupation,
        published_at=timezone.now(),
    )
    version = CourseVersion.objects.create(
        course=course, number=1, status=CourseVersion.Status.PUBLISHED, published_at=timezone.now()
    )
    course.published_version = version
    course.save(update_fields=["published_version"])
    course.skills.set(skills)
    return course


def make_opportunity(
    employer: Organization,
    skills: list[tuple[str, bool]],
    *,
    title: str = "Lowongan",
    kind: str = "job",
    regency_code: str | None = "32.16",
    remote: bool = False,
    closes_in_days: int = 30,
    pay_min: int | None = None,
    pay_max: int | None = None,
    status: str = "published",
) -> Any:
    """An opportunity with its skills in the index skill → open opportunities (as the jobs services
    keep it: `is_open` while published and not past its closing date)."""
    from naker.jobs.models import Opportunity, OpportunitySkill

    closes_on = timezone.localdate() + datetime.timedelta(days=closes_in_days)
    opp = Opportunity.objects.create(
        employer=employer,
        kind=kind,
        title=title,
        description="…",
        regency_id=regency_code,
        province_id=regency_code.split(".")[0] if regency_code else None,
        remote=remote,
        pay_min=pay_min,
        pay_max=pay_max,
        closes_on=closes_on,
        status=status,
        published_at=timezone.now() if status == "published" else None,
    )
    OpportunitySkill.objects.bulk_create(
        [
            OpportunitySkill(
                opportunity=opp,
                skill_id=code,
                required=required,
                is_open=status == "published",
                closes_on=closes_on,
            )
            for code, required in skills
        ]
    )
    return opp
