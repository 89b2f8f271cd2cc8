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
        NAMED_IN_DOWNLOAD = "named_in_download", _("Downloaded a file that names you")
        CANDIDATE_CONTACT_SEEN = "candidate_contact_seen", _("Saw a candidate's contact details")
        PRIVACY_REQUEST_ANSWERED = "privacy_request_answered", _("Answered your request about your data")
        NIK_CORRECTED = "nik_corrected", _("Corrected your NIK")
        BREACH_NOTIFIED = "breach_notified", _("Told you of a data breach")

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


class PeriodicJobRun(models.Model):
    """When each periodic job (naker.core.periodic) last ran and how it ended, for the admin.

    One row per job, updated in place. It never holds personal data: the result is a short summary
    (counts) and a failure is recorded by its exception class only.
    """

    class Status(models.TextChoices):
        NEVER = "never", _("Never ran")
        RUNNING = "running", _("Running")
        OK = "ok", _("Succeeded")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped (ran recently)")

    name = models.CharField(_("job"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, default="maintenance")
    schedule = models.CharField(_("schedule (cron, Asia/Jakarta)"), max_length=100, blank=True)
    status = models.CharField(_("last status"), max_length=10, choices=Status.choices, default=Status.NEVER)
    last_started_at = models.DateTimeField(_("last started"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("last finished"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)
    last_result = models.CharField(_("last result"), max_length=200, blank=True)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    runs = models.PositiveIntegerField(_("runs"), default=0)
    failures = models.PositiveIntegerField(_("failures"), default=0)

    class Meta:
        ordering = ["name"]
        verbose_name = _("periodic job")
        verbose_name_plural = _("periodic jobs")

    def __str__(self) -> str:
        return self.name


class CacheEntry(models.Model):
    """The table of Django's database cache (`django.core.cache.backends.db.DatabaseCache`), which
    takes over while Redis cannot be reached (naker.core.cache): throttling counters keep counting
    from the database. The columns are the ones `createcachetable` would make; migrations make it here.
    """

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "naker_cache"

    def __str__(self) -> str:
        return self.cache_key
