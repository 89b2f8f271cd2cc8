"""Refusals of the jobs app, each with a stable code (the API and the pages show the same message)."""

from django.utils.translation import gettext_lazy as _

from naker.core.errors import Conflict, Forbidden, InvalidInput, NotFound


class EmployerNotFound(NotFound):
    code = "employer_not_found"
    default_message = _("No company has this code.")


class NotEmployerStaff(Forbidden):
    code = "not_employer_staff"
    default_message = _("Only the company's staff can do this.")


class OpportunityNotFound(NotFound):
    code = "opportunity_not_found"
    default_message = _("No opportunity has this number.")


class OpportunityInvalid(InvalidInput):
    code = "opportunity_invalid"


class LicenceRequired(InvalidInput):
    code = "licence_required"
    default_message = _("Work-abroad posts are taken only from a placement agency (P3MI) with a valid SIP3MI licence.")


class LicenceInvalid(InvalidInput):
    code = "licence_invalid"


class NotPlatformAdmin(Forbidden):
    code = "not_platform_admin"
    default_message = _("Only a platform administrator can do this.")


class ReviewInvalid(InvalidInput):
    code = "review_invalid"


class WrongStatus(Conflict):
    code = "wrong_status"


class NotAWorker(Forbidden):
    code = "not_a_worker"
    default_message = _("Only a worker with a profile can apply.")


class OpportunityClosed(Conflict):
    code = "opportunity_closed"
    default_message = _("This opportunity no longer takes applications.")


class ApplicationNotFound(NotFound):
    code = "application_not_found"
    default_message = _("No application has this number.")


class ApplicationInvalid(InvalidInput):
    code = "application_invalid"


class StageNotAllowed(Conflict):
    code = "stage_not_allowed"
    default_message = _("The application cannot move to this stage from where it is.")


class NotChamberOfficer(Forbidden):
    code = "not_chamber_officer"
    default_message = _("Only an officer of a Kadin chapter whose region covers the company can vouch for its posts.")


class NotUnionOfficer(Forbidden):
    code = "not_union_officer"
    default_message = _("Only a union officer can flag a poster.")


class FlagInvalid(InvalidInput):
    code = "flag_invalid"


class FlagNotFound(NotFound):
    code = "flag_not_found"
    default_message = _("No flag has this number.")


class CommitmentInvalid(InvalidInput):
    code = "commitment_invalid"


class NoCommitment(NotFound):
    code = "no_commitment"
    default_message = _("This opportunity has no training commitment.")


class OutsideScope(Forbidden):
    code = "outside_scope"
    default_message = _("These figures are for officers of unions and chambers, in their own scope.")
