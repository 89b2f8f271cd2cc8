"""Classes in a place: seats, the waiting list, attendance by QR code, completion needs attendance."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from naker.learning import services
from naker.learning.demo import correct_answers
from naker.learning.models import SessionSeat
from naker.organizations.models import Organization
from tests.factories import make_org, make_worker, officer_of
from tests.learning.conftest import WELDING, lessons_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def welding(publish):
    return publish(WELDING)  # hybrid: needs a class attended to complete


@pytest.fixture
def session(welding, staff):
    start = timezone.now() + timedelta(days=2)
    return services.create_session(
        actor=staff,
        course_code=welding.code,
        starts_at=start,
        ends_at=start + timedelta(hours=4),
        venue="BLK Kota Bekasi",
        regency_code="32.75",
        capacity=2,
    )


def test_a_full_class_puts_the_next_worker_on_the_waiting_list(client, token_for, session):
    statuses = []
    workers = [make_worker() for _ in range(3)]
    for w in workers:
        statuses.append(client.post(f"/api/v1/sessions/{session.pk}/seat", **token_for(w)).json()["status"])
    assert statuses == ["booked", "booked", "waitlisted"]
    client.delete(f"/api/v1/sessions/{session.pk}/seat", **token_for(workers[0]))
    assert SessionSeat.objects.get(user=workers[2]).status == "booked"


def test_the_trainer_scans_the_workers_code_and_attendance_completes_a_hybrid_course(
    client, token_for, staff, session, welding
):
    worker = make_worker()
    headers = token_for(worker)
    client.post(f"/api/v1/sessions/{session.pk}/seat", **headers)
    lessons = lessons_of(welding)
    for lesson in lessons[:-1]:
        client.post(f"/api/v1/lessons/{lesson.pk}/done", **headers)
    attempt = services.start_quiz(worker=worker, lesson_id=lessons[-1].pk)
    services.submit_quiz(worker=worker, attempt_id=attempt.pk, answers=correct_answers(lessons[-1]))
    mine = client.get("/api/v1/me/enrolments", **headers).json()[0]
    assert (mine["progress_percent"], mine["status"]) == (100, "active")  # all lessons, no class yet
    code = services.attendance_code(worker)
    response = client.post(
        f"/api/v1/sessions/{session.pk}/attendance", {"code": code}, content_type="application/json", **token_for(staff)
    )
    assert response.json()["attended"] is True
    assert client.get("/api/v1/me/enrolments", **headers).json()[0]["status"] == "completed"


def test_a_made_up_attendance_code_is_refused(client, token_for, staff, session):
    response = client.post(
        f"/api/v1/sessions/{session.pk}/attendance",
        {"code": "12345"},
        content_type="application/json",
        **token_for(staff),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "code"


def test_only_the_trainer_or_provider_staff_record_attendance(client, token_for, session):
    worker = make_worker()
    response = client.post(
        f"/api/v1/sessions/{session.pk}/attendance",
        {"code": services.attendance_code(worker)},
        content_type="application/json",
        **token_for(make_worker()),
    )
    assert response.status_code == 403


def test_a_worker_without_a_seat_is_registered_on_the_spot(client, token_for, staff, session):
    walk_in = make_worker()
    client.post(
        f"/api/v1/sessions/{session.pk}/attendance",
        {"code": services.attendance_code(walk_in)},
        content_type="application/json",
        **token_for(staff),
    )
    seat = SessionSeat.objects.get(user=walk_in)
    assert seat.attended_at is not None


def test_a_class_must_end_after_it_starts_in_a_known_place(client, token_for, staff, welding):
    start = timezone.now()
    body = {
        "starts_at": start.isoformat(),
        "ends_at": (start - timedelta(hours=1)).isoformat(),
        "venue": "X",
        "regency_code": "99.99",
        "capacity": 5,
    }
    response = client.post(
        f"/api/v1/courses/{welding.code}/sessions", body, content_type="application/json", **token_for(staff)
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"ends_at", "regency_code"}


def test_a_class_attendance_page_is_only_for_its_provider_co_hosts_and_admins(client, session, staff, admin):
    """The attendance page lists the booked workers by name: nobody else may open it."""
    booked = make_worker(full_name="Siti Rahmawati Terdaftar")
    services.book_seat(worker=booked, session_id=session.pk)
    union = make_org("ksbsi-bekasi")
    session.co_hosts.add(union)
    other_provider = make_org("lpk-lain", kind=Organization.Kind.PROVIDER, level=Organization.Level.SINGLE)
    url = f"/kelas/{session.pk}/presensi/"
    for outsider in (make_worker(), booked, officer_of(other_provider), officer_of(make_org("ksbsi-lain"))):
        client.force_login(outsider)
        response = client.get(url)
        assert response.status_code == 403
        assert "Siti Rahmawati Terdaftar" not in response.content.decode()
        assert '<meta name="viewport"' in response.content.decode()  # the site's layout, not a bare line
    for insider in (staff, officer_of(union), admin):
        client.force_login(insider)
        response = client.get(url)
        assert response.status_code == 200
        assert "Siti Rahmawati Terdaftar" in response.content.decode()
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_attendance_is_recorded_by_the_same_people_who_may_open_the_page(client, token_for, session, admin):
    union = make_org("ksbsi-bekasi")
    session.co_hosts.add(union)
    other_provider = make_org("lpk-lain", kind=Organization.Kind.PROVIDER, level=Organization.Level.SINGLE)
    for actor, status in ((officer_of(other_provider), 403), (officer_of(union), 200), (admin, 200)):
        response = client.post(
            f"/api/v1/sessions/{session.pk}/attendance",
            {"code": services.attendance_code(make_worker())},
            content_type="application/json",
            **token_for(actor),
        )
        assert response.status_code == status, actor


def test_a_worker_sees_their_booked_class_and_cancels_it_after_confirming(client, token_for, session, welding):
    worker = make_worker()
    client.force_login(worker)
    client.post(f"/kelas/{session.pk}/kursi/", {"action": "book"})
    dashboard = client.get("/belajar/").content.decode()
    assert "BLK Kota Bekasi" in dashboard and f"/kelas/{session.pk}/batal/" in dashboard
    course_page = client.get(f"/kursus/{welding.code}/").content.decode()
    assert "Anda punya kursi di kelas ini." in course_page
    assert f"/kelas/{session.pk}/batal/?dari=kursus" in course_page
    mine = client.get("/api/v1/me/classes", **token_for(worker)).json()
    assert [(c["session"], c["status"], c["zone"]) for c in mine] == [(session.pk, "booked", "WIB")]

    confirm = client.get(f"/kelas/{session.pk}/batal/")
    assert confirm.status_code == 200
    assert SessionSeat.objects.get(user=worker).status == "booked"  # asking changes nothing
    assert "Ya, batalkan kursi saya" in confirm.content.decode()
    done = client.post(f"/kelas/{session.pk}/batal/", {"back": "dashboard"})
    assert done.url == "/belajar/"
    assert SessionSeat.objects.get(user=worker).status == "cancelled"
    assert "BLK Kota Bekasi" not in client.get("/belajar/").content.decode()
    assert client.get("/api/v1/me/classes", **token_for(worker)).json() == []


def test_nobody_cancels_a_seat_they_do_not_hold(client, session):
    holder = make_worker()
    services.book_seat(worker=holder, session_id=session.pk)
    client.force_login(make_worker())
    assert client.get(f"/kelas/{session.pk}/batal/").status_code == 404
    assert client.post(f"/kelas/{session.pk}/batal/").status_code == 404
    assert SessionSeat.objects.get(user=holder).status == "booked"


def test_a_learner_sees_a_class_booked_after_their_dashboard_was_shown_until_it_ends(client, session, welding):
    """The dashboard reads the classes only when an enrolment says a seat is held in one not ended."""
    worker = make_worker()
    services.enrol(worker=worker, course_code=welding.code)
    client.force_login(worker)
    assert "BLK Kota Bekasi" not in client.get("/belajar/").content.decode()
    services.book_seat(worker=worker, session_id=session.pk)
    assert "BLK Kota Bekasi" in client.get("/belajar/").content.decode()
    session.starts_at, session.ends_at = timezone.now() - timedelta(hours=5), timezone.now() - timedelta(hours=1)
    session.save()
    assert "BLK Kota Bekasi" not in client.get("/belajar/").content.decode()


def test_a_class_planned_after_the_course_page_was_shown_is_listed_at_once(
    client, welding, staff, django_assert_num_queries
):
    """The kept course says when its last class starts; a course with none to start reads no classes."""
    client.force_login(make_worker())
    assert "BLK Kota Bekasi" not in client.get(f"/kursus/{welding.code}/").content.decode()
    with django_assert_num_queries(2):  # the user and their enrolment (none)
        assert client.get(f"/kursus/{welding.code}/").status_code == 200
    start = timezone.now() + timedelta(days=3)
    services.create_session(
        actor=staff,
        course_code=welding.code,
        starts_at=start,
        ends_at=start + timedelta(hours=4),
        venue="BLK Kota Bekasi",
        regency_code="32.75",
        capacity=2,
    )
    assert "BLK Kota Bekasi" in client.get(f"/kursus/{welding.code}/").content.decode()
