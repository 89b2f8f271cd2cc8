"""Applying: one application per worker and opportunity, closing stops applications at once, the
worker sees each step and can withdraw; the employer moves it through the stages; a hire records a
placement and announces WorkerHired."""

from __future__ import annotations

from typing import Any

import pytest

from naker.core.events import subscribe
from naker.jobs import services
from naker.jobs.events import WorkerHired
from naker.jobs.models import Application, Opportunity, Placement
from tests.factories import add_member, make_org, make_worker, officer_of
from tests.jobs.conftest import complete, in_days

pytestmark = pytest.mark.django_db


def test_applying_twice_is_one_application(client, token_for, worker, published) -> None:
    url = f"/api/v1/opportunities/{published.pk}/applications"
    headers = token_for(worker)
    first = client.post(url, {"message": "Saya siap."}, content_type="application/json", **headers)
    second = client.post(url, {}, content_type="application/json", **headers)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert Application.objects.count() == 1
    mine = client.get("/api/v1/me/applications", **headers).json()
    assert [(a["opportunity"], a["stage"]) for a in mine] == [("Juru Las SMAW", "applied")]
    assert [s["stage"] for s in mine[0]["steps"]] == ["applied"]


def test_an_application_that_loses_the_race_returns_the_winner(worker, published, monkeypatch) -> None:
    # The other request inserted between our look-up and our insert: the unique constraint decides.
    winner = Application.objects.create(opportunity=published, worker=worker)
    real_filter = Application.objects.filter
    calls = {"n": 0}

    def first_look_finds_nothing(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        found = real_filter(*args, **kwargs)
        return found.none() if calls["n"] == 1 else found

    monkeypatch.setattr(Application.objects, "filter", first_look_finds_nothing)
    got, created = services.apply_with_status(worker=worker, opportunity=published)
    assert (got.pk, created) == (winner.pk, False)


def test_a_closed_opportunity_takes_no_application_on_the_day_after(client, token_for, worker, published) -> None:
    # the nightly job has not run: the date itself is checked
    Opportunity.objects.filter(pk=published.pk).update(closes_on=in_days(-1))
    response = client.post(
        f"/api/v1/opportunities/{published.pk}/applications", {}, content_type="application/json", **token_for(worker)
    )
    assert response.status_code == 409 and response.json()["code"] == "opportunity_closed"
    assert not Application.objects.exists()


def test_only_a_worker_applies(client, token_for, staff, published) -> None:
    response = client.post(
        f"/api/v1/opportunities/{published.pk}/applications", {}, content_type="application/json", **token_for(staff)
    )
    assert response.status_code == 403


def test_someone_elses_certificate_cannot_be_attached(worker, published) -> None:
    with pytest.raises(services.errors.ApplicationInvalid) as refused:
        services.apply(worker=worker, opportunity=published, credential_ids=["00000000-0000-4000-8000-000000000000"])
    assert "credential_ids" in refused.value.field_errors


def test_the_stages_to_a_hire_and_the_placement(
    client, token_for, company, staff, worker, published, publish_course, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    union = make_org("serikat-las")
    branch = make_org("serikat-las-bekasi", parent=union)
    add_member(worker, branch)
    course = publish_course()
    complete(worker, course)
    heard: list[WorkerHired] = []
    subscribe(WorkerHired, heard.append)
    application = services.apply(worker=worker, opportunity=published)
    headers = token_for(staff)
    url = f"/api/v1/applications/{application.pk}/stage"
    for stage in ("shortlisted", "interview", "offered"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"stage": stage}, content_type="application/json", **headers)
        assert response.status_code == 200 and response.json()["stage"] == stage
    # backwards is refused
    assert client.post(url, {"stage": "shortlisted"}, content_type="application/json", **headers).status_code == 409
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"stage": "hired"}, content_type="application/json", **headers)
    assert response.status_code == 200
    placement = Placement.objects.get()
    assert (placement.regency_id, placement.province_id, placement.sector_id) == ("32.75", "32", "C")
    assert placement.union == branch and placement.source_course == course and placement.kind == "job"
    assert [h.placement_id for h in heard] == [placement.pk]
    # the worker sees each step with its date, and was told by email
    steps = client.get("/api/v1/me/applications", **token_for(worker)).json()[0]["steps"]
    assert [s["stage"] for s in steps] == ["applied", "shortlisted", "interview", "offered", "hired"]
    assert len(mailoutbox) == 4 and mailoutbox[-1].to == [worker.email]
    assert "Juru Las SMAW" in mailoutbox[-1].subject
    # a hire is final
    assert client.post(url, {"stage": "not_selected"}, content_type="application/json", **headers).status_code == 409


def test_an_employer_sees_only_its_own_applicants(client, token_for, worker, published) -> None:
    other = make_org("pt-lain", kind="company", level="single")
    stranger = officer_of(other)
    application = services.apply(worker=worker, opportunity=published)
    headers = token_for(stranger)
    assert client.get(f"/api/v1/opportunities/{published.pk}/applications", **headers).status_code == 403
    response = client.post(
        f"/api/v1/applications/{application.pk}/stage", {"stage": "hired"}, content_type="application/json", **headers
    )
    assert response.status_code == 403
    assert not Placement.objects.exists()


def test_the_worker_withdraws_and_may_apply_again(client, token_for, staff, worker, published) -> None:
    application = services.apply(worker=worker, opportunity=published)
    headers = token_for(worker)
    response = client.delete(f"/api/v1/applications/{application.pk}", **headers)
    assert response.status_code == 200 and response.json()["stage"] == "withdrawn"
    assert client.get(f"/api/v1/opportunities/{published.pk}/applications", **token_for(staff)).json() == []
    again = client.post(
        f"/api/v1/opportunities/{published.pk}/applications", {}, content_type="application/json", **headers
    )
    assert again.json()["id"] == application.pk and again.json()["stage"] == "applied"


def test_the_applicants_list_stays_small(client, token_for, staff, published, django_assert_max_num_queries) -> None:
    for _ in range(6):
        services.apply(worker=make_worker(regency_code="32.75"), opportunity=published)
    headers = token_for(staff)
    with django_assert_max_num_queries(14):
        assert len(client.get(f"/api/v1/opportunities/{published.pk}/applications", **headers).json()) == 6
