"""Domain events: how a lower app tells higher apps that something happened, without importing them.

The apps form one stack (DESIGN.md §3): accounts may not import outreach, learning may not import
credentials. When a lower app's use case does something a higher app cares about (a worker
registered, an account was erased, a course was completed), the lower app *publishes* a small typed
event and the higher app *subscribes* to it in its `AppConfig.ready()`.

Delivery is synchronous and in the publisher's transaction: a subscriber's failure rolls the whole
use case back, so nothing is half-written. A subscriber that must only run after commit wraps its
work in `transaction.on_commit` itself.

Each app that publishes declares its events as frozen dataclasses in its own `events.py`; a
subscriber names the event class it wants:

    # naker/accounts/events.py
    @dataclass(frozen=True)
    class AccountErased(Event):
        user_id: int

    # naker/outreach/apps.py
    def ready(self):
        events.subscribe(AccountErased, handlers.forget_invitations)

An event may also collect answers (see `collect`): the export of a worker's data asks every app above
accounts for its part, without accounts knowing which apps exist.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar


@dataclass(frozen=True)
class Event:
    """Base of every domain event. Subclasses are frozen dataclasses named in the past tense."""


E = TypeVar("E", bound=Event)
Handler = Callable[[Any], Any]

_handlers: dict[type[Event], list[Handler]] = defaultdict(list)


def subscribe(event_type: type[E], handler: Callable[[E], Any]) -> None:
    """Call `handler(event)` whenever an event of `event_type` is published. Idempotent per handler."""
    if handler not in _handlers[event_type]:
        _handlers[event_type].append(handler)


def publish(event: Event) -> None:
    """Deliver `event` to every subscriber, in subscription order, in the caller's transaction."""
    for handler in list(_handlers[type(event)]):
        handler(event)


def collect(event: Event) -> list[Any]:
    """Deliver `event` and return each subscriber's answer that is not None, in subscription order."""
    answers = []
    for handler in list(_handlers[type(event)]):
        answer = handler(event)
        if answer is not None:
            answers.append(answer)
    return answers


def subscribers(event_type: type[Event]) -> list[Handler]:
    """Who listens to `event_type` (for tests and for the admin's curiosity)."""
    return list(_handlers[event_type])
