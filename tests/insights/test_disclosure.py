"""Small cells stay hidden in every output, and no hidden cell can be computed from what is shown
(issue 8, item 8; docs/decisions/0008-small-cells.md).

The attacker knows the rule (0 shown, 1-4 hidden, the rest rounded to the nearest 5) and every
figure a chamber officer's dashboards show: totals, each breakdown, the places, the monthly series.
For each hidden cell we take what the shown figures allow it to be (the group's total minus the
other cells, each known only within its rounding) and require at least two possible values.
"""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from naker.accounts.models import WorkerProfile
from naker.core.disclosure import cell
from naker.insights import selectors, services
from naker.insights.models import AdoptionTarget
from naker.organizations.models import Organization
from tests.factories import make_org, make_worker, officer_of

pytestmark = pytest.mark.django_db

# (regency, women, men, of whom registered two months ago)
PEOPLE = [("32.75", 2, 7, 3), ("32.16", 1, 2, 0), ("32.73", 0, 11, 0)]


@pytest.fixture
def officer(db):
    jabar = make_org("kadin-jabar", kind=Organization.Kind.CHAMBER, level=Organization.Level.PROVINCE, province_id="32")
    earlier = timezone.now() - datetime.timedelta(days=62)
    for regency, women, men, old in PEOPLE:
        for i in range(women + men):
            user = make_worker(regency_code=regency)
            profile = WorkerProfile.objects.filter(user=user)
            if i < women:
                profile.update(sex="female")
            if i < old:
                profile.update(created_at=earlier)
    services.refresh_aggregates()
    return officer_of(jabar)


def bounds(v: int | None) -> tuple[int, int]:
    """What a shown figure tells about the true count."""
    if v is None:
        return (1, 4)
    if v == 0:
        return (0, 0)
    if v == 5:
        return (5, 7)  # 1-4 would be hidden
    return (v - 2, v + 2)


def recoverable(total: int | None, cells: list[int | None]) -> list[int]:
    """The positions of hidden cells whose value is the only one the shown figures allow."""
    low_total, high_total = bounds(total)
    found = []
    for i, v in enumerate(cells):
        if v is not None:
            continue
        others = [bounds(c) for j, c in enumerate(cells) if j != i]
        low = max(1, low_total - sum(h for _l, h in others))
        high = min(4, high_total - sum(lo for lo, _h in others))
        if high - low < 1:
            found.append(i)
    return found


def groups(board: selectors.Dashboard) -> list[tuple[str, int | None, list[int | None]]]:
    """Every set of cells that adds up to a shown total (all registrations are within 12 months)."""
    out = [(t.dimension, board.totals["registered"], [v for _k, v in t.values]) for t in board.breakdowns]
    if board.places:
        out.append(("places", board.totals["registered"], [v for _c, _n, v in board.places]))
    out += [(f"monthly {m}", board.totals[m], [v for _k, v in points]) for m, points in board.monthly.items()]
    return out


SCOPES = ["province:32", "regency:32.75", "regency:32.16"]


@pytest.mark.parametrize("key", SCOPES)
def test_no_hidden_cell_can_be_computed_from_what_a_chamber_officer_sees(officer, key):
    board = selectors.dashboard_of(officer, key)
    hidden = 0
    for name, total, cells in groups(board):
        assert all(v is None or v % 5 == 0 for v in [total, *cells]), (name, total, cells)
        hidden += cells.count(None)
        assert recoverable(total, cells) == [], f"{key} {name}: total {total}, cells {cells}"
    assert hidden  # the world has small cells in every scope: women, Kabupaten Bekasi, a month


def test_a_target_of_the_province_shows_its_line_suppressed(officer):
    goal = AdoptionTarget.objects.create(
        name="Jabar",
        scope="province",
        scope_code="32",
        metric="registered",
        goal=100,
        start_date=timezone.localdate() - datetime.timedelta(days=90),
        due_date=timezone.localdate() + datetime.timedelta(days=90),
        created_by=officer,
    )
    progress = selectors.progress_of(goal)
    assert progress.current == 25  # 23 people
    # A cumulative line's day-to-day steps would give each day's count: every point is rounded.
    assert progress.series and all(v % 5 == 0 for _d, v in progress.series)
    assert progress.start_value % 5 == 0 and progress.expected_now % 5 == 0


def _page_cells(html: str) -> list[str]:
    return re.findall(r"<td>([^<]*)</td></tr>", html)


@pytest.mark.parametrize("key", SCOPES)
def test_the_page_the_api_the_csv_and_the_xlsx_show_the_same_suppressed_figures(client, token_for, officer, key):
    board = selectors.dashboard_of(officer, key)
    client.force_login(officer)

    body = client.get("/api/v1/insights/dashboard", {"scope": key}, **token_for(officer)).json()
    assert body["totals"] == board.totals
    assert body["monthly"] == {m: [{"month": k, "value": v} for k, v in pts] for m, pts in board.monthly.items()}
    assert body["breakdowns"] == {t.dimension: dict(t.values) for t in board.breakdowns}
    assert [p["registered"] for p in body["places"]] == [v for _c, _n, v in board.places]

    html = client.get("/dasbor/", {"scope": key}).content.decode()
    shown_cells = [str(cell(v)).replace("<", "&lt;") for _c, _n, v in board.places]
    shown_cells += [str(cell(v)).replace("<", "&lt;") for t in board.breakdowns for _k, v in t.values]
    assert _page_cells(html) == shown_cells
    bars = re.findall(r"data-month=\"(\d{4}-\d{2})\"[^>]*><title>[^<:]*: ([^<]*)</title>", html)
    expected_bars = [(k, str(cell(v)).replace("<", "&lt;")) for pts in board.monthly.values() for k, v in pts]
    assert bars == expected_bars

    csv_rows = list(
        csv.reader(io.StringIO(client.get("/dasbor/", {"scope": key, "format": "csv"}).content.decode("utf-8-sig")))
    )
    sheet = load_workbook(io.BytesIO(client.get("/dasbor/", {"scope": key, "format": "xlsx"}).content)).active
    xlsx_rows = [["" if c is None else str(c) for c in row] for row in sheet.iter_rows(values_only=True)]

    def trimmed(row: list[str]) -> list[str]:
        while row and row[-1] == "":
            row = row[:-1]
        return row

    assert [r for r in csv_rows if r] == [trimmed(r) for r in xlsx_rows if any(r)]
    months = [
        [k, *(str(cell(board.monthly[m][i][1])) for m in selectors.METRICS)]
        for i, (k, _v) in enumerate(board.monthly["registered"])
    ]
    assert all(row in csv_rows for row in months)
    for row in csv_rows:
        for value in row[1:]:
            assert value == "<5" or not value.isdigit() or int(value) % 5 == 0, row


def test_the_target_pages_show_a_small_current_as_under_5_and_judge_reached_on_the_exact_count(client, officer):
    def make(goal: int, code: str) -> AdoptionTarget:
        return AdoptionTarget.objects.create(
            name=f"target {code} {goal}",
            scope="regency",
            scope_code=code,
            metric="registered",
            goal=goal,
            start_date=timezone.localdate() - datetime.timedelta(days=90),
            due_date=timezone.localdate() + datetime.timedelta(days=90),
            created_by=officer,
        )

    small = make(50, "32.16")  # 3 people
    almost = make(10, "32.75")  # 9 people, shown as 10: not reached yet
    client.force_login(officer)
    listing = client.get("/target/").content.decode()
    assert "&lt;5 / 50" in listing and "None" not in listing
    page = client.get(f"/target/{small.pk}/").content.decode()
    assert 'id="current">&lt;5<' in page
    assert selectors.progress_of(almost).current == 10
    assert 'id="target-status">Tercapai' not in client.get(f"/target/{almost.pk}/").content.decode()


def test_a_province_dashboard_says_why_it_has_no_regency_map(client, officer):
    client.force_login(officer)
    html = client.get("/dasbor/?scope=province:32").content.decode()
    assert 'id="no-regency-map"' in html and "Belum ada peta per kabupaten/kota" in html
    assert '<svg class="map"' not in html
