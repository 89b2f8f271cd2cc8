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
from naker.outreach.models import EventAttendance, EventOrganizer, ReferralCode, SocialisationEvent
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
    together, for instance); it gets its own sign-up link, credited to an organisation the actor
    oversees. Another organisation named as co-organiser is pending until one of its officers
    accepts (accept_co_organizer)."""
    organizers = list({o.pk: o for o in (org_selectors.get_organization(c) for c in organizer_codes)}.values())
    own = [o for o in organizers if org_selectors.can_oversee(actor, o)]
    if not own:
        raise errors.NotAnOrganizer()
    place = find_regency(regency_code)
    if place is None:
        msg = _("Choose the regency or city where the event takes place.")
        raise errors.EventInvalid(msg, field_errors={"regency_code": msg})
    event = SocialisationEvent.objects.create(
        title=title, starts_at=starts_at, venue=venue, regency=place, partners=partners, created_by=actor
    )
    EventOrganizer.objects.bulk_create(
        EventOrganizer(socialisationevent=event, organization=o, accepted=o in own) for o in organizers
    )
    ReferralCode.objects.create(organization=own[0], event=event, code=f"ev-{secrets.token_hex(4)}")
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


def _pending_link(actor: User, event_id: int, organization_code: str) -> EventOrganizer:
    # whether the actor may answer for the organisation is checked first: a stranger learns nothing
    # of which events name it
    organization = org_selectors.organization(organization_code)
    if organization is None:
        raise errors.OrganizerRequestNotFound()
    if not org_selectors.can_oversee(actor, organization):
        raise errors.NotOfficerOfNamedOrganizer()
    link = (
        EventOrganizer.objects.select_for_update()
        .filter(socialisationevent_id=event_id, organization=organization, accepted=False)
        .first()
    )
    if link is None:
        raise errors.OrganizerRequestNotFound()
    return link


@transaction.atomic
def accept_co_organizer(*, actor: User, event_id: int, organization_code: str) -> EventOrganizer:
    """An officer of an organisation named as co-organiser accepts: it is credited from now on."""
    link = _pending_link(actor, event_id, organization_code)
    link.accepted = True
    link.save(update_fields=["accepted"])
    return link


@transaction.atomic
def decline_co_organizer(*, actor: User, event_id: int, organization_code: str) -> None:
    """An officer of an organisation named as co-organiser declines: it is no longer named."""
    _pending_link(actor, event_id, organization_code).delete()
