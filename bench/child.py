"""One step of `make bench`, run in its own process so that its peak memory is its own.

    python bench/child.py migrate | seed N | api REPEATS

Prints one JSON line at the end. DATABASE_URL names the bench database.
"""

from __future__ import annotations

import json
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


def main() -> None:
    django.setup()
    step, *rest = sys.argv[1:]
    steps: dict[str, Callable[[], dict[str, Any]]] = {
        "migrate": migrate,
        "seed": lambda: seed(int(rest[0])),
        "api": lambda: api(int(rest[0])),
        "learning": lambda: learning(int(rest[0]), int(rest[1]), int(rest[2])),
    }
    result = steps[step]()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
