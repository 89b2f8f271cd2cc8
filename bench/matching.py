"""The matching section of `make bench` (issue 11, "Speed"): a bulk generator, then timings.

    .venv/bin/python bench/run.py --only matching --workers 10000 --opportunities 1000 [--db sqlite]

Data, written straight into the tables (COPY on PostgreSQL, executemany on SQLite): a taxonomy of
2,000 skills in 40 trades of 50; 2,000 published courses each teaching 2–4 skills of a trade; workers
spread over every regency, each with a trade (a fifth with two), a course history of 1–4 completed
courses (their skills as course evidence), a competency certificate for 15 % (3–5 units, verified),
one or two declared skills for 30 %; half of them findable, 5 % objecting to automated matching;
open opportunities of 200 companies, each in one trade with 3–6 skills (2–4 required), a regency
(10 % remote), a kind, a pay range and a closing date in the next 90 days.

Timed through the API in-process (Django's test client): a worker's top 20 matches with reasons and
paths, an opportunity's top 50 candidates, a learning path.
"""

from __future__ import annotations

import datetime
import os
import random
import time
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

TRADES = 40
SKILLS_PER_TRADE = 50
COURSES = 2000
COMPANIES = 200
BATCH = 20_000


def _insert(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Writes rows fast: COPY on PostgreSQL, executemany on SQLite."""
    from django.db import connection

    count = 0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg 3
            with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        return count
    rows = (tuple(_sqlite(v) for v in row) for row in rows)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608 - our own table and columns
    batch: list[Sequence[Any]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _sqlite(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _next_id(model: Any) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def _reset_sequences(*models: Any) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(models)):
                cursor.execute(sql)


def skill_code(trade: int, i: int) -> str:
    return f"BN-T{trade:02d}-{i:02d}"


def generate(workers: int, opportunities: int, *, seed: int = 11) -> dict[str, Any]:
    from django.db import transaction
    from django.db.models import F
    from django.utils import timezone

    from naker.accounts.models import User
    from naker.jobs.models import JobPreference, Opportunity, OpportunitySkill, WorkerSkill
    from naker.learning.models import Course, CourseVersion
    from naker.organizations.models import Membership, Organization
    from naker.regions.models import Regency
    from naker.skills.models import Skill

    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    regencies = list(Regency.objects.values_list("code", "province_id"))
    started = time.perf_counter()
    timings: dict[str, float] = {}

    with transaction.atomic():
        Skill.objects.bulk_create(
            [
                Skill(code=skill_code(t, i), name_id=f"Keterampilan {t}-{i}", name_en=f"Skill {t}-{i}")
                for t in range(TRADES)
                for i in range(SKILLS_PER_TRADE)
            ],
            ignore_conflicts=True,
        )
        provider = Organization.objects.create(
            code="bench-blk", name="BLK Bench", kind=Organization.Kind.PROVIDER, level=Organization.Level.SINGLE
        )
        companies = [
            Organization(
                code=f"bench-pt-{i}",
                name=f"PT Bench {i}",
                kind=Organization.Kind.COMPANY,
                level=Organization.Level.SINGLE,
            )
            for i in range(COMPANIES)
        ]
        for c in companies:
            c.path = c.code + "/"
        Organization.objects.bulk_create(companies)
        companies = list(Organization.objects.filter(code__startswith="bench-pt-"))
        staff = User.objects.create_user(phone="+6289900000000", password=None, full_name="Staf Bench")
        Membership.objects.bulk_create(
            [Membership(user=staff, organization=c, role=Membership.Role.OFFICER) for c in companies]
        )

        # courses: each teaches 2-4 skills of one trade
        course_skills: dict[int, list[str]] = {}
        first_course = _next_id(Course)
        course_rows = []
        for n in range(COURSES):
            cid = first_course + n
            trade = n % TRADES
            skills = rng.sample(range(SKILLS_PER_TRADE), rng.randint(2, 4))
            course_skills[cid] = [skill_code(trade, i) for i in skills]
            mode = rng.choices(["online", "offline", "hybrid"], [6, 3, 1])[0]
            course_rows.append(
                (
                    cid,
                    f"bench-kursus-{n}",
                    provider.pk,
                    f"Kursus Bench {n}",
                    "…",
                    "id",
                    "beginner",
                    "upskilling",
                    "industry",
                    rng.choice([8, 12, 16, 24, 40, 60, 120]),
                    rng.choice([0, 0, 0, 150000, 500000]),
                    mode,
                    now,
                    0,
                    now,
                )
            )
        _insert(
            "learning_course",
            [
                "id",
                "code",
                "provider_id",
                "title",
                "summary",
                "language",
                "level",
                "track",
                "theme",
                "estimated_hours",
                "price_idr",
                "mode",
                "published_at",
                "enrolment_count",
                "created_at",
            ],
            course_rows,
        )
        first_version = _next_id(CourseVersion)
        _insert(
            "learning_courseversion",
            ["id", "course_id", "number", "status", "review_note", "published_at", "created_at"],
            ((first_version + n, first_course + n, 1, "published", "", now, now) for n in range(COURSES)),
        )
        _reset_sequences(Course, CourseVersion)
        for n in range(0, COURSES, 500):
            Course.objects.filter(pk__gte=first_course + n, pk__lt=first_course + n + 500).update(
                published_version_id=F("id") + (first_version - first_course)
            )
        _insert(
            "learning_course_skills",
            ["course_id", "skill_id"],
            ((cid, code) for cid, codes in course_skills.items() for code in codes),
        )
        by_trade: dict[int, list[int]] = {}
        for cid in course_skills:
            by_trade.setdefault((cid - first_course) % TRADES, []).append(cid)
    timings["taxonomy_courses"] = time.perf_counter() - started

    # workers
    t0 = time.perf_counter()
    first_user = _next_id(User)
    profiles: list[tuple[int, str, str]] = []

    def users() -> Iterator[tuple[Any, ...]]:
        for n in range(workers):
            uid = first_user + n
            regency, province = regencies[rng.randrange(len(regencies))]
            profiles.append((uid, regency, province))
            yield (
                uid,
                "!",
                None,
                False,
                False,
                True,
                f"+628{700000000 + n:09d}",
                None,
                f"Pekerja Bench {n}",
                now,
                None,
            )

    with transaction.atomic():
        _insert(
            "accounts_user",
            [
                "id",
                "password",
                "last_login",
                "is_superuser",
                "is_staff",
                "is_active",
                "phone",
                "email",
                "full_name",
                "date_joined",
                "erased_at",
            ],
            users(),
        )
        _insert(
            "accounts_workerprofile",
            [
                "user_id",
                "nik_encrypted",
                "nik_masked",
                "sex",
                "province_id",
                "regency_id",
                "education",
                "employment_status",
                "goals",
                "consent_version",
                "consent_at",
                "created_at",
            ],
            ((uid, "", "", "", prov, reg, "", "", "[]", "1", now, now) for uid, reg, prov in profiles),
        )
    _reset_sequences(User)
    timings["workers"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    evidence = 0
    prefs: list[tuple[int, bool, bool]] = []

    def skill_rows() -> Iterator[tuple[Any, ...]]:
        for uid, _reg, _prov in profiles:
            trades = [rng.randrange(TRADES)] + ([rng.randrange(TRADES)] if rng.random() < 0.2 else [])
            objecting = rng.random() < 0.05
            findable = rng.random() < 0.5
            prefs.append((uid, findable, not objecting))
            indexed = findable and not objecting
            for trade in trades:
                for cid in rng.sample(by_trade[trade], rng.randint(1, 4)):
                    for code in course_skills[cid]:
                        yield (uid, code, "course", cid, f"Kursus Bench {cid}", 1, indexed, now)
            if rng.random() < 0.15:
                for i in rng.sample(range(SKILLS_PER_TRADE), rng.randint(3, 5)):
                    yield (uid, skill_code(trades[0], i), "competency", uid, "Sertifikat Bench", 2, indexed, now)
            if rng.random() < 0.3:
                for i in rng.sample(range(SKILLS_PER_TRADE), rng.randint(1, 2)):
                    yield (uid, skill_code(trades[-1], i), "declared", None, "", 1, indexed, now)

    with transaction.atomic():
        # a course's skills may repeat across a worker's courses: the unique key includes the course
        evidence = _insert(
            "jobs_workerskill",
            ["worker_id", "skill_id", "source", "source_id", "source_label", "level", "findable", "since"],
            _dedup(skill_rows()),
        )
        _insert(
            "jobs_jobpreference",
            [
                "worker_id",
                "kinds",
                "willing_to_relocate",
                "abroad",
                "remote",
                "findable",
                "automated_matching",
                "show_union",
                "updated_at",
            ],
            ((uid, "[]", False, False, False, f, a, False, now) for uid, f, a in prefs),
        )
    _reset_sequences(WorkerSkill, JobPreference)
    timings["skill_profiles"] = time.perf_counter() - t0

    # opportunities
    t0 = time.perf_counter()
    first_opp = _next_id(Opportunity)
    opp_skills: list[tuple[Any, ...]] = []

    def opps() -> Iterator[tuple[Any, ...]]:
        for n in range(opportunities):
            oid = first_opp + n
            trade = rng.randrange(TRADES)
            remote = rng.random() < 0.1
            regency, province = regencies[rng.randrange(len(regencies))]
            closes = today + datetime.timedelta(days=rng.randint(1, 90))
            kind = rng.choices(["job", "apprenticeship", "side_gig", "abroad"], [6, 2, 2, 1])[0]
            low = rng.randrange(3_000_000, 8_000_000, 250_000)
            picked = rng.sample(range(SKILLS_PER_TRADE), rng.randint(3, 6))
            required = rng.randint(2, min(4, len(picked)))
            for j, i in enumerate(picked):
                opp_skills.append((oid, skill_code(trade, i), 1, j < required, True, closes))
            yield (
                oid,
                companies[n % COMPANIES].pk,
                kind,
                "",
                f"Lowongan Bench {n}",
                "…",
                None if remote else regency,
                None if remote else province,
                remote,
                "",
                0,
                1,
                low,
                low + 1_000_000,
                "IDR",
                "month",
                closes,
                "",
                "",
                "",
                None,
                "[]",
                "published",
                "",
                now,
                now,
            )

    with transaction.atomic():
        _insert(
            "jobs_opportunity",
            [
                "id",
                "employer_id",
                "kind",
                "employment",
                "title",
                "description",
                "regency_id",
                "province_id",
                "remote",
                "education",
                "experience_years",
                "openings",
                "pay_min",
                "pay_max",
                "currency",
                "pay_basis",
                "closes_on",
                "destination_country",
                "language_requirement",
                "placement_costs",
                "worker_costs_idr",
                "preferred_scheme_codes",
                "status",
                "review_reason",
                "published_at",
                "created_at",
            ],
            opps(),
        )
        _insert(
            "jobs_opportunityskill",
            ["opportunity_id", "skill_id", "level", "required", "is_open", "closes_on"],
            opp_skills,
        )
    _reset_sequences(Opportunity, OpportunitySkill)
    timings["opportunities"] = time.perf_counter() - t0
    return {
        "workers": workers,
        "opportunities": opportunities,
        "worker_skill_rows": evidence,
        "opportunity_skill_rows": len(opp_skills),
        "seconds": {k: round(v, 1) for k, v in timings.items()},
        "staff_id": staff.pk,
        "first_user": first_user,
        "first_opportunity": first_opp,
    }


def _dedup(rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    seen: set[tuple[Any, ...]] = set()
    last_worker = None
    for row in rows:
        if row[0] != last_worker:
            seen.clear()
            last_worker = row[0]
        key = row[:4]
        if key not in seen:
            seen.add(key)
            yield row


def measure(generated: dict[str, Any], repeats: int, percentiles: Any, timed: Any) -> dict[str, Any]:
    from django.test import Client

    from naker.accounts.models import User
    from naker.jobs.models import JobPreference, Opportunity

    rng = random.Random(5)
    client = Client()
    objecting = set(JobPreference.objects.filter(automated_matching=False).values_list("worker_id", flat=True))
    first, count = generated["first_user"], generated["workers"]
    sample = [uid for uid in rng.sample(range(first, first + count), min(count, repeats * 2)) if uid not in objecting]
    sample = sample[:repeats]
    opp_first, opp_count = generated["first_opportunity"], generated["opportunities"]
    opp_sample = rng.sample(range(opp_first, opp_first + opp_count), min(opp_count, repeats))

    matches: list[float] = []
    paths: list[float] = []
    candidates: list[float] = []
    cpu: dict[str, list[float]] = {"matches": [], "paths": [], "candidates": []}

    def both(name: str, samples: list[float], call: Any) -> Any:
        # wall time, and this process's CPU time (what the request costs, without the wait for a core
        # on a shared machine; PostgreSQL's own work is in another process and only in the wall time)
        started = time.process_time()
        result = timed(samples, call)
        cpu[name].append(time.process_time() - started)
        return result

    # warm up: the first request loads translations, URL resolvers, schema models
    client.force_login(User.objects.get(pk=sample[0]))
    client.get("/api/v1/me/matches")
    items = 0
    for uid in sample:
        client.force_login(User.objects.get(pk=uid))
        response = both("matches", matches, lambda: client.get("/api/v1/me/matches"))
        assert response.status_code == 200, response.content[:300]
        found = response.json()["items"]
        items += len(found)
        target = found[-1]["opportunity"]["id"] if found else opp_sample[0]
        response = both("paths", paths, lambda t=target: client.get(f"/api/v1/opportunities/{t}/learning-path"))
        assert response.status_code == 200, response.content[:300]
    client.force_login(User.objects.get(pk=generated["staff_id"]))
    shown = 0
    for oid in opp_sample:
        response = both("candidates", candidates, lambda o=oid: client.get(f"/api/v1/opportunities/{o}/candidates"))
        assert response.status_code == 200, response.content[:300]
        shown += len(response.json())
    return {
        "worker_matches_top20": percentiles(matches),
        "opportunity_candidates_top50": percentiles(candidates),
        "learning_path": percentiles(paths),
        "cpu": {name: percentiles(xs) for name, xs in cpu.items()},
        "load_average": os.getloadavg()[0],
        "mean_matches_returned": round(items / max(1, len(sample)), 1),
        "mean_candidates_returned": round(shown / max(1, len(opp_sample)), 1),
        "open_opportunities": Opportunity.objects.filter(status="published").count(),
    }
