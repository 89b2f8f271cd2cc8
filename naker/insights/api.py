"""Insights API: a scope's dashboard figures and the adoption targets, as the pages show them."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, cast

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from naker.core.schemas import Date, In, Text, responses
from naker.core.validation import INT32_MAX
from naker.insights import fragments, selectors, services
from naker.insights.models import AdoptionTarget

if TYPE_CHECKING:
    from naker.accounts.models import User

router = Router(tags=["insights"])


class Point(Schema):
    month: str
    value: int | None = Field(description="null where fewer than 5 (suppressed)")


class Place(Schema):
    code: str
    name: str
    registered: int | None = Field(description="null where fewer than 5 (suppressed)")


class SchemeStatus(Schema):
    scheme: str
    name: str
    status: str
    count: int | None = Field(description="null where fewer than 5 (suppressed)")


class DashboardOut(Schema):
    scope: str
    name: str
    totals: dict[str, int | None]
    monthly: dict[str, list[Point]]
    places: list[Place]
    breakdowns: dict[str, dict[str, int | None]]
    certificates: dict[str, int | None] = Field(description="issued: cert_course, cert_competency")
    certification_applications: list[SchemeStatus]


class TargetIn(In):
    name: str = Field(max_length=200)
    scope: str = Field(max_length=16, description="nation | province | regency | organization")
    scope_code: str = Field(default="", max_length=64)
    metric: str = Field(max_length=16, description="registered | active | completions | certifications | placements")
    goal: int = Field(ge=1, le=INT32_MAX)
    start_date: Date
    due_date: Date


class TargetOut(Schema):
    id: int
    name: str
    scope: str
    scope_code: str
    metric: str
    goal: int
    start_date: datetime.date
    due_date: datetime.date
    current: int | None = Field(description="null where fewer than 5 (suppressed)")
    expected_now: int
    projected_date: datetime.date | None
    on_track: bool
    measurable: bool


def target_row(t: AdoptionTarget, progress: selectors.TargetProgress | None = None) -> dict[str, Any]:
    p = progress or selectors.progress_of(t)
    return {
        "id": t.pk,
        "name": t.name,
        "scope": t.scope,
        "scope_code": t.scope_code,
        "metric": t.metric,
        "goal": t.goal,
        "start_date": t.start_date,
        "due_date": t.due_date,
        "current": p.current,
        "expected_now": p.expected_now,
        "projected_date": p.projected,
        "on_track": p.on_track,
        "measurable": p.measurable,
    }


@router.get("/insights/dashboard", response=responses({200: DashboardOut}, 404))
def dashboard(request: HttpRequest, scope: Text = "") -> DashboardOut:
    """The figures of a scope the caller oversees (`nation`, `province:32`, `regency:32.75`, `organization:ksbsi`)."""
    seen = selectors.viewing(request.user)  # the caller's organisations and the last refresh: kept
    refreshed = services.ensure_aggregates_fresh(seen.refreshed)
    chosen = selectors.scope_for(request.user, scope or None, offices=seen.offices)  # 403 outside theirs
    # The answer is the same for every caller of the scope but for the scope's name (a chamber's own, or
    # the province's): validated once per refresh, language and scope, like the page's figures (django-ninja
    # does not validate again an instance of the response's schema); the name is the caller's.
    kept = selectors.cached_figures(
        "api-dashboard",
        fragments.dashboard_key(chosen),
        lambda: _dashboard_answer(selectors.dashboard_of_scope(chosen, refreshed=refreshed)),
        refreshed=refreshed,
    )
    return kept.model_copy(update={"name": chosen.name})


def _dashboard_answer(board: selectors.Dashboard) -> DashboardOut:
    return DashboardOut.model_validate(
        {
            "scope": board.scope.key,
            "name": board.scope.name,
            "totals": board.totals,
            "monthly": {m: [{"month": k, "value": v} for k, v in points] for m, points in board.monthly.items()},
            "places": [{"code": c, "name": n, "registered": v} for c, n, v in board.places],
            "breakdowns": {table.dimension: dict(table.values) for table in board.breakdowns},
            "certificates": board.certificates,
            "certification_applications": [
                {"scheme": c, "name": n, "status": st, "count": v} for c, n, st, v in board.applications
            ],
        }
    )


@router.get("/targets", response=responses({200: list[TargetOut]}))
def targets(request: HttpRequest) -> list[dict[str, Any]]:
    """The targets of the caller's scopes, with progress and projection (officers only, as the page)."""
    services.ensure_aggregates_fresh()
    return [target_row(row.target, row.progress) for row in selectors.target_rows(request.user)]


@router.post("/targets", response=responses({201: TargetOut}))
def create_target(request: HttpRequest, payload: TargetIn) -> Status[dict[str, Any]]:
    return Status(201, target_row(services.set_target(actor=cast("User", request.user), **payload.dict())))


@router.get("/targets/{target_id}", response=responses({200: TargetOut}, 404))
def target(request: HttpRequest, target_id: int) -> dict[str, Any]:
    seen = selectors.viewing(request.user, target_id=target_id)  # the organisations and the target: kept
    return target_row(selectors.target_visible_to(request.user, target_id, offices=seen.offices, target=seen.target))
