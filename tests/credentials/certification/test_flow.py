"""An application's way through to a competency certificate, and the refusals on the way."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from naker.core.events import subscribe
from naker.credentials import selectors as credential_selectors
from naker.credentials import services as credential_services
from naker.credentials.certification import errors, selectors, services
from naker.credentials.certification.models import Application, Evidence
from naker.credentials.events import CompetencyCertified, CompetencyWithdrawn
from naker.credentials.models import Credential
from tests.credentials.certification.conftest import UNITS, all_elements, end_appeal_period, results
from tests.factories import UserFactory, make_worker

pytestmark = pytest.mark.django_db
S = Application.Status


def test_apply_prefills_the_form_and_records_the_self_assessment(submitted, candidate, scheme):
    assert submitted.status == S.SUBMITTED
    assert submitted.personal["full_name"] == "Calon Asesi"
    assert submitted.personal["nik_masked"].startswith("3171") and "*" in submitted.personal["nik_masked"]
    units = {u.skill_id: u for u in submitted.units.all()}
    assert sorted(units) == UNITS
    assert all(all(v for v in u.self_assessment.values()) for u in units.values())
    assert [s.status for s in submitted.steps.all()] == [S.SUBMITTED]


def test_every_step_is_dated_and_says_what_comes_next(certified, candidate):
    screen = selectors.application_screen(candidate, certified.pk)
    assert [s.status for s in screen.steps] == [S.SUBMITTED, S.ACCEPTED, S.SCHEDULED, S.ASSESSED, S.CERTIFIED]
    assert all(s.at for s in screen.steps)
    assert "Sertifikat saya" in screen.next_step or "My certificates" in screen.next_step


def test_the_decision_issues_a_certificate_signed_in_the_lsps_name(certified, lsp, candidate):
    credential = certified.certificate
    assert credential.kind == Credential.Kind.COMPETENCY and credential.holder == candidate
    assert credential.issuer_org == lsp
    assert credential.payload["issuer"]["name"] == lsp.name
    assert "Kadin for Naker" not in str(credential.payload["issuer"])
    assert credential.number.startswith("SKK-")
    years = (credential.valid_until - credential.issued_at).days
    assert 365 * 3 - 1 <= years <= 365 * 3 + 1
    verified = credential_selectors.verify_token(credential.jwt)
    assert verified.valid and verified.status == "valid"
    assert selectors.verified_unit_skills([candidate.pk]) == {candidate.pk: set(UNITS)}


def test_issuing_is_idempotent(certified, lsp_staff):
    again = services.decide(actor=lsp_staff, application_id=certified.pk)
    assert again.certificate_id == certified.certificate_id
    assert Credential.objects.filter(kind=Credential.Kind.COMPETENCY).count() == 1


def test_events_announce_certified_and_withdrawn(assessed, lsp_staff, candidate):
    seen = []
    subscribe(CompetencyCertified, seen.append)
    subscribe(CompetencyWithdrawn, seen.append)
    end_appeal_period(assessed)
    application = services.decide(actor=lsp_staff, application_id=assessed.pk)
    credential = application.certificate
    credential_services.revoke_credential(actor=lsp_staff, public_id=credential.public_id, reason="Data palsu")
    mine = [e for e in seen if e.user_id == candidate.pk]
    assert mine == [
        CompetencyCertified(candidate.pk, credential.pk, tuple(UNITS)),
        CompetencyWithdrawn(candidate.pk, credential.pk, tuple(UNITS)),
    ]
    assert selectors.verified_unit_skills([candidate.pk]) == {}


def test_not_yet_competent_gets_a_development_plan_and_no_certificate(scheduled, assessor_user, lsp_staff, scheme):
    mixed = results(scheme)
    mixed["LOG.OO01.003.01"]["result"] = "BK"
    services.record_assessment(actor=assessor_user, application_id=scheduled.pk, results=mixed)
    end_appeal_period(scheduled)
    decided = services.decide(actor=lsp_staff, application_id=scheduled.pk)
    assert decided.status == S.NOT_YET_COMPETENT and decided.certificate is None


def test_appeal_within_the_period_then_not_after(assessed, candidate, lsp_staff):
    with pytest.raises(errors.AppealPeriodOpen):
        services.decide(actor=lsp_staff, application_id=assessed.pk)
    with pytest.raises(errors.ApplicationInvalid):
        services.appeal(actor=candidate, application_id=assessed.pk, text="  ")
    appealed = services.appeal(actor=candidate, application_id=assessed.pk, text="Penilaian unit mutu keliru.")
    assert appealed.status == S.APPEALED


def test_appeal_after_the_period_is_refused(assessed, candidate):
    end_appeal_period(assessed)
    with pytest.raises(errors.AppealClosed):
        services.appeal(actor=candidate, application_id=assessed.pk, text="Terlambat.")


# --- refusals ------------------------------------------------------------------------------------


def test_only_workers_apply(scheme):
    with pytest.raises(errors.NotAWorker):
        services.apply(worker=UserFactory(), scheme_id=scheme.pk)


def test_unknown_scheme_and_unknown_elements(candidate, scheme):
    with pytest.raises(errors.SchemeNotFound):
        services.apply(worker=candidate, scheme_id=999999)
    with pytest.raises(errors.ApplicationInvalid) as info:
        services.apply(worker=candidate, scheme_id=scheme.pk, competent_elements=[999999])
    assert "competent_elements" in info.value.field_errors
    with pytest.raises(errors.ApplicationInvalid) as info:
        services.apply(worker=candidate, scheme_id=scheme.pk, purpose="other")
    assert "purpose" in info.value.field_errors


def test_one_open_application_per_scheme(submitted, candidate, scheme):
    with pytest.raises(errors.AlreadyApplied):
        services.apply(worker=candidate, scheme_id=scheme.pk)


def test_recertification_needs_a_certificate_and_attaches_it(candidate, scheme, certified):
    with pytest.raises(errors.NoCertificateToRenew):
        services.apply(worker=make_worker(), scheme_id=scheme.pk, purpose="recertification")
    renewed = services.apply(worker=candidate, scheme_id=scheme.pk, purpose="recertification")
    evidence = renewed.evidence.get()
    assert evidence.kind == Evidence.Kind.PREVIOUS_CERTIFICATE and evidence.credential == certified.certificate


def test_check_refusals(submitted, lsp_staff, candidate, assessor_user):
    with pytest.raises(errors.ApplicationInvalid) as info:
        services.check_application(actor=lsp_staff, application_id=submitted.pk, outcome="refused")
    assert "note" in info.value.field_errors
    with pytest.raises(errors.ApplicationInvalid):
        services.check_application(actor=lsp_staff, application_id=submitted.pk, outcome="maybe")
    with pytest.raises(errors.NotLspStaff):
        services.check_application(actor=candidate, application_id=submitted.pk, outcome="complete")
    with pytest.raises(errors.ApplicationNotFound):
        services.check_application(actor=UserFactory(), application_id=submitted.pk, outcome="complete")
    needs = services.check_application(
        actor=lsp_staff, application_id=submitted.pk, outcome="needs_more", note="Unggah ijazah."
    )
    assert needs.status == S.NEEDS_MORE and needs.check_note == "Unggah ijazah."
    with pytest.raises(errors.WrongStage):
        services.check_application(actor=lsp_staff, application_id=submitted.pk, outcome="complete")
    assert services.resubmit(actor=candidate, application_id=submitted.pk).status == S.SUBMITTED
    refused = services.check_application(
        actor=lsp_staff, application_id=submitted.pk, outcome="refused", note="Belum 1 tahun pengalaman."
    )
    assert refused.status == S.REFUSED


def test_schedule_refusals(accepted, lsp_staff, venue, assessor, candidate):
    with pytest.raises(errors.ApplicationInvalid) as info:
        services.schedule_assessment(
            actor=lsp_staff,
            application_id=accepted.pk,
            at=timezone.now() - datetime.timedelta(days=1),
            venue_id=999999,
            assessor_id=999999,
        )
    assert set(info.value.field_errors) == {"at", "venue_id", "assessor_id"}


def test_only_the_assigned_assessor_records_and_every_unit_needs_a_result(scheduled, lsp_staff, candidate, scheme):
    other = UserFactory()
    with pytest.raises(errors.ApplicationNotFound):
        services.record_assessment(actor=other, application_id=scheduled.pk, results=results(scheme))
    with pytest.raises(errors.NotAssignedAssessor):
        services.record_assessment(actor=lsp_staff, application_id=scheduled.pk, results=results(scheme))
    assessor_user = scheduled.assessor.user
    with pytest.raises(errors.ApplicationInvalid) as info:
        services.record_assessment(actor=assessor_user, application_id=scheduled.pk, results={})
    assert set(info.value.field_errors) == {f"results.{c}" for c in UNITS}
    with pytest.raises(errors.ApplicationInvalid) as info:
        services.record_assessment(
            actor=assessor_user, application_id=scheduled.pk, results=results(scheme, result="X", methods=())
        )
    assert f"results.{UNITS[0]}.result" in info.value.field_errors
    assert f"results.{UNITS[0]}.methods" in info.value.field_errors


def test_an_assessor_sees_only_their_candidates(scheduled, assessor_user, lsp, lsp_staff, scheme, venue):
    other_candidate = make_worker()
    other = services.apply(worker=other_candidate, scheme_id=scheme.pk, competent_elements=all_elements(scheme))
    assert [a.pk for a in selectors.applications_for_assessor(assessor_user)] == [scheduled.pk]
    with pytest.raises(errors.ApplicationNotFound):
        selectors.application_for(assessor_user, other.pk)


def test_decision_refusals(scheduled, lsp_staff, candidate):
    with pytest.raises(errors.WrongStage):
        services.decide(actor=lsp_staff, application_id=scheduled.pk)
    with pytest.raises(errors.NotLspStaff):
        services.decide(actor=candidate, application_id=scheduled.pk)
