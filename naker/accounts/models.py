"""People: the user (custom from day one), the worker profile with the NIK, API tokens, reset codes."""

from __future__ import annotations

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
            )
        ]

    def __str__(self) -> str:
        return self.full_name or f"#{self.pk}"

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else ""


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

    class Meta:
        indexes = [
            models.Index(fields=["province", "created_at"], name="worker_province_created"),
            models.Index(fields=["regency", "created_at"], name="worker_regency_created"),
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
