"""Credentials: what the platform issued to a person, as printed and as signed.

One row per credential. `kind` says what it certifies: the completion of a course (issuer: the
platform on behalf of the provider) or, later, a competency (issuer: a certification body, LSP).
`source` makes issuing idempotent: one credential per completed enrolment ("enrolment:<id>"), and
later one per assessment decision. The signed credential (`payload`, `jwt`) is kept exactly as
issued; what the certificate shows (holder's name, title, issuer, hours, skills, dates) is kept
beside it so that pages and the PDF need no join to other apps.

Revocation is published as a W3C Bitstring Status List: the credential's position in the lists is
derived from its primary key (see `status_list_position`).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Bitstring Status List v1.0 §2.1: a list has at least 131,072 entries (16 KB) for group privacy.
STATUS_LIST_SIZE = 131_072


class Credential(models.Model):
    class Kind(models.TextChoices):
        COURSE = "course", _("Course completion certificate")
        COMPETENCY = "competency", _("Competency certificate")

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")
        EXPIRED = "expired", _("Expired")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(max_length=32, unique=True, null=True, blank=True)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.COURSE)
    source = models.CharField(max_length=64, unique=True, help_text="What earned it: enrolment:<id>, ...")
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="credentials"
    )
    holder_name = models.CharField(max_length=150, blank=True, help_text="As printed; emptied on erasure.")
    subject_id = models.CharField(max_length=64, help_text="urn:uuid of the credential subject; never the NIK.")
    issuer_org = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    issuer_name = models.CharField(max_length=200)
    course = models.ForeignKey("learning.Course", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(max_length=200)
    hours = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    skills = models.JSONField(default=list, blank=True)
    achieved_at = models.DateTimeField()
    issued_at = models.DateTimeField(default=timezone.now)
    valid_until = models.DateTimeField(null=True, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    jwt = models.TextField(blank=True)
    kid = models.CharField(max_length=64, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.CharField(max_length=500, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-issued_at", "-id"]
        indexes = [
            models.Index(fields=["holder", "-issued_at"], name="credential_holder_issued"),
            models.Index(fields=["issuer_org", "issued_at"], name="credential_issuer_issued"),
        ]

    def __str__(self) -> str:
        return self.number or str(self.public_id)

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return self.Status.REVOKED
        if self.valid_until is not None and self.valid_until <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.VALID

    @property
    def status_list_position(self) -> tuple[int, int]:
        """(list number from 1, index in that list)."""
        assert self.pk is not None
        return (self.pk - 1) // STATUS_LIST_SIZE + 1, (self.pk - 1) % STATUS_LIST_SIZE


# The certification tables belong to this app (app label "credentials"); imported here so that
# Django finds them. Imported last: they refer to Credential by name.
from naker.credentials.certification.models import (  # noqa: E402
    Application,
    Assessor,
    Evidence,
    ExpiryNotice,
    Scheme,
    Step,
    UnitResult,
    Venue,
)

__all__ = [
    "STATUS_LIST_SIZE",
    "Application",
    "Assessor",
    "Credential",
    "Evidence",
    "ExpiryNotice",
    "Scheme",
    "Step",
    "UnitResult",
    "Venue",
]
