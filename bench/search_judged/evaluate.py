"""Relevance of the course search on the judged set (courses.psv, queries.psv; see README.md).

Loaded into an empty, migrated database by `bench/child.py search_relevance`, then every query is
run through the platform's own search and through a plain word-overlap baseline, and scored:
nDCG@10 (gain 2^grade - 1), MRR (rank of the first course graded 2 or 3), recall@20 (of the
courses graded at all) and, for queries no course answers, the courses shown in the top 5.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
WORD = re.compile(r"[0-9a-zà-ÿ]+", re.IGNORECASE)


@dataclass(frozen=True)
class JudgedCourse:
    code: str
    theme: str
    title: str
    summary: str
    skills: list[str]
    lessons: list[str]


@dataclass(frozen=True)
class JudgedQuery:
    kind: str
    text: str
    grades: dict[str, int]


def _rows(name: str) -> list[list[str]]:
    lines = (HERE / name).read_text(encoding="utf-8").splitlines()
    return [[cell.strip() for cell in line.split("|")] for line in lines if line.strip() and not line.startswith("#")]


def load_courses() -> list[JudgedCourse]:
    def items(cell: str) -> list[str]:
        return [x.strip() for x in cell.split(";")]

    return [
        JudgedCourse(code, theme, title, summary, items(skills), items(lessons))
        for code, theme, title, summary, skills, lessons in _rows("courses.psv")
    ]


def load_queries() -> list[JudgedQuery]:
    queries = []
    for kind, text, judged in _rows("queries.psv"):
        grades = {code: int(grade) for code, grade in (pair.split(":") for pair in judged.split())}
        queries.append(JudgedQuery(kind, text, grades))
    return queries


# --- metrics -----------------------------------------------------------------------------------


def ndcg_at(ranked: list[str], grades: dict[str, int], k: int = 10) -> float:
    dcg = sum((2 ** grades.get(code, 0) - 1) / math.log2(i + 2) for i, code in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    best = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / best if best else 0.0


def reciprocal_rank(ranked: list[str], grades: dict[str, int]) -> float:
    for i, code in enumerate(ranked):
        if grades.get(code, 0) >= 2:
            return 1 / (i + 1)
    return 0.0


def recall_at(ranked: list[str], grades: dict[str, int], k: int = 20) -> float:
    return len(set(ranked[:k]) & set(grades)) / len(grades)


def score(queries: list[JudgedQuery], search: Callable[[str], list[str]]) -> dict[str, Any]:
    """Figures per kind of query and overall; `search` returns course codes, best first."""
    per_kind: dict[str, dict[str, list[float]]] = {}
    misses: list[str] = []
    for q in queries:
        ranked = search(q.text)
        figures = per_kind.setdefault(q.kind, {"ndcg10": [], "mrr": [], "recall20": [], "false_top5": [], "empty": []})
        if q.grades:
            figures["ndcg10"].append(ndcg_at(ranked, q.grades))
            figures["mrr"].append(reciprocal_rank(ranked, q.grades))
            figures["recall20"].append(recall_at(ranked, q.grades))
            figures["empty"].append(0.0 if ranked else 1.0)
            if reciprocal_rank(ranked, q.grades) < 1:
                misses.append(f"{q.kind}: {q.text!r} → {ranked[:3]}")
        else:
            figures["false_top5"].append(float(len(ranked[:5])))
    result: dict[str, Any] = {}
    for kind, f in per_kind.items():
        result[kind] = {
            "n": len(f["ndcg10"]) or len(f["false_top5"]),
            **{name: round(sum(v) / len(v), 3) for name, v in f.items() if v and name != "false_top5"},
        }
        if f["false_top5"]:
            result[kind]["false_top5_mean"] = round(sum(f["false_top5"]) / len(f["false_top5"]), 2)
            result[kind]["false_top5_max"] = int(max(f["false_top5"]))
            result[kind]["answered"] = sum(1 for x in f["false_top5"] if x)
    answerable = [q for q in queries if q.grades]
    overall = {"n": len(answerable)}
    for name in ("ndcg10", "mrr", "recall20", "empty"):
        values = [v for f in per_kind.values() for v in f[name]]
        overall[name] = round(sum(values) / len(values), 3)  # type: ignore[assignment]
    result["overall"] = overall
    result["misses"] = misses
    return result


# --- the baseline: plain word overlap, no stemming ---------------------------------------------


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def overlap_baseline(courses: list[JudgedCourse]) -> Callable[[str], list[str]]:
    """Courses sharing the most distinct words with the query, those sharing title words first."""
    bags = [
        (c.code, set(words(c.title)), set(words(" ".join([c.title, c.summary, *c.skills, *c.lessons]))))
        for c in courses
    ]

    def search(query: str) -> list[str]:
        wanted = set(words(query))
        scored = [(len(wanted & every), len(wanted & title), code) for code, title, every in bags]
        return [code for n, t, code in sorted(scored, key=lambda s: (-s[0], -s[1])) if n]

    return search


# --- the platform's search, on the judged catalogue loaded into the database --------------------


def load_into_database(courses: list[JudgedCourse]) -> dict[int, str]:
    """Published courses, indexed as the publishing service indexes them; returns id → code."""
    from django.utils import timezone

    from naker.learning import search
    from naker.learning.models import Course, CourseVersion, Lesson, Module
    from naker.organizations.models import Organization

    provider, _ = Organization.objects.get_or_create(
        code="lpk-judged", defaults={"name": "LPK Contoh", "kind": Organization.Kind.PROVIDER}
    )
    ids = {}
    now = timezone.now()
    for c in courses:
        course = Course.objects.create(
            code=c.code, provider=provider, title=c.title, summary=c.summary, theme=c.theme,
            estimated_hours=Decimal(8), published_at=now,
        )  # fmt: skip
        version = CourseVersion.objects.create(
            course=course, number=1, status=CourseVersion.Status.PUBLISHED, published_at=now
        )
        module = Module.objects.create(version=version, position=1, title="Materi")
        for i, title in enumerate(c.lessons, 1):
            Lesson.objects.create(module=module, position=i, title=title, kind="text", body="Isi.", minutes=20)
        course.published_version = version
        course.save(update_fields=["published_version"])
        index_judged(search, course, c)
        ids[course.pk] = c.code
    return ids


def index_judged(search: Any, course: Any, c: JudgedCourse) -> None:
    """The same three parts the publishing service gives the index (see learning.services)."""
    search.index_course(
        course.pk,
        title=c.title,
        summary=c.summary,
        rest=[course.provider.name, course.get_theme_display(), *c.skills, *c.lessons],
    )


def platform_search(ids: dict[int, str]) -> Callable[[str], list[str]]:
    from naker.learning import search

    def run(query: str) -> list[str]:
        return [ids[i] for i in search.ranked_course_ids(query) if i in ids]

    return run


def evaluate() -> dict[str, Any]:
    courses, queries = load_courses(), load_queries()
    ids = load_into_database(courses)
    return {
        "courses": len(courses),
        "queries": len(queries),
        "search": score(queries, platform_search(ids)),
        "baseline": score(queries, overlap_baseline(courses)),
    }
