"""Stable error codes of the accounts app."""

from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from naker.core.errors import Conflict, DomainError, InvalidInput


class RegistrationInvalid(InvalidInput):
    code = "registration_invalid"


class NikTaken(Conflict):
    code = "nik_taken"


class PhoneTaken(Conflict):
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


NIK_TAKEN_MESSAGE = _(
    "This NIK is already registered. Log in with your mobile number, or reset your password if you forgot it."
)


def delayed_message(seconds: int) -> str:
    """The answer while an account's growing login delay runs."""
    return gettext_now(
        "Too many failed attempts on this account. Wait %(seconds)s seconds and try again, or reset your password."
    ) % {"seconds": seconds}
