"""Reads of invitation links, scoped to the viewer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count

from naker.organizations import selectors as org_selectors
from naker.outreach.models import ReferralCode

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from naker.accounts.models import User
    from naker.organizations.models import Organization


def referral_counts(viewer: User | AnonymousUser, org_code: str) -> tuple[Organization, list[tuple[ReferralCode, int]]]:
    """An organisation the viewer oversees, and each of its links with how many signed up through it."""
    org = org_selectors.organization_overseen_by(viewer, org_code)
    return org, [
        (c, c.n)
        for c in ReferralCode.objects.filter(organization=org)
        .annotate(n=Count("referrals"))
        .select_related("officer", "event")
    ]
