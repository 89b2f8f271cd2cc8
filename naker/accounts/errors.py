"""Stable error codes of the accounts app."""

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


class InvalidResetCode(InvalidInput):
    code = "invalid_reset_code"


class WrongPassword(InvalidInput):
    code = "wrong_password"


NIK_TAKEN_MESSAGE = _(
    "This NIK is already registered. Log in with your mobile number, or reset your password if you forgot it."
)
