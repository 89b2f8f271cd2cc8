"""The "certifications" metric: course and competency certificates counted separately from the
aggregates, by scope; officers see certification applications by scheme and status (small cells
suppressed); a target on certifications is measurable."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from naker.insights import selectors, services
from naker.insights.models import AdoptionTarget

# ruff: noqa: F811 - pytest fixtures arrive as arguments of the same name
from tests.credentials.certification.conftest import (  # noqa: F401 - the certification fixtures
    accepted,
    assessed,
    assessor,
    assessor_user,
    candidate,
    certified,
    lsp,
    lsp_staff,
    scheduled,
    scheme,
    submitted,
    venue,
)
from tests.factories import UserFactory, add_member, make_org

pytestmark = pytest.mark.django_db


def test_competency_certificates_are_counted_apart_and_towards_targets(certified, candidate, scheme):
    union = make_org("ksbsi-dki")
    add_member(candidate, union)
    admin = UserFactory(is_staff=True)
    services.refresh_aggregates()
    nation = selectors.dashboard_of(admin, "nation")
    assert nation.certificates == {"cert_course": 0, "cert_competency": None}  # 1: under 5, hidden
    org = selectors.dashboard_of(admin, "organization:ksbsi-dki")
    assert org.certificates == {"cert_course": 0, "cert_competency": 1}  # a union sees its members exactly
    assert [(c, v) for c, _n, _st, v in org.applications] == [("K3M-01", 1)]
    assert nation.applications == []  # one application: a row under 5 is left out where suppressed
    today = timezone.localdate()
    target = AdoptionTarget.objects.create(
        name="Sertifikasi",
        scope="organization",
        scope_code="ksbsi-dki",
        metric="certifications",
        goal=10,
        start_date=today - datetime.timedelta(days=10),
        due_date=today + datetime.timedelta(days=30),
    )
    progress = selectors.progress_of(target)
    assert progress.measurable and progress.current == 1


def test_the_lsp_itself_counts_its_certificates(certified, lsp, lsp_staff):
    services.refresh_aggregates()
    scope = selectors.Scope("organization", lsp.code, lsp.name, organization=lsp)
    assert selectors.total(scope, "cert_competency") == 1
