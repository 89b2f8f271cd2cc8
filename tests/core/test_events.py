"""Domain events: a lower app announces, higher apps listen, in the publisher's transaction."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from naker.core import events


@dataclass(frozen=True)
class Happened(events.Event):
    value: int


def test_subscribers_hear_each_event_once_in_order() -> None:
    heard: list[tuple[str, int]] = []

    def first(e: Happened) -> None:
        heard.append(("first", e.value))

    def second(e: Happened) -> None:
        heard.append(("second", e.value))

    events.subscribe(Happened, first)
    events.subscribe(Happened, second)
    events.subscribe(Happened, first)  # twice is once
    events.publish(Happened(7))
    assert heard == [("first", 7), ("second", 7)]


def test_collect_gathers_answers_and_skips_none() -> None:
    @dataclass(frozen=True)
    class Asked(events.Event):
        who: str

    events.subscribe(Asked, lambda e: {"part": e.who})
    events.subscribe(Asked, lambda e: None)
    assert events.collect(Asked("budi")) == [{"part": "budi"}]


def test_a_failing_subscriber_stops_the_publisher() -> None:
    @dataclass(frozen=True)
    class Broke(events.Event):
        pass

    def fail(e: Broke) -> None:
        raise RuntimeError("no")

    events.subscribe(Broke, fail)
    with pytest.raises(RuntimeError):
        events.publish(Broke())
