"""What every app shares: the audit log of views and exports of personal data."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One view of a whole NIK, one export of personal data, one reset code handed out, ...

    Kept for the data subject ("who saw my data", UU PDP) and for the platform's own audit.
    """

    class Action(models.TextChoices):
        NIK_VIEWED = "nik_viewed", _("Viewed the full NIK")
        DATA_EXPORTED = "data_exported", _("Exported personal data")
        MEMBERS_EXPORTED = "members_exported", _("Exported a member list")
        RESET_CODE_ISSUED = "reset_code_issued", _("Issued a password reset code")
        ACCOUNT_ERASED = "account_erased", _("Erased the account")
        OFFICER_ADDED = "officer_added", _("Added an officer")
        OFFICER_REMOVED = "officer_removed", _("Removed an officer")

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_trail",
        help_text="The person whose data was seen or exported.",
    )
    action = models.CharField(max_length=32, choices=Action.choices)
    organization_code = models.CharField(max_length=64, blank=True)
    detail = models.CharField(max_length=255, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["subject", "-at"], name="audit_subject_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"
