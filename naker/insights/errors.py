"""The insights app's refusals, each with a stable code (the API answers it; pages show the message)."""

from django.utils.translation import gettext_lazy as _

from naker.core.errors import Forbidden, InvalidInput, NotFound


class TargetInvalid(InvalidInput):
    code = "target_invalid"
    default_message = _("Some fields need fixing.")


class TargetNotFound(NotFound):
    code = "target_not_found"
    default_message = _("No target has this number.")


class NotAnOfficer(Forbidden):
    code = "not_an_officer"
    default_message = _("Targets are for officers of unions and chambers.")


class TargetOutsideScope(Forbidden):
    code = "target_outside_scope"
    default_message = _("You may set targets only for your own region or organisation, and what is under it.")
