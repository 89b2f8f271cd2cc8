"""Every write of the organisations app."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from naker.accounts import selectors as account_selectors
from naker.accounts import services as account_services
from naker.accounts.events import (
    AccountErased,
    PersonalDataRequested,
    RegistrationSubmitted,
    UnionNamed,
    WorkerRegistered,
)
from naker.core import audit
from naker.core.errors import Forbidden
from naker.core.models import AuditEvent
from naker.organizations import errors, selectors
from naker.organizations.models import JoinRequest, Membership, Organization

if TYPE_CHECKING:
    from naker.accounts.models import User

MAX_REASON_LENGTH = 200


def join_union(*, user: User, union: Organization, consent_at: datetime, attested_by: User | None = None) -> Membership:
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
    # A request the worker made to this union is answered by the membership itself.
    JoinRequest.objects.filter(user=user, organization=union, status=JoinRequest.Status.PENDING).update(
        status=JoinRequest.Status.APPROVED, decided_at=timezone.now()
    )
    return membership


def request_to_join(*, user: User, union: Organization, consent_at: datetime) -> JoinRequest | None:
    """The worker asks to join the union (typed its code or name): waits for an officer's approval.
    None when the worker is a member already."""
    if union.kind != Organization.Kind.UNION:
        raise errors.NotAUnion(_("%(name)s is not a union.") % {"name": union.name})
    if Membership.objects.filter(user=user, organization=union).exists():
        return None
    found, _created = JoinRequest.objects.get_or_create(
        user=user, organization=union, status=JoinRequest.Status.PENDING, defaults={"consent_at": consent_at}
    )
    return found


@transaction.atomic
def decide_join_request(*, actor: User, org_code: str, request_id: int, approve: bool) -> JoinRequest:
    """An officer of the union (or of one above it) approves a request (the worker becomes a member,
    with the consent they gave when asking) or refuses it."""
    org = selectors.organization_overseen_by(actor, org_code)
    found = selectors.pending_join_requests(actor, org).select_for_update(of=("self",)).filter(pk=request_id).first()
    if found is None:
        raise errors.JoinRequestNotFound()
    if approve:
        join_union(user=found.user, union=org, consent_at=found.consent_at)
    found.status = JoinRequest.Status.APPROVED if approve else JoinRequest.Status.REFUSED
    found.decided_by, found.decided_at = actor, timezone.now()
    found.save(update_fields=["status", "decided_by", "decided_at"])
    return found


def forget_member_details(*, user: User) -> None:
    """On erasure: union membership is sensitive personal data (UU PDP): the memberships and join
    requests go. The unions' counts drop by one, as they would had the person left."""
    JoinRequest.objects.filter(user=user).delete()
    Membership.objects.filter(user=user).delete()


@transaction.atomic
def add_officer(*, actor: User, org_code: str, login: str, role: str, request: HttpRequest | None = None) -> Membership:
    """Makes an existing user an officer (or admin) of the organisation."""
    org = selectors.organization_overseen_by(actor, org_code)
    actor_role = selectors.role_in(actor, org)
    if role not in (Membership.Role.OFFICER, Membership.Role.ADMIN):
        raise errors.InvalidRole(
            _("Choose officer or administrator."), field_errors={"role": _("Choose officer or administrator.")}
        )
    if role == Membership.Role.ADMIN and actor_role not in ("platform", Membership.Role.ADMIN):
        raise Forbidden(_("Only an administrator can add administrators."))
    person = account_selectors.user_by_login(login)
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
def remove_officer(*, actor: User, org_code: str, user_id: int, request: HttpRequest | None = None) -> None:
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
    account_services.notify_account(
        user=membership.user,
        subject=_("You are no longer an officer of %(org)s") % {"org": org.name},
        body=_("Your officer role in %(org)s was removed. If this is a mistake, ask its officers.") % {"org": org.name},
    )


@transaction.atomic
def hand_out_reset_code(*, actor: User, org_code: str, user_id: int, request: HttpRequest | None = None) -> str:
    """An officer gets a one-time password reset code for a worker in their scope (audited): an
    officer of the worker's own organisation, or, for a worker who belongs to no organisation, an
    officer of the Kadin chamber of the worker's region (or a platform admin)."""
    org = selectors.organization_overseen_by(actor, org_code)
    person = selectors.person_visible_to(actor, org, user_id)
    if org.kind == Organization.Kind.CHAMBER and selectors.memberships_of(person).exists():
        # A chamber (Kadin) sees the workers of its region but is not their organisation: it helps
        # only those who have no organisation to ask (no email, no union). Others ask their own.
        raise errors.NotTheirOrganization(_("Only an officer of the worker's own organisation can give a reset code."))
    if selectors.has_held_office(person):
        # Codes are for workers without email. Anyone who holds or ever held an office would
        # otherwise be open to a takeover: demote a fellow officer, hand them a code, log in.
        raise errors.NotAWorker(_("Officers and administrators reset their password by email."))
    if person.email:
        raise errors.ResetByEmail(
            _("This person has an email address: they reset their password with the link sent by email.")
        )
    code = account_services.create_reset_code(user=person, issued_by=actor)
    account_services.notify_account(
        user=person,
        subject=_("A password reset code was issued for your account"),
        body=_(
            "An officer of %(org)s issued a password reset code for your account. If you did not ask for "
            "it, tell your union or Kadin office."
        )
        % {"org": org.name},
    )
    audit.record(
        action=AuditEvent.Action.RESET_CODE_ISSUED,
        actor=actor,
        subject=person,
        organization_code=org.code,
        request=request,
    )
    return code


def unlock_member(*, actor: User, org_code: str, user_id: int) -> None:
    """An officer lifts the login lock on a person in their scope (told to the person)."""
    org = selectors.organization_overseen_by(actor, org_code)
    person = selectors.person_visible_to(actor, org, user_id)
    account_services.unlock_login(user=person)
    account_services.notify_account(
        user=person,
        subject=_("Your login was unlocked"),
        body=_("An officer of %(org)s lifted the lock on your login after too many wrong passwords.")
        % {"org": org.name},
    )


def refuse_nik_reveal_outside_unions(org: Organization) -> None:
    """A whole NIK is shown only through a union (the worker's own, or one above it): never through a
    chamber, a company or a provider, whose officers see masked NIKs and region figures."""
    if org.kind != Organization.Kind.UNION:
        raise errors.NotTheirOrganization(
            _("Only an officer of the worker's own union can see a whole NIK. Lists show it masked.")
        )


@transaction.atomic
def reveal_nik(*, actor: User, org_code: str, user_id: int, reason: str, request: HttpRequest | None = None) -> str:
    """The whole NIK of a member, for an officer of the member's own union (or a union above it) or a
    platform admin, with a stated reason; every reveal is audited with the reason.

    A chamber (Kadin) officer never sees a whole NIK: chambers see region figures and masked lists.
    """
    org = selectors.organization_overseen_by(actor, org_code)
    refuse_nik_reveal_outside_unions(org)
    reason = " ".join((reason or "").split())
    if len(reason) < 5:
        msg = _("Say why you need to see the whole NIK (at least 5 characters).")
        raise errors.ReasonRequired(msg, field_errors={"reason": msg})
    person = selectors.person_visible_to(actor, org, user_id)
    nik = account_selectors.whole_nik(
        actor, person, reason=reason[:MAX_REASON_LENGTH], organization_code=org.code, request=request
    )
    if nik is None:
        raise errors.PersonNotFound(_("This person has no NIK on record."))
    return nik


def add_union_members(
    *, user_ids: list[int], union: Organization, consent_at: datetime, attested_by: User | None
) -> int:
    """Links many people to a union at once (an import); those already members stay as they are."""
    if union.kind != Organization.Kind.UNION:
        raise errors.NotAUnion(_("%(name)s is not a union.") % {"name": union.name})
    existing = set(
        Membership.objects.filter(organization=union, user_id__in=user_ids).values_list("user_id", flat=True)
    )
    wanted = [uid for uid in dict.fromkeys(user_ids) if uid not in existing]
    # the people themselves (id and join date), in one query: each membership copies the join date
    # (Membership.user_joined), which would read each person's row on its own otherwise
    people = {u.pk: u for u in account_selectors.users().filter(pk__in=wanted).only("pk", "date_joined")}
    new = [
        Membership(user=people[uid], organization=union, consent_at=consent_at, consent_attested_by=attested_by)
        for uid in wanted
        if uid in people
    ]
    Membership.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


# --- what organizations does when accounts announces something (subscribed in apps.py) ----------


def _union_problems(union_code: str, union_consent: bool) -> dict[str, str]:
    if not union_code:
        return {}
    union = selectors.union_named(union_code)
    if union is None:
        return {"union_code": str(_("No union has this code or name."))}
    if not union_consent:
        return {"union_consent": str(_("Tick this box to agree that your union membership is recorded."))}
    return {}


def check_registration_union(event: RegistrationSubmitted) -> dict[str, str]:
    """A registration's union part: the code names a union, and the worker agreed to be recorded."""
    return _union_problems(event.union_code, event.union_consent)


def join_union_on_registration(event: WorkerRegistered) -> None:
    """The union the worker named at registration: a request its officers approve (an invitation
    link of that union approves it at once: outreach, which knows the links, calls `join_union`).
    An unknown union refuses the whole registration (raised inside its transaction, so nothing is
    half-written)."""
    if not event.union_code:
        return
    union = selectors.union_named(event.union_code)
    if union is None:
        msg = _("No union has this code or name.")
        raise errors.NotAUnion(msg, field_errors={"union_code": msg})
    request_to_join(user=event.user, union=union, consent_at=event.consent_at)


def union_meant(event: UnionNamed) -> tuple[str, str] | None:
    """The code and name of the union a worker typed (its code or its name), or None."""
    union = selectors.union_named(event.text)
    return (union.code, union.name) if union is not None else None


def forget_on_erasure(event: AccountErased) -> None:
    forget_member_details(user=event.user)


def memberships_for_export(event: PersonalDataRequested) -> tuple[str, list[dict[str, Any]]]:
    """The "memberships" section of the person's data export."""
    return "memberships", [
        {
            "organization": m.organization.code,
            "organization_name": m.organization.name,
            "role": m.role,
            "joined_at": m.joined_at.isoformat(),
            "consent_at": m.consent_at.isoformat() if m.consent_at else None,
            "show_to_employers": m.show_to_employers,
        }
        for m in selectors.memberships_of(event.user).order_by("pk")
    ]
