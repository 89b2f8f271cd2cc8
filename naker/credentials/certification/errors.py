"""Refusals of competency certification, each with a stable code."""

from django.utils.translation import gettext_lazy as _

from naker.core.errors import Conflict, Forbidden, InvalidInput, NotFound


class SchemeNotFound(NotFound):
    code = "scheme_not_found"
    default_message = _("No open certification scheme has this code.")


class ApplicationNotFound(NotFound):
    code = "application_not_found"
    default_message = _("No application with this number is yours to see.")


class EvidenceNotFound(NotFound):
    code = "evidence_not_found"
    default_message = _("No evidence with this number is yours to see.")


class EvidenceFileMissing(NotFound):
    code = "evidence_file_missing"
    default_message = _("The file of this evidence is missing from storage. Ask the worker to upload it again.")


class NotLspStaff(Forbidden):
    code = "not_lsp_staff"
    default_message = _("Only the certification body's staff can do this.")


class NotAssignedAssessor(Forbidden):
    code = "not_assigned_assessor"
    default_message = _("Only the assessor assigned to this candidate can record the assessment.")


class NotAWorker(Forbidden):
    code = "not_a_worker"
    default_message = _("Only a registered worker can apply for certification.")


class AlreadyApplied(Conflict):
    code = "already_applied"
    default_message = _("You already have an open application for this scheme.")


class WrongStage(Conflict):
    code = "wrong_stage"
    default_message = _("The application is not at the stage for this step.")


class AppealClosed(Conflict):
    code = "appeal_closed"
    default_message = _("The period for an appeal has ended.")


class AppealPeriodOpen(Conflict):
    code = "appeal_period_open"
    default_message = _("The candidate may still appeal: decide after the appeal period ends.")


class NotAllCompetent(Conflict):
    code = "not_all_competent"
    default_message = _("A certificate is issued only when every unit is competent (K).")


class NoCertificateToRenew(Conflict):
    code = "no_certificate_to_renew"
    default_message = _("Re-certification needs a competency certificate of this scheme that you hold.")


class ApplicationInvalid(InvalidInput):
    code = "application_invalid"


class EvidenceRefused(InvalidInput):
    code = "evidence_refused"
