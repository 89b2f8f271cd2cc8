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
from django.db.models import Count
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


# The demo population is drawn to look like Indonesia's workforce, roughly (rounded shares, in the
# order of magnitude of BPS's Sakernas, August 2023): where people work, how old they are, what
# schooling they have. Approximate on purpose: it is demo data, not statistics.
LABOUR_FORCE_BY_PROVINCE = {  # millions, rounded
    "11": 2.6, "12": 7.6, "13": 2.8, "14": 3.2, "15": 1.8, "16": 4.4, "17": 1.0, "18": 4.6, "19": 0.75,
    "21": 1.1, "31": 5.2, "32": 25.0, "33": 19.5, "34": 2.3, "35": 22.5, "36": 6.0, "51": 2.5, "52": 2.8,
    "53": 2.9, "61": 2.6, "62": 1.4, "63": 2.2, "64": 1.9, "65": 0.35, "71": 1.2, "72": 1.5, "73": 4.4,
    "74": 1.4, "75": 0.6, "76": 0.7, "81": 0.8, "82": 0.6, "91": 0.5, "92": 0.3, "93": 0.25, "94": 0.6,
    "95": 0.7, "96": 0.3,
}  # fmt: skip
AGE_BANDS = [((15, 24), 14), ((25, 34), 23), ((35, 44), 25), ((45, 54), 21), ((55, 64), 17)]  # share, %
EDUCATION_SHARES = [
    ("none", 9), ("sd", 28), ("smp", 18), ("sma", 20), ("smk", 12), ("diploma", 3), ("bachelor", 9),
    ("postgraduate", 1),
]  # fmt: skip
EMPLOYMENT_SHARES = [("working", 55), ("informal", 30), ("looking", 10), ("laid_off", 5)]
FEMALE_SHARE = 0.40


def _seeded_nik(regency_code: str, j: int, female: bool, rng: random.Random) -> tuple[str, datetime.date]:
    # The serial is j (this worker's number within the regency), so seeded NIKs never collide
    # whatever birth date is drawn (up to 9,999 workers a regency; beyond, the date moves on).
    (low, high) = rng.choices([band for band, _w in AGE_BANDS], weights=[w for _b, w in AGE_BANDS])[0]
    born = datetime.date(2026, 7, 1) - datetime.timedelta(days=rng.randint(low * 365 + 1, high * 365 + 360))
    born += datetime.timedelta(days=j // 9999)
    serial = j % 9999 + 1
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
    # Each worker's regency: a province by the size of its labour force, then one of its regencies.
    # The worker's number within the regency (for a NIK that never collides) is counted as we go,
    # starting from the workers already seeded there.
    by_province: dict[str, list[Regency]] = {}
    for r in regencies:
        by_province.setdefault(r.province_id, []).append(r)
    provinces = [p for p in LABOUR_FORCE_BY_PROVINCE if p in by_province]
    weights = [LABOUR_FORCE_BY_PROVINCE[p] for p in provinces]
    in_regency: dict[str, int] = dict(
        WorkerProfile.objects.filter(user__phone__startswith=SEEDED_PHONE_PREFIX)
        .values("regency_id")
        .annotate(n=Count("pk"))
        .values_list("regency_id", "n")
    )
    password = make_password(DEMO_PASSWORD)  # one hash for all: argon2 per row would take days
    now = timezone.now()
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
            for user in users:
                province = rng.choices(provinces, weights=weights)[0]
                regency = rng.choice(by_province[province])
                j = in_regency.get(regency.code, 0)
                in_regency[regency.code] = j + 1
                female = rng.random() < FEMALE_SHARE
                nik, born = _seeded_nik(regency.code, j, female, rng)
                profiles.append(
                    _worker_profile(
                        user,
                        nik,
                        regency,
                        born,
                        "female" if female else "male",
                        education=rng.choices(*zip(*EDUCATION_SHARES, strict=True))[0],
                        employment_status=rng.choices(*zip(*EMPLOYMENT_SHARES, strict=True))[0],
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
