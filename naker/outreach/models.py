"""Bringing members in: imports of the unions' member lists, the invitations they produce, invitation
links (referral codes) and socialisation events."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from naker.organizations.models import Organization


class MemberImport(models.Model):
    """One uploaded member list and its run. Rows are processed in batches, each committed with
    its results and the checkpoint, so a run stopped half-way resumes without losing or doubling a row."""

    class Status(models.TextChoices):
        READING = "reading", _("Reading the file")
        UPLOADED = "uploaded", _("Uploaded: check the columns")
        QUEUED = "queued", _("Waiting to run")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="imports")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(max_length=255)
    file_format = models.CharField(max_length=4)  # csv | xlsx
    encoding = models.CharField(max_length=16, blank=True)
    delimiter = models.CharField(max_length=1, blank=True)
    headers = models.JSONField(default=list)
    mapping = models.JSONField(default=dict, help_text="column index (as text) → field name")
    consent_attested_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UPLOADED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    linked_count = models.PositiveIntegerField(default=0)
    refused_count = models.PositiveIntegerField(default=0)
    refused_file = models.CharField(max_length=255, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} → {self.organization_id}"

    @property
    def percent(self) -> int:
        return round(100 * self.processed_rows / self.total_rows) if self.total_rows else 0


@receiver(post_delete, sender=MemberImport)
def _delete_import_files(sender: type[MemberImport], instance: MemberImport, **kwargs: Any) -> None:
    """An import's files (the uploaded list, the refused rows) name people: they go with the import."""
    if instance.refused_file:
        Path(instance.refused_file).unlink(missing_ok=True)
    if instance.file:
        instance.file.delete(save=False)


class ImportRowResult(models.Model):
    class Outcome(models.TextChoices):
        CREATED = "created", _("Created")
        LINKED = "linked", _("Linked")
        REFUSED = "refused", _("Refused")

    member_import = models.ForeignKey(MemberImport, on_delete=models.CASCADE, related_name="results")
    row_number = models.PositiveIntegerField(help_text="1 = the first row under the header")
    outcome = models.CharField(max_length=8, choices=Outcome.choices)
    reason = models.CharField(max_length=300, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Keyed hashes of a refused row's NIK and mobile number (where readable): erasing that person
    # deletes the refused rows' file that names them.
    nik_hash = models.CharField(max_length=64, blank=True, db_index=True)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member_import", "row_number"], name="importrow_unique")]


class ImportMapping(models.Model):
    """How an organisation's columns were mapped last time: header (normalised) → field."""

    organization = models.OneToOneField("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    mapping = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)


class Invitation(models.Model):
    """The message an imported member gets to set their password: SMS-ready text, and email where
    there is an address. The link carries a one-time password-setting token."""

    class Channel(models.TextChoices):
        SMS = "sms", "SMS / WhatsApp"
        EMAIL = "email", "Email"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    member_import = models.ForeignKey(
        MemberImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations"
    )
    channel = models.CharField(max_length=5, choices=Channel.choices)
    address = models.CharField(max_length=254)
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)


class ReferralCode(models.Model):
    """A link and QR code of an organisation (or of one of its officers, or of an event): sign-ups
    through it are attributed to whoever brought them."""

    code = models.SlugField(max_length=24, unique=True)
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="referral_codes"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    event = models.OneToOneField(
        "outreach.SocialisationEvent", null=True, blank=True, on_delete=models.CASCADE, related_name="referral_code"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.code


class Referral(models.Model):
    """Who brought a worker in: one per worker, at registration."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="referral")
    code = models.ForeignKey(ReferralCode, on_delete=models.CASCADE, related_name="referrals")
    at = models.DateTimeField(default=timezone.now)


class SocialisationEvent(models.Model):
    """A *sosialisasi*: a union, a chamber, or both together, present the platform somewhere."""

    title = models.CharField(max_length=200)
    organizers: models.ManyToManyField[Organization, EventOrganizer] = models.ManyToManyField(
        "organizations.Organization", through="EventOrganizer", related_name="socialisation_events"
    )
    starts_at = models.DateTimeField()
    venue = models.CharField(max_length=200)
    regency = models.ForeignKey("regions.Regency", on_delete=models.PROTECT, related_name="+")
    partners = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.title


class EventOrganizer(models.Model):
    """An organisation named as an event's organiser. One the planner does not oversee is pending
    until an officer of it accepts: until then it gets no credit and no say over the event."""

    socialisationevent = models.ForeignKey(SocialisationEvent, on_delete=models.CASCADE, related_name="organizer_links")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    accepted = models.BooleanField(default=True)

    class Meta:
        db_table = "outreach_socialisationevent_organizers"
        # the table and its unique pair are those of the plain many-to-many this link replaced
        unique_together = [("socialisationevent", "organization")]


class EventAttendance(models.Model):
    class How(models.TextChoices):
        SCANNED = "scanned", _("Code scanned")
        ON_THE_SPOT = "on_the_spot", _("Registered on the spot")

    event = models.ForeignKey(SocialisationEvent, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    how = models.CharField(max_length=12, choices=How.choices)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="eventattendance_unique")]
