"""Demo and scale data: believable organisations, one account per role, and workers in bulk.

Everything is idempotent: running it twice changes nothing; `workers=N` tops the seeded workers up
to N. Scale workers are written with bulk inserts in batches, so memory stays flat at 1,000,000.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import reset_queries, transaction
from django.utils import timezone
from faker import Faker

from naker.accounts.models import User, WorkerProfile
from naker.accounts.nik import mask_nik
from naker.core import crypto
from naker.organizations.models import Membership, Organization
from naker.regions.models import Regency

DEMO_PASSWORD = "naker-demo"
SEEDED_PHONE_PREFIX = "+62859"  # seeded workers' numbers: +62859 and eight digits


@dataclass(frozen=True)
class OrgSpec:
    code: str
    name: str
    kind: str
    level: str = Organization.Level.SINGLE
    parent: str | None = None
    province: str | None = None
    regency: str | None = None
    sector: str | None = None
    kadin_member: bool = False


K, U = Organization.Kind, Organization.Level
ORGANIZATIONS = [
    OrgSpec("kadin", "Kadin Indonesia", K.CHAMBER, U.NATIONAL),
    OrgSpec("kadin-dki", "Kadin DKI Jakarta", K.CHAMBER, U.PROVINCE, "kadin", province="31"),
    OrgSpec("kadin-jabar", "Kadin Jawa Barat", K.CHAMBER, U.PROVINCE, "kadin", province="32"),
    OrgSpec("kadin-jatim", "Kadin Jawa Timur", K.CHAMBER, U.PROVINCE, "kadin", province="35"),
    OrgSpec("kadin-sumut", "Kadin Sumatera Utara", K.CHAMBER, U.PROVINCE, "kadin", province="12"),
    OrgSpec("kadin-sulsel", "Kadin Sulawesi Selatan", K.CHAMBER, U.PROVINCE, "kadin", province="73"),
    OrgSpec("kadin-ntt", "Kadin Nusa Tenggara Timur", K.CHAMBER, U.PROVINCE, "kadin", province="53"),
    OrgSpec(
        "kadin-kota-bekasi", "Kadin Kota Bekasi", K.CHAMBER, U.REGENCY, "kadin-jabar", province="32", regency="32.75"
    ),
    OrgSpec("ksbsi", "Konfederasi Serikat Buruh Sejahtera Indonesia (KSBSI)", K.UNION, U.CONFEDERATION),
    OrgSpec("ksbsi-dki", "KSBSI DKI Jakarta", K.UNION, U.BRANCH, "ksbsi", province="31"),
    OrgSpec("ksbsi-jabar", "KSBSI Jawa Barat", K.UNION, U.BRANCH, "ksbsi", province="32"),
    OrgSpec("ksbsi-sumut", "KSBSI Sumatera Utara", K.UNION, U.BRANCH, "ksbsi", province="12"),
    OrgSpec("ksbsi-sulsel", "KSBSI Sulawesi Selatan", K.UNION, U.BRANCH, "ksbsi", province="73"),
    OrgSpec("kspsi", "Konfederasi Serikat Pekerja Seluruh Indonesia (KSPSI)", K.UNION, U.CONFEDERATION),
    OrgSpec("kspsi-dki", "KSPSI DKI Jakarta", K.UNION, U.BRANCH, "kspsi", province="31"),
    OrgSpec("kspsi-jateng", "KSPSI Jawa Tengah", K.UNION, U.BRANCH, "kspsi", province="33"),
    OrgSpec("kspsi-jatim", "KSPSI Jawa Timur", K.UNION, U.BRANCH, "kspsi", province="35"),
    OrgSpec("kspsi-kaltim", "KSPSI Kalimantan Timur", K.UNION, U.BRANCH, "kspsi", province="64"),
    OrgSpec("kspsi-ntt", "KSPSI Nusa Tenggara Timur", K.UNION, U.BRANCH, "kspsi", province="53"),
    OrgSpec("pt-maju-bersama", "PT Maju Bersama Manufaktur", K.COMPANY, sector="C", kadin_member=True, province="32"),
    OrgSpec(
        "pt-sinar-logistik", "PT Sinar Logistik Nusantara", K.COMPANY, sector="H", kadin_member=True, province="31"
    ),
    OrgSpec("pt-karya-migran", "PT Karya Migran Sejahtera (P3MI)", K.COMPANY, sector="N", province="35"),
    OrgSpec("lpk-terampil", "LPK Terampil Mandiri", K.PROVIDER, province="31"),
    OrgSpec("blk-bekasi", "BLK Kota Bekasi", K.PROVIDER, province="32", regency="32.75"),
    OrgSpec("lsp-manufaktur", "LSP Manufaktur Indonesia", K.CERTIFICATION_BODY, province="31"),
]

# (email, phone, name, organisation, role, is platform admin, has a worker profile)
DEMO_ACCOUNTS = [
    ("admin@demo.naker.id", "+6281100000001", "Admin Platform", None, None, True, False),
    ("pekerja@demo.naker.id", "+6281100000002", "Siti Rahayu", "ksbsi-dki", Membership.Role.MEMBER, False, True),
    ("serikat@demo.naker.id", "+6281100000003", "Budi Santoso", "ksbsi-dki", Membership.Role.OFFICER, False, False),
    ("kadin@demo.naker.id", "+6281100000004", "Dewi Lestari", "kadin-dki", Membership.Role.OFFICER, False, False),
    ("lpk@demo.naker.id", "+6281100000005", "Agus Prasetyo", "lpk-terampil", Membership.Role.ADMIN, False, False),
    (
        "perusahaan@demo.naker.id",
        "+6281100000006",
        "Rina Wijaya",
        "pt-maju-bersama",
        Membership.Role.ADMIN,
        False,
        False,
    ),
    ("lsp@demo.naker.id", "+6281100000007", "Hendra Gunawan", "lsp-manufaktur", Membership.Role.ADMIN, False, False),
]

DEMO_WORKER_NIK = "3171015708900001"  # Jakarta Pusat, woman born 17 August 1990


def ensure_organizations() -> dict[str, Organization]:
    orgs: dict[str, Organization] = {}
    for spec in ORGANIZATIONS:
        org = Organization.objects.filter(code=spec.code).first() or Organization(code=spec.code)
        org.name, org.kind, org.level = spec.name, spec.kind, spec.level
        org.parent = orgs[spec.parent] if spec.parent else None
        org.province_id, org.regency_id, org.sector_id = spec.province, spec.regency, spec.sector
        org.is_kadin_member = spec.kadin_member
        org.save()
        orgs[spec.code] = org
    return orgs


def _worker_profile(
    user: User, nik: str, regency: Regency, born: datetime.date, sex: str, **extra: Any
) -> WorkerProfile:
    return WorkerProfile(
        user=user,
        nik_encrypted=crypto.encrypt(nik),
        nik_hash=crypto.keyed_hash(nik),
        nik_masked=mask_nik(nik),
        birth_date=born,
        sex=sex,
        province_id=regency.province_id,
        regency=regency,
        consent_version=settings.NAKER_CONSENT_VERSION,
        consent_at=user.date_joined,
        created_at=user.date_joined,
        **extra,
    )


def ensure_demo_accounts(orgs: dict[str, Organization]) -> list[tuple[str, str]]:
    """One account per role, all with the password naker-demo. Returns (email, role) for the README."""
    listed = []
    for email, phone, name, org_code, role, is_admin, is_worker in DEMO_ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(phone=phone, password=DEMO_PASSWORD, email=email, full_name=name)
        user.is_staff = user.is_superuser = is_admin
        user.save(update_fields=["is_staff", "is_superuser"])
        if is_worker and not WorkerProfile.objects.filter(user=user).exists():
            regency = Regency.objects.get(code="31.71")
            _worker_profile(
                user,
                DEMO_WORKER_NIK,
                regency,
                datetime.date(1990, 8, 17),
                "female",
                education=WorkerProfile.Education.SMK,
                employment_status=WorkerProfile.Employment.WORKING,
            ).save()
        if org_code and role:
            Membership.objects.update_or_create(
                user=user,
                organization=orgs[org_code],
                defaults={"role": role, "consent_at": user.date_joined if role == Membership.Role.MEMBER else None},
            )
        listed.append((email, org_code or "platform admin"))
    return listed


def _seeded_nik(regency_code: str, j: int, female: bool) -> tuple[str, datetime.date]:
    # (regency, j) → (birth date, serial) is one-to-one, so seeded NIKs never collide.
    born = datetime.date(1966, 1, 1) + datetime.timedelta(days=j % 12000)
    serial = j // 12000 + 1
    day = born.day + (40 if female else 0)
    return f"{regency_code.replace('.', '')}01{day:02d}{born:%m%y}{serial:04d}", born


def _union_for(
    province_code: str, branches: dict[str, list[Organization]], roots: list[Organization], rng: random.Random
) -> Organization:
    return rng.choice(branches.get(province_code) or roots)


def seed_workers(
    total: int, *, batch_size: int = 5000, progress: Callable[[int], None] | None = None, seed: int = 7
) -> int:
    """Tops the seeded workers up to `total`; returns how many were created."""
    start = User.objects.filter(phone__startswith=SEEDED_PHONE_PREFIX).count()
    if start >= total:
        return 0
    fake = Faker("id_ID")
    Faker.seed(seed)
    first = [fake.first_name() for _ in range(400)]
    last = [fake.last_name() for _ in range(400)]
    regencies = list(Regency.objects.order_by("code").only("code", "province_id"))
    unions = list(Organization.objects.filter(kind=Organization.Kind.UNION))
    roots = [o for o in unions if o.parent_id is None]
    branches: dict[str, list[Organization]] = {}
    for o in unions:
        if o.parent_id and o.province_id:
            branches.setdefault(o.province_id, []).append(o)
    password = make_password(DEMO_PASSWORD)  # one hash for all: argon2 per row would take days
    now = timezone.now()
    educations = [c for c, _ in WorkerProfile.Education.choices]
    statuses = [c for c, _ in WorkerProfile.Employment.choices]
    for lo in range(start, total, batch_size):
        hi = min(lo + batch_size, total)
        rng = random.Random(seed * 1_000_003 + lo)
        with transaction.atomic():
            users = []
            for i in range(lo, hi):
                users.append(
                    User(
                        full_name=f"{rng.choice(first)} {rng.choice(last)}",
                        phone=f"{SEEDED_PHONE_PREFIX}{i:08d}",
                        password=password,
                        date_joined=now - datetime.timedelta(minutes=rng.randint(0, 365 * 24 * 60)),
                    )
                )
            User.objects.bulk_create(users, batch_size=1000)
            profiles, memberships = [], []
            for i, user in zip(range(lo, hi), users, strict=True):
                regency = regencies[i % len(regencies)]
                female = rng.random() < 0.45
                nik, born = _seeded_nik(regency.code, i // len(regencies), female)
                profiles.append(
                    _worker_profile(
                        user,
                        nik,
                        regency,
                        born,
                        "female" if female else "male",
                        education=rng.choice(educations),
                        employment_status=rng.choice(statuses),
                    )
                )
                if rng.random() < 0.6:
                    union = _union_for(regency.province_id, branches, roots, rng)
                    memberships.append(Membership(user=user, organization=union, consent_at=user.date_joined))
            WorkerProfile.objects.bulk_create(profiles, batch_size=1000)
            Membership.objects.bulk_create(memberships, batch_size=1000)
        # With DEBUG on, Django keeps every query's SQL; bulk inserts would make memory grow with N.
        reset_queries()
        if progress:
            progress(hi - lo)
    return total - start


def iter_demo_logins() -> Iterator[str]:
    for email, _phone, _name, org, role, is_admin, _w in DEMO_ACCOUNTS:
        what = "platform admin" if is_admin else f"{role} of {org}"
        yield f"  {email:<28} {DEMO_PASSWORD}   ({what})"
