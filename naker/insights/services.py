"""Keeping the aggregates current: each refresh adds what happened since the last one."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from naker.accounts import selectors as account_selectors
from naker.insights.models import Breakdown, DailyCount, Level, Watermark
from naker.learning import selectors as learning_selectors
from naker.organizations import selectors as org_selectors

STALE_AFTER = datetime.timedelta(minutes=5)
AGE_BANDS = ((0, 24, "15-24"), (25, 34, "25-34"), (35, 44, "35-44"), (45, 54, "45-54"), (55, 200, "55+"))


def age_band(birth_year: int | None, today: datetime.date) -> str:
    if not birth_year:
        return "?"
    age = today.year - birth_year
    return next((label for lo, hi, label in AGE_BANDS if lo <= age <= hi), "?")


def _add_daily(counts: Counter[tuple[str, str, str, Any]]) -> None:
    """Adds counts keyed (level, code, metric, day) to DailyCount, creating rows as needed."""
    if not counts:
        return
    keys = list(counts)
    existing = {
        (r.level, r.code, r.metric, r.day): r.pk
        for r in DailyCount.objects.filter(day__in={k[3] for k in keys}, metric__in={k[2] for k in keys}).only(
            "level", "code", "metric", "day"
        )
    }
    new = [
        DailyCount(level=k[0], code=k[1], metric=k[2], day=k[3], value=v)
        for k, v in counts.items()
        if k not in existing
    ]
    DailyCount.objects.bulk_create(new, batch_size=2000)
    for k, v in counts.items():
        if k in existing:
            DailyCount.objects.filter(pk=existing[k]).update(value=F("value") + v)


def _add_breakdown(counts: Counter[tuple[str, str, str, str]]) -> None:
    existing = {
        (b.level, b.code, b.dimension, b.value): b.pk
        for b in Breakdown.objects.all().only("level", "code", "dimension", "value")
    }
    Breakdown.objects.bulk_create(
        [
            Breakdown(level=k[0], code=k[1], dimension=k[2], value=k[3], count=v)
            for k, v in counts.items()
            if k not in existing
        ],
        batch_size=2000,
    )
    for k, v in counts.items():
        if k in existing:
            Breakdown.objects.filter(pk=existing[k]).update(count=F("count") + v)


def _levels(province: str | None, regency: str | None) -> list[tuple[str, str]]:
    places: list[tuple[str, str]] = [(Level.NATION, "")]
    if province:
        places.append((Level.PROVINCE, province))
    if regency:
        places.append((Level.REGENCY, regency))
    return places


def _mark(name: str) -> Watermark:
    return Watermark.objects.select_for_update().get_or_create(name=name)[0]


@transaction.atomic
def refresh() -> dict[str, int]:
    """Adds registrations, memberships, enrolments and completions since the last refresh."""
    today = timezone.localdate()
    daily: Counter[tuple[str, str, str, Any]] = Counter()
    breakdown: Counter[tuple[str, str, str, str]] = Counter()
    done = {}

    mark = _mark("registrations")
    rows, dimensions, mark.last_id = account_selectors.registrations_since(mark.last_id)
    for r in rows:
        for level, code in _levels(r["province_id"], r["regency_id"]):
            daily[(level, code, "registered", r["day"])] += r["n"]
            breakdown[(level, code, "area", r["regency__type"] or "?")] += r["n"]
    for dimension, groups in dimensions.items():
        for r in groups:
            value = age_band(r["value"], today) if dimension == "born" else (r["value"] or "?")
            for level, code in _levels(r["province_id"], r["regency_id"]):
                breakdown[(level, code, "age" if dimension == "born" else dimension, value)] += r["n"]
    mark.save()
    done["registrations"] = sum(r["n"] for r in rows)

    mark = _mark("memberships")
    rows, mark.last_id = org_selectors.memberships_since(mark.last_id)
    for r in rows:
        daily[(Level.ORGANIZATION, r["organization__code"], "registered", r["day"])] += r["n"]
    mark.save()

    mark = _mark("enrolments")
    rows, mark.last_id = learning_selectors.enrolments_since(mark.last_id)
    for r in rows:
        for level, code in _levels(r["user__worker__province_id"], r["user__worker__regency_id"]):
            daily[(level, code, "enrolments", r["day"])] += r["n"]
        daily[(Level.ORGANIZATION, r["course__provider__code"], "enrolments", r["day"])] += r["n"]
    mark.save()
    done["enrolments"] = sum(r["n"] for r in rows)

    mark = _mark("completions")
    now = timezone.now()
    rows = learning_selectors.completions_between(mark.last_time, now)
    for r in rows:
        for level, code in _levels(r["user__worker__province_id"], r["user__worker__regency_id"]):
            daily[(level, code, "completions", r["day"])] += r["n"]
        daily[(Level.ORGANIZATION, r["course__provider__code"], "completions", r["day"])] += r["n"]
    mark.last_time = now
    mark.refreshed_at = now
    mark.save()
    done["completions"] = sum(r["n"] for r in rows)

    _add_daily(daily)
    _add_breakdown(breakdown)
    if len(daily) > 10_000 and connection.vendor == "postgresql":
        # A backfill multiplies the table; plans picked on old statistics would scan it all.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE insights_dailycount")
            cursor.execute("ANALYZE insights_breakdown")
    return done


def ensure_fresh() -> None:
    """Refreshes if the last refresh is older than a few minutes (incremental, so it is cheap)."""
    last = Watermark.objects.filter(name="completions").values_list("refreshed_at", flat=True).first()
    if last is None or timezone.now() - last > STALE_AFTER:
        refresh()


def weekly_summary_text(scope: Any, *, today: datetime.date | None = None) -> str:
    """Last week in the scope: new registrations, enrolments, completions, and totals."""
    from django.utils.translation import gettext as _

    from naker.insights import selectors

    today = today or timezone.localdate()
    week_ago = today - datetime.timedelta(days=7)
    lines = [
        _("Kadin for Naker: the week to %(date)s in %(scope)s")
        % {"date": today.strftime("%d/%m/%Y"), "scope": scope.name},
        "",
    ]
    names = {
        "registered": _("Registered workers"),
        "enrolments": _("Enrolments"),
        "completions": _("Course completions"),
    }
    for metric, label in names.items():
        week = sum(v for _d, v in selectors.series(scope, metric, week_ago + datetime.timedelta(days=1), today))
        lines.append(
            _("%(label)s: +%(week)s this week, %(total)s in all")
            % {
                "label": label,
                "week": selectors.shown(week, scope) if week else 0,
                "total": selectors.shown(selectors.total(scope, metric), scope) or "<5",
            }
        )
    return "\n".join(lines)


def send_weekly_summaries() -> int:
    """One email to each officer with an email address, for each of their scopes."""
    from django.conf import settings
    from django.core.mail import send_mass_mail
    from django.utils.translation import gettext as _

    from naker.insights import selectors
    from naker.organizations.selectors import officers_everywhere

    refresh()
    messages = []
    for officer in officers_everywhere():
        for scope in selectors.scopes_for(officer):
            messages.append(
                (
                    _("Weekly summary: %(scope)s") % {"scope": scope.name},
                    weekly_summary_text(scope),
                    settings.DEFAULT_FROM_EMAIL,
                    [officer.email],
                )
            )
    send_mass_mail(messages, fail_silently=False)
    return len(messages)
