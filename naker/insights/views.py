"""Dashboards by scope: only the viewer's scope, only aggregates."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import render
from django.utils.translation import gettext as _

from naker.core.errors import DomainError
from naker.core.exports import table_response
from naker.insights import selectors, services, svg
from naker.insights.models import Level

DIMENSIONS = [
    ("area", _("City (kota) or regency (kabupaten)")),
    ("sex", _("Sex")),
    ("age", _("Age")),
    ("education", _("Education")),
    ("employment", _("Work status")),
]


def dashboard_data(scope: selectors.Scope) -> dict[str, Any]:
    totals = {m: selectors.total(scope, m) for m in selectors.METRICS}
    data: dict[str, Any] = {
        "scope": scope,
        "totals": {m: selectors.shown(v, scope) for m, v in totals.items()},
        "monthly": {m: selectors.monthly(scope, m) for m in selectors.METRICS},
        "places": selectors.by_place(scope),
        "branches": selectors.branches(scope),
        "breakdowns": [(label, selectors.breakdown(scope, dim)) for dim, label in DIMENSIONS],
    }
    return data


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    services.ensure_fresh()
    try:
        scope = selectors.scope_for(request.user, request.GET.get("scope"))
    except DomainError as exc:
        return HttpResponseForbidden(exc.message)
    data = dashboard_data(scope)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return _export(data, fmt)
    charts = {m: svg.bars(points, label=m) for m, points in data["monthly"].items()}
    world = ""
    if scope.level == Level.NATION:
        world = svg.choropleth(
            {c: v for c, _n, v in data["places"]}, label=_("Registered workers by province"), unit=_("workers")
        )
    return render(
        request,
        "insights/dashboard.html",
        {
            **data,
            "charts": charts,
            "map": world,
            "scopes": selectors.scopes_for(request.user),
        },
    )


def _rows(data: dict[str, Any]) -> list[list[Any]]:
    def cell(v: int | None) -> Any:
        return "<5" if v is None else v

    rows: list[list[Any]] = [[_("Scope"), data["scope"].name], []]
    rows += [
        [_("Registered workers"), cell(data["totals"]["registered"])],
        [_("Enrolments"), cell(data["totals"]["enrolments"])],
        [_("Course completions"), cell(data["totals"]["completions"])],
        [],
    ]
    rows.append([_("Month"), _("Registered workers"), _("Enrolments"), _("Course completions")])
    for (month, reg), (_m2, enr), (_m3, comp) in zip(*(data["monthly"][m] for m in selectors.METRICS), strict=True):
        rows.append([month, reg, enr, comp])
    if data["places"]:
        rows += [[], [_("Place"), _("Registered workers")]] + [[name, cell(v)] for _c, name, v in data["places"]]
    for label, values in data["breakdowns"]:
        if values:
            rows += [[], [label, _("Registered workers")]] + [[k, cell(v)] for k, v in values]
    return rows


def _export(data: dict[str, Any], fmt: str) -> HttpResponse:
    return table_response(_rows(data), fmt, f"dasbor-{data['scope'].key.replace(':', '-')}", sheet="dasbor")
