"""Reads of the outreach app that other apps need."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from naker.outreach.models import EventAttendance, Invitation, Referral

if TYPE_CHECKING:
    from naker.accounts.models import User


def personal_outreach_data(user: User) -> dict[str, Any]:
    """Everything the outreach app holds about one person, for their data export."""
    referral = Referral.objects.filter(user=user).select_related("code__organization", "code__event").first()
    return {
        "brought_in_by": {
            "organization": referral.code.organization.code,
            "event": referral.code.event.title if referral.code.event else None,
            "at": referral.at.isoformat(),
        }
        if referral
        else None,
        "invitations": [
            {
                "channel": i.channel,
                "address": i.address,
                "text": i.text,
                "created_at": i.created_at.isoformat(),
                "sent_at": i.sent_at.isoformat() if i.sent_at else None,
            }
            for i in Invitation.objects.filter(user=user)
        ],
        "events_attended": [
            {"event": a.event.title, "how": a.how, "at": a.at.isoformat()}
            for a in EventAttendance.objects.filter(user=user).select_related("event")
        ],
    }
