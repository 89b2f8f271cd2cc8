"""Every write of the organisations app."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from naker.core import audit, crypto
from naker.core.errors import Forbidden
from naker.core.models import AuditEvent
from naker.organizations import errors, selectors
from naker.organizations.models import Membership, Organization


def join_union(*, user: Any, union: Organization, consent_at: datetime, attested_by: Any = None) -> Membership:
    """Records union membership with its own consent (the worker's, or the union's attestation)."""
    if union.kind != Organization.Kind.UNION:
        raise errors.NotAUnion(_("%(name)s is not a union.") % {"name": union.name})
    membership, created = Membership.objects.get_or_create(
        user=user,
        organization=union,
        defaults={"consent_at": consent_at, "consent_attested_by": attested_by},
    )
    if not created and membership.consent_at is None:
        membership.consent_at = consent_at
        membership.save(update_fields=["consent_at"])
    return membership


def forget_member_details(*, user: Any) -> None:
    """On erasure: memberships stay for the counts, without consent trail or officer roles."""
    Membership.objects.filter(user=user).update(
        role=Membership.Role.MEMBER, consent_attested_by=None, show_to_employers=False
    )


@transaction.atomic
def add_officer(*, actor: Any, org_code: str, login: str, role: str, request: HttpRequest | None = None) -> Membership:
    """Makes an existing user an officer (or admin) of the organisation."""
    from naker.accounts.selectors import user_by_login

    org = selectors.organization_overseen_by(actor, org_code)
    actor_role = selectors.role_in(actor, org)
    if role not in (Membership.Role.OFFICER, Membership.Role.ADMIN):
        raise errors.InvalidRole(
            _("Choose officer or administrator."), field_errors={"role": _("Choose officer or administrator.")}
        )
    if role == Membership.Role.ADMIN and actor_role not in ("platform", Membership.Role.ADMIN):
        raise Forbidden(_("Only an administrator can add administrators."))
    person = user_by_login(login)
    if person is None:
        msg = _("Nobody is registered with this mobile number or email.")
        raise errors.PersonNotFound(msg, field_errors={"login": msg})
    membership, _created = Membership.objects.get_or_create(user=person, organization=org)
    membership.role = role
    membership.save(update_fields=["role"])
    audit.record(
        action=AuditEvent.Action.OFFICER_ADDED,
        actor=actor,
        subject=person,
        organization_code=org.code,
        detail=role,
        request=request,
    )
    return membership


@transaction.atomic
def remove_officer(*, actor: Any, org_code: str, user_id: int, request: HttpRequest | None = None) -> None:
    """Takes the officer role away (the person stays a member). The last officer cannot go."""
    org = selectors.organization_overseen_by(actor, org_code)
    membership = (
        Membership.objects.select_for_update()
        .filter(organization=org, user_id=user_id, role__in=selectors.OFFICER_ROLES)
        .first()
    )
    if membership is None:
        raise errors.PersonNotFound(_("This person is not an officer here."))
    if membership.role == Membership.Role.ADMIN and selectors.role_in(actor, org) not in (
        "platform",
        Membership.Role.ADMIN,
    ):
        raise Forbidden(_("Only an administrator can remove an administrator."))
    if selectors.officers_of(org).count() <= 1:
        raise errors.LastOfficer(_("An organisation keeps at least one officer. Add another officer first."))
    membership.role = Membership.Role.MEMBER
    membership.save(update_fields=["role"])
    audit.record(
        action=AuditEvent.Action.OFFICER_REMOVED,
        actor=actor,
        subject=membership.user,
        organization_code=org.code,
        request=request,
    )


@transaction.atomic
def hand_out_reset_code(*, actor: Any, org_code: str, user_id: int, request: HttpRequest | None = None) -> str:
    """An officer gets a one-time password reset code for a worker in their scope (audited)."""
    from naker.accounts.services import create_reset_code

    org = selectors.organization_overseen_by(actor, org_code)
    if org.kind == Organization.Kind.CHAMBER:
        # A chamber sees the workers of its region, but is not their organisation.
        raise errors.NotTheirOrganization(_("Only an officer of the worker's own organisation can give a reset code."))
    person = selectors.person_visible_to(actor, org, user_id)
    if person.is_staff or selectors.holds_office(person):
        # Codes are for workers without email; officers and admins would otherwise be open to a
        # takeover by a fellow officer.
        raise errors.NotAWorker(_("Officers and administrators reset their password by email."))
    code = create_reset_code(user=person, issued_by=actor)
    audit.record(
        action=AuditEvent.Action.RESET_CODE_ISSUED,
        actor=actor,
        subject=person,
        organization_code=org.code,
        request=request,
    )
    return code


@transaction.atomic
def reveal_nik(*, actor: Any, org_code: str, user_id: int, request: HttpRequest | None = None) -> str:
    """The whole NIK of a worker in the officer's scope; every reveal is written to the audit log."""
    org = selectors.organization_overseen_by(actor, org_code)
    person = selectors.person_visible_to(actor, org, user_id)
    worker = getattr(person, "worker", None)
    if worker is None or not worker.nik_encrypted:
        raise errors.PersonNotFound(_("This person has no NIK on record."))
    audit.record(
        action=AuditEvent.Action.NIK_VIEWED, actor=actor, subject=person, organization_code=org.code, request=request
    )
    return crypto.decrypt(worker.nik_encrypted)


def add_union_members(*, user_ids: list[int], union: Organization, consent_at: datetime, attested_by: Any) -> int:
    """Links many people to a union at once (an import); those already members stay as they are."""
    if union.kind != Organization.Kind.UNION:
        raise errors.NotAUnion(_("%(name)s is not a union.") % {"name": union.name})
    existing = set(
        Membership.objects.filter(organization=union, user_id__in=user_ids).values_list("user_id", flat=True)
    )
    new = [
        Membership(user_id=uid, organization=union, consent_at=consent_at, consent_attested_by=attested_by)
        for uid in dict.fromkeys(user_ids)
        if uid not in existing
    ]
    Membership.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)
