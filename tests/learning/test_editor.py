"""The provider's editor: edit, reorder and delete modules, lessons and questions of the draft;
schedule a class and reach its attendance page (issue 9, broken step 7)."""

from __future__ import annotations

import copy
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from naker.learning import services
from naker.learning.models import Lesson, Module, OfflineSession, Question
from naker.organizations.models import Organization
from tests.factories import make_org, officer_of
from tests.learning.conftest import MARKETING, WELDING

pytestmark = pytest.mark.django_db
CODE = MARKETING["code"]


@pytest.fixture
def draft(staff):
    return services.import_package(actor=staff, provider_code="lpk-terampil", package=copy.deepcopy(MARKETING))


def titles(draft, module_position=1):
    module = Module.objects.get(version=draft, position=module_position)
    return list(module.lessons.order_by("position").values_list("title", flat=True))


def test_the_provider_moves_edits_and_deletes_lessons_of_the_draft(client, staff, draft):
    client.force_login(staff)
    url = f"/penyedia/kursus/{CODE}/"
    before = titles(draft)
    first = Lesson.objects.get(module__version=draft, module__position=1, position=1)
    client.post(url, {"action": "move_down", "part": "lesson", "id": first.pk})
    assert titles(draft) == [before[1], before[0], *before[2:]]

    response = client.post(
        url,
        {
            "action": "edit_lesson",
            "id": first.pk,
            f"e{first.pk}-title": "Judul baru",
            f"e{first.pk}-body": "Isi baru.",
            f"e{first.pk}-minutes": "12",
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.title, first.body, first.minutes) == ("Judul baru", "Isi baru.", 12)

    client.post(url, {"action": "remove", "part": "lesson", "id": first.pk})
    assert titles(draft) == [before[1], *before[2:]]
    positions = list(
        Lesson.objects.filter(module__version=draft, module__position=1).values_list("position", flat=True)
    )
    assert sorted(positions) == list(range(1, len(before)))


def test_a_question_is_deleted_and_the_others_move_up(client, staff, draft):
    client.force_login(staff)
    quiz = Lesson.objects.filter(module__version=draft, kind=Lesson.Kind.QUIZ).first()
    questions = list(quiz.questions.order_by("position"))
    client.post(f"/penyedia/kursus/{CODE}/", {"action": "remove", "part": "question", "id": questions[0].pk})
    assert list(Question.objects.filter(lesson=quiz).order_by("position").values_list("pk", "position")) == [
        (q.pk, i) for i, q in enumerate(questions[1:], start=1)
    ]


def test_a_lesson_edit_is_checked_like_a_new_lesson(client, staff, draft):
    client.force_login(staff)
    reading = Lesson.objects.filter(module__version=draft, kind=Lesson.Kind.TEXT).first()
    response = client.post(
        f"/penyedia/kursus/{CODE}/",
        {
            "action": "edit_lesson",
            "id": reading.pk,
            f"e{reading.pk}-title": "X",
            f"e{reading.pk}-body": "",
            f"e{reading.pk}-minutes": "5",
        },
    )
    assert response.status_code == 200  # shown again with the error, nothing saved
    reading.refresh_from_db()
    assert reading.title != "X"


def test_another_providers_staff_cannot_change_the_draft(client, draft):
    other = officer_of(make_org("lpk-lain", kind=Organization.Kind.PROVIDER, level=Organization.Level.SINGLE))
    client.force_login(other)
    lesson = Lesson.objects.filter(module__version=draft).first()
    response = client.post(f"/penyedia/kursus/{CODE}/", {"action": "remove", "part": "lesson", "id": lesson.pk})
    assert response.status_code == 403
    assert Lesson.objects.filter(pk=lesson.pk).exists()


def test_the_provider_schedules_a_class_in_the_venues_time_and_reaches_its_attendance_page(client, staff, publish):
    course = publish(WELDING)
    client.force_login(staff)
    url = f"/penyedia/kursus/{course.code}/"
    response = client.post(
        url,
        {
            "action": "class",
            "c-starts_at": "2030-03-04T09:00",
            "c-ends_at": "2030-03-04T13:00",
            "c-venue": "Gedung Kadin Sulawesi Selatan",
            "c-regency_code": "73.71",
            "c-capacity": "25",
        },
    )
    assert response.status_code == 302
    session = OfflineSession.objects.get(course=course)
    assert session.starts_at == datetime(2030, 3, 4, 9, 0, tzinfo=ZoneInfo("Asia/Makassar"))  # WITA
    html = client.get(url).content.decode()
    assert f"/kelas/{session.pk}/presensi/" in html
    assert "WITA" in html
