"""Course search on the databases' own full-text engines: FTS5 on SQLite, tsvector + GIN on PostgreSQL
(decisions in docs/decisions/0004-course-search.md).

Indonesian is heavily affixed ("pelatihan" → "latih", "pemasaran" → "pasar") and workers type as they
talk ("ngelas", "nyetir", "benerin hp", "tkw hongkong"), so documents and queries are analysed the same
way before they reach the engine: every word is indexed as typed and as its Sastrawi stem, with the
stemmer exceptions of the lexicon (naker/learning/search_lexicon/). A query is read into *concepts*:
a lexicon phrase or form stands for the words courses use; any other word stands for itself and its
stem; a word the index does not hold is completed (the last word, still being typed), corrected when
one close word is a sure guess, or else offered back as "Did you mean …?" and left out.

A course matches when it holds any concept; it ranks by how much of the query it covers, each concept
weighed by how rare it is among courses (a word most courses hold, like "kerja", weighs little) and by
where the course holds it: title above summary above the rest (provider, theme, skills, lesson titles).

`analyse_query` is the analyser for anything else searched in Indonesian (the jobs app's
opportunities): `AnalysedQuery.concepts` say which terms to look for, `analyse_text` how to index.
"""

from __future__ import annotations

import bisect
import math
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from django.db import connection
from rapidfuzz import process
from rapidfuzz.distance import OSA
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

from naker.learning.models import CourseSearch, SearchTerm

WORD = re.compile(r"[0-9a-zà-ÿ]+(?:-[0-9a-zà-ÿ]+)*", re.IGNORECASE)
LEXICON_DIR = Path(__file__).resolve().parent / "search_lexicon"
MAX_CONCEPTS = 8
MAX_WORDS = 16  # a pasted paragraph is read by its first words
MAX_CANDIDATES = 2000  # the search returns at most this many courses, best first
# Where a course holds a concept: title, summary, the rest. Holding it in more places adds a little.
FIELD_WEIGHT = {4: 1.0, 2: 0.7, 1: 0.45}
MORE_FIELDS_BONUS = 0.05
STEM_ONLY = 0.8  # a course holding only the stem of a word ("pasar" for "pemasaran") weighs less
# Courses covering less than this share of the best course's score are left out: they hold only a
# word that many courses hold, or a small part of a long query.
RELATIVE_CUT = 0.25


# --- the lexicon (data files, versioned in the repository) ---------------------------------------


@dataclass(frozen=True)
class Lexicon:
    """What the files in search_lexicon/ say: forms (one or more words) → words courses use; stems
    the stemmer gets wrong; words that only ask for a course."""

    forms: dict[tuple[str, ...], tuple[str, ...]]  # a target of several words means all of them
    kinds: dict[tuple[str, ...], str]
    stems: dict[str, str]
    stop_words: frozenset[str]
    longest: int


LEXICON_KINDS = {"slang", "colloquial", "misspelling", "english", "brand", "abbreviation"}


def _data_lines(name: str) -> list[tuple[int, str]]:
    text = (LEXICON_DIR / name).read_text(encoding="utf-8")
    return [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip() and not line.startswith("#")]


def load_lexicon() -> Lexicon:
    """Reads and checks the lexicon; a malformed row raises ValueError naming the file and line."""
    forms: dict[tuple[str, ...], tuple[str, ...]] = {}
    kinds: dict[tuple[str, ...], str] = {}
    for n, line in _data_lines("words.tsv"):
        cells = line.split("\t")
        if len(cells) != 3 or cells[2].strip() not in LEXICON_KINDS or not cells[1].strip():
            raise ValueError(f"words.tsv line {n}: expected form<TAB>words<TAB>kind, got {line!r}")
        form = tuple(words(cells[0]))
        if not form or form in forms:
            raise ValueError(f"words.tsv line {n}: empty or repeated form {cells[0]!r}")
        # "rumah+tangga": both words (a group is kept as its words joined by a space)
        forms[form] = tuple(" ".join(words(group)) for group in cells[1].split() if words(group))
        kinds[form] = cells[2].strip()
    stems: dict[str, str] = {}
    for n, line in _data_lines("stems.tsv"):
        cells = line.split("\t")
        if len(cells) != 2 or len(words(cells[0])) != 1 or len(words(cells[1])) != 1:
            raise ValueError(f"stems.tsv line {n}: expected word<TAB>stem, got {line!r}")
        stems[cells[0].strip().lower()] = cells[1].strip().lower()
    stop_words = frozenset(line.strip().lower() for _n, line in _data_lines("stopwords.txt"))
    return Lexicon(forms, kinds, stems, stop_words, max(len(f) for f in forms))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return load_lexicon()


# --- analysis -----------------------------------------------------------------------------------

_stemmer_lock = threading.Lock()


@lru_cache(maxsize=1)
def _stemmer() -> Any:  # Sastrawi has no type hints
    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    exception = lexicon().stems.get(word)
    if exception:
        return exception
    if "-" in word:  # "kaki-kaki", "e-commerce": the stemmer reads a reduplication; keep it whole
        return word
    with _stemmer_lock:  # Sastrawi keeps a cache that is not thread-safe
        return str(_stemmer().stem(word))


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text or "")]


def terms_of(text: str) -> list[str]:
    """Each word as typed and as its stem, in order, without repeats (hyphenated words also by part)."""
    seen: dict[str, None] = {}
    for word in words(text):
        seen.setdefault(word)
        seen.setdefault(stem(word))
        if "-" in word:
            for part in word.split("-"):
                seen.setdefault(part)
                seen.setdefault(stem(part))
    return [t for t in seen if t]


def analyse_text(parts: Iterable[str]) -> str:
    """The analysed form of text to be searched: what an index stores."""
    return " ".join(terms_of(" ".join(p for p in parts if p)))


document = analyse_text  # the name the course index has used


@dataclass(frozen=True)
class Concept:
    """One thing the worker asked for: a word, or a phrase of the lexicon.

    `exact` holds the words as typed (or the lexicon's words for them); `terms` adds their stems and
    is what the index is asked for. `how` says how the terms were found: "word", "lexicon",
    "completed" (a word still being typed), "corrected" (a sure typo), or "unknown" (no terms)."""

    typed: str
    exact: frozenset[str]
    terms: frozenset[str]
    how: str


@dataclass(frozen=True)
class AnalysedQuery:
    text: str
    concepts: tuple[Concept, ...]
    suggestion: str = ""  # the query with unsure corrections applied: shown as "Did you mean …?"

    @property
    def searchable(self) -> tuple[Concept, ...]:
        return tuple(c for c in self.concepts if c.terms)


class Vocabulary(Protocol):
    """The terms an index holds. `known` must be current (it asks the database); `near` and
    `starting` may read a copy in memory."""

    def known(self, terms: set[str]) -> set[str]: ...

    def starting(self, prefix: str) -> list[str]: ...

    def near(self, word: str, max_distance: int) -> list[tuple[str, int]]: ...


@dataclass
class _Copy:
    size: int = -1
    terms: list[str] = field(default_factory=list)


class CourseVocabulary:
    """The course index's terms. Exact look-ups ask the database every time; the sorted copy that
    completion and correction scan is reloaded whenever the number of terms changed (terms are only
    ever added), so a course published by any process is known to every process at its next search."""

    def __init__(self) -> None:
        self._copy = _Copy()
        self._lock = threading.Lock()

    def known(self, terms: set[str]) -> set[str]:
        if not terms:
            return set()
        return set(SearchTerm.objects.filter(term__in=sorted(terms)).values_list("term", flat=True))

    def terms(self) -> list[str]:
        size = SearchTerm.objects.count()
        if size != self._copy.size:
            fresh = _Copy(size, sorted(SearchTerm.objects.values_list("term", flat=True)))
            with self._lock:
                self._copy = fresh
        return self._copy.terms

    def starting(self, prefix: str) -> list[str]:
        terms = self.terms()
        start = bisect.bisect_left(terms, prefix)
        return [t for t in terms[start : start + 3] if t.startswith(prefix) and t != prefix]

    def near(self, word: str, max_distance: int) -> list[tuple[str, int]]:
        found = process.extract(word, self.terms(), scorer=OSA.distance, score_cutoff=max_distance, limit=8)
        return sorted(((t, int(d)) for t, d, _i in found), key=lambda td: (td[1], td[0]))


course_vocabulary = CourseVocabulary()


def _stem_group(group: str) -> str:
    return " ".join(stem(w) for w in group.split())


def _concept(typed: str, exact: Iterable[str], how: str) -> Concept:
    """A concept for these words (or groups of words), with their stems. A stem the lexicon gives
    ("pengelasan" → "las") is the same word to a worker, so it counts as exact."""
    exact = frozenset(exact)
    exceptions = lexicon().stems
    own = {_stem_group(t) for t in exact if all(w in exceptions for w in t.split())}
    return Concept(typed, exact | own, frozenset(exact | own | {_stem_group(t) for t in exact}), how)


def _held(terms: frozenset[str], known: set[str]) -> frozenset[str]:
    """The terms (single words, or groups of words) whose words the index holds."""
    return frozenset(t for t in terms if all(w in known for w in t.split()))


def _read(tokens: list[str]) -> list[Concept]:
    """Splits the words into concepts: the longest lexicon form first, then single words."""
    lex = lexicon()
    concepts: list[Concept] = []
    i = 0
    while i < len(tokens):
        for size in range(min(lex.longest, len(tokens) - i), 0, -1):
            form = tuple(tokens[i : i + size])
            if form in lex.forms:
                own = set(form) if size == 1 else set()  # one word also counts as itself
                concepts.append(_concept(" ".join(form), own | set(lex.forms[form]), "lexicon"))
                i += size
                break
        else:
            if tokens[i] not in lex.stop_words:
                concepts.append(_concept(tokens[i], {tokens[i]}, "word"))
            i += 1
    unique = {c.typed: c for c in reversed(concepts)}  # a word typed twice counts once
    return [unique[c.typed] for c in concepts if unique[c.typed] is c][:MAX_CONCEPTS]


KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
VOWELS = set("aeiou")


@lru_cache(maxsize=1)
def _neighbours() -> dict[str, set[str]]:
    """Keys next to each other on a phone's QWERTY keyboard (same row, or the row above/below)."""
    where = {ch: (r, c + 0.5 * r) for r, row in enumerate(KEYBOARD_ROWS) for c, ch in enumerate(row)}  # rows stagger
    return {
        a: {b for b, (r2, x2) in where.items() if b != a and abs(r - r2) <= 1 and abs(x - x2) <= 1}
        for a, (r, x) in where.items()
    }


def _a_slip(typed: str, meant: str) -> bool:
    """Whether `typed` reads as `meant` mistyped rather than as another word: letters swapped, one
    left out or typed twice, or one replaced by the key beside it or by another vowel. Two slips
    (long words) only when no letter is replaced. "pilot"/"pivot", "gigi"/"gizi", "film"/"file"
    are other words, not slips."""
    if sorted(typed) == sorted(meant):  # swapped letters
        return True
    if abs(len(typed) - len(meant)) == 1:  # a letter left out or added (OSA distance 1 or 2 checked before)
        longer, shorter = (typed, meant) if len(typed) > len(meant) else (meant, typed)
        return any(sorted(longer[:i] + longer[i + 1 :]) == sorted(shorter) for i in range(len(longer)))
    if len(typed) == len(meant):
        diffs = [(a, b) for a, b in zip(typed, meant, strict=True) if a != b]
        if len(diffs) == 1:
            a, b = diffs[0]
            return b in _neighbours().get(a, set()) or (a in VOWELS and b in VOWELS)
    return False


def _sure(word: str, candidates: list[tuple[str, int]]) -> tuple[list[str], str]:
    """(corrections to apply, a suggestion to show). A correction is applied only when the closest
    words are one word family, keep the first letter (slips rarely hit it) and read as a slip
    (`_a_slip`); otherwise the best guess is only suggested."""
    if not candidates:
        return [], ""
    best = candidates[0][1]
    closest = [t for t, d in candidates if d == best]
    one_family = len({stem(t) for t in closest}) == 1
    if one_family and all(t[0] == word[0] and _a_slip(word, t) for t in closest):
        return closest, ""
    return [], closest[0]


def analyse_query(text: str, *, vocabulary: Vocabulary | None = None) -> AnalysedQuery:
    """Reads what a worker typed into concepts (see `Concept`), with the lexicon, the stemmer and
    careful typo correction against `vocabulary` (the course index's by default)."""
    vocabulary = vocabulary or course_vocabulary
    tokens = words(text)[:MAX_WORDS]
    concepts = _read(tokens)
    known = vocabulary.known({w for c in concepts for t in c.terms for w in t.split()})
    result: list[Concept] = []
    corrections: dict[str, list[str]] = {}
    suggestions: dict[str, str] = {}
    for c in concepts:
        found = _held(c.terms, known)
        if found:
            result.append(Concept(c.typed, _held(c.exact, known), found, c.how))
            continue
        result.append(Concept(c.typed, frozenset(), frozenset(), "unknown"))
        if c.how == "lexicon" or len(c.typed) < 3 or not c.typed.isalpha():
            continue  # a lexicon word is never "corrected" into another word
        if tokens and c.typed == tokens[-1]:
            completions = vocabulary.starting(c.typed)  # the last word, perhaps still being typed
            if completions:
                result[-1] = _concept(c.typed, completions, "completed")
                continue
        if len(c.typed) >= 4:
            sure, guess = _sure(c.typed, vocabulary.near(c.typed, 1 if len(c.typed) < 8 else 2))
            if sure:
                corrections[c.typed] = sure
            elif guess:
                suggestions[c.typed] = guess
    # A correction is applied when the word is the whole query, or when another word of the query
    # was found as typed: a query none of whose words is known ("pilot pesawat") is more likely about
    # something no course teaches than full of slips; its guesses are only suggested.
    company = len(concepts) == 1 or any(c.how in ("word", "lexicon") for c in result)
    for i, c in enumerate(result):
        if c.typed in corrections:
            if company:
                result[i] = _concept(c.typed, corrections[c.typed], "corrected")
            else:
                suggestions[c.typed] = corrections[c.typed][0]
    suggestion = ""
    if suggestions:
        suggestion = " ".join(suggestions.get(w, w) for w in words(text)[:MAX_WORDS])
    return AnalysedQuery(text, tuple(result), suggestion)


# --- the index ---------------------------------------------------------------------------------


def index_course(course_id: int, *, title: str, summary: str, rest: Iterable[str]) -> None:
    """(Re)writes one course's analysed title, summary and the rest people search it by (provider,
    theme, skills, lesson titles), and adds their terms to the vocabulary."""
    t, s, d = analyse_text([title]), analyse_text([summary]), analyse_text(rest)
    CourseSearch.objects.update_or_create(course_id=course_id, defaults={"title": t, "summary": s, "document": d})
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM learning_course_fts WHERE rowid = %s", [course_id])
            cursor.execute(
                "INSERT INTO learning_course_fts(rowid, title, summary, document) VALUES (%s, %s, %s, %s)",
                [course_id, t, s, d],
            )
    terms = {*t.split(), *s.split(), *d.split()}
    SearchTerm.objects.bulk_create([SearchTerm(term=x) for x in terms], ignore_conflicts=True)


def unindex_course(course_id: int) -> None:
    CourseSearch.objects.filter(course_id=course_id).delete()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM learning_course_fts WHERE rowid = %s", [course_id])


def bulk_index(documents: dict[int, tuple[str, str, str]]) -> None:
    """Indexes many new courses at once (bench and imports): id → analysed (title, summary, rest)."""
    CourseSearch.objects.bulk_create(
        [CourseSearch(course_id=k, title=t, summary=s, document=d) for k, (t, s, d) in documents.items()]
    )
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO learning_course_fts(rowid, title, summary, document) VALUES (%s, %s, %s, %s)",
                [(k, t, s, d) for k, (t, s, d) in documents.items()],
            )
    terms = {x for parts in documents.values() for part in parts for x in part.split()}
    SearchTerm.objects.bulk_create([SearchTerm(term=x) for x in terms], ignore_conflicts=True)


# --- ranking -----------------------------------------------------------------------------------

FIELDS = (("title", 4, "A"), ("summary", 2, "B"), ("document", 1, "C"))


def _words(term: str) -> list[str]:
    """The words of a term as a query engine may quote them: no quotes or backslashes, none empty
    (an empty group is a syntax error to FTS5 and to to_tsquery)."""
    return [w for w in (w.replace('"', "").replace("'", "").replace("\\", "") for w in term.split()) if w]


def _searchable(terms: Iterable[str]) -> tuple[str, ...]:
    return tuple(t for t in terms if _words(t))


def _fts5_any(terms: Iterable[str]) -> str:
    """FTS5: any of the terms; a group of words needs all of them."""

    def group(term: str) -> str:
        return "(" + " AND ".join('"' + w + '"' for w in _words(term)) + ")"

    return " OR ".join(group(t) for t in sorted(_searchable(terms)))


def _fts5(terms: Iterable[str], column: str) -> str:
    return "{" + column + "} : (" + _fts5_any(terms) + ")"


def _tsquery(terms: Iterable[str], weight: str = "") -> str:
    suffix = f":{weight}" if weight else ""

    def lexeme(w: str) -> str:
        return "'" + w + "'" + suffix

    return " | ".join("(" + " & ".join(lexeme(w) for w in _words(t)) + ")" for t in sorted(_searchable(terms)))


def _masks(concepts: tuple[Concept, ...]) -> list[tuple[int, list[int]]]:
    """Every course holding any concept, with, per concept, two masks of where it holds it (title 4,
    summary 2, rest 1): the exact words, then any of the terms."""
    sets = [s for c in concepts for s in (c.exact, c.terms)]
    # the exact words are often all the terms; a set with nothing an engine can look up is left out
    distinct = list(dict.fromkeys(s for s in sets if _searchable(s)))
    if not distinct:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # One branch per set and column, each a quick look-up in FTS5's index; the masks are put
            # together below. (Asking "is this row in that match" for every matching row is far slower.)
            # Joined to the course's row, so a stale FTS5 entry (the table is not a model) never shows.
            branch = (
                "SELECT f.rowid, %s, %s FROM learning_course_fts f JOIN learning_coursesearch s "
                "ON s.course_id = f.rowid WHERE learning_course_fts MATCH %s"
            )
            params = [
                x for k, terms in enumerate(distinct) for col, bit, _w in FIELDS for x in (k, bit, _fts5(terms, col))
            ]
        else:
            branch = "SELECT course_id, %s, %s FROM learning_coursesearch WHERE vector @@ to_tsquery('simple', %s)"
            params = [
                x for k, terms in enumerate(distinct) for _c, bit, w in FIELDS for x in (k, bit, _tsquery(terms, w))
            ]
        cursor.execute(" UNION ALL ".join([branch] * (len(params) // 3)), params)
        held: dict[int, list[int]] = {}
        for course_id, k, bit in cursor.fetchall():
            held.setdefault(course_id, [0] * len(distinct))[k] |= bit
    where = [distinct.index(s) if s in distinct else -1 for s in sets]
    return [(cid, [masks[i] if i >= 0 else 0 for i in where]) for cid, masks in held.items()]


def _place(mask: int) -> float:
    best = next((w for bit, w in FIELD_WEIGHT.items() if mask & bit), 0.0)
    return best + MORE_FIELDS_BONUS * (bin(mask).count("1") - 1) if best else 0.0


# What a concept held in these places is worth: exact mask × 8 + any-term mask → points (0..1.1).
WORTH = [max(_place(m // 8), STEM_ONLY * _place(m % 8)) for m in range(64)]


def rank(analysed: AnalysedQuery) -> list[tuple[int, float]]:
    """(course id, score in 0..1) of every course holding any concept, best first, without those
    far below the best."""
    concepts = analysed.searchable
    if not concepts:
        return []
    rows = _masks(concepts)
    if not rows:
        return []
    total = CourseSearch.objects.count()

    def weight(held_by: int) -> float:  # BM25's inverse document frequency
        return math.log(1 + (total - held_by + 0.5) / (held_by + 0.5))

    held = [sum(1 for _id, masks in rows if masks[2 * i + 1]) for i in range(len(concepts))]
    weights = [weight(n) for n in held]
    # A word of the query no course holds still counts: a course covering one word in three is a
    # weaker answer than one covering the only word asked for.
    missing = sum(weight(0) for c in analysed.concepts if not c.terms)
    whole = sum(weights) + missing
    pairs = [(2 * i, 2 * i + 1, w / whole) for i, w in enumerate(weights)]
    scored = [(cid, sum(w * WORTH[m[e] * 8 + m[a]] for e, a, w in pairs)) for cid, m in rows]
    scored.sort(key=lambda cs: (-cs[1], cs[0]))
    cut = RELATIVE_CUT * scored[0][1]
    return [(cid, s) for cid, s in scored[:MAX_CANDIDATES] if s >= cut]


@dataclass(frozen=True)
class SearchResult:
    ids: list[int]
    suggestion: str


def search(query: str) -> SearchResult:
    """Ids of the courses answering the query, best first, and a "Did you mean" suggestion."""
    analysed = analyse_query(query)
    return SearchResult([cid for cid, _score in rank(analysed)], analysed.suggestion)


def ranked_course_ids(query: str) -> list[int]:
    return search(query).ids
