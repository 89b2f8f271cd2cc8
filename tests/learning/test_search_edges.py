"""The search's edges, from what a worker types and sees (issue 15: mutation testing showed each of
these could change unnoticed): the share of the best course a result must cover, words a course's new
version brings, a lexicon stem written with a quote, the counts kept beside the index."""

from __future__ import annotations

import dataclasses
import io
from io import StringIO

import pytest
from django.core.management import call_command

from naker.learning import search
from naker.learning.models import Course, SearchCounts, SearchTerm
from tests.learning.conftest import MARKETING

pytestmark = pytest.mark.django_db


def codes(client, q):
    response = client.get("/api/v1/courses", {"q": q})
    assert response.status_code == 200, response.content
    return [c["code"] for c in response.json()["items"]]


def lessons(*titles):
    return [
        {"title": "Materi", "lessons": [{"kind": "text", "title": t, "body": "Isi.", "minutes": 10} for t in titles]}
    ]


def course(publish, code, title, summary="Untuk warung dan kedai.", *lesson_titles):
    return publish(
        MARKETING, code=code, title=title, summary=summary, skills=[], modules=lessons(*(lesson_titles or ["Materi"]))
    )


def test_a_course_covering_a_quarter_of_what_the_best_covers_is_still_shown(client, publish):
    # Each of the four words is in two titles: the first course holds all four, each other course one.
    # One word in four is exactly the share (a quarter of the best) a course must cover to be shown.
    course(publish, "semua", "Kopi Teh Susu Gula")
    for word in ("kopi", "teh", "susu", "gula"):
        course(publish, word, f"Meracik {word.title()}")
    assert codes(client, "kopi teh susu gula") == ["semua", "kopi", "teh", "susu", "gula"]


def test_a_course_covering_less_than_a_quarter_of_the_best_is_left_out(client, publish):
    # Five words: a course holding one of them covers a fifth of what the first course covers.
    course(publish, "semua", "Kopi Teh Susu Gula Jahe")
    for word in ("kopi", "teh", "susu", "gula", "jahe"):
        course(publish, word, f"Meracik {word.title()}")
    assert codes(client, "kopi teh susu gula jahe") == ["semua"]
    assert codes(client, "kopi teh") == ["semua", "kopi", "teh"]  # a half is shown


def test_words_a_course_s_new_version_brings_are_completed_at_once(client, publish):
    course(publish, "kopi", "Meracik Kopi")
    assert codes(client, "kopi") == ["kopi"]  # this process has read the vocabulary
    assert codes(client, "tubr") == []
    course(publish, "kopi", "Meracik Kopi Tubruk")  # the same course, a new version with a new word
    assert codes(client, "tubr") == ["kopi"]  # the word still being typed is completed
    assert codes(client, "tubrku") == ["kopi"]  # and a slip in it corrected


def test_a_course_taken_out_and_published_again_is_found_and_counted_once(client, publish):
    kopi = course(publish, "kopi", "Meracik Kopi")
    course(publish, "teh", "Meracik Teh")
    search.unindex_course(kopi.pk)
    assert codes(client, "kopi") == []
    assert search.read_counts()[0] == 1
    course(publish, "kopi", "Meracik Kopi")
    assert codes(client, "kopi") == ["kopi"]
    assert search.read_counts()[0] == 2
    for code in ("kopi", "teh"):
        search.unindex_course(Course.objects.get(code=code).pk)
    assert search.read_counts()[0] == 0


def test_without_the_counts_row_the_search_still_finds_and_counts(client, publish):
    # A database whose SearchCounts row is gone (a flush, a restore of the tables without it).
    course(publish, "kopi", "Meracik Kopi")
    SearchCounts.objects.all().delete()
    assert search.read_counts()[0] == 1
    assert codes(client, "kopi") == ["kopi"]
    assert codes(client, "merac") == ["kopi"]  # completed: this process has read the vocabulary
    course(publish, "teh", "Meracik Teh Tubruk")  # the writer counts the tables again
    row = SearchCounts.objects.get(pk=1)
    assert (row.courses, row.terms) == (2, SearchTerm.objects.count())
    assert codes(client, "tubr") == ["teh"]


@pytest.mark.parametrize("mark", ["'", '"', "\\"])
def test_a_lexicon_stem_written_with_a_quote_or_backslash_does_not_break_the_search(client, publish, monkeypatch, mark):
    # The lexicon is edited by hand; a stem such as "doa'" must not reach the engine's syntax.
    real = search.lexicon()
    changed = dataclasses.replace(real, stems={**real.stems, "berdoa": f"doa{mark}"})
    monkeypatch.setattr(search, "lexicon", lambda: changed)
    search.stem.cache_clear()
    try:
        course(publish, "doa", "Berdoa Sebelum Bekerja")
        course(publish, "kopi", "Meracik Kopi")
        assert codes(client, "berdoa") == ["doa"]
        assert codes(client, "berdoa kopi") == ["doa", "kopi"]
    finally:
        search.stem.cache_clear()


def test_reindexing_drops_a_course_taken_off_the_catalogue_from_what_a_search_counts(client, publish):
    course(publish, "kopi", "Meracik Kopi")
    course(publish, "kopi-susu", "Kopi Susu")
    Course.objects.filter(code="kopi").update(published_version=None)  # taken off in the database
    out = StringIO()
    call_command("reindex_search", "--no-progress", stdout=out)
    assert "1 courses indexed; 1 entries of unpublished courses" in out.getvalue()
    body = client.get("/api/v1/courses", {"q": "kopi"}).json()
    assert ([c["code"] for c in body["items"]], body["count"]) == (["kopi-susu"], 1)


def test_after_reindexing_a_process_that_had_read_the_vocabulary_corrects_slips_of_the_new_stems(
    client, publish, monkeypatch
):
    # Published while the lexicon lacked "peternakan → ternak" (indexed under the stemmer's "terna");
    # reindexing adds "ternak" and drops "terna": as many terms as before, yet every process must
    # read the vocabulary again.
    real = search.lexicon()
    without = dataclasses.replace(real, stems={k: v for k, v in real.stems.items() if v != "ternak"})
    monkeypatch.setattr(search, "lexicon", lambda: without)
    search.stem.cache_clear()
    course(publish, "kambing", "Peternakan Kambing", "Kandang dan pakan kambing.")
    course(publish, "kopi", "Meracik Kopi")
    monkeypatch.setattr(search, "lexicon", lambda: real)  # the lexicon as changed
    search.stem.cache_clear()
    assert codes(client, "kamb") == ["kambing"]  # this process has read the vocabulary
    call_command("reindex_search", "--no-progress", stdout=StringIO())
    body = client.get("/api/v1/courses", {"q": "ternk"}).json()  # "ternak" with a letter left out
    assert ([c["code"] for c in body["items"]], body["suggestion"]) == (["kambing"], "")
    # A course published next brings two new terms ("menyeduh", "seduh"): the vocabulary's version
    # grows past the one just read, though the number of terms reaches it.
    course(publish, "seduh", "Menyeduh Kopi")
    body = client.get("/api/v1/courses", {"q": "menyduh"}).json()  # a letter left out
    assert ([c["code"] for c in body["items"]], body["suggestion"]) == (["seduh"], "")


def test_the_lexicon_reads_the_same_on_a_machine_whose_locale_is_not_utf_8(monkeypatch):
    # Its files hold non-ASCII text ("→"): read in the locale's encoding (ASCII under LANG=C without
    # Python's UTF-8 mode) they would not load, and no search would answer.
    expected = search.load_lexicon()
    monkeypatch.setattr(io, "text_encoding", lambda encoding, stacklevel=2: encoding or "ascii")
    assert search.load_lexicon() == expected


def test_reindexing_drops_every_term_no_course_holds_however_many(client, publish):
    # A lexicon change can leave thousands of old stems; the terms are dropped in batches of 1,000.
    course(publish, "kopi", "Meracik Kopi")
    SearchTerm.objects.bulk_create([SearchTerm(term=f"lama{i:04d}") for i in range(1001)])
    out = StringIO()
    call_command("reindex_search", "--no-progress", stdout=out)
    assert "and 1,001 terms no course holds any more dropped" in out.getvalue()
    assert not SearchTerm.objects.filter(term__startswith="lama").exists()  # correction cannot choose them
    assert codes(client, "kopi") == ["kopi"]  # the held terms stay


def test_a_reduplicated_word_finds_the_course_naming_it_not_every_course_naming_its_half(client, publish):
    # The stemmer reads "alat-alat" as "alat"; the search keeps a hyphenated word whole.
    course(publish, "dapur", "Alat-alat Dapur")
    course(publish, "tukang", "Alat Pertukangan")
    assert codes(client, "alat-alat") == ["dapur"]
    assert sorted(codes(client, "alat")) == ["dapur", "tukang"]  # the word alone finds both


def test_a_course_naming_only_a_common_word_in_a_lesson_is_left_out_beside_one_naming_a_rare_word_in_its_title(
    client, publish
):
    # Four courses: "kopi" in two, "teh" in three. A lesson title weighs 0.45 of a title, and "teh"
    # weighs half of "kopi": such a course covers under a quarter of the best and is left out.
    course(publish, "kopi", "Meracik Kopi")
    course(publish, "hangat", "Minuman Hangat", "Untuk warung dan kedai.", "Kopi dan teh")
    course(publish, "dingin", "Minuman Dingin", "Untuk warung dan kedai.", "Es teh")
    course(publish, "jajanan", "Jajanan Pasar", "Untuk warung dan kedai.", "Teh tarik")
    assert codes(client, "kopi teh") == ["kopi", "hangat"]


def test_reindexing_a_database_without_the_counts_row_says_how_many_courses_it_indexed(publish):
    course(publish, "kopi", "Meracik Kopi")
    SearchCounts.objects.all().delete()
    out = StringIO()
    call_command("reindex_search", "--no-progress", stdout=out)
    assert out.getvalue().startswith("1 courses indexed; 0 entries of unpublished courses")
    assert SearchCounts.objects.get(pk=1).courses == 1
