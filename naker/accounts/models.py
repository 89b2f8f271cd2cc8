"""People: the user (custom from day one), the worker profile with the NIK, API tokens, reset codes."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, phone: str | None, password: str | None = None, **extra: Any) -> User:
        email = extra.pop("email", None)
        user = self.model(phone=phone or None, email=self.normalize_email(email) or None, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, phone: str | None, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(phone, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who logs in. Logs in by mobile number (E.164) or email.

    Erasure empties every personal field (phone and email become NULL) and keeps the row, so
    that anonymous counts survive.
    """

    full_name = models.CharField(_("full name"), max_length=150)
    phone = models.CharField(_("mobile number"), max_length=16, unique=True, null=True, blank=True)
    email = models.EmailField(_("email"), unique=True, null=True, blank=True)
    is_staff = models.BooleanField(default=False, help_text="Platform administrator: may use the admin site.")
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now, db_index=True)
    erased_at = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "phone"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name", "email"]

    class Meta:
        ordering = ["id"]
        indexes = [
            # Member lists walk live accounts newest first and stop after a page (issue 13, ADR 0013).
            models.Index(
                F("date_joined").desc(),
                F("id").desc(),
                name="user_live_newest_first",
                condition=models.Q(erased_at__isnull=True),
            ),
            # The few erased accounts: a region's people are counted from the worker profiles' index,
            # less these (`live_profiles`), without reading every account (issue 13, eighth pass).
            models.Index(fields=["id"], name="user_erased", condition=models.Q(erased_at__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.full_name or f"#{self.pk}"

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else ""


class UserJoinedField(models.DateTimeField):
    """The user's `date_joined`, copied onto the worker profile whenever the profile is first written:
    `save()`, `objects.create()` and `bulk_create()` all call `pre_save` (registration, the API, member
    imports, `seed_demo`, tests), so no path can forget it. With the region beside it, one index
    names a chamber's workers newest first (ADR 0013, "Member lists": the chamber's list reads a page
    of its own region instead of walking everyone)."""

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = getattr(model_instance, self.attname)
        if add or value is None:
            value = model_instance.user.date_joined  # type: ignore[attr-defined]
            setattr(model_instance, self.attname, value)
        return value


class WorkerProfile(models.Model):
    """What a worker tells us at registration. NIK encrypted, with a keyed hash for one-per-NIK."""

    class Sex(models.TextChoices):
        MALE = "male", _("Male")
        FEMALE = "female", _("Female")

    class Education(models.TextChoices):
        NONE = "none", _("Did not finish primary school")
        SD = "sd", _("Primary school (SD)")
        SMP = "smp", _("Junior secondary (SMP)")
        SMA = "sma", _("Senior secondary (SMA/MA)")
        SMK = "smk", _("Vocational secondary (SMK)")
        DIPLOMA = "diploma", _("Diploma (D1–D3)")
        BACHELOR = "bachelor", _("Bachelor (D4/S1)")
        POSTGRADUATE = "postgraduate", _("Postgraduate (S2/S3)")

    class Goal(models.TextChoices):
        DIGITAL = "digital", _("Digital skills")
        INDUSTRY = "industry", _("Skills for my industry")
        CAREER = "career", _("Career growth")
        SELF_DEVELOPMENT = "self_development", _("Self-development")
        SIDE_INCOME = "side_income", _("Side income")
        WORK_ABROAD = "work_abroad", _("Work abroad")

    class Employment(models.TextChoices):
        WORKING = "working", _("Working")
        LOOKING = "looking", _("Looking for work")
        LAID_OFF = "laid_off", _("Laid off")
        INFORMAL = "informal", _("Informal / self-employed")

    user = models.OneToOneField("accounts.User", on_delete=models.CASCADE, primary_key=True, related_name="worker")
    nik_encrypted = models.TextField(blank=True)
    nik_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    nik_masked = models.CharField(max_length=16, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=6, choices=Sex.choices, blank=True)
    # Province is the regency's; kept here too so that regional scoping and counts need no join.
    province = models.ForeignKey("regions.Province", on_delete=models.PROTECT, related_name="+")
    regency = models.ForeignKey("regions.Regency", on_delete=models.PROTECT, related_name="+")
    education = models.CharField(max_length=16, choices=Education.choices, blank=True)
    employment_status = models.CharField(max_length=16, choices=Employment.choices, blank=True)
    occupation = models.ForeignKey(
        "skills.Occupation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sector = models.ForeignKey("skills.Sector", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # What the worker wants from learning, in the course themes' terms (see GOALS).
    goals = models.JSONField(default=list, blank=True)
    consent_version = models.CharField(max_length=16)
    consent_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # The user's date_joined (set by the field itself, never by hand): see UserJoinedField.
    joined = UserJoinedField(editable=False)

    class Meta:
        indexes = [
            models.Index(fields=["province", "created_at"], name="worker_province_created"),
            models.Index(fields=["regency", "created_at"], name="worker_regency_created"),
            # A chamber's member list: its region's workers newest first, as users are listed
            # (date_joined, id), a page at a time (issue 13; ADR 0013).
            models.Index(fields=["province", "-joined", "-user"], name="worker_province_newest_first"),
            models.Index(fields=["regency", "-joined", "-user"], name="worker_regency_newest_first"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.nik_masked})"


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; revoked tokens stay for the record."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"token #{self.pk} of {self.user_id}"


class PasswordResetCode(models.Model):
    """A short-lived, single-use code an officer hands to a worker who has no email."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="reset_codes")
    code_hash = models.CharField(max_length=64)
    issued_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return f"reset code #{self.pk}"


# --- privacy operations (UU PDP): requests a person cannot serve themselves, data breaches ------

# UU PDP gives the controller 3×24 hours to answer a data subject's request and to notify a breach.
PDP_DEADLINE_HOURS = 72


class PrivacyRequest(models.Model):
    """A request a person cannot serve themselves (correct the NIK, object, complain), with the
    3×24-hour clock the law sets and the record of how a platform admin answered it.

    Erasure blanks what the person wrote (`details`, the NIK they gave) and keeps the kind, the
    times, the outcome and the admin's record of what was done (ADR 0017).
    """

    class Kind(models.TextChoices):
        NIK_CORRECTION = "nik_correction", _("Correct my NIK")
        IDENTITY_CORRECTION = "identity_correction", _("Correct other identity data")
        OBJECTION = "objection", _("Object to the processing of my data")
        COMPLAINT = "complaint", _("Complaint")
        OTHER = "other", _("Other")

    class Outcome(models.TextChoices):
        DONE = "done", _("Done")
        PARTLY = "partly", _("Partly done")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn (account erased)")

    requester = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="privacy_requests")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    details = models.TextField(blank=True)
    # The NIK the person says is theirs (a NIK correction): encrypted and masked like the profile's.
    proposed_nik_encrypted = models.TextField(blank=True)
    proposed_nik_masked = models.CharField(max_length=16, blank=True)
    received_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    answer = models.TextField(blank=True)
    refusal_reason = models.TextField(blank=True)
    nik_applied = models.BooleanField(default=False)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["answered_at", "due_at"], name="privacy_request_queue"),
            models.Index(fields=["requester", "-received_at"], name="privacy_request_mine"),
        ]

    def __str__(self) -> str:
        return f"privacy request #{self.pk} ({self.kind})"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None

    @property
    def is_overdue(self) -> bool:
        return self.answered_at is None and self.due_at <= timezone.now()


class DataBreach(models.Model):
    """A personal data breach (kegagalan pelindungan data pribadi, UU PDP art. 46): what happened,
    to which data and whom, what was done, and the two notices (to the people affected and to the
    authority) due 3×24 hours after discovery, as sent."""

    class DataKind(models.TextChoices):
        NAME = "name", _("Name")
        NIK = "nik", _("NIK")
        PHONE = "phone", _("Mobile number")
        EMAIL = "email", _("Email")
        BIRTH = "birth", _("Date of birth and sex")
        REGION = "region", _("Where they live")
        UNION = "union", _("Union membership")
        LEARNING = "learning", _("Courses and progress")
        CREDENTIALS = "credentials", _("Certificates")
        JOBS = "jobs", _("Job applications")
        PASSWORDS = "passwords", _("Password hashes")

    class Scope(models.TextChoices):
        ALL = "all", _("Every worker")
        PROVINCE = "province", _("The workers of one province")
        REGENCY = "regency", _("The workers of one regency or city")
        LIST = "list", _("A list of people")

    discovered_at = models.DateTimeField()
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    what_happened = models.TextField()
    data_kinds = models.JSONField(default=list)
    scope = models.CharField(max_length=10, choices=Scope.choices)
    scope_code = models.CharField(max_length=8, blank=True)
    people = models.ManyToManyField("accounts.User", blank=True, related_name="+")
    people_affected = models.PositiveIntegerField(default=0)
    containment = models.TextField()
    notice_people = models.TextField(blank=True)
    notice_authority = models.TextField(blank=True)
    people_notice_sent_at = models.DateTimeField(null=True, blank=True)
    people_emailed = models.PositiveIntegerField(default=0)
    people_emailed_at = models.DateTimeField(null=True, blank=True)
    authority_notice_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-discovered_at", "-id"]

    def __str__(self) -> str:
        return f"data breach #{self.pk}"

    @property
    def due_at(self) -> datetime.datetime:
        return self.discovered_at + datetime.timedelta(hours=PDP_DEADLINE_HOURS)
