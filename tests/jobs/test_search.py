"""Opportunities are searched with the course search's analyser (issue 12): the lexicon's slang,
English and brand words, its stemmer exceptions and stop words; any word finds a post, and posts
answering more of the query, in their titles, come first."""

from __future__ import annotations

from typing import Any

import pytest

from naker.jobs import services
from tests.jobs.conftest import data

pytestmark = pytest.mark.django_db

POSTS = [
    ("Juru Las SMAW", "Mengelas rangka baja di pabrik."),
    ("Satpam Gudang", "Menjaga gudang logistik pada malam hari."),
    ("Koki Restoran", "Memasak menu harian; pengalaman di dapur hotel."),
    ("Housekeeping Hotel", "Membersihkan kamar tamu hotel berbintang."),
]


@pytest.fixture
def board(company: Any, staff: Any, admin: Any) -> None:
    for title, description in POSTS:
        o = services.post_opportunity(
            actor=staff, employer_code=company.code, data=data(title=title, description=description)
        )
        services.review_opportunity(actor=admin, opportunity_id=o.pk, decision="publish")


def titles(client: Any, q: str) -> list[str]:
    response = client.get("/api/v1/opportunities", {"q": q})
    assert response.status_code == 200, response.content
    return [i["title"] for i in response.json()["items"]]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ngelas", "Juru Las SMAW"),  # trade slang, from the lexicon
        ("welding", "Juru Las SMAW"),  # English
        ("pengelasan", "Juru Las SMAW"),  # a stemmer exception: "pengelasan" → "las"
        ("security", "Satpam Gudang"),
        ("lowongan chef", "Koki Restoran"),  # "chef" → "juru masak", "memasak"
    ],
)
def test_workers_words_find_the_post_they_mean(client: Any, board: None, typed: str, expected: str) -> None:
    assert titles(client, typed)[:1] == [expected]


def test_any_word_finds_a_post_and_a_title_word_ranks_first(client: Any, board: None) -> None:
    # "mau" and "di" only ask; "kerja" is in no post; "hotel" is in one title and one description.
    assert titles(client, "mau kerja di hotel") == ["Housekeeping Hotel", "Koki Restoran"]
    assert titles(client, "satpam xyzzy") == ["Satpam Gudang"]  # a word no post holds hides nothing


def test_words_that_only_ask_find_nothing(client: Any, board: None) -> None:
    assert titles(client, "mau di") == []
