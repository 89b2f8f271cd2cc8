"""Hires reach insights: the "placements" metric of targets and dashboards counts Placement rows by
place and union, and keeps counting them after the worker erases their account."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from naker.accounts import services as account_services
from naker.insights import selectors as insights
from naker.insights import services as refresh
from naker.insights.models import AdoptionTarget
from naker.jobs import services
from tests.factories import add_member, make_org, make_worker

pytestmark = pytest.mark.django_db


def test_placements_are_counted_by_place_and_union(staff, admin, published) -> None:
    union = make_org("serikat-target")
    hired = []
    for _ in range(6):
        worker = make_worker(regency_code="32.75")
        add_member(worker, union)
        application = services.apply(worker=worker, opportunity=published)
        services.move_application(actor=staff, application_id=application.pk, stage="hired")
        hired.append(worker)
    account_services.erase_account(user=hired[0], password="naker-demo")
    assert refresh.refresh_aggregates()["placements"] == 6
    today = timezone.localdate()
    target = AdoptionTarget.objects.create(
        name="Penempatan serikat",
        scope="organization",
        scope_code="serikat-target",
        metric="placements",
        goal=10,
        start_date=today - datetime.timedelta(days=10),
        due_date=today + datetime.timedelta(days=30),
    )
    progress = insights.progress_of(target)
    assert progress.measurable and progress.current == 6
    board = insights.dashboard_of(admin, "regency:32.75")
    assert board.totals["placements"] == 5  # 6, rounded outside the worker's own organisation
    # a second refresh adds nothing
    assert refresh.refresh_aggregates()["placements"] == 0
