"""What outreach does when something happens to a person in the apps below it: a new worker is
credited to the link they came through; an erased person's invitations go.

The features have their own packages: member_import/, invitation_links/, gatherings/."""

from __future__ import annotations

from typing import TYPE_CHECKING

from naker.outreach.models import EventAttendance, Invitation, Referral, ReferralCode

if TYPE_CHECKING:
    from naker.accounts.models import User


def record_referral(*, user: User, code: str) -> None:
    """Attributes a new worker to the link they came through (unknown codes are ignored)."""
    found = ReferralCode.objects.filter(code=code).select_related("event").first()
    if found is None or Referral.objects.filter(user=user).exists():
        return
    Referral.objects.create(user=user, code=found)
    if found.event_id:
        EventAttendance.objects.get_or_create(
            event_id=found.event_id, user=user, defaults={"how": EventAttendance.How.ON_THE_SPOT}
        )


def forget_person(*, user: User) -> None:
    """On erasure: invitations carry the name and phone, so they go; attendances stay as counts."""
    Invitation.objects.filter(user=user).delete()
