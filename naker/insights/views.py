"""Dashboards by scope (only the viewer's scope, only aggregates) and the adoption targets' pages."""

from __future__ import annotations

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
from naker.insights import fragments, selectors, services
from naker.insights.forms import TargetForm
from naker.organizations.selectors import offices_for_request

if TYPE_CHECKING:
    from naker.accounts.models import User


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    # The viewer's organisations (kept; on a miss the request's, which the menu shares) and the last
    # refresh, in one cache round trip; who may see which scope is decided here, on every request.
    seen = selectors.viewing(cast("User", request.user), offices=lambda: offices_for_request(request))
    refreshed = services.ensure_aggregates_fresh(seen.refreshed)
    scopes = selectors.scopes_for(request.user, offices=seen.offices)
    scope = selectors.scope_for(request.user, request.GET.get("scope"), allowed=scopes)  # 403 outside them
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return _export(selectors.dashboard_of_scope(scope), fmt)
    # The figures come rendered from the cache (the same for every viewer of the scope); the scope's
    # name (a chamber's own, or the province's) and the viewer's scopes to switch to are rendered here.
    return render(
        request,
        "insights/dashboard.html",
        {"scope": scope, "scopes": scopes, "figures": fragments.dashboard_html(scope, refreshed=refreshed)},
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
    rows = selectors.target_rows(request.user, offices=offices_for_request(request))  # refuses viewers without a scope
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
    # The viewer's organisations, the last refresh and the target: kept, one cache round trip.
    seen = selectors.viewing(
        cast("User", request.user), offices=lambda: offices_for_request(request), target_id=target_id
    )
    refreshed = services.ensure_aggregates_fresh(seen.refreshed)
    target = selectors.target_visible_to(request.user, target_id, offices=seen.offices, target=seen.target)  # 404
    # The page's body comes rendered from the cache, keyed by the target's version and the refresh.
    figures = fragments.target_html(target, refreshed=refreshed)
    return render(request, "insights/target.html", {"target": target, "figures": figures})
