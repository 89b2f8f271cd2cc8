"""The jobs demo: employers of each sort, opportunities of every kind, applications at every stage,
a licensed agency and a train-to-hire commitment; seeding twice adds nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from naker.jobs.models import AgencyLicence, Application, Opportunity, Placement, TrainingCommitment

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_kind_and_stage_once() -> None:
    call_command("seed_demo", workers=40, no_progress=True, stdout=io.StringIO())
    published = Opportunity.objects.filter(status="published")
    assert set(published.values_list("kind", flat=True)) == set(Opportunity.Kind.values)
    assert set(published.values_list("employer__code", flat=True)) >= {
        "pt-maju-bersama",
        "hotel-bali-permai",
        "cv-kreasi-rumahan",
        "pt-karya-migran",
    }
    assert Opportunity.objects.filter(status="pending").exists()
    assert set(Application.objects.values_list("stage", flat=True)) == set(Application.Stage.values)
    assert Placement.objects.count() == 1 and TrainingCommitment.objects.count() == 1
    assert AgencyLicence.objects.get().agency.code == "pt-karya-migran"
    before = (Opportunity.objects.count(), Application.objects.count())
    call_command("seed_demo", workers=40, no_progress=True, stdout=io.StringIO())
    assert (Opportunity.objects.count(), Application.objects.count()) == before
