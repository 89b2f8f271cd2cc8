"""What the accounts app announces. Higher apps subscribe in their AppConfig.ready() (naker.core.events)."""

from __future__ import annotations

from dataclasses import dataclass

from naker.core.events import Event


@dataclass(frozen=True)
class WorkerRegistered(Event):
    """A worker's account was created (web, API, invitation or import), inside the same transaction.

    `union_code` and `referral_code` are what the worker typed or the link carried ("" if none); the
    organizations app turns the first into a membership (request), outreach credits the second.
    """

    user_id: int
    union_code: str = ""
    referral_code: str = ""


@dataclass(frozen=True)
class AccountErased(Event):
    """A person's account was erased: every app forgets what it holds about them, in the same transaction."""

    user_id: int


@dataclass(frozen=True)
class PersonalDataRequested(Event):
    """The person asked for everything held about them. Each subscriber answers `(section, data)`."""

    user_id: int
