"""What the accounts app announces. Higher apps subscribe in their AppConfig.ready() (naker.core.events)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from naker.core.events import Event

if TYPE_CHECKING:
    from naker.accounts.models import User


@dataclass(frozen=True)
class RegistrationSubmitted(Event):
    """A worker submitted a registration (checked, not yet saved): subscribers check their part.

    Collected (`events.collect`): each subscriber answers a dict `{field: message}` of what it
    refuses (empty or None when all is well), so that every wrong field is named at once.
    The organizations app checks `union_code` and `union_consent`.
    """

    union_code: str = ""
    union_consent: bool = False


@dataclass(frozen=True)
class UnionNamed(Event):
    """A worker typed a union's code or name (collected): the organizations app answers the union's
    `(code, name)`, or None when no union is meant."""

    text: str = ""


@dataclass(frozen=True)
class InvitationFollowed(Event):
    """Someone came to registration through an invitation link (collected): the outreach app answers
    the `(code, name)` of the union whose link it is, or None (an unknown link, or not a union's)."""

    referral_code: str = ""


@dataclass(frozen=True)
class WorkerRegistered(Event):
    """A worker's account was created by registration (web or API), inside the same transaction.

    `union_code` (the code of the union the worker named, a name resolved to its code) and
    `referral_code` (the link's; "" if none): the organizations app turns the first into a request to
    join (a refusal raised there, say the union is unknown, undoes the whole registration); outreach
    credits the second, and where the link is that union's, the membership is approved at once. `consent_at` is when the
    worker agreed (to the privacy notice and, with a union code, to the membership being recorded).
    """

    user: User
    consent_at: datetime.datetime
    union_code: str = ""
    referral_code: str = ""


@dataclass(frozen=True)
class AccountErased(Event):
    """A person's account is being erased: every app forgets what it holds about them, in the same
    transaction, before accounts blanks the person's own fields."""

    user: User


@dataclass(frozen=True)
class PersonalDataRequested(Event):
    """The person asked for everything held about them (collected). Each subscriber answers
    `(section, data)`; the section name becomes a key of the export."""

    user: User
