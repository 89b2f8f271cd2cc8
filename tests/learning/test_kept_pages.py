"""What the catalogue, the course pages and the lesson pages show to everyone is kept (issue 13,
naker.learning.catalogue): a change must still show on the next page, in the viewer's language, and
nothing one person sees of their own may reach another."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from naker.learning import services
from tests.learning.conftest import MARKETING, WELDING

pytestmark = pytest.mark.django_db

CARD_TITLES = re.compile(r'<h3><a href="/kursus/([^/]+)/">')


def listed(client: Client, query: str = "") -> list[str]:
    response = client.get(f"/kursus/{query}")
    assert response.status_code == 200
    return CARD_TITLES.findall(response.content.decode())


def page_text(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# --- the catalogue ----------------------------------------------------------------------------


def test_a_course_published_after_the_list_was_shown_is_listed_at_once(client, publish):
    publish(MARKETING)
    assert listed(client) == ["digital-marketing-umkm"]
    assert listed(client, "?q=las") == []
    publish(WELDING)
    assert listed(client) == ["las-smaw-dasar", "digital-marketing-umkm"]  # newest first
    assert listed(client, "?q=las") == ["las-smaw-dasar"]
    assert "las-smaw-dasar" in [c["code"] for c in client.get("/api/v1/courses", {"q": "las"}).json()["items"]]


def test_a_changed_title_price_and_provider_name_show_at_once(client, publish, provider):
    course = publish(MARKETING)
    assert "Gratis" in page_text(client, "/kursus/")
    course.title, course.price_idr = "Pemasaran Digital Lanjutan", 150000
    course.save()
    provider.name = "LPK Cemerlang"
    provider.save()
    for url in ("/kursus/", "/kursus/?q=marketing"):
        html = page_text(client, url)
        assert "Pemasaran Digital Lanjutan" in html, url
        assert "Rp150" in html, url
        assert "LPK Cemerlang" in html, url
    item = client.get("/api/v1/courses", {"q": "marketing"}).json()["items"][0]
    assert (item["title"], item["price_idr"]) == ("Pemasaran Digital Lanjutan", 150000)
    assert item["provider"] == "LPK Cemerlang"


def test_the_kept_list_is_in_the_viewers_language(client, publish):
    publish(WELDING)
    assert "Keterampilan industri" in page_text(client, "/kursus/")
    english = Client()
    english.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = page_text(english, "/kursus/")
    assert "Industry-specific skills" in html
    assert "Keterampilan industri" not in html
    assert "Keterampilan industri" in page_text(client, "/kursus/")


def test_each_page_and_each_filter_keeps_its_own_list(client, publish):
    for i in range(22):
        publish(MARKETING, code=f"pemasaran-{i:02d}", title=f"Pemasaran {i:02d}")
    first, second = listed(client), listed(client, "?page=2")
    assert len(first) == 20
    assert len(second) == 2
    assert not set(first) & set(second)
    assert listed(client, "?sort=title")[:2] == ["pemasaran-00", "pemasaran-01"]
    assert listed(client, "?sort=title&page=2") == ["pemasaran-20", "pemasaran-21"]
    assert listed(client, "?theme=side_income") == []


def test_a_class_scheduled_after_the_province_filter_was_shown_lists_the_course(client, publish, staff):
    course = publish(WELDING)
    assert listed(client, "?province=32") == []
    starts = timezone.now() + datetime.timedelta(days=7)
    services.create_session(
        actor=staff,
        course_code=course.code,
        venue="BLK Bekasi",
        regency_code="32.75",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=4),
        capacity=10,
    )
    assert listed(client, "?province=32") == [course.code]
