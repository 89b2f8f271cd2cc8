"""A class's co-host named by the provider runs the class only once its officers accept (issue 8,
item 13)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from naker.learning import errors, services
from naker.learning.models import SessionCoHost
from tests.factories import make_org, make_worker, officer_of
from tests.learning.conftest import WELDING

pytestmark = pytest.mark.django_db


@pytest.fixture
def union():
    return make_org("ksbsi-bekasi")


@pytest.fixture
def session(publish, staff, union):

    course = publish(WELDING)
    start = timezone.now() + timedelta(days=2)
    return services.create_session(
        actor=staff,
        course_code=course.code,
        starts_at=start,
        ends_at=start + timedelta(hours=4),
        venue="BLK Kota Bekasi",
        regency_code="32.75",
        capacity=2,
        co_host_codes=["ksbsi-bekasi"],
    )


def test_a_co_host_cannot_open_the_attendance_page_until_its_officer_accepts(client, session, union):
    officer = officer_of(union)
    client.force_login(officer)
    url = f"/kelas/{session.pk}/presensi/"
    assert client.get(url).status_code == 403
    services.accept_co_host(actor=officer, session_id=session.pk, organization_code="ksbsi-bekasi")
    assert client.get(url).status_code == 200


def test_a_declined_co_host_is_no_longer_named(session, union):
    services.decline_co_host(actor=officer_of(union), session_id=session.pk, organization_code="ksbsi-bekasi")
    assert not session.co_hosts.exists()


def test_accepting_or_declining_a_co_host_one_is_no_officer_of_is_refused(session, staff, union):
    for stranger in (staff, make_worker(), officer_of(make_org("ksbsi-lain"))):
        for answer in (services.accept_co_host, services.decline_co_host):
            with pytest.raises(errors.NotOfficerOfNamedCoHost) as refused:
                answer(actor=stranger, session_id=session.pk, organization_code="ksbsi-bekasi")
            assert refused.value.code == "not_officer_of_named_co_host"
    assert not SessionCoHost.objects.get(offlinesession=session).accepted
    with pytest.raises(errors.CoHostRequestNotFound) as refused:
        services.accept_co_host(actor=staff, session_id=session.pk, organization_code="lpk-terampil")
    assert refused.value.code == "co_host_request_not_found"


def test_the_officer_answers_on_the_events_page(client, session, union):
    client.force_login(officer_of(union))
    page = client.get("/sosialisasi/").content.decode()
    answer_url = f"/kelas/{session.pk}/tuan-rumah/ksbsi-bekasi/"
    assert answer_url in page and "csrfmiddlewaretoken" in page
    response = client.post(answer_url, {"answer": "accept"})
    assert response.status_code == 302 and response["Location"] == f"/kelas/{session.pk}/presensi/"
    assert SessionCoHost.objects.get(offlinesession=session).accepted
    assert answer_url not in client.get("/sosialisasi/").content.decode()


def test_a_non_officer_answering_on_the_page_is_refused(client, session, staff):
    client.force_login(staff)
    assert client.post(f"/kelas/{session.pk}/tuan-rumah/ksbsi-bekasi/", {"answer": "decline"}).status_code == 403
    assert SessionCoHost.objects.filter(offlinesession=session).exists()
