"""Stable error codes of the accounts app."""

from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from naker.core.errors import Conflict, DomainError, InvalidInput


class RegistrationInvalid(InvalidInput):
    code = "registration_invalid"


class AlreadyRegistered(Conflict):
    """The NIK or the mobile number is already registered. One answer for both, naming both fields,
    so that registration does not tell a stranger whether a NIK is registered (issue 8 item 7)."""

    code = "already_registered"


class TooManyRegistrations(DomainError):
    code = "too_many_registrations"
    status = 429


class PhoneInUse(Conflict):
    code = "phone_taken"


class EmailTaken(Conflict):
    code = "email_taken"


class InvalidCredentials(DomainError):
    code = "invalid_credentials"
    status = 401


class LockedOut(DomainError):
    code = "locked_out"
    status = 429


class TooManyGuesses(DomainError):
    code = "too_many_guesses"
    status = 429


class InvalidResetCode(InvalidInput):
    code = "invalid_reset_code"


class WrongPassword(InvalidInput):
    code = "wrong_password"


ALREADY_REGISTERED_MESSAGE = _(
    "This NIK or mobile number is already registered. Log in with your mobile number, or reset your password "
    "if you forgot it."
)


def delayed_message(seconds: int) -> str:
    """The answer while an account's growing login delay runs."""
    return gettext_now(
        "Too many failed attempts on this account. Wait %(seconds)s seconds and try again, or reset your password."
    ) % {"seconds": seconds}
