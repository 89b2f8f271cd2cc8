"""Issue 8 item 11: erasure leaves no quiz answers, and no booking or attendance times, behind."""

from __future__ import annotations

import datetime

from django.utils import timezone

from naker.accounts import services as account_services
from naker.learning import services
from naker.learning.models import Enrolment, OfflineSession, QuizAttempt, SessionSeat
from tests.factories import PASSWORD
from tests.learning.conftest import lessons_of


def test_erasure_blanks_quiz_answers_and_seat_times(publish, worker):
    course = publish()
    services.enrol(worker=worker, course_code=course.code)
    enrolment = Enrolment.objects.get(user=worker, course=course)
    quiz = next(le for le in lessons_of(course) if le.kind == "quiz")
    attempt = QuizAttempt.objects.create(
        enrolment=enrolment, lesson=quiz, layout=[[1, [2, 3]]], answers={"1": [2]}, submitted_at=timezone.now()
    )
    starts = timezone.now() + datetime.timedelta(days=3)
    session = OfflineSession.objects.create(
        course=course,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        venue="Balai",
        regency_id="31.71",
        province_id="31",
        capacity=10,
    )
    seat = SessionSeat.objects.create(
        session=session, user=worker, status="booked", attended_at=starts + datetime.timedelta(minutes=7)
    )

    account_services.erase_account(user=worker, password=PASSWORD)

    attempt.refresh_from_db()
    seat.refresh_from_db()
    assert attempt.answers is None
    assert (seat.created_at, seat.attended_at) == (starts, starts)  # attended, but not when
    assert Enrolment.objects.filter(course=course).count() == 1  # the anonymous counts stay
