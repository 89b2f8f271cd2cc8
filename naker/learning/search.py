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
from django.db.models import F
from django.db.models.functions import Greatest
from rapidfuzz import process
from rapidfuzz.distance import OSA
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

from naker.learning import catalogue
from naker.learning.models import CourseSearch, SearchCounts, SearchTerm

WORD = re.compile(r"[0-9a-zà-ÿ]+(?:-[0-9a-zà-ÿ]+)*", re.IGNORECASE)
LEXICON_DIR = Path(__file__).resolve().parent / "search_lexicon"
MAX_CONCEPTS = 8
MAX_WORDS = 16  # a pasted paragraph is read by its first words
# The engine's own ranking picks this many courses holding any word of the query; the coverage
# ranking below orders those (a query matching 4,000 of 20,000 courses is weighed on 500).
TOP_N = 500
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
    suggestion: str  # the query with unsure corrections applied: shown as "Did you mean …?"

    @property
    def searchable(self) -> tuple[Concept, ...]:
        return tuple(c for c in self.concepts if c.terms)


class Vocabulary(Protocol):
    """The terms an index holds. `known` must be current (it asks the database); `near` and
    `starting` may read a copy in memory."""

    def known(self, terms: set[str]) -> set[str]: ...

    def starting(self, prefix: str) -> list[str]: ...

    def near(self, word: str, max_distance: int) -> list[tuple[str, int]]: ...


def read_counts() -> tuple[int, int]:
    """(courses indexed, the vocabulary's version) from SearchCounts' one row: a key look-up, where
    counting the tables would read them whole on every search."""
    row = SearchCounts.objects.filter(pk=1).values_list("courses", "terms").first()
    if row is None:  # a database emptied by a test's flush: count, as `reindex_search` would
        return CourseSearch.objects.count(), SearchTerm.objects.count()
    return row


def _add_counts(*, courses: int = 0, terms: int = 0) -> None:
    """Keeps SearchCounts current after a write to the index (in the writer's transaction)."""
    if not courses and not terms:
        return
    changed = SearchCounts.objects.filter(pk=1).update(
        courses=Greatest(F("courses") + courses, 0), terms=F("terms") + max(terms, 0)
    )
    if not changed:
        recount()


def recount(*, bump_terms: bool = False) -> tuple[int, int]:
    """Sets SearchCounts from the tables (after a rebuild, or where the row is missing); `bump_terms`
    makes every process reload its copy of the vocabulary even if the number of terms is the same."""
    courses, terms = CourseSearch.objects.count(), SearchTerm.objects.count()
    row = SearchCounts.objects.filter(pk=1).first()
    if row is None:
        SearchCounts.objects.create(pk=1, courses=courses, terms=terms)
        return courses, terms
    row.courses, row.terms = courses, max(terms, row.terms + 1) if bump_terms else terms
    row.save(update_fields=["courses", "terms"])
    return row.courses, row.terms


NEAR_CACHE = 4096


@dataclass
class _Copy:
    """A process's copy of the vocabulary at one version: what completion and correction scan."""

    version: int = -1
    terms: list[str] = field(default_factory=list)
    by_length: dict[int, list[str]] = field(default_factory=dict)
    answers: dict[tuple[str, int], list[tuple[str, int]]] = field(default_factory=dict)  # near() found

    def starting(self, prefix: str) -> list[str]:
        start = bisect.bisect_left(self.terms, prefix)
        return [t for t in self.terms[start : start + 3] if t.startswith(prefix) and t != prefix]

    def near(self, word: str, max_distance: int) -> list[tuple[str, int]]:
        key = (word, max_distance)
        if key in self.answers:
            return self.answers[key]
        lengths = range(len(word) - max_distance, len(word) + max_distance + 1)
        within = [t for n in lengths for t in self.by_length.get(n, ())]
        found = process.extract(word, within, scorer=OSA.distance, score_cutoff=max_distance, limit=8)
        answer = sorted(((t, int(d)) for t, d, _i in found), key=lambda td: (td[1], td[0]))
        if len(self.answers) < NEAR_CACHE:
            self.answers[key] = answer
        return answer


class CourseVocabulary:
    """The course index's terms. Exact look-ups ask the database every time; the sorted copy that
    completion and correction scan is reloaded whenever the vocabulary's version in SearchCounts
    changed (it grows whenever terms are added), so a course published by any process is known to
    every process at its next search (completion and correction read `current()`, once per query, see
    _OneLook). Correction scans only the terms of a length within reach and remembers its answers until
    the next reload: a typo costs a key look-up, not a scan, when warm."""

    def __init__(self) -> None:
        self._copy = _Copy()
        self._lock = threading.Lock()

    def known(self, terms: set[str]) -> set[str]:
        if not terms:
            return set()
        return set(SearchTerm.objects.filter(term__in=sorted(terms)).values_list("term", flat=True))

    def current(self) -> _Copy:
        version = read_counts()[1]
        if version != self._copy.version:
            terms = sorted(SearchTerm.objects.values_list("term", flat=True))
            by_length: dict[int, list[str]] = {}
            for t in terms:
                by_length.setdefault(len(t), []).append(t)
            fresh = _Copy(version, terms, by_length)
            with self._lock:
                self._copy = fresh
        return self._copy


class _OneLook:
    """The vocabulary as one query sees it: a CourseVocabulary's copy is checked once per query,
    however many words need completing or correcting (and not at all when none does)."""

    def __init__(self, vocabulary: Vocabulary | CourseVocabulary) -> None:
        self._vocabulary = vocabulary
        self._seen: Vocabulary | _Copy | None = None

    def _look(self) -> Vocabulary | _Copy:
        if self._seen is None:
            v = self._vocabulary
            self._seen = v.current() if isinstance(v, CourseVocabulary) else v
        return self._seen

    def starting(self, prefix: str) -> list[str]:
        return self._look().starting(prefix)

    def near(self, word: str, max_distance: int) -> list[tuple[str, int]]:
        return self._look().near(word, max_distance)


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


def analyse_query(text: str, *, vocabulary: Vocabulary | CourseVocabulary | None = None) -> AnalysedQuery:
    """Reads what a worker typed into concepts (see `Concept`), with the lexicon, the stemmer and
    careful typo correction against `vocabulary` (the course index's by default)."""
    vocabulary = vocabulary or course_vocabulary
    tokens = words(text)[:MAX_WORDS]
    concepts = _read(tokens)
    known = vocabulary.known({w for c in concepts for t in c.terms for w in t.split()})
    look = _OneLook(vocabulary)
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
            completions = look.starting(c.typed)  # the last word, perhaps still being typed
            if completions:
                result[-1] = _concept(c.typed, completions, "completed")
                continue
        if len(c.typed) >= 4:
            sure, guess = _sure(c.typed, look.near(c.typed, 1 if len(c.typed) < 8 else 2))
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
    catalogue.forget()  # what matched a search may change
    t, s, d = analyse_text([title]), analyse_text([summary]), analyse_text(rest)
    _row, created = CourseSearch.objects.update_or_create(
        course_id=course_id, defaults={"title": t, "summary": s, "document": d}
    )
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM learning_course_fts WHERE rowid = %s", [course_id])
            cursor.execute(
                "INSERT INTO learning_course_fts(rowid, title, summary, document) VALUES (%s, %s, %s, %s)",
                [course_id, t, s, d],
            )
    new_terms = _add_terms({*t.split(), *s.split(), *d.split()})
    _add_counts(courses=int(created), terms=new_terms)


def _add_terms(terms: set[str]) -> int:
    """Adds the terms the vocabulary lacks; returns how many were new (at most: another process may
    add the same term at once, and the count is only a version that must grow)."""
    ordered, held = sorted(terms), set[str]()
    for lo in range(0, len(ordered), 1000):
        held.update(SearchTerm.objects.filter(term__in=ordered[lo : lo + 1000]).values_list("term", flat=True))
    new = terms - held
    SearchTerm.objects.bulk_create([SearchTerm(term=x) for x in sorted(new)], ignore_conflicts=True)
    return len(new)


def unindex_course(course_id: int) -> None:
    catalogue.forget()  # what matched a search may change
    deleted, _ = CourseSearch.objects.filter(course_id=course_id).delete()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM learning_course_fts WHERE rowid = %s", [course_id])
    _add_counts(courses=-deleted)


def bulk_index(documents: dict[int, tuple[str, str, str]]) -> None:
    """Indexes many new courses at once (bench and imports): id → analysed (title, summary, rest)."""
    catalogue.forget()  # what matched a search may change
    CourseSearch.objects.bulk_create(
        [CourseSearch(course_id=k, title=t, summary=s, document=d) for k, (t, s, d) in documents.items()]
    )
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO learning_course_fts(rowid, title, summary, document) VALUES (%s, %s, %s, %s)",
                [(k, t, s, d) for k, (t, s, d) in documents.items()],
            )
    new_terms = _add_terms({x for parts in documents.values() for part in parts for x in part.split()})
    _add_counts(courses=len(documents), terms=new_terms)


def reindex(parts: dict[int, tuple[str, str, list[str]]]) -> None:
    """Analyses these courses' text again (id → title, summary, the rest) and rewrites their index
    entries in a few statements (`manage.py reindex_search`)."""
    catalogue.forget()  # what matched a search may change
    documents = {k: (analyse_text([t]), analyse_text([s]), analyse_text(rest)) for k, (t, s, rest) in parts.items()}
    if not documents:
        return
    existing = set(CourseSearch.objects.filter(course_id__in=documents).values_list("course_id", flat=True))
    CourseSearch.objects.bulk_update(
        [
            CourseSearch(course_id=k, title=t, summary=s, document=d)
            for k, (t, s, d) in documents.items()
            if k in existing
        ],
        ["title", "summary", "document"],
    )
    CourseSearch.objects.bulk_create(
        [
            CourseSearch(course_id=k, title=t, summary=s, document=d)
            for k, (t, s, d) in documents.items()
            if k not in existing
        ]
    )
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany("DELETE FROM learning_course_fts WHERE rowid = %s", [(k,) for k in documents])
            cursor.executemany(
                "INSERT INTO learning_course_fts(rowid, title, summary, document) VALUES (%s, %s, %s, %s)",
                [(k, t, s, d) for k, (t, s, d) in documents.items()],
            )
    new_terms = _add_terms({x for parts_ in documents.values() for part in parts_ for x in part.split()})
    _add_counts(courses=len(documents) - len(existing), terms=new_terms)


def drop_unpublished(published: set[int]) -> int:
    """Index entries of courses not in `published` (and, on SQLite, FTS5 rows without a course's
    entry) are deleted; returns how many courses were dropped."""
    catalogue.forget()  # what matched a search may change
    gone = [k for k in CourseSearch.objects.values_list("course_id", flat=True) if k not in published]
    for lo in range(0, len(gone), 1000):
        CourseSearch.objects.filter(course_id__in=gone[lo : lo + 1000]).delete()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM learning_course_fts WHERE rowid NOT IN (SELECT course_id FROM learning_coursesearch)"
            )
    return len(gone)


def prune_vocabulary() -> int:
    """Deletes the terms no indexed course holds any more (an old stem after a stemmer exception was
    added): correction must not choose them. Returns how many."""
    catalogue.forget()  # what matched a search may change
    held: set[str] = set()
    for texts in CourseSearch.objects.values_list("title", "summary", "document").iterator(chunk_size=2000):
        for text in texts:
            held.update(text.split())
    stale = [t for t in SearchTerm.objects.values_list("term", flat=True).iterator(chunk_size=5000) if t not in held]
    for lo in range(0, len(stale), 1000):
        SearchTerm.objects.filter(term__in=stale[lo : lo + 1000]).delete()
    return len(stale)


# --- ranking -----------------------------------------------------------------------------------

FIELDS = (("title", 4), ("summary", 2), ("document", 1))  # the index's columns and their bits


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


def _tsquery(terms: Iterable[str], weight: str = "") -> str:
    suffix = f":{weight}" if weight else ""

    def lexeme(w: str) -> str:
        return "'" + w + "'" + suffix

    return " | ".join("(" + " & ".join(lexeme(w) for w in _words(t)) + ")" for t in sorted(_searchable(terms)))


def _mask(terms: frozenset[str], where: dict[str, int]) -> int:
    """Where (title 4, summary 2, rest 1) a course holds any of the terms; `where` says, for each
    word of the query, the fields holding it. A group of words must be whole in one field."""
    mask = 0
    for t in terms:
        if " " in t:
            both = 7
            for w in t.split():
                both &= where.get(w, 0)
            mask |= both
        else:
            mask |= where.get(t, 0)
    return mask


COURSES_INDEXED = "(SELECT courses FROM learning_searchcounts WHERE id = 1)"


def _candidates(concepts: tuple[Concept, ...]) -> tuple[int, list[int], list[tuple[int, str, str, str]]]:
    """Asks the engine (one statement on PostgreSQL, two on SQLite) how many courses are indexed and
    how many hold each concept (for its weight), and for the analysed text of the TOP_N courses holding
    any concept that its own ranking (FTS5's bm25, PostgreSQL's ts_rank; title > summary > rest) puts
    first. The coverage
    ranking then weighs only those: the engine does the bulk work in C, and a query matching 4,000 of
    20,000 courses no longer sends 4,000 rows to Python."""
    sets = [c.terms for c in concepts]
    every = frozenset(t for s in sets for t in s)
    weights = [FIELD_WEIGHT[bit] for _c, bit in FIELDS]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Joined to the course's row, so a stale FTS5 entry (the table is not a model) never counts.
            counts = ", ".join(
                [COURSES_INDEXED]
                + [
                    "(SELECT count(*) FROM learning_course_fts f JOIN learning_coursesearch s "
                    "ON s.course_id = f.rowid WHERE learning_course_fts MATCH %s)"
                ]
                * len(sets)
            )
            cursor.execute(f"SELECT {counts}", [_fts5_any(s) for s in sets])
            total, *held = cursor.fetchone()
            # The best TOP_N first, then their text: joining every match before sorting costs double.
            cursor.execute(
                "SELECT s.course_id, s.title, s.summary, s.document FROM (SELECT rowid, "
                "bm25(learning_course_fts, %s, %s, %s) AS score FROM learning_course_fts "
                "WHERE learning_course_fts MATCH %s ORDER BY score, rowid LIMIT %s) f "
                "JOIN learning_coursesearch s ON s.course_id = f.rowid",
                [*weights, _fts5_any(every), TOP_N],
            )
            rows = cursor.fetchall()
        else:
            # Every count over the matching rows is computed before LIMIT keeps the best TOP_N.
            filters = ", ".join(["count(*) FILTER (WHERE vector @@ to_tsquery('simple', %s)) OVER ()"] * len(sets))
            # The statement is made of constants; the words are parameters.
            statement = f"SELECT course_id, title, summary, document, {COURSES_INDEXED}, " + filters
            statement += " FROM learning_coursesearch, to_tsquery('simple', %s) q WHERE vector @@ q "
            statement += "ORDER BY ts_rank(%s::float4[], vector, q) DESC, course_id LIMIT %s"
            # ts_rank's weights are {D, C, B, A}
            params: list[Any] = [*(_tsquery(s) for s in sets), _tsquery(every), [0.1, *reversed(weights)], TOP_N]
            cursor.execute(statement, params)
            found = cursor.fetchall()
            if not found:
                return 0, [0] * len(sets), []
            total, held = found[0][4], list(found[0][5:])
            rows = [r[:4] for r in found]
    if total is None:  # no SearchCounts row (a test's flush emptied it)
        total = read_counts()[0]
    return total, held, rows


def _place(mask: int) -> float:
    best = next((w for bit, w in FIELD_WEIGHT.items() if mask & bit), 0.0)
    return best + MORE_FIELDS_BONUS * (bin(mask).count("1") - 1) if best else 0.0


# What a concept held in these places is worth: exact mask × 8 + any-term mask → points (0..1.1).
WORTH = [max(_place(m // 8), STEM_ONLY * _place(m % 8)) for m in range(64)]


def rank(analysed: AnalysedQuery) -> list[tuple[int, float]]:
    """(course id, points) of the courses holding any concept that the engine ranks among its TOP_N,
    best first by coverage, without those far below the best."""
    concepts = tuple(c for c in analysed.searchable if _searchable(c.terms))
    if not concepts:
        return []
    total, held, rows = _candidates(concepts)
    if not rows:
        return []

    def weight(held_by: int) -> float:  # BM25's inverse document frequency
        return math.log(1 + (max(total, held_by) - held_by + 0.5) / (held_by + 0.5))

    # Only the order of one query's courses and their share of the best are read: the points are
    # not scaled to the query's whole weight (scaling them all alike would change neither).
    parts = [(c.exact, c.terms, weight(n)) for c, n in zip(concepts, held, strict=True)]
    asked = {w for c in concepts for t in c.terms for w in t.split()}
    scored = []
    for course_id, *texts in rows:
        where: dict[str, int] = {}
        for (_c, bit), text in zip(FIELDS, texts, strict=True):
            for w in asked.intersection(text.split()):
                where[w] = where.get(w, 0) | bit
        points = sum(w * WORTH[_mask(exact, where) * 8 + _mask(terms, where)] for exact, terms, w in parts)
        scored.append((course_id, points))
    scored.sort(key=lambda cs: (-cs[1], cs[0]))
    cut = RELATIVE_CUT * scored[0][1]
    return [(cid, s) for cid, s in scored if s >= cut and s > 0]


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
