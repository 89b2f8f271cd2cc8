"""Workers learn: enrol, resume, mark lessons done, take quizzes, complete, see their dashboard."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from naker.learning.demo import correct_answers
from naker.learning.models import Enrolment, Lesson, QuizAttempt
from tests.learning.conftest import lessons_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(publish):
    return publish()


@pytest.fixture
def learner(client, token_for, worker, course):
    headers = token_for(worker)
    assert client.post(f"/api/v1/courses/{course.code}/enrolment", **headers).status_code == 201
    return headers


def quiz_of(course):
    return next(le for le in lessons_of(course) if le.kind == Lesson.Kind.QUIZ)


def wrong_answers(quiz):
    return {str(q.pk): [c.pk for c in q.choices.all() if not c.is_correct][:1] for q in quiz.questions.all()}


def test_enrolling_twice_changes_nothing(client, learner, course, worker):
    assert client.post(f"/api/v1/courses/{course.code}/enrolment", **learner).status_code == 201
    assert Enrolment.objects.filter(user=worker).count() == 1
    course.refresh_from_db()
    assert course.enrolment_count == 1


def test_lessons_are_only_for_the_enrolled(client, token_for, course):
    from tests.factories import make_worker

    lesson = lessons_of(course)[0]
    assert client.get(f"/api/v1/lessons/{lesson.pk}", **token_for(make_worker())).status_code == 404


def test_marking_a_lesson_done_is_idempotent_and_moves_progress(client, learner, course):
    first = lessons_of(course)[0]
    for _ in range(2):
        body = client.post(f"/api/v1/lessons/{first.pk}/done", **learner).json()
    assert body["progress_percent"] == 25  # 1 of 4 lessons
    assert float(body["hours_learned"]) == 0.2  # 15 minutes


def test_the_worker_resumes_where_they_left_off_on_another_device(client, token_for, worker, course, learner):
    second = lessons_of(course)[1]
    client.get(f"/api/v1/lessons/{second.pk}", **learner)
    other_device = token_for(worker)
    assert client.get("/api/v1/me/enrolments", **other_device).json()[0]["last_lesson"] == second.pk


def test_a_quiz_cannot_be_marked_done_by_hand(client, learner, course):
    response = client.post(f"/api/v1/lessons/{quiz_of(course).pk}/done", **learner)
    assert response.status_code == 422


def test_the_answers_never_reach_the_browser_before_submission(client, learner, course):
    attempt = client.post(f"/api/v1/lessons/{quiz_of(course).pk}/attempts", **learner).json()
    text = str(attempt).lower()
    assert "correct" not in text and "is_correct" not in text
    assert len(attempt["questions"]) == 3


def test_question_and_choice_order_is_shuffled_per_attempt(client, learner, course):
    quiz = quiz_of(course)
    layouts = set()
    for _ in range(12):
        attempt = client.post(f"/api/v1/lessons/{quiz.pk}/attempts", **learner).json()
        layouts.add(tuple((q["id"], tuple(c["id"] for c in q["choices"])) for q in attempt["questions"]))
        QuizAttempt.objects.filter(pk=attempt["id"]).delete()
    assert len(layouts) > 1


def test_fail_then_pass_then_the_course_is_complete(client, learner, course):
    lessons = lessons_of(course)
    for lesson in lessons[:-1]:
        client.post(f"/api/v1/lessons/{lesson.pk}/done", **learner)
    quiz = lessons[-1]
    attempt = client.post(f"/api/v1/lessons/{quiz.pk}/attempts", **learner).json()
    failed = client.post(
        f"/api/v1/attempts/{attempt['id']}/submission",
        {"answers": wrong_answers(quiz)},
        content_type="application/json",
        **learner,
    ).json()
    assert (failed["passed"], failed["score_percent"], failed["course_completed"]) == (False, 0, False)
    attempt = client.post(f"/api/v1/lessons/{quiz.pk}/attempts", **learner).json()
    passed = client.post(
        f"/api/v1/attempts/{attempt['id']}/submission",
        {"answers": correct_answers(quiz)},
        content_type="application/json",
        **learner,
    ).json()
    assert (passed["passed"], passed["score_percent"], passed["progress_percent"], passed["course_completed"]) == (
        True,
        100,
        100,
        True,
    )
    mine = client.get("/api/v1/me/enrolments", **learner).json()[0]
    assert mine["status"] == "completed" and mine["completed_at"]


def test_a_quiz_submitted_twice_counts_once(client, learner, course):
    quiz = quiz_of(course)
    attempt = client.post(f"/api/v1/lessons/{quiz.pk}/attempts", **learner).json()
    url = f"/api/v1/attempts/{attempt['id']}/submission"
    first = client.post(url, {"answers": wrong_answers(quiz)}, content_type="application/json", **learner).json()
    again = client.post(url, {"answers": correct_answers(quiz)}, content_type="application/json", **learner).json()
    assert first == again
    assert QuizAttempt.objects.filter(submitted_at__isnull=False).count() == 1


def test_a_reload_resumes_the_open_attempt_instead_of_using_one_up(client, learner, course):
    quiz = quiz_of(course)
    first = client.post(f"/api/v1/lessons/{quiz.pk}/attempts", **learner).json()
    second = client.post(f"/api/v1/lessons/{quiz.pk}/attempts", **learner).json()
    assert first == second


def test_after_the_last_attempt_the_next_opening_time_is_given(client, learner, course):
    quiz = quiz_of(course)  # 3 attempts, then 60 minutes
    for _ in range(3):
        attempt = client.post(f"/api/v1/lessons/{quiz.pk}/attempts", **learner).json()
        client.post(
            f"/api/v1/attempts/{attempt['id']}/submission",
            {"answers": wrong_answers(quiz)},
            content_type="application/json",
            **learner,
        )
    refused = client.post(f"/api/v1/lessons/{quiz.pk}/attempts", **learner)
    assert refused.status_code == 409
    body = refused.json()
    assert body["code"] == "attempts_used_up"
    opens = next(e["message"] for e in body["errors"] if e["field"] == "next_attempt_at")
    assert timezone.datetime.fromisoformat(opens) > timezone.now() + timedelta(minutes=59)
    QuizAttempt.objects.update(submitted_at=timezone.now() - timedelta(minutes=61))
    assert client.post(f"/api/v1/lessons/{quiz.pk}/attempts", **learner).status_code == 201


def test_leaving_keeps_progress_and_coming_back_resumes(client, learner, course):
    first = lessons_of(course)[0]
    client.post(f"/api/v1/lessons/{first.pk}/done", **learner)
    assert client.delete(f"/api/v1/courses/{course.code}/enrolment", **learner).json()["status"] == "withdrawn"
    assert client.get("/api/v1/me/enrolments", **learner).json() == []
    back = client.post(f"/api/v1/courses/{course.code}/enrolment", **learner).json()
    assert (back["status"], back["progress_percent"]) == ("active", 25)


def test_only_workers_enrol(client, token_for, course):
    from tests.factories import UserFactory

    response = client.post(f"/api/v1/courses/{course.code}/enrolment", **token_for(UserFactory()))
    assert response.status_code == 403
