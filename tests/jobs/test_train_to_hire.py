"""Train to hire: the commitment shows on the opportunity and on the path's course pages; a worker
who asked is applied automatically when the whole path is complete."""

from __future__ import annotations

import pytest

from naker.jobs import services
from naker.jobs.models import Application
from tests.jobs.conftest import SAFETY, complete, in_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def path(publish_course):
    return [publish_course(), publish_course(SAFETY)]


def test_the_commitment_shows_on_the_opportunity_and_the_course_page(client, token_for, staff, published, path):
    response = client.put(
        f"/api/v1/opportunities/{published.pk}/commitment",
        {"course_codes": [c.code for c in path], "interview_by": in_days(60).isoformat()},
        content_type="application/json",
        **token_for(staff),
    )
    assert response.status_code == 200, response.content
    got = client.get(f"/api/v1/opportunities/{published.pk}").json()["commitment"]
    assert got["courses"] == [c.code for c in path] or sorted(got["courses"]) == sorted(c.code for c in path)
    page = client.get(f"/kursus/{path[1].code}/").content.decode()
    assert "Juru Las SMAW" in page and f"/lowongan/{published.pk}/" in page


def test_the_commitment_is_checked(staff, published, path) -> None:
    with pytest.raises(services.errors.CommitmentInvalid) as refused:
        services.set_commitment(
            actor=staff,
            opportunity_id=published.pk,
            course_codes=["tidak-ada"],
            interview_by=in_days(-1),
            sponsored_course_code=path[0].code,
            sponsored_seats=3,
        )
    assert {"course_codes", "interview_by", "sponsored_course_code"} <= set(refused.value.field_errors)


def test_completing_the_whole_path_applies_the_worker_who_asked(client, token_for, staff, worker, published, path):
    services.set_commitment(
        actor=staff, opportunity_id=published.pk, course_codes=[c.code for c in path], interview_by=in_days(60)
    )
    response = client.post(f"/api/v1/opportunities/{published.pk}/auto-apply", **token_for(worker))
    assert response.status_code == 200 and response.json()["application_id"] is None
    complete(worker, path[0])
    assert not Application.objects.exists()  # half the path: not yet
    complete(worker, path[1])
    application = Application.objects.get()
    assert (application.worker, application.source) == (worker, Application.Source.TRAIN_TO_HIRE)


def test_a_worker_who_did_not_ask_is_not_applied(staff, worker, published, path) -> None:
    services.set_commitment(
        actor=staff, opportunity_id=published.pk, course_codes=[c.code for c in path], interview_by=in_days(60)
    )
    for course in path:
        complete(worker, course)
    assert not Application.objects.exists()
