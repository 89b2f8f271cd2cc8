"""Demo and scale data: believable organisations, one account per role, and workers in bulk.

Everything is idempotent: running it twice changes nothing; `workers=N` tops the seeded workers up
to N. Scale workers are written with bulk inserts in batches, so memory stays flat at 1,000,000.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import reset_queries, transaction
from django.utils import timezone
from faker import Faker

from naker.accounts.models import User, WorkerProfile
from naker.accounts.nik import stored_nik
from naker.regions.models import Regency

DEMO_PASSWORD = "naker-demo"
SEEDED_PHONE_PREFIX = "+62859"  # seeded workers' numbers: +62859 and eight digits


# (email, phone, name, is platform admin, has a worker profile); their organisations and roles are
# given by organizations.demo.
DEMO_ACCOUNTS = [
    ("admin@demo.naker.id", "+6281100000001", "Admin Platform", True, False),
    ("pekerja@demo.naker.id", "+6281100000002", "Siti Rahayu", False, True),
    ("serikat@demo.naker.id", "+6281100000003", "Budi Santoso", False, False),
    ("kadin@demo.naker.id", "+6281100000004", "Dewi Lestari", False, False),
    ("lpk@demo.naker.id", "+6281100000005", "Agus Prasetyo", False, False),
    ("perusahaan@demo.naker.id", "+6281100000006", "Rina Wijaya", False, False),
    ("lsp@demo.naker.id", "+6281100000007", "Hendra Gunawan", False, False),
    ("asesor@demo.naker.id", "+6281100000008", "Bambang Sutrisno", False, False),
]

# Called once per batch of seeded workers, inside the batch's transaction, with (user, province
# code) pairs and the batch's random generator: how a higher app (organizations) adds its part.
BatchHook = Callable[[list[tuple[User, str]], random.Random], None]

DEMO_WORKER_NIK = "3171015708900001"  # Jakarta Pusat, woman born 17 August 1990


def _worker_profile(
    user: User, nik: str, regency: Regency, born: datetime.date, sex: str, **extra: Any
) -> WorkerProfile:
    return WorkerProfile(
        user=user,
        **stored_nik(nik).as_fields(),
        birth_date=born,
        sex=sex,
        province_id=regency.province_id,
        regency=regency,
        consent_version=settings.NAKER_CONSENT_VERSION,
        consent_at=user.date_joined,
        created_at=user.date_joined,
        **extra,
    )


def ensure_demo_accounts() -> dict[str, User]:
    """One account per role, all with the password naker-demo, by email."""
    accounts = {}
    for email, phone, name, is_admin, is_worker in DEMO_ACCOUNTS:
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
        accounts[email] = user
    return accounts


def _seeded_nik(regency_code: str, j: int, female: bool) -> tuple[str, datetime.date]:
    # (regency, j) → (birth date, serial) is one-to-one, so seeded NIKs never collide.
    born = datetime.date(1966, 1, 1) + datetime.timedelta(days=j % 12000)
    serial = j // 12000 + 1
    day = born.day + (40 if female else 0)
    return f"{regency_code.replace('.', '')}01{day:02d}{born:%m%y}{serial:04d}", born


def seed_workers(
    total: int,
    *,
    batch_size: int = 5000,
    progress: Callable[[int], None] | None = None,
    seed: int = 7,
    after_batch: BatchHook | None = None,
) -> int:
    """Tops the seeded workers up to `total`; returns how many were created. `after_batch` lets a
    higher app add to each batch (organizations.demo gives about 60% of them a union)."""
    start = User.objects.filter(phone__startswith=SEEDED_PHONE_PREFIX).count()
    if start >= total:
        return 0
    fake = Faker("id_ID")
    Faker.seed(seed)
    first = [fake.first_name() for _ in range(400)]
    last = [fake.last_name() for _ in range(400)]
    regencies = list(Regency.objects.order_by("code").only("code", "province_id"))
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
            profiles, placed = [], []
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
                placed.append((user, regency.province_id))
            WorkerProfile.objects.bulk_create(profiles, batch_size=1000)
            if after_batch is not None:
                after_batch(placed, rng)
        # With DEBUG on, Django keeps every query's SQL; bulk inserts would make memory grow with N.
        reset_queries()
        if progress:
            progress(hi - lo)
    return total - start
