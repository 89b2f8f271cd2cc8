"""Course search on the databases' own full-text engines: FTS5 on SQLite, tsvector + GIN on PostgreSQL.

Indonesian is heavily affixed ("pelatihan" → "latih", "pemasaran" → "pasar"), so documents and
queries are analysed the same way before they reach the engine: every word is indexed as typed and
as its Sastrawi stem. A query word that matches nothing in the vocabulary is corrected to the
nearest indexed words (edit distance 1, or 2 for long words), so small typos still find courses.
"""

from __future__ import annotations

import bisect
import re
import threading
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models.expressions import RawSQL
from rapidfuzz import process
from rapidfuzz.distance import OSA
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

from naker.learning.models import CourseSearch, SearchTerm

WORD = re.compile(r"[0-9a-zà-ÿ]+", re.IGNORECASE)
# Trade words the stemmer gets wrong ("pengelasan" → "kelas"): what a worker means by them.
STEM_EXCEPTIONS = {
    "pengelasan": "las",
    "mengelas": "las",
    "dilas": "las",
    "pengelas": "las",
    "las": "las",
    "pelas": "las",
}
# Words that say "I want a course", not what about: dropped from queries.
STOP_WORDS = frozenset(
    "pelatihan latihan kursus kelas belajar cara untuk dan yang di ke dari dengan bagi atau online daring "
    "training course courses class learn learning how to the and for of a an in".split()
)
MAX_CANDIDATES = 2000
VOCABULARY_VERSION_KEY = "learning:search-vocabulary-version"

_stemmer_lock = threading.Lock()


@lru_cache(maxsize=1)
def _stemmer() -> Any:  # Sastrawi has no type hints
    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    if word in STEM_EXCEPTIONS:
        return STEM_EXCEPTIONS[word]
    with _stemmer_lock:  # Sastrawi keeps a cache that is not thread-safe
        return str(_stemmer().stem(word))


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text or "")]


def terms_of(text: str) -> list[str]:
    """Each word as typed and as its stem, in order, without repeats."""
    seen: dict[str, None] = {}
    for word in words(text):
        seen.setdefault(word)
        seen.setdefault(stem(word))
    return [t for t in seen if t]


def document(parts: Iterable[str]) -> str:
    return " ".join(terms_of(" ".join(p for p in parts if p)))


# --- the index ---------------------------------------------------------------------------------


# PostgreSQL: `vector` is a stored column generated from the title (weight A) and the rest (B),
# with a GIN index (migration 0002).
POSTGRES_MATCH = "SELECT course_id FROM learning_coursesearch WHERE vector @@ to_tsquery('simple', %s)"
POSTGRES_SEARCH = (
    "SELECT course_id FROM learning_coursesearch WHERE vector @@ to_tsquery('simple', %s) "
    "ORDER BY ts_rank(vector, to_tsquery('simple', %s)) DESC, course_id LIMIT %s"
)


def index_course(course_id: int, title: str, text: str) -> None:
    """(Re)writes one course's analysed title and text, and adds their terms to the vocabulary."""
    CourseSearch.objects.update_or_create(course_id=course_id, defaults={"title": title, "document": text})
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM learning_course_fts WHERE rowid = %s", [course_id])
            cursor.execute(
                "INSERT INTO learning_course_fts(rowid, title, document) VALUES (%s, %s, %s)", [course_id, title, text]
            )
    terms = set(title.split()) | set(text.split())
    SearchTerm.objects.bulk_create([SearchTerm(term=t) for t in terms], ignore_conflicts=True)
    _bump_vocabulary()


def unindex_course(course_id: int) -> None:
    CourseSearch.objects.filter(course_id=course_id).delete()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM learning_course_fts WHERE rowid = %s", [course_id])


def _bump_vocabulary() -> None:
    try:
        cache.incr(VOCABULARY_VERSION_KEY)
    except ValueError:
        cache.set(VOCABULARY_VERSION_KEY, 1, None)


_vocabulary: dict[str, object] = {"version": None, "terms": []}


def vocabulary() -> list[str]:
    """Every indexed term, kept in memory and reloaded when a course is (re)indexed anywhere."""
    version = cache.get(VOCABULARY_VERSION_KEY, 0)
    if _vocabulary["version"] != version:
        _vocabulary["terms"] = sorted(SearchTerm.objects.values_list("term", flat=True))
        _vocabulary["version"] = version
    return _vocabulary["terms"]  # type: ignore[return-value]


def _alternatives(word: str, known: set[str], terms: list[str]) -> set[str]:
    """The indexed terms a query word stands for: itself or its stem; else terms it begins (a word
    still being typed); else the nearest terms (one edit, two for long words; two swapped letters
    count as one edit). Empty when nothing is near: the word is then left out, rather than the
    whole search failing."""
    found = {t for t in (word, stem(word)) if t in known}
    if found:
        return found
    if len(word) >= 3:
        start = bisect.bisect_left(terms, word)
        found = {t for t in terms[start : start + 3] if t.startswith(word)}
        if found:
            return found
    if len(word) >= 4:
        limit = 1 if len(word) < 8 else 2
        return {t for t, _score, _i in process.extract(word, terms, scorer=OSA.distance, score_cutoff=limit, limit=5)}
    return set()


def parse_query(query: str) -> list[set[str]]:
    """One set of alternative terms per query word; a course must match every word that has any."""
    terms = vocabulary()
    known = set(terms)
    groups = [_alternatives(w, known, terms) for w in dict.fromkeys(words(query)) if w not in STOP_WORDS]
    return [g for g in groups if g][:8]


def _quote(term: str) -> str:
    return '"' + term.replace('"', "") + '"'


def _match_expressions(groups: list[set[str]]) -> tuple[str, str]:
    fts5 = " AND ".join("(" + " OR ".join(_quote(t) for t in sorted(g)) + ")" for g in groups)
    tsquery = " & ".join("(" + " | ".join(_quote(t).replace('"', "'") for t in sorted(g)) + ")" for g in groups)
    return fts5, tsquery


def matching_ids_subquery(query: str) -> Any:
    """The ids of matching courses as SQL the ORM can nest (`pk__in=`), in no particular order."""
    groups = parse_query(query)
    if not groups:
        return RawSQL("SELECT CAST(NULL AS BIGINT) WHERE 1 = 0", [])  # typed: PostgreSQL compares it to ids
    fts5, tsquery = _match_expressions(groups)
    if connection.vendor == "sqlite":
        return RawSQL("SELECT rowid FROM learning_course_fts WHERE learning_course_fts MATCH %s", [fts5])
    return RawSQL(POSTGRES_MATCH, [tsquery])  # noqa: S611 - a constant; the query is a parameter


def ranked_course_ids(query: str) -> list[int]:
    """Ids of courses matching the query, best first (at most MAX_CANDIDATES)."""
    groups = parse_query(query)
    if not groups:
        return []
    with connection.cursor() as cursor:
        match, tsquery = _match_expressions(groups)
        if connection.vendor == "sqlite":
            cursor.execute(
                # A word in the title weighs ten times one in the rest.
                # Joined to the course's row, so a stale FTS5 entry (the table is not a model) never shows.
                "SELECT f.rowid FROM learning_course_fts f JOIN learning_coursesearch s ON s.course_id = f.rowid "
                "WHERE learning_course_fts MATCH %s ORDER BY bm25(learning_course_fts, 10.0, 1.0) LIMIT %s",
                [match, MAX_CANDIDATES],
            )
        else:
            cursor.execute(POSTGRES_SEARCH, [tsquery, tsquery, MAX_CANDIDATES])
        return [row[0] for row in cursor.fetchall()]


def bulk_index(documents: dict[int, tuple[str, str]]) -> None:
    """Indexes many new courses at once (bench and imports): id → (title, text)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO learning_course_fts(rowid, title, document) VALUES (%s, %s, %s)",
                [(k, t, d) for k, (t, d) in documents.items()],
            )
    terms = {t for title, text in documents.values() for t in (*title.split(), *text.split())}
    SearchTerm.objects.bulk_create([SearchTerm(term=t) for t in terms], ignore_conflicts=True)
    _bump_vocabulary()
