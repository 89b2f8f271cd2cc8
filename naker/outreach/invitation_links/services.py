"""Invitation links' use cases."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from naker.organizations import selectors as org_selectors
from naker.organizations import services as org_services
from naker.outreach.models import ReferralCode

if TYPE_CHECKING:
    from datetime import datetime

    from naker.accounts.models import User


def ensure_referral_code(*, actor: User, org_code: str, personal: bool) -> ReferralCode:
    """The organisation's link (or the officer's own), made on first use."""
    org = org_selectors.organization_overseen_by(actor, org_code)
    officer = actor if personal else None
    code = ReferralCode.objects.filter(organization=org, officer=officer, event__isnull=True).first()
    if code is None:
        code = ReferralCode.objects.create(
            organization=org, officer=officer, code=f"{org.code[:12]}-{secrets.token_hex(3)}"
        )
    return code


def union_of_link(referral_code: str) -> tuple[str, str] | None:
    """The `(code, name)` of the union whose link this is (None for an unknown link, or one of an
    organisation that is not a union)."""
    found = ReferralCode.objects.filter(code=referral_code).select_related("organization").first()
    if found is None or found.organization.kind != found.organization.Kind.UNION:
        return None
    return found.organization.code, found.organization.name


def join_through_link(*, user: User, referral_code: str, union_code: str, consent_at: datetime) -> None:
    """A worker who registered through a union's link, kept that union and agreed to the membership
    being recorded, is its member at once: the link is the union's approval."""
    found = ReferralCode.objects.filter(code=referral_code).select_related("organization").first()
    if found is None or not union_code or found.organization.code != union_code:
        return
    if found.organization.kind == found.organization.Kind.UNION:
        org_services.join_union(user=user, union=found.organization, consent_at=consent_at)
