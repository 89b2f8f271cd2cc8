"""Adoption targets with a projection; invitation links; socialisation events."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from naker.accounts.models import WorkerProfile
from naker.core.errors import Forbidden
from naker.insights import selectors
from naker.insights import services as insight_services
from naker.learning.services import attendance_code
from naker.organizations.models import Organization
from naker.outreach import services
from naker.outreach.models import EventAttendance, Referral
from tests.factories import UserFactory, make_org, make_worker, officer_of

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 29)


def registered_on(days_ago: int, regency: str = "32.75"):
    worker = make_worker(regency_code=regency)
    WorkerProfile.objects.filter(user=worker).update(
        created_at=timezone.make_aware(
            datetime.datetime.combine(TODAY - datetime.timedelta(days=days_ago), datetime.time(12))
        )
    )
    return worker


def target(admin, goal, start_days_ago, due_in_days, scope="nation", code=""):
    return services.set_target(
        actor=admin,
        name="t",
        scope=scope,
        scope_code=code,
        metric="registered",
        goal=goal,
        start_date=TODAY - datetime.timedelta(days=start_days_ago),
        due_date=TODAY + datetime.timedelta(days=due_in_days),
    )


def test_a_target_at_risk_says_when_it_would_be_reached(db):
    admin = UserFactory(is_staff=True)
    for day in range(14):  # one registration a day for two weeks
        registered_on(day)
    insight_services.refresh()
    goal = target(admin, goal=44, start_days_ago=30, due_in_days=10)
    progress = selectors.progress_of(goal, today=TODAY)
    assert progress.current == 14
    assert progress.projected == TODAY + datetime.timedelta(days=30)  # 30 more at 1 a day
    assert progress.on_track is False


def test_a_target_on_track_and_one_met(db):
    admin = UserFactory(is_staff=True)
    for day in range(14):
        registered_on(day)
    insight_services.refresh()
    assert selectors.progress_of(target(admin, goal=20, start_days_ago=30, due_in_days=10), today=TODAY).on_track
    met = selectors.progress_of(target(admin, goal=10, start_days_ago=30, due_in_days=10), today=TODAY)
    assert met.current >= 10 and met.on_track


def test_the_straight_line_gives_the_value_expected_today(db):
    admin = UserFactory(is_staff=True)
    progress = selectors.progress_of(target(admin, goal=100, start_days_ago=50, due_in_days=50), today=TODAY)
    assert progress.expected_now == 50


def test_only_officers_set_targets_for_their_own_scope(db):
    jabar = make_org("kadin-jabar", kind=Organization.Kind.CHAMBER, level=Organization.Level.PROVINCE, province_id="32")
    officer = officer_of(jabar)
    assert target(officer, 100, 1, 30, scope="province", code="32").scope_code == "32"
    with pytest.raises(Forbidden):
        target(officer, 100, 1, 30, scope="province", code="31")
    with pytest.raises(Forbidden):
        target(officer, 100, 1, 30)  # the nation


def test_the_target_page_shows_the_projection_and_the_map(client, db):
    admin = UserFactory(is_staff=True)
    registered_on(1)
    insight_services.refresh()
    goal = target(admin, goal=5000, start_days_ago=30, due_in_days=60)
    client.force_login(admin)
    html = client.get(f"/target/{goal.pk}/").content.decode()
    assert 'id="target-status"' in html and "projection-line" in html
    assert html.count("<path ") == 38


def test_sign_ups_through_a_link_are_attributed(client, db):
    union = make_org("ksbsi-dki")
    officer = officer_of(union)
    code = services.referral_code_for(actor=officer, org_code="ksbsi-dki", personal=True)
    officer.full_name = "Siti Pengurus"  # a random name may contain "Budi" (Budiman), which the page may show
    officer.save(update_fields=["full_name"])
    client.get(f"/akun/daftar/?ref={code.code}")
    client.post(
        "/akun/daftar/",
        {
            "full_name": "Budi",
            "phone": "081311113333",
            "nik": "3275011708900044",
            "province": "32",
            "regency_code": "32.75",
            "password": "Tukang-las-2026",
            "consent": "on",
            "action": "register",
        },
    )
    client.post("/akun/daftar/konfirmasi/", {"action": "confirm"})
    referral = Referral.objects.get()
    assert (referral.code.officer, referral.code.organization) == (officer, union)
    client.force_login(officer)
    assert "Budi" not in client.get("/organisasi/ksbsi-dki/tautan/").content.decode()  # counts, not names


def test_an_event_counts_attendance_and_what_followed(client, db):
    union = make_org("ksbsi-jabar")
    chamber = make_org(
        "kadin-jabar", kind=Organization.Kind.CHAMBER, level=Organization.Level.PROVINCE, province_id="32"
    )
    officer = officer_of(union)
    event = services.plan_event(
        actor=officer,
        title="Sosialisasi Bekasi",
        organizer_codes=["ksbsi-jabar", "kadin-jabar"],
        starts_at=timezone.now(),
        venue="Aula",
        regency_code="32.75",
    )
    assert set(event.organizers.values_list("code", flat=True)) == {"ksbsi-jabar", "kadin-jabar"}
    walk_in = make_worker()
    services.record_event_attendance(actor=officer, event_id=event.pk, code=attendance_code(walk_in))
    services.record_event_attendance(actor=officer, event_id=event.pk, code=attendance_code(walk_in))
    newcomer = make_worker()
    services.record_referral(user=newcomer, code=event.referral_code.code)
    assert EventAttendance.objects.filter(event=event).count() == 2
    results = services.event_results(event)
    assert (results["attended"], results["signed_up"]) == (2, 1)
    assert chamber is not None


def test_an_active_learners_target_counts_distinct_learners_of_the_last_30_days(db):
    from naker.learning import demo
    from naker.learning import services as learning
    from naker.learning.models import LessonProgress
    from tests.learning.conftest import MARKETING, lessons_of

    demo.ensure_skills()
    make_org("lpk-terampil", kind=Organization.Kind.PROVIDER, level=Organization.Level.SINGLE)
    admin = UserFactory(is_staff=True)
    learning.import_package(actor=admin, provider_code="lpk-terampil", package=MARKETING, submit=True)
    course = learning.review(admin=admin, course_code=MARKETING["code"], approve=True).course
    first, second = lessons_of(course)[:2]
    for regency, old in [("32.75", False), ("32.75", False), ("31.71", False), ("32.75", True)]:
        worker = make_worker(regency_code=regency)
        learning.enrol(worker=worker, course_code=course.code)
        learning.complete_lesson(worker=worker, lesson_id=first.pk)
        learning.complete_lesson(worker=worker, lesson_id=second.pk)  # two lessons: still one learner
        if old:
            LessonProgress.objects.filter(enrolment__user=worker).update(
                completed_at=timezone.now() - datetime.timedelta(days=40)
            )
    goal = services.set_target(
        actor=admin,
        name="aktif",
        scope="province",
        scope_code="32",
        metric="active",
        goal=3,
        start_date=TODAY - datetime.timedelta(days=10),
        due_date=TODAY + datetime.timedelta(days=10),
    )
    progress = selectors.progress_of(goal)
    assert (progress.current, progress.on_track) == (2, False)


def test_a_provincial_officer_sees_the_targets_of_the_province_and_its_regencies_only(db):
    admin = UserFactory(is_staff=True)
    jabar = make_org("kadin-jabar", kind=Organization.Kind.CHAMBER, level=Organization.Level.PROVINCE, province_id="32")
    officer = officer_of(jabar)
    for scope, code in [("nation", ""), ("province", "32"), ("regency", "32.75"), ("regency", "31.71")]:
        services.set_target(
            actor=admin,
            name=f"{scope}{code}",
            scope=scope,
            scope_code=code,
            metric="registered",
            goal=10,
            start_date=TODAY,
            due_date=TODAY + datetime.timedelta(days=30),
        )
    assert sorted(t.name for t in services.targets_visible_to(officer)) == ["province32", "regency32.75"]


def test_attendance_at_an_event_outside_the_officers_organisations_is_refused_as_not_found(db):
    officer = officer_of(make_org("ksbsi-jabar"))
    event = services.plan_event(
        actor=officer,
        title="Sosialisasi",
        organizer_codes=["ksbsi-jabar"],
        starts_at=timezone.now(),
        venue="Aula",
        regency_code="32.75",
    )
    stranger = officer_of(make_org("kspsi"))
    with pytest.raises(services.errors.EventNotFound) as refused:
        services.record_event_attendance(actor=stranger, event_id=event.pk, code=attendance_code(make_worker()))
    assert refused.value.code == "event_not_found"
    assert not EventAttendance.objects.exists()
