from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from naker.credentials.certification import services
from naker.credentials.certification.models import Application
from naker.organizations.models import Organization
from naker.skills.loader import load_demo_units
from naker.skills.models import UnitElement
from tests.factories import UserFactory, make_org, make_worker, officer_of

UNITS = ["LOG.OO01.002.01", "LOG.OO01.003.01"]


@pytest.fixture
def lsp(db):
    load_demo_units()
    return make_org("lsp-manufaktur", kind=Organization.Kind.CERTIFICATION_BODY, level=Organization.Level.SINGLE)


@pytest.fixture
def lsp_staff(lsp):
    return officer_of(lsp)


@pytest.fixture
def scheme(lsp, lsp_staff):
    return services.create_scheme(
        actor=lsp_staff, lsp_code=lsp.code, code="K3M-01", name="Klaster K3 dan Mutu", kind="cluster", unit_codes=UNITS
    )


@pytest.fixture
def venue(lsp, lsp_staff):
    return services.add_venue(
        actor=lsp_staff, lsp_code=lsp.code, name="TUK Sewaktu Cakung", kind="temporary", regency_code="31.72"
    )


@pytest.fixture
def assessor_user(db):
    return UserFactory(full_name="Asesor Uji")


@pytest.fixture
def assessor(lsp, lsp_staff, assessor_user):
    return services.add_assessor(
        actor=lsp_staff,
        lsp_code=lsp.code,
        login=assessor_user.phone,
        name="",
        registration_number="MET.000.001234.2020",
    )


@pytest.fixture
def candidate(db):
    return make_worker(regency_code="31.71", full_name="Calon Asesi")


def all_elements(scheme):
    return list(UnitElement.objects.filter(skill__in=scheme.units.all()).values_list("pk", flat=True))


@pytest.fixture
def submitted(candidate, scheme):
    return services.apply(worker=candidate, scheme_id=scheme.pk, competent_elements=all_elements(scheme))


@pytest.fixture
def accepted(submitted, lsp_staff):
    return services.check_application(actor=lsp_staff, application_id=submitted.pk, outcome="complete")


@pytest.fixture
def scheduled(accepted, lsp_staff, venue, assessor):
    return services.schedule_assessment(
        actor=lsp_staff,
        application_id=accepted.pk,
        at=timezone.now() + datetime.timedelta(days=3),
        venue_id=venue.pk,
        assessor_id=assessor.pk,
    )


def results(scheme, result="K", methods=("observation", "oral_questions")):
    return {code: {"result": result, "methods": list(methods)} for code in scheme.units.values_list("code", flat=True)}


@pytest.fixture
def assessed(scheduled, assessor_user, scheme):
    return services.record_assessment(actor=assessor_user, application_id=scheduled.pk, results=results(scheme))


def end_appeal_period(application):
    Application.objects.filter(pk=application.pk).update(appeal_until=timezone.now() - datetime.timedelta(minutes=1))


@pytest.fixture
def certified(assessed, lsp_staff):
    end_appeal_period(assessed)
    return services.decide(actor=lsp_staff, application_id=assessed.pk)
