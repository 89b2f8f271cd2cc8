"""Socialisation events' use cases: plan one, record who came."""

from __future__ import annotations

import datetime
import secrets
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from naker.learning.services import attendance_code_owner
from naker.organizations import selectors as org_selectors
from naker.outreach import errors
from naker.outreach.gatherings.selectors import event_visible_to
from naker.outreach.models import EventAttendance, ReferralCode, SocialisationEvent
from naker.regions.selectors import regency as find_regency

if TYPE_CHECKING:
    from naker.accounts.models import User


@transaction.atomic
def plan_event(
    *,
    actor: User,
    title: str,
    organizer_codes: list[str],
    starts_at: datetime.datetime,
    venue: str,
    regency_code: str,
    partners: str = "",
) -> SocialisationEvent:
    """A socialisation event of one or more organisations the actor oversees (a union and a chamber
    together, for instance); it gets its own sign-up link."""
    organizers = [org_selectors.get_organization(c) for c in organizer_codes]
    if not organizers or not any(org_selectors.can_oversee(actor, o) for o in organizers):
        raise errors.NotAnOrganizer()
    place = find_regency(regency_code)
    if place is None:
        msg = _("Choose the regency or city of the venue.")
        raise errors.EventInvalid(msg, field_errors={"regency_code": msg})
    event = SocialisationEvent.objects.create(
        title=title, starts_at=starts_at, venue=venue, regency=place, partners=partners, created_by=actor
    )
    event.organizers.set(organizers)
    ReferralCode.objects.create(organization=organizers[0], event=event, code=f"ev-{secrets.token_hex(4)}")
    return event


@transaction.atomic
def record_event_attendance(*, actor: User, event_id: int, code: str) -> EventAttendance:
    """An organiser scans a worker's code at the event."""
    event = event_visible_to(actor, event_id)
    person = attendance_code_owner(code)
    attendance, _created = EventAttendance.objects.get_or_create(
        event=event, user=person, defaults={"how": EventAttendance.How.SCANNED}
    )
    return attendance
