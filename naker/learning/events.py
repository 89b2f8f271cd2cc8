"""What the learning app announces to the apps above it (naker.core.events).

The credentials app subscribes to `CourseCompleted` to issue a certificate; learning does not know
who listens.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from naker.core.events import Event


@dataclass(frozen=True)
class CourseCompleted(Event):
    """An enrolment became complete: every lesson done (and a class attended, where the course
    needs one). Published once per enrolment, inside the transaction that completed it."""

    enrolment_id: int
    user_id: int
    course_id: int
    completed_at: datetime.datetime


@dataclass(frozen=True)
class CourseNoticesRequested(Event):
    """A course page is being shown (collected): each subscriber answers a list of notices to show on
    it, each a dict `{"text": str, "url": str}` (url may be ""). The jobs app answers the employers'
    train-to-hire commitments whose path holds the course; learning does not know who answers."""

    course_id: int
