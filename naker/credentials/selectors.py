"""Reads of the credentials app: a holder's certificates, the public verification, the status lists."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from naker.core.kept_sql import Kept
from naker.credentials import errors, openbadges
from naker.credentials.models import STATUS_LIST_SIZE, Credential
from naker.organizations import selectors as org_selectors

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from naker.accounts.events import PersonalDataRequested
    from naker.accounts.models import User

    Viewer = User | AnonymousUser

ACCOUNT_ERASED = "account erased"


def credentials_of(viewer: Viewer) -> QuerySet[Credential]:
    """The viewer's own certificates, newest first."""
    if not viewer.is_authenticated:
        return Credential.objects.none()
    return Credential.objects.filter(holder_id=viewer.pk).order_by("-issued_at", "-id")


# What a list of certificates shows (the worker's page, the API): not the signed payload and JWT, the
# largest columns by far (issue 13).
LIST_FIELDS = (
    "public_id",
    "number",
    "kind",
    "title",
    "issuer_name",
    "achieved_at",
    "issued_at",
    "valid_until",
    "revoked_at",
    "revocation_reason",
)


def _listed(holder_id: int) -> QuerySet[Credential]:
    return Credential.objects.filter(holder_id=holder_id).order_by("-issued_at", "-id").only(*LIST_FIELDS)


# `credentials_of(viewer).only(*LIST_FIELDS)`, made once per process (naker.core.kept_sql)
_LISTED = Kept(_listed, 2_000_000_041)


def certificate_list(viewer: Viewer) -> list[Credential]:
    """The viewer's own certificates, newest first, with what a list shows."""
    return _LISTED.instances(viewer.pk) if viewer.is_authenticated else []


def credential_of_holder(viewer: Viewer, public_id: uuid.UUID | str) -> Credential:
    """One of the viewer's own certificates; anyone else's is not found."""
    credential = credentials_of(viewer).filter(public_id=public_id).first()
    if credential is None:
        raise errors.CredentialNotFound()
    return credential


def credential_for_staff(viewer: Viewer, public_id: uuid.UUID | str) -> Credential:
    """For revocation screens: the certificate, whoever holds it (the service checks the right)."""
    credential = Credential.objects.select_related("issuer_org").filter(public_id=public_id).first()
    if credential is None:
        raise errors.CredentialNotFound()
    return credential


def may_revoke(viewer: Viewer, public_id: uuid.UUID | str) -> bool:
    """Whether the viewer is the issuer's staff (or a platform admin) for an unrevoked certificate."""
    if not viewer.is_authenticated:
        return False
    credential = Credential.objects.select_related("issuer_org").filter(public_id=public_id).first()
    if credential is None or credential.revoked_at is not None:
        return False
    return org_selectors.role_in(viewer, credential.issuer_org) is not None


# --- public verification -------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicView:
    """What the public verification page shows: nothing personal once the account was erased."""

    found: bool
    status: str = "unknown"  # valid | revoked | expired | unknown
    number: str = ""
    kind: str = ""
    kind_label: str = ""
    holder_name: str = ""
    issuer_name: str = ""
    title: str = ""
    hours: Any = None
    skills: tuple[str, ...] = ()
    achieved_at: datetime | None = None
    issued_at: datetime | None = None
    valid_until: datetime | None = None
    revoked_at: datetime | None = None
    revocation_reason: str = ""
    holder_erased: bool = False


# A certificate by its public id (unique), with what its public page shows; the SQL built once per
# process (issue 13: building it was half of the verification page's time).
_PUBLIC = Kept(
    lambda public_id: Credential.objects.only(*LIST_FIELDS, "holder_name", "hours", "skills").filter(
        public_id=public_id
    ),
    uuid.UUID(int=2_000_000_087),
)


def public_view(public_id: uuid.UUID | str) -> PublicView:
    credential = _PUBLIC.first(public_id)
    if credential is None:
        return PublicView(found=False)
    erased = credential.revocation_reason == ACCOUNT_ERASED
    return PublicView(
        found=True,
        status=credential.status,
        number=credential.number or "",
        kind=credential.kind,
        kind_label=str(credential.get_kind_display()),
        holder_name="" if erased else credential.holder_name,
        issuer_name=credential.issuer_name,
        title=credential.title,
        hours=credential.hours,
        skills=() if erased else tuple(credential.skills or ()),
        achieved_at=credential.achieved_at,
        issued_at=credential.issued_at,
        valid_until=credential.valid_until,
        revoked_at=credential.revoked_at,
        revocation_reason=_("The account was erased.") if erased else credential.revocation_reason,
        holder_erased=erased,
    )


def reason_text(code: str) -> str:
    messages = {
        "malformed": _("The token is not a well-formed JWT."),
        "alg_none": _("The token is not signed (alg none)."),
        "alg_not_allowed": _("The token's signing algorithm is not accepted."),
        "kid_missing": _("The token's header does not name its key (kid)."),
        "unknown_kid": _("The token names a key (kid) this platform never published."),
        "bad_signature": _("The signature does not match: the token was changed or signed with another key."),
        "not_a_badge": _("The token is not an Open Badges credential."),
        "claims_mismatch": _("The JWT claims iss, jti, nbf, sub or exp do not agree with the credential."),
        "unknown_credential": _("The signature is valid, but this platform has no record of this credential."),
        "not_yet_valid": _("The credential is not valid yet."),
        "expired": _("The credential has expired."),
        "revoked": _("The credential was revoked."),
    }
    return messages.get(code, "")


@dataclass(frozen=True)
class Verification:
    valid: bool
    status: str  # valid | revoked | expired | invalid
    reason: str  # "" when valid, else a stable code (see reason_text)
    message: str
    credential: dict[str, Any] | None
    public_id: str = ""
    revoked_at: datetime | None = None
    revocation_reason: str = ""


def _invalid(reason: str, claims: dict[str, Any] | None = None) -> Verification:
    return Verification(False, "invalid", reason, reason_text(reason), claims)


def verify_token(token: Any) -> Verification:
    """Checks a VC-JWT: its form, algorithm, key, signature and claims, then this platform's record
    (revocation) and its dates. Bad input is an answer (valid: false), never an exception."""
    checked = openbadges.check(token)
    if not checked.ok or checked.claims is None:
        return _invalid(checked.reason)
    claims = checked.claims
    jti = str(claims.get("jti", ""))
    public_id = jti.removeprefix("urn:uuid:")
    try:
        credential = Credential.objects.filter(public_id=uuid.UUID(public_id)).first()
    except ValueError:
        credential = None
    if credential is None:
        return _invalid("unknown_credential", claims)
    now = timezone.now()
    if credential.revoked_at is not None:
        erased = credential.revocation_reason == ACCOUNT_ERASED
        return Verification(
            False,
            "revoked",
            "revoked",
            reason_text("revoked"),
            None if erased else claims,
            public_id,
            credential.revoked_at,
            _("The account was erased.") if erased else credential.revocation_reason,
        )
    if isinstance(claims.get("nbf"), int) and claims["nbf"] > now.timestamp() + 60:
        return Verification(False, "invalid", "not_yet_valid", reason_text("not_yet_valid"), claims, public_id)
    exp = claims.get("exp")
    if isinstance(exp, int) and exp <= now.timestamp():
        return Verification(False, "expired", "expired", reason_text("expired"), claims, public_id)
    return Verification(True, "valid", "", "", claims, public_id)


# --- status lists --------------------------------------------------------------------------------


def status_list(list_number: int) -> dict[str, Any]:
    """The revocation status list credential number `list_number` (unsigned)."""
    if list_number < 1 or list_number > 1_000_000:
        raise errors.CredentialNotFound()
    first = (list_number - 1) * STATUS_LIST_SIZE + 1
    revoked = Credential.objects.filter(
        pk__gte=first, pk__lt=first + STATUS_LIST_SIZE, revoked_at__isnull=False
    ).values_list("pk", flat=True)
    encoded = openbadges.encode_bitstring(STATUS_LIST_SIZE, [pk - first for pk in revoked])
    return openbadges.status_list_credential(list_number, encoded, datetime.now(UTC))


def personal_credentials_data(user_id: int) -> list[dict[str, Any]]:
    """A person's certificates for their data export."""
    return [
        {
            "id": str(c.public_id),
            "number": c.number,
            "kind": c.kind,
            "title": c.title,
            "issuer": c.issuer_name,
            "holder_name": c.holder_name,
            "achieved_at": c.achieved_at.isoformat(),
            "issued_at": c.issued_at.isoformat(),
            "valid_until": c.valid_until.isoformat() if c.valid_until else None,
            "status": c.status,
            "revoked_at": c.revoked_at.isoformat() if c.revoked_at else None,
            "revocation_reason": c.revocation_reason,
            "jwt": c.jwt,
        }
        for c in Credential.objects.filter(holder_id=user_id).order_by("issued_at", "id")
    ]


def export_section(event: PersonalDataRequested) -> tuple[str, list[dict[str, Any]]]:
    """Subscriber of PersonalDataRequested: this app's part of the person's data export."""
    return "credentials", personal_credentials_data(event.user.pk)


def issuer_org_profile(code: str) -> dict[str, Any] | None:
    """The public OB 3.0 Profile of a provider or certification body named as a credential's creator."""
    org = org_selectors.organization(code)
    if org is None or org.kind not in (org.Kind.PROVIDER, org.Kind.CERTIFICATION_BODY):
        return None
    return {
        "@context": [openbadges.VC_CONTEXT, openbadges.OB_CONTEXT],
        "id": openbadges.public_url(f"/credentials/issuers/{org.code}"),
        "type": ["Profile"],
        "name": org.name,
    }


def competency_evidence(user_id: int | None = None) -> list[tuple[int, int, str, list[str]]]:
    """(holder id, credential id, "title (issuer)", skills as the certificate lists them) of every
    valid competency certificate (one person's, or everyone's): the verified skills of jobs' matching."""
    rows = Credential.objects.filter(kind=Credential.Kind.COMPETENCY, holder__isnull=False, revoked_at__isnull=True)
    if user_id is not None:
        rows = rows.filter(holder_id=user_id)
    now = timezone.now()
    return [
        (c.holder_id, c.pk, f"{c.title} ({c.issuer_name})", [str(s) for s in (c.skills or [])])
        for c in rows.order_by("id")
        if c.holder_id is not None and (c.valid_until is None or c.valid_until > now)
    ]


def certificate_label(credential_id: int) -> str:
    """ "Title (issuer)" of a certificate, as a skill's evidence names it."""
    found = Credential.objects.filter(pk=credential_id).values_list("title", "issuer_name").first()
    return f"{found[0]} ({found[1]})" if found else ""
