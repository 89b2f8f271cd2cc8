"""The outreach app's refusals, each with a stable code (the API answers it; pages show the message)."""

from django.utils.translation import gettext_lazy as _

from naker.core.errors import Forbidden, InvalidInput, NotFound


class ImportNotFound(NotFound):
    code = "import_not_found"
    default_message = _("No import has this number.")


class EventNotFound(NotFound):
    code = "event_not_found"
    default_message = _("No event has this number.")


class RefusedRowsGone(NotFound):
    code = "refused_rows_gone"
    default_message = _("The file of refused rows is no longer kept.")


class EventInvalid(InvalidInput):
    code = "event_invalid"


class NotAnOrganizer(Forbidden):
    code = "not_an_organizer"
    default_message = _("Plan events for an organisation you are an officer of.")


class BadFile(InvalidInput):
    code = "bad_file"


class MappingInvalid(InvalidInput):
    code = "mapping_invalid"


class ConsentNotAttested(InvalidInput):
    code = "consent_not_attested"


class NotAUnionOfficer(Forbidden):
    code = "not_a_union_officer"
    default_message = _("Only officers of a union import its members.")


class OrganizerRequestNotFound(NotFound):
    code = "organizer_request_not_found"
    default_message = _("This event does not wait for this organisation's answer.")


class NotOfficerOfNamedOrganizer(Forbidden):
    code = "not_officer_of_named_organizer"
    default_message = _("Only officers of the organisation named as co-organiser accept or decline.")
