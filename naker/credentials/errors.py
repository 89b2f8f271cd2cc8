"""Refusals of the credentials app, each with a stable code."""

from django.utils.translation import gettext_lazy as _

from naker.core.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound


class CredentialNotFound(NotFound):
    code = "credential_not_found"
    default_message = _("No certificate has this number.")


class NotIssuerStaff(Forbidden):
    code = "not_issuer_staff"
    default_message = _("Only the issuer's staff or a platform administrator can revoke this certificate.")


class AlreadyRevoked(Conflict):
    code = "already_revoked"
    default_message = _("This certificate is already revoked.")


class ReasonRequired(InvalidInput):
    code = "reason_required"
    default_message = _("Say why the certificate is revoked.")


class NotCompleted(Conflict):
    code = "not_completed"
    default_message = _("A certificate is issued only for a completed course.")


class SigningKeyMissing(DomainError):
    code = "signing_key_missing"
    status = 503
    default_message = _("Certificates cannot be signed now: the signing key is not configured.")
