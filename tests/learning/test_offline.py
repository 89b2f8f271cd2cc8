"""Lessons that survive a bad connection (issue 12, item 2), the server's side: what "Save for
offline" stores, the quiz questions to read ahead, the service worker, and the progress API that
the queued lessons are sent to (doing a lesson twice changes nothing)."""

from __future__ import annotations

import pytest

from naker.learning import services
from naker.learning.models import Enrolment, Lesson
from tests.factories import make_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(publish):
    return publish()


@pytest.fixture
def learner(course):
    worker = make_worker()
    services.enrol(worker=worker, course_code=course.code)
    return worker


def lessons_of(course):
    rows = Lesson.objects.filter(module__version=course.published_version)
    return list(rows.order_by("module__position", "position"))


def test_the_bundle_lists_every_lesson_the_quiz_questions_and_an_estimated_size(client, course, learner):
    client.force_login(learner)
    bundle = client.get(f"/kursus/{course.code}/offline/").json()
    lessons = lessons_of(course)
    for lesson in lessons:
        assert f"/belajar/pelajaran/{lesson.pk}/" in bundle["urls"]
    quiz = next(le for le in lessons if le.kind == "quiz")
    assert f"/belajar/pelajaran/{quiz.pk}/soal/" in bundle["urls"]
    assert f"/kursus/{course.code}/" in bundle["urls"] and "/belajar/offline/" in bundle["urls"]
    text = sum(len(le.body.encode()) for le in lessons)
    assert text < bundle["size_bytes"] < text + 50_000


def test_no_bundle_for_who_does_not_follow_the_course(client, course):
    client.force_login(make_worker())
    assert client.get(f"/kursus/{course.code}/offline/").status_code == 404
    assert client.get(f"/kursus/{course.code}/offline/").status_code == 404


def test_quiz_questions_to_read_ahead_never_show_which_choice_is_right(client, course, learner):
    client.force_login(learner)
    quiz = next(le for le in lessons_of(course) if le.kind == "quiz")
    html = client.get(f"/belajar/pelajaran/{quiz.pk}/soal/").content.decode()
    question = quiz.questions.first()
    assert question.text in html
    for choice in question.choices.all():
        assert choice.text in html
    assert "is_correct" not in html and "✓" not in html and "checked" not in html
    assert "data-online-only" in client.get(f"/belajar/pelajaran/{quiz.pk}/").content.decode()


def test_saving_the_pages_does_not_move_continue_where_you_stopped(client, course, learner):
    client.force_login(learner)
    first, *_rest, last = lessons_of(course)
    client.get(f"/belajar/pelajaran/{first.pk}/")
    client.get(f"/belajar/pelajaran/{last.pk}/", HTTP_X_NAKER_OFFLINE="save")
    assert Enrolment.objects.get(user=learner).last_lesson_id == first.pk


def test_the_course_page_offers_saving_only_to_who_follows_it(client, course, learner):
    assert "data-offline-manifest" not in client.get(f"/kursus/{course.code}/").content.decode()
    client.force_login(learner)
    html = client.get(f"/kursus/{course.code}/").content.decode()
    assert f'data-offline-manifest="/kursus/{course.code}/offline/"' in html
    assert "Simpan untuk offline" in html
    assert "/static/learning/offline.js" in html


def test_the_service_worker_is_served_at_the_root_and_never_cached(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert b"naker-offline-v1" in response.content


def test_a_lesson_sent_twice_counts_once(client, course, learner):
    """What the offline queue relies on: a lesson sent again (a retry after a dropped answer) is
    harmless."""
    client.force_login(learner)
    lesson = next(le for le in lessons_of(course) if le.kind == "text")
    first = client.post(f"/api/v1/lessons/{lesson.pk}/done")
    again = client.post(f"/api/v1/lessons/{lesson.pk}/done")
    assert first.status_code == again.status_code == 200
    assert first.json()["progress_percent"] == again.json()["progress_percent"] > 0
    assert Enrolment.objects.get(user=learner).minutes_learned == lesson.minutes
