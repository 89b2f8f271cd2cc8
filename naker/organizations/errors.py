"""Stable error codes of the organizations app."""

from django.utils.translation import gettext_lazy as _

from naker.core.errors import Conflict, Forbidden, InvalidInput, NotFound


class OrganizationNotFound(NotFound):
    code = "organization_not_found"
    default_message = _("No organisation has this code.")


class OutsideScope(Forbidden):
    code = "outside_scope"
    default_message = _("You may not see the people of this organisation.")


class NotAUnion(InvalidInput):
    code = "not_a_union"


class PersonNotFound(NotFound):
    code = "person_not_found"
    default_message = _("This person is not among the people you may see.")


class LastOfficer(Conflict):
    code = "last_officer"


class InvalidRole(InvalidInput):
    code = "invalid_role"


class NotTheirOrganization(Forbidden):
    code = "not_their_organization"


class NotAWorker(Forbidden):
    code = "not_a_worker"


class ResetByEmail(Forbidden):
    code = "reset_by_email"


class ReasonRequired(InvalidInput):
    code = "reason_required"


class JoinRequestNotFound(NotFound):
    code = "join_request_not_found"
    default_message = _("There is no such request waiting for this union.")
