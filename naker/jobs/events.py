"""What the jobs app announces to the apps above it (naker.core.events): insights counts placements."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from naker.core.events import Event


@dataclass(frozen=True)
class WorkerHired(Event):
    """An employer moved an application to "hired": a Placement was recorded. Published once per
    placement, inside the transaction that recorded it."""

    placement_id: int
    opportunity_id: int
    employer_id: int
    worker_id: int | None
    kind: str
    hired_at: datetime.datetime
