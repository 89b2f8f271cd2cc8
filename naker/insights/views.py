"""Dashboards by scope (only the viewer's scope, only aggregates) and the adoption targets' pages."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from naker.core.disclosure import cell
from naker.core.errors import DomainError
from naker.core.exports import table_response
from naker.core.pages import errors_onto_form
from naker.insights import selectors, services, svg
from naker.insights.forms import TargetForm
from naker.insights.models import Level

if TYPE_CHECKING:
    from naker.accounts.models import User


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    services.ensure_aggregates_fresh()
    board = selectors.dashboard_of(request.user, request.GET.get("scope"))
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return _export(board, fmt)

    def drawings() -> tuple[dict[str, str], str]:
        charts = {m: svg.bars(points, label=m) for m, points in board.monthly.items()}
        world = ""
        if board.scope.level == Level.NATION:
            world = svg.choropleth(
                {c: v for c, _n, v in board.places}, label=_("Registered workers by province"), unit=_("workers")
            )
        return charts, world

    charts, world = selectors.cached_figures("dashboard-svg", f"{board.scope.key}:{board.scope.suppress}", drawings)
    return render(
        request,
        "insights/dashboard.html",
        {"board": board, "charts": charts, "map": world, "scopes": selectors.scopes_for(request.user)},
    )


def _rows(board: selectors.Dashboard) -> list[list[Any]]:
    rows: list[list[Any]] = [[_("Scope"), board.scope.name], []]
    rows += [
        [_("Registered workers"), cell(board.totals["registered"])],
        [_("Enrolments"), cell(board.totals["enrolments"])],
        [_("Course completions"), cell(board.totals["completions"])],
        [_("Placements"), cell(board.totals["placements"])],
        [_("Course certificates"), cell(board.certificates.get("cert_course"))],
        [_("Competency certificates"), cell(board.certificates.get("cert_competency"))],
        [],
    ]
    rows.append([_("Month"), _("Registered workers"), _("Enrolments"), _("Course completions")])
    for (month, reg), (_m2, enr), (_m3, comp) in zip(*(board.monthly[m] for m in selectors.METRICS), strict=True):
        rows.append([month, cell(reg), cell(enr), cell(comp)])
    if board.places:
        rows += [[], [_("Place"), _("Registered workers")]] + [[name, cell(v)] for _c, name, v in board.places]
    if board.applications:
        rows += [[], [_("Scheme"), _("Status"), pgettext("certification", "Applications")]]
        rows += [[f"{code} {name}", status, cell(v)] for code, name, status, v in board.applications]
    for table in board.breakdowns:
        if table.values:
            rows += [[], [table.label, _("Registered workers")]] + [[k, cell(v)] for k, v in table.values]
    return rows


def _export(board: selectors.Dashboard, fmt: str) -> HttpResponse:
    return table_response(_rows(board), fmt, f"dasbor-{board.scope.key.replace(':', '-')}", sheet="dasbor")


# --- adoption targets ---------------------------------------------------------------------------


@login_required
def targets(request: HttpRequest) -> HttpResponse:
    services.ensure_aggregates_fresh()
    rows = selectors.target_rows(request.user)  # refuses viewers without a scope
    form = TargetForm(request.POST or None, initial={"start_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            target = services.set_target(actor=cast("User", request.user), **form.cleaned_data)
        except DomainError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Target saved."))
            return redirect("insights:target", target_id=target.pk)
    return render(request, "insights/targets.html", {"rows": rows, "form": form})


@login_required
def target_page(request: HttpRequest, target_id: int) -> HttpResponse:
    services.ensure_aggregates_fresh()
    view = selectors.target_view(request.user, target_id)
    target, progress = view.target, view.progress

    def drawings() -> tuple[str, str]:
        chart = (
            svg.target_chart(
                progress.series,
                target.start_date,
                target.due_date,
                progress.start_value,
                target.goal,
                progress.projected,
                label=target.name,
            )
            if progress.measurable
            else ""
        )
        world = svg.choropleth({c: v for c, _n, v in view.places}, label=target.name, unit="") if view.places else ""
        return chart, world

    key = f"{selectors.target_key(target)}:{hashlib.sha256(target.name.encode()).hexdigest()[:16]}"
    chart, world = selectors.cached_figures("target-svg", key, drawings)
    return render(
        request,
        "insights/target.html",
        {"target": target, "p": progress, "chart": chart, "map": world, "scope": view.scope},
    )
