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


# --- what a worker's words are read as, against a small shelf's words (no database) --------------
# Mutation testing showed the rules below could change unnoticed: which slips are corrected, how many
# typos a word of each length allows, what is completed, what "Maksud Anda" offers.


class Shelf:
    """The words a shelf of courses holds, as the index stores them (each word and its stem)."""

    def __init__(self, *texts):
        self.terms = sorted(set(search.analyse_text(texts).split()))
        by_length = {}
        for term in self.terms:
            by_length.setdefault(len(term), []).append(term)
        self.copy = search._Copy(0, self.terms, by_length)

    def known(self, terms):
        return set(terms) & set(self.terms)

    def starting(self, prefix):
        return self.copy.starting(prefix)

    def near(self, word, max_distance):
        return self.copy.near(word, max_distance)


def looked_for(typed, *course_texts):
    """(the words searched for, the "Maksud Anda" suggestion) when a worker types `typed`."""
    analysed = search.analyse_query(typed, vocabulary=Shelf(*course_texts))
    return sorted(t for c in analysed.searchable for t in c.terms), analysed.suggestion


@pytest.mark.parametrize(
    ("typed", "shelf", "searched", "suggestion"),
    [
        ("kawir", ["Kasir Minimarket"], ["kasir"], ""),  # w is beside s (the row above)
        ("kadir", ["Kasir Minimarket"], ["kasir"], ""),  # d is beside s (the same row)
        ("srpatu", ["Sepatu Kulit"], ["sepatu"], ""),  # r is beside e (the same row)
        ("kisir", ["Kasir Minimarket"], ["kasir"], ""),  # one vowel for another
        ("kasri", ["Kasir Minimarket"], ["kasir"], ""),  # two letters swapped
        ("kasr", ["Kasir Minimarket"], ["kasir"], ""),  # a letter left out
        ("kassir", ["Kasir Minimarket"], ["kasir"], ""),  # a letter typed twice
        ("mnejahti", ["Menjahit"], ["jahit", "menjahit"], ""),  # eight letters allow two slips
        ("tukanga", ["Tukang", "Tukangan"], ["tukang", "tukangan"], ""),  # one family: both
        ("pembukuab", ["Pembukuan", "Pembukaan"], ["buku", "pembukuan"], ""),  # the closest, not the first
        ("e-commerce", ["Jualan di E-Commerce"], ["e-commerce"], ""),  # a hyphenated word is its own stem
        # not slips, only offered: keys far apart, another first letter, a vowel for a consonant
        ("kaqir", ["Kasir Minimarket"], [], "kasir"),  # q is not beside s
        ("karir", ["Kasir Minimarket"], [], "kasir"),  # r is not beside s
        ("sxpatu", ["Sepatu Kulit"], [], "sepatu"),  # x is two rows below e
        ("stpatu", ["Sepatu Kulit"], [], "sepatu"),  # t is two keys from e
        ("kasxr", ["Kasir Minimarket"], [], "kasir"),  # a consonant for a vowel
        ("kasér", ["Kasir Minimarket"], [], "kasir"),  # a letter no keyboard row holds
        ("jasir", ["Kasir Minimarket"], [], "kasir"),  # j is beside k, but a slip rarely hits the first letter
        ("kasor", ["Kasir", "Kasur"], [], "kasir"),  # two words, two families: unsure
        ("pembkuam", ["Pembukuan"], [], "pembukuan"),  # one left out and one replaced: two slips, not sure
        ("pwmbukuab", ["Pembukuan"], [], "pembukuan"),  # two letters replaced
        # too far: nothing, and nothing offered
        ("pmebkuaun", ["Pembukuan"], [], ""),  # three slips in nine letters
        ("kopi", ["Koperasi", "Kopling", "Las"], [], ""),
    ],
)
def test_a_slip_is_corrected_only_when_sure_and_otherwise_offered(typed, shelf, searched, suggestion):
    assert looked_for(typed, *shelf) == (searched, suggestion)


def test_of_many_equally_close_words_the_first_in_alphabetical_order_is_offered():
    # Seven words one letter from "lang", none a slip of it (another first letter): the guess offered
    # is the first of them all in alphabetical order, the longer "alang" included (the scan keeps up
    # to eight equally close words).
    shelf = ["Bang", "Dang", "Jang", "Pang", "Tang", "Wang", "Alang"]
    assert looked_for("lang", *shelf) == ([], "alang")


def test_short_words_allow_fewer_typos():
    shelf = ["Gudang Logistik", "Toko Kelontong", "Pakaian", "Menjahit", "Pembukuan"]
    assert looked_for("tkoo", *shelf) == (["toko"], "")  # four letters: one slip
    assert looked_for("gduagn", *shelf) == ([], "")  # six letters: two slips are too many, nothing offered
    assert looked_for("pkaaina", *shelf) == ([], "")  # seven: too many
    assert looked_for("mnejahti", *shelf) == (["jahit", "menjahit"], "")  # eight letters allow two
    assert looked_for("pmebkuaun", *shelf) == ([], "")  # nine: not three
    # three letters are completed, never corrected; two are neither
    assert looked_for("tko", *shelf) == ([], "")
    assert looked_for("tok", *shelf) == (["toko"], "")
    assert looked_for("to", *shelf) == ([], "")


def test_the_last_word_is_completed_to_at_most_three_words_and_only_the_last():
    shelf = ["Koperasi", "Kopi", "Kopiah", "Kopling", "Menjahit"]
    assert looked_for("kop", *shelf) == (["koperasi", "kopi", "kopiah"], "")
    assert looked_for("menja", *shelf) == (["jahit", "menjahit"], "")
    assert looked_for("menja kopi", *shelf) == (["kopi"], "")  # not the last word: not being typed


def test_a_slip_is_corrected_beside_a_word_found_and_only_offered_among_unknown_words():
    shelf = ["Kasir Minimarket", "Gudang", "Las"]
    assert looked_for("kasr", *shelf) == (["kasir"], "")  # the whole query
    assert looked_for("minimarket kasr", *shelf) == (["kasir", "minimarket"], "")  # beside a word found
    assert looked_for("ngelas kasr", *shelf) == (["kasir", "las"], "")  # beside a lexicon word found
    assert looked_for("kasr pilot", *shelf) == ([], "kasir pilot")  # nothing else known: only offered


def test_a_lexicon_word_no_course_holds_is_neither_corrected_nor_offered_as_another_word():
    # "welding" means "las"; "wedding" is one letter from it, but no worker asking to weld means a wedding.
    assert looked_for("welding", "Wedding Organizer") == ([], "")
    assert looked_for("ngelas", "Kelas Bahasa") == ([], "")


def test_lexicon_words_are_read_whole_and_a_lexicon_word_the_index_lacks_hides_nothing_after_it():
    assert looked_for("ngelas tkw", "Las", "Migran") == (["las", "migran"], "")
    assert looked_for("ngelas kasir", "Kasir") == (["kasir"], "")
    # "welding" stands for "las", and for itself: a course naming it in English is found
    assert looked_for("welding", "Welding") == (["welding"], "")
    assert looked_for("kasir welding", "Kasir", "Welding") == (["kasir", "welding"], "")
    assert looked_for("minimarket minimarket", "Minimarket") == (["minimarket"], "")


def test_a_query_is_read_by_its_first_16_words_and_8_topics():
    stop = sorted(search.lexicon().stop_words - {"ke"})[:15]  # words that only ask for a course
    assert looked_for(" ".join([*stop, "gudang"]), "Gudang") == (["gudang"], "")  # the 16th word
    assert looked_for(" ".join([*stop, "ke", "gudang"]), "Gudang") == ([], "")  # the 17th is left out
    topics = ["gudang", "kasir", "las", "jahit", "kopi", "toko", "sopir", "tani", "ternak"]
    shelf = [t.title() for t in topics]
    analysed = search.analyse_query(" ".join(topics), vocabulary=Shelf(*shelf))
    assert [c.typed for c in analysed.concepts] == topics[:8]  # the ninth, "ternak", is left out


# --- the lexicon files: what a malformed row says, and what a good one means ---------------------


def lexicon_of(tmp_path, monkeypatch, *, words="ngelas\tlas\tslang\n", stems="pengelasan\tlas\n", stop="mau\n"):
    (tmp_path / "words.tsv").write_text(words, encoding="utf-8")
    (tmp_path / "stems.tsv").write_text(stems, encoding="utf-8")
    (tmp_path / "stopwords.txt").write_text(stop, encoding="utf-8")
    monkeypatch.setattr(search, "LEXICON_DIR", tmp_path)
    return search.load_lexicon()


def test_a_lexicon_row_means_its_words_and_comments_and_blank_lines_are_skipped(tmp_path, monkeypatch):
    lex = lexicon_of(
        tmp_path,
        monkeypatch,
        words="# form, words, kind\n\nngelas\tlas\tslang\nBenerin HP\tservis+hp reparasi\tcolloquial\n",
        stems="# word, stem\nPengelasan\tLas\n",
        stop="# only ask for a course\nMau\n\n",
    )
    assert lex.forms == {("ngelas",): ("las",), ("benerin", "hp"): ("servis hp", "reparasi")}
    assert lex.kinds == {("ngelas",): "slang", ("benerin", "hp"): "colloquial"}
    assert (lex.stems, lex.stop_words, lex.longest) == ({"pengelasan": "las"}, frozenset({"mau"}), 2)


@pytest.mark.parametrize(
    ("words", "stems", "message"),
    [
        ("# c\n\nnyetir\tsetir\n", "", "words.tsv line 3: expected form<TAB>words<TAB>kind, got 'nyetir\\tsetir'"),
        ("nyetir\tsetir\tslang\tx\n", "", "words.tsv line 1: expected form<TAB>words<TAB>kind, got "),
        (
            "nyetir\tsetir\tgaul\n",
            "",
            "words.tsv line 1: expected form<TAB>words<TAB>kind, got 'nyetir\\tsetir\\tgaul'",
        ),
        ("nyetir\t \tslang\n", "", "words.tsv line 1: expected form<TAB>words<TAB>kind, got "),
        ("ngelas\tlas\tslang\nngelas\tlas\tslang\n", "", "words.tsv line 2: empty or repeated form 'ngelas'"),
        ("--\tlas\tslang\n", "", "words.tsv line 1: empty or repeated form '--'"),
        ("ngelas\tlas\tslang\n", "# c\npengelasan\n", "stems.tsv line 2: expected word<TAB>stem, got 'pengelasan'"),
        ("ngelas\tlas\tslang\n", "pengelasan\tlas\tx\n", "stems.tsv line 1: expected word<TAB>stem, got "),
        ("ngelas\tlas\tslang\n", "di las\tlas\n", "stems.tsv line 1: expected word<TAB>stem, got 'di las\\tlas'"),
        ("ngelas\tlas\tslang\n", "pengelasan\tke las\n", "stems.tsv line 1: expected word<TAB>stem, got "),
        ("ngelas\tlas\tslang\n", "pengelasan las\n", "stems.tsv line 1: expected word<TAB>stem, got 'pengelasan las'"),
        ("ngelas\tlas\tslang\n", "pengelasan\t\tlas\n", "stems.tsv line 1: expected word<TAB>stem, got "),
    ],
)
def test_a_malformed_lexicon_row_says_which_file_line_and_what_was_expected(
    tmp_path, monkeypatch, words, stems, message
):
    with pytest.raises(ValueError, match=r"\.tsv line") as refused:
        lexicon_of(tmp_path, monkeypatch, words=words, stems=stems or "pengelasan\tlas\n")
    assert str(refused.value).startswith(message), str(refused.value)


def test_a_course_is_indexed_by_each_word_its_stem_and_the_parts_of_hyphenated_words():
    assert search.analyse_text(["Jualan di E-Commerce", "", "Kaki-kaki Meja"]).split() == [
        *("jualan", "jual", "di", "e-commerce", "e", "commerce", "kaki-kaki", "kaki", "meja"),
    ]
    assert search.analyse_text(["Pengelasan"]) == "pengelasan las"  # the lexicon's stem, not the stemmer's "kelas"
    assert search.analyse_text([""]) == search.analyse_text([]) == ""  # a course without a summary


# --- ranking: a rare word weighs more than a common one; a word as typed more than its stem -------


def lessons(*titles):
    return [
        {"title": "Materi", "lessons": [{"kind": "text", "title": t, "body": "Isi.", "minutes": 10} for t in titles]}
    ]


def test_a_word_few_courses_hold_outweighs_a_word_many_hold(client, publish):
    # Five courses; "forklift" is in one lesson title of one of them, "gudang" in three. The forklift
    # course comes first, though only a lesson names it and the warehouse course names "gudang" in its
    # title, summary and lessons: a rare word says more about what the worker wants.
    shelf = [
        ("alat-berat", "Alat Berat di Pelabuhan", "Mengangkat peti kemas dengan aman.", ["Forklift untuk pemula"]),
        ("admin-gudang", "Admin Gudang", "Mencatat stok gudang.", ["Gudang yang rapi"]),
        ("kurir", "Kurir Paket", "Mengantar paket dari gudang ke pembeli.", ["Rute antar"]),
        ("kasir-toko", "Kasir Toko", "Melayani pembeli dan menata stok dari gudang.", ["Mesin kasir"]),
        ("jahit", "Menjahit Pakaian", "Membuat baju sendiri.", ["Mesin jahit"]),
    ]
    for code, title, summary, lesson_titles in shelf:
        publish(MARKETING, code=code, title=title, summary=summary, skills=[], modules=lessons(*lesson_titles))
    assert codes(client, "forklift gudang")[:2] == ["alat-berat", "admin-gudang"]
    assert "jahit" not in codes(client, "forklift gudang")


def test_a_course_holding_the_word_as_typed_ranks_above_one_holding_only_its_stem(client, publish):
    publish(MARKETING, code="pasar-tradisional", title="Berdagang di Pasar", summary="Lapak dan pembeli.")
    publish(MARKETING, code="pemasaran", title="Pemasaran untuk Warung", summary="Lapak dan pembeli.")
    assert codes(client, "pemasaran")[:2] == ["pemasaran", "pasar-tradisional"]


def test_a_word_in_the_title_outranks_the_summary_which_outranks_the_lessons(client, publish):
    shelf = [
        ("lessons", "Alat Berat", "Mengangkat peti kemas.", ["Forklift"]),
        ("summary-lessons", "Alat Angkat", "Mengemudikan forklift.", ["Forklift listrik"]),
        ("title", "Operator Forklift", "Mengangkat palet.", ["Keselamatan"]),
        ("summary", "Alat Pelabuhan", "Forklift dan derek.", ["Keselamatan"]),
        ("title-summary", "Forklift Gudang", "Forklift diesel.", ["Keselamatan"]),
    ]
    for code, title, summary, lesson_titles in shelf:
        publish(MARKETING, code=code, title=title, summary=summary, skills=[], modules=lessons(*lesson_titles))
    # a place more adds a little: title and summary above the title alone; summary and lessons above
    # the summary alone, still below the title
    assert codes(client, "forklift") == ["title-summary", "title", "summary-lessons", "summary", "lessons"]
