"""Course review: the admin reads everything a worker will see and the right answers, gives a reason
when sending a course back, and the provider reads the reason and the state (issue 9, step 6)."""

from __future__ import annotations

import copy

import pytest

from naker.learning import services
from naker.learning.models import Choice, CourseVersion, Lesson
from tests.learning.conftest import MARKETING

pytestmark = pytest.mark.django_db
CODE = MARKETING["code"]


@pytest.fixture
def in_review(staff):
    return services.import_package(
        actor=staff, provider_code="lpk-terampil", package=copy.deepcopy(MARKETING), submit=True
    )


def test_the_admin_sees_the_lessons_content_and_the_right_answers(client, admin, in_review):
    client.force_login(admin)
    assert f"/tinjau/{CODE}/" in client.get("/tinjau/").content.decode()
    html = client.get(f"/tinjau/{CODE}/").content.decode()
    reading = Lesson.objects.filter(module__version=in_review, kind=Lesson.Kind.TEXT).first()
    assert reading.body[:60] in html
    right = Choice.objects.filter(question__lesson__module__version=in_review, is_correct=True).first()
    assert f"<strong>✓ {right.text}</strong>" in html
    assert "jawaban benar" in html


def test_only_a_platform_admin_opens_the_review(client, staff, in_review):
    client.force_login(staff)
    assert client.get(f"/tinjau/{CODE}/").status_code == 403
    assert client.get("/tinjau/").status_code == 403


def test_sending_back_needs_a_reason_on_the_page_and_in_the_api(client, token_for, admin, in_review):
    client.force_login(admin)
    response = client.post(f"/tinjau/{CODE}/", {"action": "reject", "note": "  "})
    assert response.status_code == 200
    assert "Tulis apa yang harus diubah lembaga pelatihan" in response.content.decode()
    api = client.post(
        f"/api/v1/courses/{CODE}/review",
        {"approve": False, "note": ""},
        content_type="application/json",
        **token_for(admin),
    )
    assert api.status_code == 422
    assert api.json()["code"] == "review_invalid"
    assert api.json()["errors"][0]["field"] == "note"
    assert CourseVersion.objects.get(pk=in_review.pk).status == "in_review"


def test_the_provider_reads_the_reason_and_the_state(client, admin, staff, in_review):
    client.force_login(admin)
    sent = client.post(f"/tinjau/{CODE}/", {"action": "reject", "note": "Video pelajaran 2 terlalu besar."})
    assert sent.status_code == 302
    client.force_login(staff)
    listing = client.get("/penyedia/lpk-terampil/").content.decode()
    assert "Dikembalikan untuk diperbaiki" in listing
    assert "Video pelajaran 2 terlalu besar." in listing
    editor = client.get(f"/penyedia/kursus/{CODE}/").content.decode()
    assert "dikembalikan untuk diperbaiki" in editor and "Video pelajaran 2 terlalu besar." in editor


def test_publishing_needs_no_note(client, admin, in_review):
    client.force_login(admin)
    assert client.post(f"/tinjau/{CODE}/", {"action": "approve", "note": ""}).status_code == 302
    assert CourseVersion.objects.get(pk=in_review.pk).status == "published"
