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
