"""One step of `make bench`, run in its own process so that its peak memory is its own.

    python bench/child.py migrate | seed N | api REPEATS

Prints one JSON line at the end. DATABASE_URL names the bench database.
"""

from __future__ import annotations

import io
import json
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def percentiles(seconds: list[float]) -> dict[str, Any]:
    xs = sorted(seconds)

    def at(p: float) -> float:
        return round(xs[min(len(xs) - 1, int(len(xs) * p))] * 1000, 2)

    return {"n": len(xs), "p50_ms": at(0.5), "p95_ms": at(0.95)}


def timed(samples: list[float], call: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = call()
    samples.append(time.perf_counter() - started)
    return result


def migrate() -> dict[str, Any]:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return {}


def seed(workers: int) -> dict[str, Any]:
    from django.core.management import call_command

    call_command("seed_demo", workers=workers, no_progress=True, batch_size=5000)
    return {"peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def bench_nik(serial: int) -> str:
    """Unique valid NIKs for Jakarta Pusat, born in 1995, beside the seeded ones."""
    day, number = 1 + serial // 10000 % 28, serial % 10000
    return f"317101{day:02d}0195{number:04d}"


def token(client: Any, login: str, password: str) -> str:
    body = {"login": login, "password": password}
    response = client.post("/api/v1/auth/token", body, content_type="application/json")
    assert response.status_code == 200, response.content
    return str(response.json()["token"])


def api(repeats: int) -> dict[str, Any]:
    from django.test import Client

    from naker.accounts.models import User

    client = Client()
    register, login, me, members_union, members_chamber = [], [], [], [], []  # type: ignore[var-annotated]
    base = User.objects.count()
    for i in range(repeats):
        body = {
            "full_name": "Bench Pekerja",
            "phone": f"+62877{base + i:08d}",
            "password": "Bench-pass-2026",
            "nik": bench_nik(base + i),
            "regency_code": "31.71",
            "consent": True,
        }
        response = timed(
            register, lambda b=body: client.post("/api/v1/auth/register", b, content_type="application/json")
        )
        assert response.status_code == 201, response.content
        raw = timed(login, lambda b=body: token(client, b["phone"], b["password"]))
        for _ in range(3):
            response = timed(me, lambda t=raw: client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {t}"))
            assert response.status_code == 200
    for samples, login_email, org in [
        (members_union, "serikat@demo.naker.id", "ksbsi-dki"),
        (members_chamber, "kadin@demo.naker.id", "kadin-dki"),
    ]:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token(client, login_email, 'naker-demo')}"}
        for page in range(1, repeats + 1):
            url = f"/api/v1/orgs/{org}/members?page={page}"
            response = timed(samples, lambda u=url, h=headers: client.get(u, **h))
            assert response.status_code == 200
    return {
        "register": percentiles(register),
        "token_login": percentiles(login),
        "me": percentiles(me),
        "members_union_branch": percentiles(members_union),
        "members_province_chamber": percentiles(members_chamber),
    }


def analyze() -> None:
    """Both databases plan on table statistics (SQLite's sqlite_stat1 too); after a bulk load they are
    stale. The loading commands refresh them (naker.core.planner); so does each bulk step here, so that
    the bench measures the plans a running deployment gets."""
    from naker.core import planner

    planner.refresh_statistics()


def settle() -> dict[str, Any]:
    """After a seed: PostgreSQL's VACUUM of the freshly loaded tables, which autovacuum would otherwise
    do while the pages are timed (minutes of a core at a million workers, the swings of a page's
    ratio between runs), and which a running deployment has long done (the visibility map lets its
    index-only scans skip the table). SQLite has nothing to settle."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
    return {"vendor": connection.vendor}


def learning(courses: int, enrolments: int, repeats: int) -> dict[str, Any]:
    """Seeds bench courses and enrolments, then times the search page, a course page, the learner
    dashboard and a progress write, through the pages and the API."""
    from django.test import Client

    from naker.accounts.models import User
    from naker.learning import demo
    from naker.learning.models import Course, Enrolment, Lesson
    from naker.organizations.models import Organization

    provider = Organization.objects.get(code="lpk-terampil")
    started = time.perf_counter()
    demo.seed_courses(courses, provider=provider)
    seeded_courses = time.perf_counter() - started
    started = time.perf_counter()
    demo.seed_enrolments(enrolments)
    seeded_enrolments = time.perf_counter() - started
    analyze()

    client = Client()
    client.get("/kursus/", {"q": "warm up"})  # loads the stemmer and the vocabulary, once per process
    queries = ["pelatihan las", "digital marketing umkm", "jahit garmen", "bengkel motr", "bahasa korea", "gudang"]
    search_page, search_filtered, course_page, dashboard, progress = [], [], [], [], []  # type: ignore[var-annotated]
    for i in range(repeats):
        q = queries[i % len(queries)]
        timed(search_page, lambda q=q: client.get("/kursus/", {"q": q}))
        timed(
            search_filtered,
            lambda q=q: client.get("/kursus/", {"q": q, "theme": "industry", "free": "on", "sort": "popular"}),
        )
    codes = list(Course.objects.filter(code__startswith="bench-").values_list("code", flat=True)[:repeats])
    for code in codes:
        timed(course_page, lambda c=code: client.get(f"/kursus/{c}/"))
    learners = list(User.objects.filter(enrolments__isnull=False).distinct().order_by("pk")[:repeats])
    for user in learners:
        client.force_login(user)
        timed(dashboard, lambda: client.get("/belajar/"))
        enrolment = Enrolment.objects.filter(user=user).select_related("version").first()
        lesson = Lesson.objects.filter(module__version=enrolment.version).order_by("position").first()
        response = timed(progress, lambda le=lesson: client.post(f"/api/v1/lessons/{le.pk}/done"))
        assert response.status_code == 200, response.content
    return {
        "courses": Course.objects.filter(published_version__isnull=False).count(),
        "enrolments": Enrolment.objects.count(),
        "seed_courses_seconds": round(seeded_courses, 1),
        "seed_enrolments_seconds": round(seeded_enrolments, 1),
        "search_page": percentiles(search_page),
        "search_page_filtered": percentiles(search_filtered),
        "course_page": percentiles(course_page),
        "learner_dashboard": percentiles(dashboard),
        "progress_write": percentiles(progress),
    }


SEARCH_SPEED_QUERIES = [
    "pelatihan las",
    "digital marketing umkm",
    "jahit garmen",
    "bengkel motr",
    "bahasa korea",
    "gudang",
    "listrik rumah",
    "komputr",
]


def search_speed(courses: int, repeats: int) -> dict[str, Any]:
    """Issue 12: the search page and `GET /api/v1/courses?q=` on `courses` published bench courses
    (a two-word query matches ~4,000 of 20,000), warm, p50/p95; and the typo query alone."""
    from django.test import Client

    from naker.learning import demo, search
    from naker.organizations.models import Organization

    provider, _ = Organization.objects.get_or_create(
        code="lpk-terampil", defaults={"name": "LPK Terampil", "kind": Organization.Kind.PROVIDER}
    )
    started = time.perf_counter()
    demo.seed_courses(courses, provider=provider)
    seeded = time.perf_counter() - started
    analyze()
    client = Client()
    for q in SEARCH_SPEED_QUERIES:  # warm: the stemmer, the vocabulary's copy, connection
        client.get("/kursus/", {"q": q})
    matched = {q: len(search.search(q).ids) for q in SEARCH_SPEED_QUERIES}
    page, api_list, typo = [], [], []  # type: ignore[var-annotated]
    for i in range(repeats):
        q = SEARCH_SPEED_QUERIES[i % len(SEARCH_SPEED_QUERIES)]
        response = timed(page, lambda q=q: client.get("/kursus/", {"q": q}))
        assert response.status_code == 200
        response = timed(api_list, lambda q=q: client.get("/api/v1/courses", {"q": q}))
        assert response.status_code == 200, response.content
        timed(typo, lambda: client.get("/kursus/", {"q": "komputr"}))
    return {
        "courses": courses,
        "seed_courses_seconds": round(seeded, 1),
        "matched": matched,
        "search_page": percentiles(page),
        "api_courses": percentiles(api_list),
        "search_page_typo": percentiles(typo),
    }


def write_member_files(rows: int, folder: Path) -> dict[str, Path]:
    """A union's member list at scale, as CSV (';', UTF-8 with BOM) and as XLSX, with some bad rows."""
    import csv

    from openpyxl import Workbook

    header = ["Nama", "NIK", "No HP / WhatsApp", "Kabupaten/Kota", "Tanggal Lahir"]
    places = ["Kab. Bekasi", "Kota Bekasi", "KABUPATEN BOGOR", "32.73", "Kota Bandung", "Bekasi"]

    def row(i: int) -> list[Any]:
        day, serial = 1 + i % 28, i // 28 % 10000
        nik = f"321601{day:02d}0890{serial:04d}" if i % 50 else "3.21601E+15"
        regency = places[i % len(places)]
        nik = nik if regency != "Kota Bekasi" else f"327501{day:02d}0890{serial:04d}"
        nik = nik if regency != "KABUPATEN BOGOR" else f"320101{day:02d}0890{serial:04d}"
        nik = nik if regency not in ("32.73", "Kota Bandung") else f"327301{day:02d}0890{serial:04d}"
        return [f"Anggota {i}", "'" + nik, f"8{1300000000 + i}", regency, f"{day:02d}/08/1990"]

    folder.mkdir(parents=True, exist_ok=True)
    csv_path, xlsx_path = folder / f"anggota-{rows}.csv", folder / f"anggota-{rows}.xlsx"
    with csv_path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(header)
        for i in range(rows):
            writer.writerow(row(i))
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(header)
    for i in range(rows):
        sheet.append(row(i))
    book.save(xlsx_path)
    return {"csv": csv_path, "xlsx": xlsx_path}


def import_file(path: str, org: str) -> dict[str, Any]:
    """Imports one file into a fresh union branch; wall time and this process's peak memory."""
    from django.core.management import call_command

    from naker.organizations.models import Organization

    if not Organization.objects.filter(code=org).exists():
        Organization.objects.create(code=org, name=org, kind="union", level="branch")
    out = io.StringIO()
    started = time.perf_counter()
    call_command("import_members", path, org=org, consent_attested=True, json=True, stdout=out)
    seconds = time.perf_counter() - started
    summary = json.loads(out.getvalue())
    return {
        **summary,
        "seconds": round(seconds, 1),
        "rows_per_second": round(summary["rows"] / seconds),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def insights(repeats: int) -> dict[str, Any]:
    """Refreshes the aggregates (the first time: everything), then times dashboards and a target page."""
    import datetime

    from django.test import Client
    from django.utils import timezone

    from naker.accounts.models import User
    from naker.insights import services as insight_services
    from naker.insights.models import AdoptionTarget

    started = time.perf_counter()
    insight_services.refresh_aggregates()
    refresh_seconds = time.perf_counter() - started
    started = time.perf_counter()
    insight_services.refresh_aggregates()
    incremental_seconds = time.perf_counter() - started
    analyze()
    admin = User.objects.get(email="admin@demo.naker.id")
    target = AdoptionTarget.objects.filter(scope="nation").first() or AdoptionTarget.objects.create(
        name="bench",
        scope="nation",
        metric="registered",
        goal=5000,
        start_date=timezone.localdate() - datetime.timedelta(days=90),
        due_date=timezone.localdate() + datetime.timedelta(days=60),
    )
    client = Client()
    results = {}
    for name, login, url in [
        ("dashboard_national", admin, "/dasbor/"),
        ("dashboard_province", admin, "/dasbor/?scope=province:32"),
        ("dashboard_regency", admin, "/dasbor/?scope=regency:32.75"),
        ("dashboard_union", User.objects.get(email="serikat@demo.naker.id"), "/dasbor/"),
        ("target_page", admin, f"/target/{target.pk}/"),
    ]:
        client.force_login(login)
        client.get(url)  # warm: the map's projection is computed once per process
        samples: list[float] = []
        for _ in range(repeats):
            response = timed(samples, lambda u=url: client.get(u))
            assert response.status_code == 200, (url, response.status_code)
        results[name] = percentiles(samples)
    return {
        "refresh_seconds": round(refresh_seconds, 1),
        "incremental_refresh_seconds": round(incremental_seconds, 2),
        **results,
    }


def search_relevance() -> dict[str, Any]:
    """The judged set (bench/search_judged/): relevance per kind of query, beside a word-overlap baseline."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from search_judged.evaluate import evaluate

    return evaluate()


def pages() -> dict[str, Any]:
    from bench.pages import measure

    return measure()


def credentials(issue: int, stored: int, repeats: int) -> dict[str, Any]:
    """Issues `issue` certificates (credential signed + PDF drawn, the time of each part measured),
    tops the stored certificates up to `stored` (bulk rows copying a signed one), then times
    POST /api/v1/credentials/verify, GET /verify/{id} and "Sertifikat saya" with 20 certificates."""
    import random
    import uuid

    from django.test import Client
    from django.utils import timezone

    from naker.accounts.models import User
    from naker.credentials import openbadges, pdf, services
    from naker.credentials.models import Credential
    from naker.organizations.models import Organization

    provider = Organization.objects.get(code="lpk-terampil")
    holder = User.objects.get(email="pekerja@demo.naker.id")
    achievement = openbadges.Achievement(
        id=openbadges.public_url("/kursus/bench/"),
        name="Kursus Bench",
        description="Sertifikat untuk pengukuran.",
        criteria="Menyelesaikan semua pelajaran.",
        achievement_type="CertificateOfCompletion",
        creator_id=openbadges.public_url("/credentials/issuers/lpk-terampil"),
        creator_name=provider.name,
    )
    signing: list[float] = []
    real_sign = openbadges.sign

    def timed_sign(payload: dict[str, Any]) -> Any:
        started = time.perf_counter()
        try:
            return real_sign(payload)
        finally:
            signing.append(time.perf_counter() - started)

    openbadges.sign = timed_sign  # type: ignore[assignment]
    issued, drawn = [], []
    started_all = time.perf_counter()
    for i in range(issue):
        credential = timed(
            issued,
            lambda i=i: services.issue_credential(
                source=f"bench:{uuid.uuid4().hex}:{i}",
                kind=Credential.Kind.COURSE,
                holder=holder,
                issuer_org=provider,
                title="Kursus Bench",
                achievement=achievement,
                achieved_at=timezone.now(),
                skills=["Keterampilan bench"],
            ),
        )
        timed(drawn, lambda c=credential: pdf.render(c, layout="a4"))
    wall = time.perf_counter() - started_all
    openbadges.sign = real_sign  # type: ignore[assignment]

    template = Credential.objects.filter(source__startswith="bench:").order_by("-pk").first()
    assert template is not None
    have = Credential.objects.count()
    started = time.perf_counter()
    while have < stored:
        batch = min(20_000, stored - have)
        Credential.objects.bulk_create(
            [
                Credential(
                    source=f"bulk:{uuid.uuid4().hex}",
                    kind=template.kind,
                    holder_id=None,
                    holder_name="Pekerja Bench",
                    subject_id=template.subject_id,
                    issuer_org_id=template.issuer_org_id,
                    issuer_name=template.issuer_name,
                    title=template.title,
                    skills=template.skills,
                    achieved_at=template.achieved_at,
                    payload=template.payload,
                    jwt=template.jwt,
                    kid=template.kid,
                )
                for _ in range(batch)
            ],
            batch_size=5000,
        )
        have += batch
    bulk_seconds = time.perf_counter() - started
    analyze()
    total = Credential.objects.count()

    client = Client()
    ids = list(Credential.objects.order_by("?").values_list("public_id", flat=True)[: repeats * 2])
    tokens = list(Credential.objects.filter(source__startswith="bench:").values_list("jwt", flat=True)[:repeats])
    verify_api, verify_page, mine = [], [], []  # type: ignore[var-annotated]
    for token in tokens:
        response = timed(
            verify_api,
            lambda t=token: client.post("/api/v1/credentials/verify", {"jwt": t}, content_type="application/json"),
        )
        assert response.status_code == 200 and response.json()["valid"], response.content[:200]
    for public_id in ids:
        response = timed(verify_page, lambda p=public_id: client.get(f"/verify/{p}"))
        assert response.status_code == 200
    # a worker with 20 certificates
    person = User.objects.filter(phone__startswith="+62859").order_by("pk").first()
    assert person is not None
    for i in range(20 - Credential.objects.filter(holder=person).count()):
        services.issue_credential(
            source=f"bench-mine:{person.pk}:{i}",
            kind=Credential.Kind.COURSE,
            holder=person,
            issuer_org=provider,
            title=f"Kursus Bench {i}",
            achievement=achievement,
            achieved_at=timezone.now(),
        )
    client.force_login(person)
    for _ in range(repeats):
        response = timed(mine, lambda: client.get("/sertifikat/"))
        assert response.status_code == 200
    random.shuffle(ids)
    return {
        "issued": issue,
        "issue_wall_seconds": round(wall, 1),
        "issue_rate_per_second": round(issue / wall, 1),
        "issue_record_and_sign_ms_mean": round(sum(issued) / len(issued) * 1000, 2),
        "sign_only_ms_mean": round(sum(signing) / len(signing) * 1000, 2),
        "pdf_ms_mean": round(sum(drawn) / len(drawn) * 1000, 2),
        "stored": total,
        "bulk_seconds": round(bulk_seconds, 1),
        "verify_api": percentiles(verify_api),
        "verify_page": percentiles(verify_page),
        "my_certificates_20": percentiles(mine),
    }


def matching(workers: int, opportunities: int, repeats: int) -> dict[str, Any]:
    """Issue 11's speed: bulk-generated skill profiles and open opportunities, then the ranked lists
    and learning paths through the API (bench/matching.py)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import matching as bench_matching

    generated = bench_matching.generate(workers, opportunities)
    analyze()
    return {**generated, **bench_matching.measure(generated, repeats, percentiles, timed)}


def scale(courses: int, enrolments: int) -> dict[str, Any]:
    """Bench courses and enrolments (bulk), for the page section when the learning section did not run."""
    from naker.learning import demo
    from naker.organizations.models import Organization

    started = time.perf_counter()
    demo.seed_courses(courses, provider=Organization.objects.get(code="lpk-terampil"))
    demo.seed_enrolments(enrolments)
    loaded = time.perf_counter()
    analyze()
    done = time.perf_counter()
    return {"seconds": round(done - started, 1), "analyze_seconds": round(done - loaded, 1)}


def _ensure_target(name: str, scope: str, code: str, actor: Any) -> int:
    import datetime

    from django.utils import timezone

    from naker.insights import services as insight_services
    from naker.insights.models import AdoptionTarget

    found = AdoptionTarget.objects.filter(scope=scope, scope_code=code, metric="registered").first()
    if found is None:
        found = insight_services.set_target(
            actor=actor,
            name=name,
            scope=scope,
            scope_code=code,
            metric="registered",
            goal=1_000_000,
            start_date=timezone.localdate() - datetime.timedelta(days=180),
            due_date=timezone.localdate() + datetime.timedelta(days=180),
        )
    return int(found.pk)


def pages_plan() -> list[dict[str, Any]]:
    """What the page section times: each URL with the login it needs (a session cookie or a bearer
    token made here), and the queries one warm request costs (counted in-process)."""
    return _time_in_process(_plan())


def _plan() -> list[dict[str, Any]]:
    """Every key page: name, group (its bound), URL and the headers of its login."""
    from django.conf import settings
    from django.test import Client

    from naker.accounts.models import User
    from naker.credentials.models import Credential
    from naker.insights import services as insight_services
    from naker.jobs.models import Opportunity
    from naker.learning.models import Course, Enrolment, Lesson

    insight_services.refresh_aggregates()
    analyze()
    admin = User.objects.get(email="admin@demo.naker.id")
    union_officer = User.objects.get(email="serikat@demo.naker.id")
    chamber_officer = User.objects.get(email="kadin@demo.naker.id")
    worker = User.objects.get(email="pekerja@demo.naker.id")
    employer = User.objects.get(email="perusahaan@demo.naker.id")
    targets = {
        "union": _ensure_target("Anggota KSBSI DKI", "organization", "ksbsi-dki", union_officer),
        "province": _ensure_target("Pekerja DKI Jakarta", "province", "31", chamber_officer),
        "regency": _ensure_target("Pekerja Kota Bekasi", "regency", "32.75", admin),
        "nation": _ensure_target("Pekerja Indonesia", "nation", "", admin),
    }
    cookies, tokens = {}, {}
    for user in (admin, union_officer, chamber_officer, worker, employer):
        client = Client()
        client.force_login(user)
        cookies[user.pk] = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        tokens[user.pk] = token(client, user.email, "naker-demo")

    enrolment = Enrolment.objects.filter(user=worker).select_related("version").order_by("pk").first()
    lesson = Lesson.objects.filter(module__version=enrolment.version).order_by("module__position", "position").first()
    course = Course.objects.filter(code__startswith="bench-", published_version__isnull=False).order_by("pk").first()
    course_code = course.code if course else enrolment.course.code

    # credentials and jobs (issues 10 and 11): the worker's certificates and a public verification (what
    # an employer opens), the opportunities, the worker's applications and matches, an employer's posts
    # and the applicants of one of them
    credential = Credential.objects.filter(revoked_at__isnull=True).order_by("pk").first()
    post = Opportunity.objects.filter(employer__code="pt-maju-bersama").order_by("pk").first()

    def page(name: str, group: str, url: str, user: Any = None) -> dict[str, Any]:
        return {"name": name, "group": group, "url": url, "headers": {"Cookie": cookies[user.pk]} if user else {}}

    def api(name: str, group: str, url: str, user: Any) -> dict[str, Any]:
        return {"name": name, "group": group, "url": url, "headers": {"Authorization": f"Bearer {tokens[user.pk]}"}}

    plan = [
        page("floor (bare view)", "floor", "/_floor/"),
        page("home", "worker", "/", worker),
        page("catalogue", "worker", "/kursus/", worker),
        page("catalogue ?q=las", "worker", "/kursus/?q=las", worker),
        page("catalogue ?q=komputr (typo)", "worker", "/kursus/?q=komputr", worker),
        page("course page", "worker", f"/kursus/{course_code}/", worker),
        page("/belajar/", "worker", "/belajar/", worker),
        page("lesson page", "worker", f"/belajar/pelajaran/{lesson.pk}/", worker),
        page("/akun/saya/", "worker", "/akun/saya/", worker),
        api("API courses?q=las", "api", "/api/v1/courses?q=las", worker),
        api("API /me", "api", "/api/v1/me", worker),
        page("dashboard union", "dashboard", "/dasbor/", union_officer),
        page("dashboard province", "dashboard", "/dasbor/", chamber_officer),
        page("dashboard regency", "dashboard", "/dasbor/?scope=regency:32.75", admin),
        page("dashboard nation", "dashboard", "/dasbor/", admin),
        api("API dashboard nation", "dashboard", "/api/v1/insights/dashboard", admin),
        page("target union", "target", f"/target/{targets['union']}/", union_officer),
        page("target province", "target", f"/target/{targets['province']}/", chamber_officer),
        page("target regency", "target", f"/target/{targets['regency']}/", admin),
        page("target nation", "target", f"/target/{targets['nation']}/", admin),
        page("members branch", "members", "/organisasi/ksbsi-dki/", union_officer),
        api("API members branch", "members", "/api/v1/orgs/ksbsi-dki/members", union_officer),
        page("members confederation", "members", "/organisasi/ksbsi/", admin),
        api("API members confederation", "members", "/api/v1/orgs/ksbsi/members", admin),
        page("members province chamber", "members", "/organisasi/kadin-dki/", chamber_officer),
        api("API members province chamber", "members", "/api/v1/orgs/kadin-dki/members", chamber_officer),
        page("members Kadin Indonesia", "members", "/organisasi/kadin/", admin),
        api("API members Kadin Indonesia", "members", "/api/v1/orgs/kadin/members", admin),
        page("my certificates", "worker", "/sertifikat/", worker),
        api("API /me/credentials", "api", "/api/v1/me/credentials", worker),
        page("verify a certificate", "worker", f"/verify/{credential.public_id}"),
        page("opportunities", "worker", "/lowongan/", worker),
        api("API opportunities", "api", "/api/v1/opportunities", worker),
        page("my applications", "worker", "/lamaran/", worker),
        page("jobs for me", "worker", "/kerja/untuk-saya/", worker),
        api("API /me/matches", "api", "/api/v1/me/matches", worker),
        page("employer posts", "employer", "/pemberi-kerja/pt-maju-bersama/", employer),
        page("employer applicants", "employer", f"/pemberi-kerja/lowongan/{post.pk}/pelamar/", employer),
        api("API employer applicants", "api", f"/api/v1/opportunities/{post.pk}/applications", employer),
    ]
    return plan


def _client_headers(item: dict[str, Any]) -> dict[str, str]:
    return {"HTTP_" + k.upper().replace("-", "_"): v for k, v in item["headers"].items()}


def _time_in_process(plan: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Queries, in-process and SQL milliseconds of one warm request (median of five) per page."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    for item in plan:
        headers = _client_headers(item)
        client.get(item["url"], **headers)  # warm: caches filled, as on a running server
        totals, sqls, each = [], [], []  # type: ignore[var-annotated]
        for _ in range(5):
            spent = [0.0]
            each.append([])

            def timed_sql(
                execute: Any, sql: str, params: Any, many: bool, ctx: Any, spent: list = spent, mine: list = each[-1]
            ) -> Any:
                started = time.perf_counter()
                try:
                    return execute(sql, params, many, ctx)
                finally:
                    took = time.perf_counter() - started
                    spent[0] += took
                    mine.append((took * 1000, sql, params))

            # SQL time measured here to the microsecond (Django's own record rounds to the millisecond)
            with CaptureQueriesContext(connection) as queries, connection.execute_wrapper(timed_sql):
                started = time.perf_counter()
                response = client.get(item["url"], **headers)
                totals.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (item["url"], response.status_code)
            sqls.append(spent[0] * 1000)
        item["queries"] = len(queries)
        item["inproc_ms"] = round(sorted(totals)[2], 1)
        item["sql_ms"] = round(sorted(sqls)[2], 1)
        # the slowest queries of the median request, to find what grows with the data (EXPLAIN them)
        median = each[sorted(range(5), key=lambda i: sqls[i])[2]]
        item["slowest_sql"] = [
            {"ms": round(ms, 2), "sql": sql[:2000], "params": [str(p)[:80] for p in (params or [])]}
            for ms, sql, params in sorted(median, key=lambda q: -q[0])[:3]
        ]
    return plan


def profile_pages(names: list[str], repeats: int) -> dict[str, Any]:
    """cProfile of `repeats` warm requests of each page named (as in the page table): CPU milliseconds
    a request and the functions that took most of it, printed to stderr (the "profile before and
    after" of issue 13's slowest pages).

        .venv/bin/python bench/child.py profile "employer posts,members Kadin Indonesia" 200
    """
    import cProfile
    import pstats

    from django.test import Client

    client, found = Client(), {}
    for item in _plan():
        if item["name"] not in names:
            continue
        headers = _client_headers(item)
        for _ in range(5):
            client.get(item["url"], **headers)  # warm, as on a running server
        # CPU time without the profiler (it multiplies the cost of every Python call), then the profile
        started = time.process_time()
        for _ in range(repeats):
            client.get(item["url"], **headers)
        cpu_ms = (time.process_time() - started) * 1000 / repeats
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(repeats):
            client.get(item["url"], **headers)
        profiler.disable()
        text = io.StringIO()
        # BENCH_PROFILE_SORT=cumulative shows which calls hold the time (tottime, the default: where it is spent)
        order, lines = os.environ.get("BENCH_PROFILE_SORT", "tottime"), int(os.environ.get("BENCH_PROFILE_LINES", "15"))
        pstats.Stats(profiler, stream=text).sort_stats(order).print_stats(lines)
        print(
            f"\n=== {item['name']}: {cpu_ms:.2f} ms CPU a request (without the profiler), {repeats} requests",
            file=sys.stderr,
        )
        print(text.getvalue().split("\n", 6)[-1], file=sys.stderr)
        found[item["name"]] = round(cpu_ms, 2)
    return found


def main() -> None:
    django.setup()
    step, *rest = sys.argv[1:]
    steps: dict[str, Callable[[], dict[str, Any]]] = {
        "migrate": migrate,
        "settle": settle,
        "seed": lambda: seed(int(rest[0])),
        "api": lambda: api(int(rest[0])),
        "learning": lambda: learning(int(rest[0]), int(rest[1]), int(rest[2])),
        "write_members": lambda: {k: str(v) for k, v in write_member_files(int(rest[0]), Path(rest[1])).items()},
        "import": lambda: import_file(rest[0], rest[1]),
        "insights": lambda: insights(int(rest[0])),
        "search_relevance": search_relevance,
        "search_speed": lambda: search_speed(int(rest[0]), int(rest[1])),
        "pages": pages,
        "credentials": lambda: credentials(int(rest[0]), int(rest[1]), int(rest[2])),
        "matching": lambda: matching(int(rest[0]), int(rest[1]), int(rest[2])),
        "scale": lambda: scale(int(rest[0]), int(rest[1])),
        "pages_plan": lambda: {"plan": pages_plan()},
        "profile": lambda: profile_pages(rest[0].split(","), int(rest[1]) if len(rest) > 1 else 200),
    }
    result = steps[step]()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
