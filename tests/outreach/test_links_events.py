"""Invitation links and socialisation events."""

from __future__ import annotations

import pytest
from django.utils import timezone

from naker.core.errors import DomainError
from naker.learning.services import attendance_code
from naker.organizations.models import Organization
from naker.outreach import errors, services
from naker.outreach.gatherings import selectors as gatherings
from naker.outreach.gatherings import services as gathering_services
from naker.outreach.invitation_links import services as invitation_links
from naker.outreach.models import EventAttendance, Referral
from tests.factories import make_org, make_worker, officer_of

pytestmark = pytest.mark.django_db


def test_sign_ups_through_a_link_are_attributed(client, db):
    union = make_org("ksbsi-dki")
    officer = officer_of(union)
    code = invitation_links.ensure_referral_code(actor=officer, org_code="ksbsi-dki", personal=True)
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
    client.post("/akun/daftar/konfirmasi/", {"action": "confirm", "password": "Tukang-las-2026"})
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
    event = gathering_services.plan_event(
        actor=officer,
        title="Sosialisasi Bekasi",
        organizer_codes=["ksbsi-jabar", "kadin-jabar"],
        starts_at=timezone.now(),
        venue="Aula",
        regency_code="32.75",
    )
    assert set(event.organizers.values_list("code", flat=True)) == {"ksbsi-jabar", "kadin-jabar"}
    walk_in = make_worker()
    gathering_services.record_event_attendance(actor=officer, event_id=event.pk, code=attendance_code(walk_in))
    gathering_services.record_event_attendance(actor=officer, event_id=event.pk, code=attendance_code(walk_in))
    newcomer = make_worker()
    services.record_referral(user=newcomer, code=event.referral_code.code)
    assert EventAttendance.objects.filter(event=event).count() == 2
    results = gatherings.event_results(event)
    assert (results["attended"], results["signed_up"]) == (2, 1)
    assert chamber is not None


def test_attendance_at_an_event_outside_the_officers_organisations_is_refused_as_not_found(db):
    officer = officer_of(make_org("ksbsi-jabar"))
    event = gathering_services.plan_event(
        actor=officer,
        title="Sosialisasi",
        organizer_codes=["ksbsi-jabar"],
        starts_at=timezone.now(),
        venue="Aula",
        regency_code="32.75",
    )
    stranger = officer_of(make_org("kspsi"))
    with pytest.raises(errors.EventNotFound) as refused:
        gathering_services.record_event_attendance(
            actor=stranger, event_id=event.pk, code=attendance_code(make_worker())
        )
    assert refused.value.code == "event_not_found"
    assert not EventAttendance.objects.exists()


def test_the_links_page_of_another_organisation_is_refused_by_the_same_rule_as_its_service(client):
    make_org("ksbsi-dki")
    client.force_login(officer_of(make_org("kspsi")))
    assert client.get("/organisasi/ksbsi-dki/tautan/").status_code == 403
    assert client.get("/organisasi/tidak-ada/tautan/").status_code == 404
    with pytest.raises(DomainError):
        invitation_links.ensure_referral_code(
            actor=officer_of(make_org("kspsi-2")), org_code="ksbsi-dki", personal=False
        )
