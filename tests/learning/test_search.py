"""Workers find courses: Indonesian and English words, affixes, typos, filters, sorting, pages."""

from __future__ import annotations

import copy
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from naker.learning import demo, search, services
from naker.learning.models import Course
from tests.learning.conftest import MARKETING, WELDING

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(publish):
    for _org, package in demo.DEMO_COURSES:
        publish(package)


def codes(client, query):
    response = client.get("/api/v1/courses", query)
    assert response.status_code == 200, response.content
    return [c["code"] for c in response.json()["items"]]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("pelatihan las", "las-smaw-dasar"),
        ("digital marketing umkm", "digital-marketing-umkm"),
        ("pengelasan", "las-smaw-dasar"),  # the stemmer alone would read "kelas"
        ("menjahit baju", "menjahit-pakaian"),  # "jahit" from "menjahit"; "baju" is nowhere, so left out
        ("pembukuan", "pembukuan-usaha-kecil"),
        ("welding", "las-smaw-dasar"),  # the English skill name
        ("toko onlien", "toko-online-pemula"),  # two letters swapped
        ("bahasa jepan", "bahasa-jepang-kerja"),  # still typing
        ("pemasaran digital", "digital-marketing-umkm"),
    ],
)
def test_a_worker_finds_the_course_they_mean(client, catalogue, typed, expected):
    found = codes(client, {"q": typed})
    assert found and found[0] == expected, found


def test_words_that_match_nothing_find_nothing(client, catalogue):
    assert codes(client, {"q": "xyzzy qwrtp"}) == []


def test_filters_narrow_the_results(client, catalogue):
    assert set(codes(client, {"theme": "side_income"})) == {
        "toko-online-pemula",
        "pembukuan-usaha-kecil",
        "usaha-kuliner-rumahan",
    }
    assert codes(client, {"mode": "offline"}) == ["menjahit-pakaian"]
    assert set(codes(client, {"q": "digital", "theme": "digital"})) == {"digital-marketing-umkm", "office-dasar"}
    short = client.get("/api/v1/courses", {"max_hours": 6}).json()["items"]
    assert short and all(float(c["estimated_hours"]) <= 6 for c in short)


def test_free_filter_hides_paid_courses(client, publish):
    publish(MARKETING)
    publish(copy.deepcopy(WELDING), price_idr=250_000)
    assert codes(client, {"free": "true"}) == ["digital-marketing-umkm"]


def test_courses_with_a_class_in_my_province(client, publish, staff):
    publish(WELDING)
    publish(MARKETING)
    start = timezone.now() + timedelta(days=3)
    services.create_session(
        actor=staff,
        course_code="las-smaw-dasar",
        starts_at=start,
        ends_at=start + timedelta(hours=4),
        venue="BLK Makassar",
        regency_code="73.71",
        capacity=10,
    )
    assert codes(client, {"province": "73"}) == ["las-smaw-dasar"]
    assert codes(client, {"province": "31"}) == []
    assert codes(client, {"regency": "73.71"}) == ["las-smaw-dasar"]


def test_sorting_and_pages_of_20(client, publish):
    for i in range(23):
        publish(copy.deepcopy(MARKETING), code=f"kursus-{i:02d}", title=f"Kursus {i:02d}", estimated_hours=23 - i)
    first = client.get("/api/v1/courses", {"sort": "shortest"}).json()
    assert (first["count"], first["pages"], len(first["items"])) == (23, 2, 20)
    assert first["items"][0]["code"] == "kursus-22"
    second = client.get("/api/v1/courses", {"sort": "shortest", "page": 2}).json()
    assert len(second["items"]) == 3
    assert codes(client, {"sort": "title"})[0] == "kursus-00"


def test_drafts_are_not_in_the_catalogue(client, token_for, staff):
    client.put(
        "/api/v1/providers/lpk-terampil/packages", MARKETING, content_type="application/json", **token_for(staff)
    )
    assert codes(client, {}) == []
    assert client.get("/api/v1/courses/digital-marketing-umkm").status_code == 404


def test_the_search_costs_a_fixed_number_of_queries(client, catalogue, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        client.get("/api/v1/courses", {"q": "digital marketing"})
    with django_assert_max_num_queries(6):
        client.get("/api/v1/courses", {"theme": "industry", "sort": "popular"})


def test_the_course_page_shows_outline_skills_hours_provider_and_classes_near_the_worker(
    client, publish, staff, token_for, worker
):
    publish(WELDING)
    start = timezone.now() + timedelta(days=3)
    for regency, venue in [("73.71", "BLK Makassar"), ("31.71", "BLK Jakarta Pusat")]:
        services.create_session(
            actor=staff,
            course_code="las-smaw-dasar",
            starts_at=start,
            ends_at=start + timedelta(hours=4),
            venue=venue,
            regency_code=regency,
            capacity=10,
        )
    detail = client.get("/api/v1/courses/las-smaw-dasar", **token_for(worker)).json()
    assert [m["title"] for m in detail["outline"]] == ["Pengenalan", "Praktik"]
    assert {s["code"] for s in detail["skills"]} == set(WELDING["skills"])  # NK-LAS-01, NK-LAS-02, an SKKNI unit
    assert detail["provider"] == "LPK-TERAMPIL" and float(detail["estimated_hours"]) == 40
    # the worker lives in Jakarta: the Jakarta class comes first; Makassar's time is WITA
    assert [s["venue"] for s in detail["upcoming_sessions"]] == ["BLK Jakarta Pusat", "BLK Makassar"]
    assert [s["zone"] for s in detail["upcoming_sessions"]] == ["WIB", "WITA"]


# One word alone, so nothing else in the query can find the course for it (mutation testing showed the
# two-word cases above still pass with typo correction, completion or stems switched off).


@pytest.mark.parametrize(
    ("typed", "expected", "unrelated"),
    [
        ("gudnag", "gudang-logistik", "k3-pabrik"),  # two letters swapped
        ("menjaht", "menjahit-pakaian", "k3-pabrik"),  # a letter left out
        ("mnejahti", "menjahit-pakaian", "k3-pabrik"),  # two slips in a word of eight letters
        ("pmebukaun", "pembukuan-usaha-kecil", "digital-marketing-umkm"),  # two slips in nine letters
        ("menja", "menjahit-pakaian", "k3-pabrik"),  # still typing
        ("jep", "bahasa-jepang-kerja", "komunikasi-kerja"),  # three letters are enough to complete
        ("pasar", "digital-marketing-umkm", "las-smaw-dasar"),  # the stem of "pemasaran" in its summary
        ("jahit", "menjahit-pakaian", "las-smaw-dasar"),  # the stem of "menjahit" in its title
        ("mengelas", "las-smaw-dasar", "komunikasi-kerja"),  # the stemmer alone would read "kelas"
        ("pengelas", "las-smaw-dasar", "komunikasi-kerja"),
        ("pelas", "las-smaw-dasar", "komunikasi-kerja"),
        ("tkoo", "toko-online-pemula", "gudang-logistik"),  # four letters allow one slip
    ],
)
def test_one_word_with_a_slip_unfinished_or_without_its_affix_finds_the_course(
    client, catalogue, typed, expected, unrelated
):
    found = codes(client, {"q": typed})
    assert found[:1] == [expected], found
    assert unrelated not in found


@pytest.mark.parametrize(
    "typed",
    [
        "kopi",  # four letters: one slip allowed, and no course is one slip from "kopi"
        "pkaaina",  # "pakaian" with two slips: seven letters allow only one
        "lsa",  # three letters are not corrected
        "je",  # two letters do not complete
    ],
)
def test_a_word_too_far_from_every_course_finds_nothing(client, catalogue, typed):
    body = client.get("/api/v1/courses", {"q": typed}).json()
    assert (body["items"], body["suggestion"]) == ([], "")  # no course, and no "Maksud Anda" either


def test_a_word_in_the_title_weighs_more_than_one_in_the_summary(client, catalogue):
    # "kecil" is in the title of the bookkeeping course and in the summary of the marketing one.
    assert codes(client, {"q": "kecil"}) == ["pembukuan-usaha-kecil", "digital-marketing-umkm"]


def test_words_that_only_ask_for_a_course_are_left_out(client, catalogue):
    # "pelatihan" only asks for a course; "online" is a topic (a title holds it) but weighs less than "las".
    assert codes(client, {"q": "pelatihan las online"})[:1] == ["las-smaw-dasar"]
    assert codes(client, {"q": "online"})[:1] == ["toko-online-pemula"]
    assert codes(client, {"q": "pelatihan"}) == []


def test_a_long_question_is_read_by_its_first_words(client, catalogue):
    typed = "las smaw listrik posisi datar aman mesin rapi digital"
    assert codes(client, {"q": typed})[:1] == ["las-smaw-dasar"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "usaha", "sort": "title"}, ["digital-marketing-umkm", "usaha-kuliner-rumahan", "pembukuan-usaha-kecil"]),
        ({"q": "gudnag", "sort": "title"}, ["gudang-logistik"]),
        ({"q": "menja", "sort": "shortest"}, ["menjahit-pakaian", "cv-dan-wawancara"]),
        ({"q": "xyzzy", "sort": "title"}, []),
        ({"q": "pelatihan", "sort": "title"}, []),
    ],
)
def test_the_same_words_sorted_another_way_find_the_same_courses(client, catalogue, params, expected):
    found = codes(client, params)
    if params["sort"] == "title":
        assert found == expected
    else:
        assert sorted(found) == sorted(expected)


@pytest.fixture
def fresh_start():
    """As after a restart: a new process with nothing in memory, and an emptied cache (Redis restarted)."""

    def restart():
        search.course_vocabulary = search.CourseVocabulary()
        cache.clear()

    yield restart
    restart()  # the next test reads the vocabulary of its own database


def test_after_a_fresh_start_the_search_still_finds_courses(client, catalogue, fresh_start):
    fresh_start()
    assert codes(client, {"q": "menjahit"})[:1] == ["menjahit-pakaian"]
    search.course_vocabulary = search.CourseVocabulary()  # another worker process, the cache kept
    assert codes(client, {"q": "gudnag"})[:1] == ["gudang-logistik"]


KOPI = {"code": "kedai-kopi", "title": "Meracik Kopi untuk Kedai", "summary": "Menyeduh kopi tubruk dan kopi susu."}


def test_a_course_published_after_a_search_is_found_at_once(client, catalogue, publish):
    assert codes(client, {"q": "kopi"}) == []
    publish(MARKETING, **KOPI)
    assert codes(client, {"q": "kopi"}) == ["kedai-kopi"]
    assert codes(client, {"q": "tubruk"}) == ["kedai-kopi"]


def test_after_a_fresh_start_a_newly_published_course_is_found(client, catalogue, publish, fresh_start):
    fresh_start()
    assert codes(client, {"q": "kopi"}) == []
    publish(MARKETING, **KOPI)
    assert codes(client, {"q": "kopi"}) == ["kedai-kopi"]
    publish(MARKETING, code="kopi-susu", title="Kopi Susu Gula Aren", summary="Meracik minuman untuk dijual.")
    assert codes(client, {"q": "aren"}) == ["kopi-susu"]


def test_courses_indexed_in_bulk_are_found_by_title_words_and_stems(client, provider):
    demo.seed_courses(3, provider=provider)
    titles = dict(Course.objects.filter(code__startswith="bench-").values_list("code", "title"))
    for code, title in titles.items():
        # "Kursus Las Jahit Garmen 0": a word of its own title that does not just ask for a course
        word = next(w.lower() for w in title.split()[1:4] if w.lower() not in search.lexicon().stop_words)
        assert code in codes(client, {"q": word}), (word, title)
    assert codes(client, {"q": "xyzzy"}) == []


def test_a_course_taken_out_of_the_index_is_no_longer_found(client, catalogue):
    course = Course.objects.get(code="gudang-logistik")
    search.unindex_course(course.pk)
    assert codes(client, {"q": "gudang"}) == []
    assert codes(client, {"q": "gudang", "sort": "title"}) == []
    assert "toko-online-pemula" in codes(client, {"q": "stok"})  # the others stay
