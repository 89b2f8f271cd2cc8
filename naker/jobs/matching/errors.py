from django.utils.translation import gettext_lazy as _

from naker.core.errors import Conflict, Forbidden, InvalidInput, NotFound


class NotAWorker(Forbidden):
    code = "not_a_worker"
    default_message = _("Only a worker has a skill profile and matches.")


class OpportunityNotFound(NotFound):
    code = "opportunity_not_found"
    default_message = _("This opportunity was not found.")


class NotEmployerStaff(Forbidden):
    code = "not_employer_staff"
    default_message = _("Only the employer's staff see this opportunity's candidates.")


class SkillUnknown(InvalidInput):
    code = "skill_unknown"


class RegencyUnknown(InvalidInput):
    code = "regency_unknown"


class OccupationNotFound(NotFound):
    code = "occupation_not_found"
    default_message = _("This occupation was not found.")


class NotACandidate(InvalidInput):
    code = "not_a_candidate"


class InvitationNotFound(NotFound):
    code = "invitation_not_found"
    default_message = _("This invitation was not found.")


class InvitationDecided(Conflict):
    code = "invitation_decided"
    default_message = _("This invitation was already answered.")


class OpportunityClosed(Conflict):
    code = "opportunity_closed"
    default_message = _("This opportunity is closed.")


class InvalidKind(InvalidInput):
    code = "invalid_kind"
