"""The figures part of the dashboards and target pages, rendered once and kept in the cache
(docs/decisions/0013-fast-pages.md): keyed by the aggregates' last refresh, the language and the
scope (with whether its small cells are hidden) or the target's version. Rendering the tables,
charts and map was most of a page's time; a warm page now reads one string.

Only figures are shared, never who may see them: the page decides per request whether the viewer
may see the scope or target (`selectors.scope_for`, `selectors.target_visible_to`) before it reads a
fragment, and renders what depends on the viewer (the scope's name as the viewer knows it, the
scopes they may switch to) around it. A fragment holds nothing of the viewer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from naker.insights import selectors, svg
from naker.insights.models import Level

if TYPE_CHECKING:
    import datetime

    from naker.insights.models import AdoptionTarget


def dashboard_key(scope: selectors.Scope) -> str:
    return f"{scope.key}:{scope.suppress}"


def dashboard_html(
    scope: selectors.Scope, *, refreshed: datetime.datetime | selectors.Unread | None = selectors.UNREAD
) -> SafeString:
    """A scope's figures as HTML: totals, map, monthly charts, places, branches, applications and
    breakdowns (the same for every viewer of the scope). `refreshed`: the last refresh's time when
    the page has it (`selectors.viewing`)."""

    def render() -> str:
        board = selectors.dashboard_of_scope(scope)
        charts = {m: svg.bars(points, label=m) for m, points in board.monthly.items()}
        world = ""
        if scope.level == Level.NATION:
            world = svg.choropleth(
                {c: v for c, _n, v in board.places}, label=_("Registered workers by province"), unit=_("workers")
            )
        return render_to_string("insights/_dashboard_figures.html", {"board": board, "charts": charts, "map": world})

    # what render_to_string escaped, read back from the cache
    kept = selectors.cached_figures("dashboard-html", dashboard_key(scope), render, refreshed=refreshed)
    return mark_safe(kept)  # noqa: S308


def target_html(
    target: AdoptionTarget, *, refreshed: datetime.datetime | selectors.Unread | None = selectors.UNREAD
) -> SafeString:
    """A target's page body: its figures, status, chart and map (the same for every viewer who may see
    the target; a new key when the target is edited, see `selectors.target_version`)."""

    def render() -> str:
        view = selectors.target_figures(target)
        progress = view.progress
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
        return render_to_string(
            "insights/_target_figures.html",
            {"target": target, "p": progress, "chart": chart, "map": world, "scope": view.scope},
        )

    kept = selectors.cached_figures("target-html", selectors.target_version(target), render, refreshed=refreshed)
    return mark_safe(kept)  # noqa: S308
