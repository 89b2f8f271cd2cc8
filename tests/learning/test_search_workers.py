"""Search that understands how workers type: the lexicon, any-word ranking, careful corrections with
"Maksud Anda", and one vocabulary for every process (issue 12, item 1)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from naker.learning import search
from tests.learning.conftest import MARKETING

pytestmark = pytest.mark.django_db

COURSES = [
    ("las-dasar", "Las SMAW Dasar", "Pengelasan busur listrik pada pelat baja."),
    ("servis-hp", "Servis HP Android untuk Konter", "Mengganti LCD dan baterai telepon seluler."),
    ("mandarin-kerja", "Bahasa Mandarin untuk Kerja di Taiwan dan Hong Kong", "Percakapan untuk pekerja migran."),
    ("barbershop", "Potong Rambut Pria", "Teknik potong rambut pria dan membuka barbershop."),
    ("cocok-tanam", "Bercocok Tanam Cocok untuk Pemula", "Menanam sayur di pekarangan."),
    ("singkong", "Budidaya Singkong", "Menanam singkong dan mengolahnya."),
    ("hotel-housekeeping", "Housekeeping Hotel", "Membersihkan kamar tamu untuk kerja di hotel."),
    ("kue-rumahan", "Usaha Kue Rumahan", "Membuat kue basah dari rumah dengan modal kecil."),
    ("ayam-kampung", "Beternak Ayam Kampung", "Peternakan ayam kampung: kandang dan pakan."),
    ("perawat-lansia", "Perawat Lansia", "Merawat orang tua di rumah."),
]


@pytest.fixture
def shelf(publish):
    # The marketing package's modules and lessons, under other titles and summaries.
    for code, title, summary in COURSES:
        publish(MARKETING, code=code, title=title, summary=summary)


def codes(client, q, **more):
    response = client.get("/api/v1/courses", {"q": q, **more})
    assert response.status_code == 200, response.content
    return [c["code"] for c in response.json()["items"]]


# --- the lexicon -------------------------------------------------------------------------------


def test_the_lexicon_files_are_well_formed():
    lex = search.load_lexicon()
    assert len(lex.forms) > 200 and len(lex.stems) > 30 and lex.stop_words
    assert set(lex.kinds.values()) <= search.LEXICON_KINDS
    assert not [f for f in lex.forms if len(f) == 1 and f[0] in lex.stop_words]  # a form is never dropped
    assert lex.forms[("ngelas",)] == ("las",)
    assert lex.forms[("tkw",)] == ("migran", "luar negeri", "pmi")  # "luar+negeri": both words
    assert search.stem("peternakan") == search.stem("beternak") == "ternak"
    assert search.stem("pembudidaya") == "budidaya"


def test_a_malformed_lexicon_row_names_its_file_and_line(tmp_path, monkeypatch):
    for name in ("stems.tsv", "stopwords.txt"):
        (tmp_path / name).write_text((search.LEXICON_DIR / name).read_text())
    (tmp_path / "words.tsv").write_text("# comment\nngelas\tlas\tslang\nnyetir\tsetir\n")
    monkeypatch.setattr(search, "LEXICON_DIR", tmp_path)
    with pytest.raises(ValueError, match=r"words\.tsv line 3"):
        search.load_lexicon()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ngelas", "las-dasar"),  # trade slang
        ("welding", "las-dasar"),  # English
        ("benerin hape", "servis-hp"),  # colloquial, both words
        ("tkw hongkong", "mandarin-kerja"),  # abbreviation, and a misspelling that is not a slip
        ("cowok potong rambut", "barbershop"),
        ("peternakan", "ayam-kampung"),  # "terna" to the stemmer alone
        ("beternak ayam", "ayam-kampung"),
    ],
)
def test_workers_words_find_the_course_they_mean(client, shelf, typed, expected):
    assert codes(client, typed)[:1] == [expected]


def test_a_lexicon_word_is_never_corrected_into_another_word(client, shelf):
    # "cowok" is one edit from "cocok", "hongkong" two from "singkong": the lexicon knows them.
    assert "cocok-tanam" not in codes(client, "cowok")
    found = client.get("/api/v1/courses", {"q": "hongkong"}).json()
    assert [c["code"] for c in found["items"]] == ["mandarin-kerja"] and found["suggestion"] == ""


# --- any-word ranking --------------------------------------------------------------------------


def test_any_word_finds_the_course_and_more_words_rank_higher(client, shelf):
    # "kerja" is in many courses, "hotel" in one: the hotel course comes first.
    assert codes(client, "mau kerja di hotel")[:1] == ["hotel-housekeeping"]
    # One word no course holds does not hide the course the other words find.
    assert codes(client, "usaha kue rumahan modal kecil xyzzy")[:1] == ["kue-rumahan"]
    # Two words of the query before one.
    both = codes(client, "kue ayam kampung")
    assert both[:1] == ["ayam-kampung"] and "kue-rumahan" in both


def test_a_title_word_ranks_above_a_summary_word(client, shelf):
    # "rumahan" is in the title of one course and in the summaries of others ("dari rumah").
    assert codes(client, "rumahan")[:1] == ["kue-rumahan"]


def test_a_course_holding_only_a_common_word_ranks_low_or_not_at_all(client, shelf):
    found = codes(client, "kerja barbershop")
    assert found[:1] == ["barbershop"]
    assert "mandarin-kerja" not in found[:1]


# --- corrections and "Maksud Anda" -------------------------------------------------------------


def test_a_sure_slip_is_corrected(client, shelf):
    assert codes(client, "singkogn")[:1] == ["singkong"]  # two letters swapped
    assert codes(client, "barbrshop")[:1] == ["barbershop"]  # a letter left out


def test_an_unsure_guess_is_suggested_not_applied(client, shelf):
    # "perawat" is one letter from "pesawat", but not a slip of it (r and s are not neighbours):
    # nothing is shown as if it were asked for, and the guess is offered.
    body = client.get("/api/v1/courses", {"q": "pilot pesawat"}).json()
    assert body["items"] == [] and body["suggestion"] == "pilot perawat"
    page = client.get("/kursus/", {"q": "pilot pesawat"})
    html = page.content.decode()
    assert "Maksud Anda:" in html and "q=pilot+perawat" in html


def test_a_found_query_has_no_suggestion(client, shelf):
    assert client.get("/api/v1/courses", {"q": "las"}).json()["suggestion"] == ""
    assert "Maksud Anda" not in client.get("/kursus/", {"q": "las"}).content.decode()


# --- one vocabulary for every process ----------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_course_published_on_another_connection_is_found_by_every_process_at_once(publish):
    # Two processes: each its own copy of the vocabulary in memory, warmed before the publish.
    first, second = search.CourseVocabulary(), search.CourseVocabulary()
    for vocabulary in (first, second):
        assert not search.analyse_query("rendang", vocabulary=vocabulary).searchable
        assert not search.analyse_query("rendagn", vocabulary=vocabulary).searchable

    def publish_elsewhere():  # another thread: another database connection
        try:
            publish(MARKETING, code="rendang", title="Memasak Rendang", summary="Rendang untuk dijual.")
        finally:
            connection.close()

    worker = threading.Thread(target=publish_elsewhere)
    worker.start()
    worker.join()
    for vocabulary in (first, second):
        exact = search.analyse_query("rendang", vocabulary=vocabulary)
        slip = search.analyse_query("memasak rendagn", vocabulary=vocabulary)  # read from the fresh copy
        assert [c.how for c in exact.searchable] == ["word"]
        assert "rendang" in slip.concepts[1].terms and slip.concepts[1].how == "corrected"


# --- the analyser others use -------------------------------------------------------------------


def test_the_analyser_reads_a_query_into_concepts(shelf):
    analysed = search.analyse_query("mau ngelas di jakrta")
    assert [(c.typed, c.how) for c in analysed.concepts] == [("ngelas", "lexicon"), ("jakrta", "unknown")]
    assert "las" in analysed.concepts[0].terms
    assert search.analyse_text(["Pengelasan pelat"]).split() == ["pengelasan", "las", "pelat"]


@pytest.mark.django_db
def test_a_query_of_control_characters_and_unusual_letters_finds_nothing_without_an_error(client):
    # Found by the API fuzzer: such a query left an empty group in the FTS5 expression (a syntax error).
    response = client.get("/api/v1/courses", {"q": "\u009a\u00d4\u0011\u00fd\U000797b6\U000494e7\"'\\"})
    assert response.status_code == 200
    assert response.json()["items"] == []
