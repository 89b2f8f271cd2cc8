"""Naming another organisation as an event's co-organiser needs its officers' acceptance (issue 8,
item 13): until then it gets no credit, its name is not shown, and the planner's scans do not count
for it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from naker.learning.services import attendance_code
from naker.organizations.models import Organization
from naker.outreach import errors
from naker.outreach.gatherings import selectors as gatherings
from naker.outreach.gatherings import services as gathering_services
from naker.outreach.models import EventAttendance, EventOrganizer
from tests.factories import make_org, make_worker, officer_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def union():
    return make_org("ksbsi-jabar")


@pytest.fixture
def employer():
    return make_org("kadin-jabar", kind=Organization.Kind.CHAMBER, level=Organization.Level.PROVINCE, province_id="32")


def plan(actor, codes):
    return gathering_services.plan_event(
        actor=actor,
        title="Sosialisasi pabrik",
        organizer_codes=codes,
        starts_at=timezone.now(),
        venue="Kantin pabrik",
        regency_code="32.75",
    )


def test_an_employer_naming_a_union_does_not_credit_it_until_the_unions_officer_accepts(client, union, employer):
    planner = officer_of(employer)
    union_officer = officer_of(union)
    event = plan(planner, ["ksbsi-jabar", "kadin-jabar"])  # the union named first
    assert event.referral_code.organization == employer  # sign-ups are the planner's, never the union's
    assert gatherings.accepted_organizers(event) == [employer]
    assert event not in gatherings.events_visible_to(union_officer)
    with pytest.raises(errors.EventNotFound):
        gatherings.event_visible_to(union_officer, event.pk)
    gathering_services.record_event_attendance(actor=planner, event_id=event.pk, code=attendance_code(make_worker()))
    # the planner's scans do not count at the union's page; its officer cannot scan there either
    with pytest.raises(errors.EventNotFound):
        gathering_services.record_event_attendance(
            actor=union_officer, event_id=event.pk, code=attendance_code(make_worker())
        )
    client.force_login(planner)
    assert union.name not in client.get(f"/sosialisasi/{event.pk}/").content.decode()

    client.force_login(union_officer)
    page = client.get("/sosialisasi/").content.decode()
    assert "Sosialisasi pabrik" in page and f"/sosialisasi/{event.pk}/penyelenggara/ksbsi-jabar/" in page
    response = client.post(f"/sosialisasi/{event.pk}/penyelenggara/ksbsi-jabar/", {"answer": "accept"})
    assert response.status_code == 302
    assert set(gatherings.accepted_organizers(gatherings.event_visible_to(union_officer, event.pk))) == {
        union,
        employer,
    }
    assert gatherings.event_results(event)["attended"] == 1
    client.force_login(planner)
    assert union.name in client.get(f"/sosialisasi/{event.pk}/").content.decode()


def test_a_declined_organisation_is_no_longer_named(client, union, employer):
    event = plan(officer_of(employer), ["kadin-jabar", "ksbsi-jabar"])
    client.force_login(officer_of(union))
    client.post(f"/sosialisasi/{event.pk}/penyelenggara/ksbsi-jabar/", {"answer": "decline"})
    assert list(event.organizers.all()) == [employer]


def test_organisations_the_planner_oversees_are_accepted_at_once(union, employer):
    planner = officer_of(union)
    officer_of(employer)
    event = plan(planner, ["ksbsi-jabar"])
    assert EventOrganizer.objects.get(socialisationevent=event).accepted


def test_accepting_or_declining_for_an_organisation_one_is_no_officer_of_is_refused(client, union, employer):
    planner = officer_of(employer)
    event = plan(planner, ["kadin-jabar", "ksbsi-jabar"])
    for stranger in (planner, make_worker(), officer_of(make_org("kspsi"))):
        for answer in (gathering_services.accept_co_organizer, gathering_services.decline_co_organizer):
            with pytest.raises(errors.NotOfficerOfNamedOrganizer) as refused:
                answer(actor=stranger, event_id=event.pk, organization_code="ksbsi-jabar")
            assert refused.value.code == "not_officer_of_named_organizer"
            assert refused.value.status == 403
    client.force_login(planner)
    response = client.post(f"/sosialisasi/{event.pk}/penyelenggara/ksbsi-jabar/", {"answer": "accept"})
    assert response.status_code == 403
    assert not EventOrganizer.objects.get(socialisationevent=event, organization=union).accepted
    with pytest.raises(errors.OrganizerRequestNotFound) as refused:
        gathering_services.accept_co_organizer(actor=planner, event_id=event.pk, organization_code="kadin-jabar")
    assert refused.value.code == "organizer_request_not_found"
    assert EventAttendance.objects.count() == 0
