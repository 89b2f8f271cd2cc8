"""Issue 9, broken step 8: "Kursus yang diambil setelah acara" counts only what followed the event."""

from __future__ import annotations

import copy
import datetime

import pytest
from django.utils import timezone

from naker.learning import demo
from naker.learning import services as learning
from naker.learning.models import Enrolment
from naker.learning.services import attendance_code
from naker.organizations.models import Organization
from naker.outreach.gatherings import services as gathering_services
from tests.factories import UserFactory, make_org, make_worker, officer_of

pytestmark = pytest.mark.django_db


def _publish(code: str) -> None:
    package = copy.deepcopy(next(p for _o, p in demo.DEMO_COURSES if p["code"] == code))
    learning.import_package(
        actor=officer_of(Organization.objects.get(code="lpk-terampil")),
        provider_code="lpk-terampil",
        package=package,
        submit=True,
    )
    learning.review(admin=UserFactory(is_staff=True), course_code=code, approve=True)


def test_enrolments_and_completions_before_the_event_are_not_counted_as_following_it(client):
    demo.ensure_skills()
    make_org("lpk-terampil", kind=Organization.Kind.PROVIDER, level=Organization.Level.SINGLE)
    _publish("digital-marketing-umkm")
    _publish("las-smaw-dasar")
    officer = officer_of(make_org("ksbsi-jabar"))
    starts = timezone.now() - datetime.timedelta(days=3)
    event = gathering_services.plan_event(
        actor=officer,
        title="Sosialisasi Bekasi",
        organizer_codes=["ksbsi-jabar"],
        starts_at=starts,
        venue="Aula",
        regency_code="32.75",
    )
    worker = make_worker()
    gathering_services.record_event_attendance(actor=officer, event_id=event.pk, code=attendance_code(worker))
    before = learning.enrol(worker=worker, course_code="las-smaw-dasar")
    after = learning.enrol(worker=worker, course_code="digital-marketing-umkm")
    a_week_before = starts - datetime.timedelta(days=7)
    Enrolment.objects.filter(pk=before.pk).update(
        enrolled_at=a_week_before, status=Enrolment.Status.COMPLETED, completed_at=a_week_before
    )
    Enrolment.objects.filter(pk=after.pk).update(status=Enrolment.Status.COMPLETED, completed_at=timezone.now())
    client.force_login(officer)
    html = client.get(f"/sosialisasi/{event.pk}/").content.decode()
    assert 'id="enrolments-since">1<' in html
    assert 'id="completions-since">1<' in html
