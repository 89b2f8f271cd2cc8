"""After a quiz attempt the worker learns which questions were wrong; the right answers only once
they can no longer help (passed, or the attempts used up). Sending nothing uses no attempt."""

from __future__ import annotations

import pytest

from naker.learning.demo import correct_answers
from naker.learning.models import Lesson, QuizAttempt
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


def submit(client, learner, quiz, answers):
    attempt = client.post(f"/api/v1/lessons/{quiz.pk}/attempts", **learner).json()
    return client.post(
        f"/api/v1/attempts/{attempt['id']}/submission",
        {"answers": answers},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
        **learner,
    )


def one_wrong(quiz):
    """Every question right but the first."""
    answers = correct_answers(quiz)
    first = quiz.questions.order_by("pk")[0]
    answers[str(first.pk)] = [c.pk for c in first.choices.all() if not c.is_correct][:1]
    return answers, first


def test_an_empty_submission_is_refused_and_uses_no_attempt(client, learner, course):
    quiz = quiz_of(course)
    response = submit(client, learner, quiz, {})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "quiz_empty"
    assert "still have this attempt" in body["message"]
    assert [e["field"] for e in body["errors"]] == ["answers"]
    assert QuizAttempt.objects.filter(submitted_at__isnull=False).count() == 0
    # Unticked questions alone are no answer either.
    assert submit(client, learner, quiz, {str(q.pk): [] for q in quiz.questions.all()}).status_code == 422
    assert QuizAttempt.objects.count() == 1  # the same attempt, still open


def test_a_failed_attempt_says_which_questions_were_wrong_but_not_the_answers(client, learner, course):
    quiz = quiz_of(course)
    quiz.pass_mark = 100
    quiz.save(update_fields=["pass_mark"])
    answers, first = one_wrong(quiz)
    body = submit(client, learner, quiz, answers).json()
    assert body["passed"] is False
    outcome = {r["question"]: r for r in body["results"]}
    assert outcome[first.pk]["correct"] is False
    assert all(r["correct"] for q, r in outcome.items() if q != first.pk)
    assert all(r["right_choices"] == [] for r in body["results"])


def test_once_the_attempts_are_used_up_the_right_answers_are_shown(client, learner, course):
    quiz = quiz_of(course)  # 3 attempts
    quiz.pass_mark = 100
    quiz.save(update_fields=["pass_mark"])
    answers, first = one_wrong(quiz)
    for _ in range(2):
        assert submit(client, learner, quiz, answers).json()["results"][0]["right_choices"] == []
    last = submit(client, learner, quiz, answers).json()
    right = {r["question"]: r["right_choices"] for r in last["results"]}
    assert right[first.pk] == [c.pk for c in first.choices.all() if c.is_correct]


def test_the_page_lists_right_and_wrong_after_an_attempt(client, worker, learner, course):
    quiz = quiz_of(course)
    quiz.pass_mark = 100
    quiz.save(update_fields=["pass_mark"])
    answers, first = one_wrong(quiz)
    client.force_login(worker)
    attempt = client.post(f"/api/v1/lessons/{quiz.pk}/attempts", **learner).json()
    form = {f"q{k}": v for k, v in answers.items()}
    page = client.post(f"/belajar/kuis/{attempt['id']}/", form, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert f"<strong>Wrong:</strong> {first.text}" in html
    assert "The right answers are shown once you pass or have used your attempts." in html
    assert "The right answer:" not in html
