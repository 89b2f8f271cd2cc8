"""Workers find courses: Indonesian and English words, affixes, typos, filters, sorting, pages."""

from __future__ import annotations

import copy
from datetime import timedelta

import pytest
from django.utils import timezone

from naker.learning import demo, services
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
    assert {s["code"] for s in detail["skills"]} == {"NK-LAS-01", "NK-LAS-02"}
    assert detail["provider"] == "LPK-TERAMPIL" and float(detail["estimated_hours"]) == 40
    # the worker lives in Jakarta: the Jakarta class comes first; Makassar's time is WITA
    assert [s["venue"] for s in detail["upcoming_sessions"]] == ["BLK Jakarta Pusat", "BLK Makassar"]
    assert [s["zone"] for s in detail["upcoming_sessions"]] == ["WIB", "WITA"]
