"""BNSP competency certification: what a certification body (LSP) publishes (schemes, assessment
venues, assessors) and a worker's way through it (application, self-assessment, evidence,
assessment, appeal, decision). The certificate itself is a `Credential` of kind competency whose
issuer is the LSP (naker.credentials.models).

The tables live in the credentials app (app label "credentials"; imported by its models module).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scheme(models.Model):
    """A certification scheme (skema sertifikasi) of an LSP, built from SKKNI units."""

    class Kind(models.TextChoices):
        KKNI = "kkni", _("KKNI qualification level")
        OCCUPATION = "occupation", _("Occupation")
        CLUSTER = "cluster", _("Cluster")

    lsp = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=40)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    kkni_level = models.PositiveSmallIntegerField(null=True, blank=True)
    units = models.ManyToManyField("skills.Skill", related_name="+")
    requirements = models.TextField(blank=True, help_text="Education, experience, prior training.")
    fee = models.PositiveIntegerField(default=0, help_text="Rupiah.")
    validity_years = models.PositiveSmallIntegerField(default=3)
    appeal_days = models.PositiveSmallIntegerField(default=14)
    is_open = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["lsp", "code"]
        constraints = [models.UniqueConstraint(fields=["lsp", "code"], name="scheme_unique_code_per_lsp")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Venue(models.Model):
    """An assessment venue (Tempat Uji Kompetensi, TUK)."""

    class Kind(models.TextChoices):
        WORKPLACE = "workplace", _("Workplace")
        TEMPORARY = "temporary", _("Temporary")
        STANDING = "standing", _("Standing")

    lsp = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    regency = models.ForeignKey("regions.Regency", on_delete=models.PROTECT, related_name="+")
    address = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["lsp", "name"]

    def __str__(self) -> str:
        return self.name


class Assessor(models.Model):
    """A competency assessor (asesor kompetensi) working for an LSP, with a login of their own."""

    lsp = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assessor_roles")
    name = models.CharField(max_length=150)
    registration_number = models.CharField(max_length=40)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["lsp", "name"]
        constraints = [models.UniqueConstraint(fields=["lsp", "user"], name="assessor_unique_user_per_lsp")]

    def __str__(self) -> str:
        return f"{self.name} ({self.registration_number})"


class Application(models.Model):
    """A worker's application to a scheme (FR.APL.01) and everything that follows it."""

    class Purpose(models.TextChoices):
        NEW = "new", _("New certification")
        RECERTIFICATION = "recertification", _("Re-certification")
        RPL = "rpl", _("Recognition of prior learning (RPL)")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted: the LSP checks it")
        NEEDS_MORE = "needs_more", _("The LSP asks for more")
        REFUSED = "refused", _("Refused")
        ACCEPTED = "accepted", _("Complete: waiting for a schedule")
        SCHEDULED = "scheduled", _("Assessment scheduled")
        ASSESSED = "assessed", _("Assessed: waiting for the decision")
        APPEALED = "appealed", _("Appeal lodged")
        CERTIFIED = "certified", _("Certified")
        NOT_YET_COMPETENT = "not_yet_competent", _("Not yet competent")

    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cert_applications")
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="applications")
    purpose = models.CharField(max_length=16, choices=Purpose.choices, default=Purpose.NEW)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    personal = models.JSONField(default=dict, blank=True, help_text="FR.APL.01 as submitted.")
    previous_certificate = models.ForeignKey(
        "credentials.Credential", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    check_note = models.TextField(blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    assessment_at = models.DateTimeField(null=True, blank=True)
    venue = models.ForeignKey(Venue, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    assessor = models.ForeignKey(Assessor, null=True, blank=True, on_delete=models.PROTECT, related_name="applications")
    assessed_at = models.DateTimeField(null=True, blank=True)
    appeal_until = models.DateTimeField(null=True, blank=True)
    appeal_text = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    certificate = models.OneToOneField(
        "credentials.Credential", null=True, blank=True, on_delete=models.SET_NULL, related_name="application"
    )

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["worker", "-submitted_at"], name="certapp_worker"),
            models.Index(fields=["scheme", "status"], name="certapp_scheme_status"),
            models.Index(fields=["assessor", "status"], name="certapp_assessor_status"),
        ]

    def __str__(self) -> str:
        return f"{self.scheme_id}/{self.worker_id} {self.status}"


class Step(models.Model):
    """One dated step of an application, as the worker sees it in the timeline."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="steps")
    at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=Application.Status.choices)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["at", "id"]


class UnitResult(models.Model):
    """One unit of an application: the worker's self-assessment (FR.APL.02, per element) and the
    assessor's result (K / BK) with the methods used."""

    class Result(models.TextChoices):
        COMPETENT = "K", _("Competent (K)")
        NOT_YET = "BK", _("Not yet competent (BK)")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="units")
    skill = models.ForeignKey("skills.Skill", on_delete=models.PROTECT, related_name="+")
    self_assessment = models.JSONField(default=dict, blank=True, help_text="element id -> competent (bool)")
    result = models.CharField(max_length=2, choices=Result.choices, blank=True)
    methods = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["application", "skill"]
        constraints = [models.UniqueConstraint(fields=["application", "skill"], name="unitresult_unique_unit")]


class Evidence(models.Model):
    """Proof offered for an application: an uploaded file (stored outside the web root), a course
    certificate earned here, or the previous competency certificate (re-certification)."""

    class Kind(models.TextChoices):
        FILE = "file", _("Uploaded file")
        COURSE_CERTIFICATE = "course_certificate", _("Course certificate")
        PREVIOUS_CERTIFICATE = "previous_certificate", _("Previous competency certificate")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    skill = models.ForeignKey("skills.Skill", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    credential = models.ForeignKey(
        "credentials.Credential", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    file_name = models.CharField(max_length=200, blank=True, help_text="Storage name under NAKER_EVIDENCE_DIR.")
    original_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=60, blank=True)
    size = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]


class ExpiryNotice(models.Model):
    """What was told about a competency certificate's end: reminders 90 and 30 days before (days=90,
    30) and the withdrawal once it expired (days=0). One row each, so a repeated run tells nothing twice."""

    credential = models.ForeignKey("credentials.Credential", on_delete=models.CASCADE, related_name="+")
    days = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["credential", "days"], name="expirynotice_unique")]
