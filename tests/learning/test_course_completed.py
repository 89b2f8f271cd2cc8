"""Learning announces a completed course (CourseCompleted) exactly once; higher apps listen."""

from __future__ import annotations

import pytest

from naker.core import events
from naker.learning import services
from naker.learning.demo import correct_answers
from naker.learning.events import CourseCompleted
from naker.learning.models import CourseVersion, Enrolment, Lesson
from tests.learning.conftest import MARKETING, lessons_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard(monkeypatch):
    """What a subscriber to CourseCompleted receives during the test."""
    received: list[CourseCompleted] = []
    monkeypatch.setitem(events._handlers, CourseCompleted, [received.append])
    return received


def finish(worker, course):
    for lesson in lessons_of(course):
        if lesson.kind == Lesson.Kind.QUIZ:
            attempt = services.start_quiz(worker=worker, lesson_id=lesson.pk)
            services.submit_quiz(worker=worker, attempt_id=attempt.pk, answers=correct_answers(lesson))
        else:
            services.complete_lesson(worker=worker, lesson_id=lesson.pk)


def test_completing_a_course_is_announced_once(publish, worker, heard):
    course = publish(MARKETING)
    services.enrol(worker=worker, course_code=course.code)
    finish(worker, course)
    assert len(heard) == 1
    finish(worker, course)  # doing it all again changes nothing, and announces nothing
    enrolment = Enrolment.objects.get(user=worker, course=course)
    assert enrolment.status == Enrolment.Status.COMPLETED
    assert heard == [
        CourseCompleted(
            enrolment_id=enrolment.pk,
            user_id=worker.pk,
            course_id=course.pk,
            completed_at=enrolment.completed_at,
        )
    ]


def test_nothing_is_announced_before_the_last_lesson(publish, worker, heard):
    course = publish(MARKETING)
    services.enrol(worker=worker, course_code=course.code)
    first = lessons_of(course)[0]
    services.complete_lesson(worker=worker, lesson_id=first.pk)
    assert heard == []


def test_open_versions_are_the_draft_and_the_one_in_review(publish, staff):
    course = publish(MARKETING)
    assert not course.versions.open().exists()
    draft = services.start_new_version(actor=staff, course_code=course.code)
    assert list(course.versions.open()) == [draft]
    assert list(CourseVersion.objects.open().filter(course=course)) == [draft]
