"""How a count about people is shown to someone outside those people's own organisation (DESIGN.md §4,
docs/decisions/0008-small-cells.md): the one rule every page, chart, download and API answer uses.

- 0 is shown as 0 (nobody is no one's secret);
- 1 to 4 people are hidden (`None`, shown as "<5");
- 5 or more are rounded to the nearest multiple of 5 (halves up: 5-7 → 5, 8-12 → 10, 13-17 → 15),
  so that no hidden cell can be computed as a total minus the cells that are shown.

Inside the worker's own organisation (a union's officers about their members) counts stay exact.
"""

from __future__ import annotations

SMALL_CELL = 5
BASE = 5


def rounded(n: int) -> int:
    """`n` to the nearest multiple of 5 (halves up), for lines that cannot have holes (a cumulative
    series: its day-to-day differences would otherwise give each day's count)."""
    return BASE * ((n + BASE // 2) // BASE)


def shown(n: int | None, *, suppress: bool = True) -> int | None:
    """The count as it may be shown: exact when not suppressed; else 0, hidden (None) under 5, or rounded."""
    if n is None or not suppress or n == 0:
        return n
    if n < SMALL_CELL:
        return None
    return rounded(n)


def too_small(n: int) -> bool:
    """A row of a table about people that must not appear at all (its very name would tell)."""
    return n < SMALL_CELL


def cell(n: int | None) -> int | str:
    """A suppressed count as written into a download: "<5" for a hidden cell."""
    return "<5" if n is None else n
