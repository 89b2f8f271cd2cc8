"""Demo insights: adoption targets (one met, one at risk, one of a province) and fresh aggregates."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.utils import timezone

from naker.insights import services
from naker.insights.models import AdoptionTarget

if TYPE_CHECKING:
    from naker.accounts.models import User


def ensure_insights(*, admin: User, chamber_officer: User) -> None:
    ensure_targets(admin=admin, chamber_officer=chamber_officer)
    services.refresh_aggregates()


def ensure_targets(*, admin: User, chamber_officer: User) -> None:
    if AdoptionTarget.objects.exists():
        return
    today = timezone.localdate()
    services.set_target(
        actor=admin,
        name="250 pekerja pertama",
        scope="nation",
        scope_code="",
        metric="registered",
        goal=250,
        start_date=today - datetime.timedelta(days=365),
        due_date=today + datetime.timedelta(days=30),
    )
    services.set_target(
        actor=admin,
        name="5.000 pekerja terdaftar (nasional)",
        scope="nation",
        scope_code="",
        metric="registered",
        goal=5000,
        start_date=today - datetime.timedelta(days=90),
        due_date=datetime.date(today.year + (1 if today.month > 8 else 0), 8, 31),
    )
    services.set_target(
        actor=chamber_officer,
        name="Pekerja terdaftar di DKI Jakarta",
        scope="province",
        scope_code="31",
        metric="registered",
        goal=100,
        start_date=today - datetime.timedelta(days=180),
        due_date=today + datetime.timedelta(days=60),
    )
