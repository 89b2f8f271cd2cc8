"""What the learning app announces. Higher apps subscribe in their AppConfig.ready() (naker.core.events)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from naker.core.events import Event


@dataclass(frozen=True)
class CourseCompleted(Event):
    """An enrolment became complete (published once, inside the completing transaction)."""

    enrolment_id: int
    user_id: int
    course_id: int
    completed_at: datetime
