"""Charts and the map of Indonesia drawn as SVG on the server: readable without JavaScript, no
chart library, nothing fetched. Colours come from the stylesheet (classes), so CSP stays strict."""

from __future__ import annotations

import datetime
import json
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any

from django.utils.dates import MONTHS, MONTHS_3

GEOJSON = Path(__file__).resolve().parent.parent / "regions" / "data" / "provinces.geojson"
MAP_WIDTH = 800
SMALL = 5  # a hidden bar scales the chart as if it were 5


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


@lru_cache(maxsize=1)
def _provinces() -> tuple[tuple[str, str, str], ...]:
    """(code, name, SVG path) for every province, projected once per process."""
    data = json.loads(GEOJSON.read_text(encoding="utf-8"))
    features = data["features"]
    lons = [p[0] for f in features for ring in _rings(f["geometry"]) for p in ring]
    lats = [p[1] for f in features for ring in _rings(f["geometry"]) for p in ring]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    scale = MAP_WIDTH / (east - west)
    out = []
    for f in features:
        parts = []
        for ring in _rings(f["geometry"]):
            points = " ".join(f"{(lon - west) * scale:.1f},{(north - lat) * scale:.1f}" for lon, lat in ring)
            parts.append(f"M{points}Z")
        out.append((str(f["properties"]["code"]), str(f["properties"]["name"]), "".join(parts)))
    _provinces.height = (north - south) * scale  # type: ignore[attr-defined]
    return tuple(out)


def choropleth(values: dict[str, int | None], *, label: str, unit: str) -> str:
    """A map of the 38 provinces shaded in five steps by value; each has a title with its number."""
    shapes = _provinces()
    height = getattr(_provinces, "height", 300)
    known = sorted(v for v in values.values() if v)

    def step(v: int | None) -> int:
        if not v or not known:
            return 0
        rank = sum(1 for k in known if k <= v) / len(known)
        return min(5, 1 + int(rank * 4.999))

    paths = []
    for code, name, d in shapes:
        v = values.get(code)
        text = f"{name}: {v:,} {unit}".replace(",", ".") if v is not None else f"{name}: <5"
        paths.append(f'<path class="m{step(v)}" d="{d}"><title>{escape(text)}</title></path>')
    return (
        f'<svg class="map" viewBox="0 0 {MAP_WIDTH} {height:.0f}" role="img" aria-label="{escape(label)}">'
        + "".join(paths)
        + "</svg>"
    )


def _month(key: str) -> tuple[str, str, str]:
    """("Nov", "2026", "November 2026") for "2026-11", in the active language; keys that are not
    months come back as they are."""
    try:
        year, month = int(key[:4]), int(key[5:7])
        short, full = MONTHS_3[month], MONTHS[month]
    except (ValueError, KeyError):
        return key, "", key
    return str(short).capitalize(), str(year), f"{full} {year}"


def bars(points: list[tuple[str, int | None]], *, label: str) -> str:
    """Monthly bars with their values; a suppressed value (None) is a low bar labelled "<5".

    Drawn in a 360-unit-wide box so that its text reads at about the stylesheet's size on a 360 px
    phone. Each bar carries its month; the year is written under the first bar and under every
    January, and each bar's title names month and year in full."""
    if not points:
        return ""
    width, height, gap, foot = 360, 190, 3, 34
    top = max((SMALL if v is None else v) for _k, v in points) or 1
    bar = (width - gap * len(points)) / len(points)
    parts = []
    for i, (key, count) in enumerate(points):
        # A hidden value is drawn at the height of 2 so that its bar tells nothing its label does not.
        h = (height - foot - 16) * (2 if count is None else count) / top
        value = "&lt;5" if count is None else str(count)
        short, year, full = _month(key)
        x = i * (bar + gap)
        mid = x + bar / 2
        parts.append(
            f'<rect class="bar" data-month="{escape(key)}" x="{x:.1f}" y="{height - foot - h:.1f}" width="{bar:.1f}" height="{h:.1f}"><title>{escape(full)}: {value}</title></rect>'
            f'<text x="{mid:.1f}" y="{height - foot + 14}" text-anchor="middle">{escape(short)}</text>'
            f'<text x="{mid:.1f}" y="{max(12, height - foot - 4 - h):.1f}" text-anchor="middle">{value}</text>'
        )
        if year and (i == 0 or key[5:7] == "01"):
            anchor = "start" if i == 0 else "middle"
            parts.append(
                f'<text class="year" x="{x if i == 0 else mid:.1f}" y="{height - 4}" text-anchor="{anchor}">{year}</text>'
            )
    return f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">{"".join(parts)}</svg>'


def target_chart(
    actual: list[tuple[datetime.date, int]],
    start: datetime.date,
    due: datetime.date,
    start_value: int,
    goal: int,
    projected: datetime.date | None,
    *,
    label: str,
) -> str:
    """Progress over time (solid), the straight line to the target (thin), the projection (dashed)."""
    width, height, pad = 600, 220, 30
    end = max([due, projected or due, actual[-1][0] if actual else due])
    end = min(end, due + (due - start))  # keep a far projection from squashing the chart
    span = max(1, (end - start).days)
    top = max([goal, *(v for _d, v in actual)]) or 1

    def xy(day: datetime.date, value: float) -> str:
        x = pad + (width - 2 * pad) * (day - start).days / span
        y = height - pad - (height - 2 * pad) * value / top
        return f"{x:.1f},{y:.1f}"

    line = " ".join(xy(d, v) for d, v in actual)
    parts = [
        f'<polyline class="goal-line" points="{xy(start, start_value)} {xy(due, goal)}"/>',
        f'<polyline class="actual-line" points="{line}"/>' if line else "",
        f'<text x="{pad}" y="{pad - 10}">{goal}</text>',
        f'<text x="{pad}" y="{height - 8}">{start:%d/%m}</text><text x="{width - pad}" y="{height - 8}" text-anchor="end">{due:%d/%m}</text>',
    ]
    if projected and actual:
        last_day, last_value = actual[-1]
        stop = min(projected, end)
        reach = (
            goal
            if stop == projected
            else last_value + (goal - last_value) * (stop - last_day).days / max(1, (projected - last_day).days)
        )
        parts.append(f'<polyline class="projection-line" points="{xy(last_day, last_value)} {xy(stop, reach)}"/>')
    return f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">{"".join(parts)}</svg>'
