"""Work abroad: only an agency with a valid SIP3MI licence posts; the licence shows on the post;
the worker's placement costs are capped at zero (UU 18/2017, Pasal 30)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from naker.jobs import services
from naker.jobs.models import Opportunity
from tests.jobs.conftest import body, data, in_days

pytestmark = pytest.mark.django_db

ABROAD = {
    "kind": "abroad",
    "title": "Perawat Lansia di Jepang",
    "regency_code": "",
    "destination_country": "JP",
    "currency": "JPY",
    "pay_min": 180000,
    "pay_max": 220000,
    "language_requirement": "Bahasa Jepang JLPT N4",
    "placement_costs": "Tiket, visa dan pelatihan dibayar pemberi kerja. Paspor dibayar pekerja.",
}


def test_an_abroad_post_without_a_licence_is_refused(client, token_for, agency, agency_staff) -> None:
    response = client.post(
        f"/api/v1/employers/{agency.code}/opportunities",
        body(**ABROAD),
        content_type="application/json",
        **token_for(agency_staff),
    )
    assert response.status_code == 422
    assert response.json()["code"] == "licence_required"
    assert [e["field"] for e in response.json()["errors"]] == ["kind"]
    assert not Opportunity.objects.exists()


def test_an_expired_licence_is_no_licence(agency, agency_staff, admin) -> None:
    today = timezone.localdate()
    services.record_licence(
        actor=admin,
        employer_code=agency.code,
        number="KEP.100/2019",
        valid_from=today - datetime.timedelta(days=800),
        valid_until=today - datetime.timedelta(days=1),
    )
    with pytest.raises(services.errors.LicenceRequired):
        services.post_opportunity(actor=agency_staff, employer_code=agency.code, data=data(**ABROAD))


def test_a_licensed_agency_posts_and_the_licence_shows(client, token_for, agency, agency_staff, admin) -> None:
    response = client.put(
        f"/api/v1/employers/{agency.code}/licence",
        {"number": "KEP.245/2023", "valid_from": in_days(-30).isoformat(), "valid_until": in_days(700).isoformat()},
        content_type="application/json",
        **token_for(admin),
    )
    assert response.status_code == 200 and response.json()["valid_today"] is True
    o = services.post_opportunity(actor=agency_staff, employer_code=agency.code, data=data(**ABROAD))
    services.review_opportunity(actor=admin, opportunity_id=o.pk, decision="publish")
    got = client.get(f"/api/v1/opportunities/{o.pk}").json()
    assert got["licence"]["number"] == "KEP.245/2023" and got["destination_country"] == "JP"
    assert got["worker_costs_idr"] == 0 and got["currency"] == "JPY"
    page = client.get(f"/lowongan/{o.pk}/").content.decode()
    assert "KEP.245/2023" in page and "Jepang" in page


def test_only_an_admin_records_a_licence(client, token_for, agency, agency_staff) -> None:
    response = client.put(
        f"/api/v1/employers/{agency.code}/licence",
        {"number": "palsu", "valid_from": "2024-01-01", "valid_until": "2030-01-01"},
        content_type="application/json",
        **token_for(agency_staff),
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"worker_costs_idr": 15000000}, "worker_costs_idr"),
        ({"placement_costs": ""}, "placement_costs"),
        ({"destination_country": "XX"}, "destination_country"),
    ],
)
def test_abroad_terms_are_checked(agency, agency_staff, admin, changes, field) -> None:
    services.record_licence(
        actor=admin, employer_code=agency.code, number="KEP.1", valid_from=in_days(-1), valid_until=in_days(365)
    )
    with pytest.raises(services.errors.OpportunityInvalid) as refused:
        services.post_opportunity(actor=agency_staff, employer_code=agency.code, data=data(**{**ABROAD, **changes}))
    assert field in refused.value.field_errors


def test_a_lapsed_licence_stops_applications(agency, agency_staff, admin, worker) -> None:
    services.record_licence(
        actor=admin, employer_code=agency.code, number="KEP.1", valid_from=in_days(-10), valid_until=in_days(365)
    )
    o = services.post_opportunity(actor=agency_staff, employer_code=agency.code, data=data(**ABROAD))
    services.review_opportunity(actor=admin, opportunity_id=o.pk, decision="publish")
    services.record_licence(
        actor=admin, employer_code=agency.code, number="KEP.1", valid_from=in_days(-10), valid_until=in_days(-1)
    )
    o.refresh_from_db()
    with pytest.raises(services.errors.OpportunityClosed):
        services.apply(worker=worker, opportunity=o)
