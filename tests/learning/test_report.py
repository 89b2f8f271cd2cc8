"""Providers see how their courses do, with small cells suppressed."""

from __future__ import annotations

import pytest

from naker.learning import services
from naker.learning.demo import correct_answers
from tests.factories import UserFactory, add_member, make_org, make_worker
from tests.learning.conftest import lessons_of

pytestmark = pytest.mark.django_db


def test_the_report_counts_enrolments_completion_drop_off_and_difficulty(client, token_for, staff, publish):
    course = publish()
    union = make_org("ksbsi")
    lessons = lessons_of(course)
    for i in range(7):
        worker = make_worker(regency_code="31.71" if i < 6 else "73.71")
        add_member(worker, union)
        services.enrol(worker=worker, course_code=course.code)
        services.complete_lesson(worker=worker, lesson_id=lessons[0].pk)
        if i < 5:
            for lesson in lessons[1:-1]:
                services.complete_lesson(worker=worker, lesson_id=lesson.pk)
            attempt = services.start_quiz(worker=worker, lesson_id=lessons[-1].pk)
            services.submit_quiz(worker=worker, attempt_id=attempt.pk, answers=correct_answers(lessons[-1]))
    report = client.get(f"/api/v1/courses/{course.code}/report", **token_for(staff)).json()["report"]
    assert (report["enrolments"], report["completed"], report["completion_rate"]) == (7, 5, 71)
    assert [le["reached"] for le in report["lessons"]] == [7, 5, 5, 5]
    assert len(report["questions"]) == 3 and all(q["right_percent"] == 100 for q in report["questions"])
    # One learner in Sulawesi Selatan: the row is left out entirely, not only its count (issue 8, item 9).
    assert report["by_province"] == [{"province": "Daerah Khusus Ibukota Jakarta", "learners": 6}]
    # No union breakdown for a provider at all, even of seven learners of one union.
    assert "by_union" not in report


def test_the_report_page_and_downloads_name_no_small_province_and_no_union(client, staff, publish):
    course = publish()
    union = make_org("ksbsi")
    for i in range(6):
        worker = make_worker(regency_code="31.71" if i < 5 else "73.71")
        add_member(worker, union)
        services.enrol(worker=worker, course_code=course.code)
    client.force_login(staff)
    page = client.get(f"/penyedia/kursus/{course.code}/laporan/").content.decode()
    csv = client.get(f"/penyedia/kursus/{course.code}/laporan/?format=csv").content.decode()
    for text in (page, csv):
        assert "Jakarta" in text
        assert "Sulawesi" not in text and "KSBSI" not in text


def test_the_report_is_for_the_providers_staff_only(client, token_for, publish):
    course = publish()
    assert client.get(f"/api/v1/courses/{course.code}/report", **token_for(UserFactory())).status_code == 403
