"""Organisations (unions, chambers, companies, providers, certification bodies), their hierarchy,
and who belongs to them with which role."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from naker.accounts.models import UserJoinedField


class Organization(models.Model):
    class Kind(models.TextChoices):
        UNION = "union", _("Trade union")
        CHAMBER = "chamber", _("Chamber of commerce (Kadin)")
        COMPANY = "company", _("Company")
        PROVIDER = "provider", _("Training provider")
        CERTIFICATION_BODY = "certification_body", _("Certification body (LSP)")

    class Level(models.TextChoices):
        # unions
        CONFEDERATION = "confederation", _("Confederation")
        FEDERATION = "federation", _("Federation")
        BRANCH = "branch", _("Branch")
        # chambers, tied to a region
        NATIONAL = "national", _("National")
        PROVINCE = "province", _("Province")
        REGENCY = "regency", _("Regency / city")
        # everyone else
        SINGLE = "single", _("Single organisation")

    code = models.SlugField(_("code"), max_length=64, unique=True, help_text=_("Short lowercase code used in URLs."))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, default=Level.SINGLE)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    # Codes from the root down, each followed by "/": "ksbsi/ksbsi-dki/". "Everything below X" is
    # one prefix match instead of a recursive query.
    path = models.CharField(max_length=512, db_index=True, editable=False)
    province = models.ForeignKey("regions.Province", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    regency = models.ForeignKey("regions.Regency", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    sector = models.ForeignKey("skills.Sector", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    is_kadin_member = models.BooleanField(_("Kadin member"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.path = (self.parent.path if self.parent else "") + self.code + "/"
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.kind == self.Kind.CHAMBER:
            if self.level == self.Level.PROVINCE and not self.province_id:
                raise ValidationError({"province": _("A provincial chamber needs its province.")})
            if self.level == self.Level.REGENCY and not self.regency_id:
                raise ValidationError({"regency": _("A regency or city chamber needs its regency or city.")})

    @property
    def ancestor_codes(self) -> list[str]:
        """This organisation's code and those of every organisation above it."""
        return [c for c in self.path.split("/") if c]


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        OFFICER = "officer", _("Officer")
        ADMIN = "admin", _("Administrator")

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=8, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(default=timezone.now)
    # Union membership is sensitive data (UU PDP): consented on its own, hidden from employers
    # unless the worker chooses to show it.
    consent_at = models.DateTimeField(null=True, blank=True)
    consent_attested_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Set when an officer attested the member's consent (imports).",
    )
    show_to_employers = models.BooleanField(default=False)
    # The member's account's date_joined (set by the field itself, never by hand; not `joined_at`,
    # when they joined this organisation): a union's member list is its people newest first on
    # (date_joined, id), and with the organisation beside it one index names an organisation's
    # members in that order (ADR 0013, "member lists at a million").
    user_joined = UserJoinedField(editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="membership_unique_user_org")]
        indexes = [
            models.Index(fields=["organization", "role"], name="membership_org_role"),
            # the members of an organisation's tree, from the organisations' side (issue 13: member lists)
            models.Index(fields=["organization", "user"], name="membership_org_user"),
            # a page of an organisation's members newest first, as users are listed (issue 13)
            models.Index(fields=["organization", "-user_joined", "-user"], name="membership_org_newest_first"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.role} of {self.organization_id}"


class JoinRequest(models.Model):
    """A worker asked to join a union by typing its code or name: a member only once one of the
    union's officers approves (an invitation link or an import is the approval itself)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="join_requests")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="join_requests")
    consent_at = models.DateTimeField()  # the worker agreed to the membership being recorded
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"],
                condition=models.Q(status="pending"),
                name="joinrequest_one_pending_per_union",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} asks to join {self.organization_id} ({self.status})"
