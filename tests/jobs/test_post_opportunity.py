"""Posting an opportunity: the issue's minimal body is taken, every refusal names its field, a post
shows only once an admin publishes it, and the skill index follows the post."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from naker.jobs import selectors, services
from naker.jobs.models import Opportunity, OpportunitySkill
from tests.jobs.conftest import body, data, in_days

pytestmark = pytest.mark.django_db


def _errors(response: Any) -> dict[str, str]:
    return {e["field"]: e["message"] for e in response.json()["errors"]}


def test_the_minimal_body_is_accepted_and_waits_for_review(client, token_for, company, staff) -> None:
    response = client.post(
        f"/api/v1/employers/{company.code}/opportunities", body(), content_type="application/json", **token_for(staff)
    )
    assert response.status_code == 201, response.content
    got = response.json()
    assert got["status"] == "pending" and got["kind"] == "job" and got["employment"] == "full_time"
    assert got["regency"] == "Kota Bekasi" and got["province"] == "Jawa Barat"
    assert [(s["code"], s["required"]) for s in got["skills"]] == [("NK-LAS-01", True), ("NK-LAS-02", False)]
    # not in the public list, nor to anyone else, until published
    assert client.get("/api/v1/opportunities").json()["count"] == 0
    assert client.get(f"/api/v1/opportunities/{got['id']}").status_code == 404


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"pay_min": 6000000}, "pay_min"),
        ({"closes_on": (datetime.date.today() - datetime.timedelta(days=2)).isoformat()}, "closes_on"),
        ({"skills": [{"code": "TIDAK-ADA", "required": True}]}, "skills.0.code"),
        ({"regency_code": "99.99"}, "regency_code"),
        ({"regency_code": ""}, "regency_code"),
        ({"skills": []}, "skills"),
        ({"currency": "USD"}, "currency"),
        ({"education": "phd"}, "education"),
        ({"preferred_courses": ["tidak-ada"]}, "preferred_courses"),
    ],
)
def test_refusals_name_the_field(client, token_for, company, staff, changes, field) -> None:
    response = client.post(
        f"/api/v1/employers/{company.code}/opportunities",
        body(**changes),
        content_type="application/json",
        **token_for(staff),
    )
    assert response.status_code == 422, response.content
    assert field in _errors(response)
    assert not Opportunity.objects.exists()


def test_only_the_company_staff_post(client, token_for, company, worker, agency_staff) -> None:
    for who in (worker, agency_staff):
        response = client.post(
            f"/api/v1/employers/{company.code}/opportunities", body(), content_type="application/json", **token_for(who)
        )
        assert response.status_code == 403
    response = client.post(
        "/api/v1/employers/tidak-ada/opportunities", body(), content_type="application/json", **token_for(worker)
    )
    assert response.status_code == 404


def test_publishing_opens_the_post_and_the_index(client, token_for, company, staff, admin) -> None:
    o = services.post_opportunity(actor=staff, employer_code=company.code, data=data())
    assert set(OpportunitySkill.objects.values_list("is_open", flat=True)) == {False}
    response = client.post(
        f"/api/v1/opportunities/{o.pk}/review",
        {"decision": "publish"},
        content_type="application/json",
        **token_for(admin),
    )
    assert response.status_code == 200 and response.json()["status"] == "published"
    assert set(OpportunitySkill.objects.values_list("is_open", flat=True)) == {True}
    listed = client.get("/api/v1/opportunities?q=pengelasan+las&regency=32.75&kind=job").json()
    assert [i["title"] for i in listed["items"]] == ["Juru Las SMAW"]
    assert client.get("/api/v1/opportunities?kind=abroad").json()["count"] == 0
    # closing takes it out at once
    services.close_opportunity(actor=staff, opportunity_id=o.pk)
    assert set(OpportunitySkill.objects.values_list("is_open", flat=True)) == {False}
    assert client.get("/api/v1/opportunities").json()["count"] == 0


def test_rejecting_needs_a_reason_and_only_an_admin_reviews(client, token_for, company, staff, admin) -> None:
    o = services.post_opportunity(actor=staff, employer_code=company.code, data=data())
    url = f"/api/v1/opportunities/{o.pk}/review"
    assert (
        client.post(url, {"decision": "publish"}, content_type="application/json", **token_for(staff)).status_code
        == 403
    )
    response = client.post(url, {"decision": "reject"}, content_type="application/json", **token_for(admin))
    assert response.status_code == 422 and "reason" in _errors(response)
    response = client.post(
        url, {"decision": "reject", "reason": "Gaji tidak jelas."}, content_type="application/json", **token_for(admin)
    )
    assert response.json()["status"] == "rejected" and response.json()["review_reason"] == "Gaji tidak jelas."


def test_editing_a_published_post_sends_it_back_to_review(company, staff, published) -> None:
    services.edit_opportunity(actor=staff, opportunity_id=published.pk, data=data(title="Juru Las SMAW senior"))
    published.refresh_from_db()
    assert published.status == Opportunity.Status.PENDING and published.title == "Juru Las SMAW senior"
    assert not selectors.open_opportunities().exists()


def test_the_nightly_job_takes_closed_posts_out_of_the_index(published) -> None:
    Opportunity.objects.filter(pk=published.pk).update(closes_on=in_days(-1))
    OpportunitySkill.objects.update(closes_on=in_days(-1))
    assert "2 skill rows" in services.expire_opportunities()
    assert not OpportunitySkill.objects.filter(is_open=True).exists()


def test_the_search_query_stays_small(client, company, staff, admin, django_assert_max_num_queries) -> None:
    for i in range(5):
        o = services.post_opportunity(actor=staff, employer_code=company.code, data=data(title=f"Juru Las {i}"))
        services.review_opportunity(actor=admin, opportunity_id=o.pk, decision="publish")
    with django_assert_max_num_queries(6):
        assert client.get("/api/v1/opportunities?q=las").json()["count"] == 5
