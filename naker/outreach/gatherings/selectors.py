"""Reads of socialisation events, scoped to the viewer (the organisers' officers; platform admins)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from naker.learning.selectors import learning_counts_of
from naker.organizations import selectors as org_selectors
from naker.outreach import errors
from naker.outreach.models import EventAttendance, EventOrganizer, Referral, SocialisationEvent

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from naker.accounts.models import User
    from naker.organizations.models import Organization


def organizations_planning_events(viewer: User | AnonymousUser) -> list[Organization]:
    """The organisations whose events the viewer plans; NotAnOrganizer if none (admins: any)."""
    managed = list(org_selectors.managed_by(viewer))
    if not managed and not viewer.is_staff:
        raise errors.NotAnOrganizer(_("Events are planned by officers of unions and chambers."))
    return managed


def events_visible_to(viewer: User | AnonymousUser) -> QuerySet[SocialisationEvent]:
    """The events of the organisations the viewer is an officer of (a platform admin: all)."""
    if viewer.is_staff:
        return SocialisationEvent.objects.select_related("regency")
    managed = org_selectors.managed_by(viewer)
    return (
        SocialisationEvent.objects.filter(organizer_links__organization__in=managed, organizer_links__accepted=True)
        .distinct()
        .select_related("regency")
    )


def accepted_organizers(event: SocialisationEvent) -> list[Organization]:
    """The organisations credited with the event: those named that have accepted."""
    return [link.organization for link in event.organizer_links.all() if link.accepted]


def pending_organizer_requests(viewer: User | AnonymousUser) -> QuerySet[EventOrganizer]:
    """Events naming an organisation the viewer is an officer of, waiting for its answer."""
    managed = org_selectors.managed_by(viewer)
    return (
        EventOrganizer.objects.filter(organization__in=managed, accepted=False)
        .select_related("socialisationevent__regency", "organization")
        .order_by("-socialisationevent__starts_at")
    )


def event_visible_to(viewer: User | AnonymousUser, event_id: int) -> SocialisationEvent:
    """One event, if the viewer oversees one of its organisers that has accepted; EventNotFound else."""
    event = (
        SocialisationEvent.objects.filter(pk=event_id)
        .select_related("regency", "referral_code")
        .prefetch_related("organizer_links__organization")
        .first()
    )
    if event is None or not any(org_selectors.can_oversee(viewer, o) for o in accepted_organizers(event)):
        raise errors.EventNotFound()
    return event


def event_results(event: SocialisationEvent) -> dict[str, int]:
    """Sign-ups, and the attendees' enrolments and completions that followed the event (from its
    start on: what they had taken before is not the event's doing)."""
    signed_up = Referral.objects.filter(code__event=event).values("user_id")
    people = EventAttendance.objects.filter(event=event).values("user_id")
    counts = learning_counts_of(people, since=event.starts_at)
    return {"attended": EventAttendance.objects.filter(event=event).count(), "signed_up": signed_up.count(), **counts}
