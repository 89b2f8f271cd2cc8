"""Invitation links' use cases."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from naker.organizations import selectors as org_selectors
from naker.outreach.models import ReferralCode

if TYPE_CHECKING:
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
