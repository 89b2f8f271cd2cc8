"""Keeping the aggregates current (each refresh adds what happened since the last one), the weekly
summaries, and setting adoption targets."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from naker.accounts import selectors as account_selectors
from naker.core import disclosure
from naker.core.errors import Forbidden
from naker.credentials.certification import selectors as cert_selectors
from naker.insights import errors, fragments, selectors
from naker.insights.models import AdoptionTarget, Breakdown, DailyCount, Level, Watermark
from naker.jobs import selectors as jobs_selectors
from naker.learning import selectors as learning_selectors
from naker.organizations import selectors as org_selectors

if TYPE_CHECKING:
    from naker.accounts.models import User

STALE_AFTER = datetime.timedelta(minutes=5)
CERT_METRIC = {"course": "cert_course", "competency": "cert_competency"}
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


def refresh_aggregates(*, warm: bool = True) -> dict[str, int]:
    """Adds registrations, memberships, enrolments and completions since the last refresh; then the
    dashboards read new figures (their cache is keyed by the refresh), and with `warm` the national
    and provincial ones are computed and rendered at once (`fragments`), so that no officer waits
    for them."""
    done = _refresh_aggregates()
    refreshed = selectors.last_refresh_in_database()
    if refreshed is not None:
        selectors.note_refresh(refreshed)
        if warm:
            with translation.override(settings.LANGUAGE_CODE):
                for scope in selectors.scopes_to_warm():
                    fragments.dashboard_html(scope)  # the figures, then the page's part drawn from them
    return done


@transaction.atomic
def _refresh_aggregates() -> dict[str, int]:
    """Adds registrations, memberships, enrolments, completions, certificates and placements since the last refresh."""
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
    after_id = mark.last_id
    rows, mark.last_id = learning_selectors.enrolments_since(mark.last_id)
    for r in rows:
        for level, code in _levels(r["user__worker__province_id"], r["user__worker__regency_id"]):
            daily[(level, code, "enrolments", r["day"])] += r["n"]
        daily[(Level.ORGANIZATION, r["course__provider__code"], "enrolments", r["day"])] += r["n"]
    # A union's figures are its members' learning, in any provider's course.
    for r in learning_selectors.member_enrolments_between(after_id, mark.last_id):
        daily[(Level.ORGANIZATION, r["organization_code"], "enrolments", r["day"])] += r["n"]
    mark.save()
    done["enrolments"] = sum(r["n"] for r in rows)

    mark = _mark("completions")
    now = timezone.now()
    rows = learning_selectors.completions_between(mark.last_time, now)
    for r in rows:
        for level, code in _levels(r["user__worker__province_id"], r["user__worker__regency_id"]):
            daily[(level, code, "completions", r["day"])] += r["n"]
        daily[(Level.ORGANIZATION, r["course__provider__code"], "completions", r["day"])] += r["n"]
    for r in learning_selectors.member_completions_between(mark.last_time, now):
        daily[(Level.ORGANIZATION, r["organization_code"], "completions", r["day"])] += r["n"]
    mark.last_time = now
    mark.refreshed_at = now
    mark.save()
    done["completions"] = sum(r["n"] for r in rows)

    # Hires recorded by the jobs app: where the worker lives, and their union (dashboards add up the
    # union's subtree). A placement keeps its place and union when the worker erases their account.
    mark = _mark("placements")
    rows, mark.last_id = jobs_selectors.placements_since(mark.last_id)
    for r in rows:
        for level, code in _levels(r["province_id"], r["regency_id"]):
            daily[(level, code, "placements", r["day"])] += r["n"]
        if r["union__code"]:
            daily[(Level.ORGANIZATION, r["union__code"], "placements", r["day"])] += r["n"]
    mark.save()
    done["placements"] = sum(r["n"] for r in rows)
    # Certificates issued: course and competency certificates separately ("cert_course",
    # "cert_competency") and together ("certifications", what targets count).
    mark = _mark("credentials")
    after_id = mark.last_id
    rows, mark.last_id = cert_selectors.credentials_since(mark.last_id)
    for r in rows:
        metric = CERT_METRIC[r["kind"]]
        for level, code in _levels(r["holder__worker__province_id"], r["holder__worker__regency_id"]):
            daily[(level, code, metric, r["day"])] += r["n"]
            daily[(level, code, "certifications", r["day"])] += r["n"]
        daily[(Level.ORGANIZATION, r["issuer_org__code"], metric, r["day"])] += r["n"]
        daily[(Level.ORGANIZATION, r["issuer_org__code"], "certifications", r["day"])] += r["n"]
    for r in cert_selectors.member_credentials_between(after_id, mark.last_id):
        daily[(Level.ORGANIZATION, r["organization_code"], CERT_METRIC[r["kind"]], r["day"])] += r["n"]
        daily[(Level.ORGANIZATION, r["organization_code"], "certifications", r["day"])] += r["n"]
    mark.save()
    done["certifications"] = sum(r["n"] for r in rows)

    _add_daily(daily)
    _add_breakdown(breakdown)
    if len(daily) > 10_000 and connection.vendor == "postgresql":
        # A backfill multiplies the table; plans picked on old statistics would scan it all.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE insights_dailycount")
            cursor.execute("ANALYZE insights_breakdown")
    return done


def ensure_aggregates_fresh(
    last: datetime.datetime | selectors.Unread | None = selectors.UNREAD,
) -> datetime.datetime | None:
    """Refreshes if the last refresh is older than a few minutes (incremental, so it is cheap).
    `last`: the last refresh's time when the caller has it (`selectors.viewing`). Returns the time of
    the last refresh after this."""
    if last is selectors.UNREAD:
        last = selectors.last_refresh()
    if last is None or timezone.now() - last > STALE_AFTER:
        refresh_aggregates(warm=False)
        return selectors.last_refresh()
    return last


def weekly_summary_text(scope: selectors.Scope, *, today: datetime.date | None = None) -> str:
    """Last week in the scope: new registrations, enrolments, completions, and totals."""
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
                "week": disclosure.cell(selectors.shown(week, scope)),
                "total": disclosure.cell(selectors.shown(selectors.total(scope, metric), scope)),
            }
        )
    return "\n".join(lines)


def send_weekly_summaries() -> int:
    """One email to each officer with an email address, for each of their scopes."""
    refresh_aggregates()
    messages = []
    for officer in org_selectors.officers_everywhere():
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


# --- adoption targets ---------------------------------------------------------------------------


@transaction.atomic
def set_target(
    *,
    actor: User,
    name: str,
    scope: str,
    scope_code: str,
    metric: str,
    goal: int,
    start_date: datetime.date,
    due_date: datetime.date,
) -> AdoptionTarget:
    """A target for a scope the actor oversees (a platform admin: any)."""
    problems: dict[str, str] = {}
    if scope not in AdoptionTarget.Scope.values:
        problems["scope"] = _("Choose the nation, a province, a regency/city or an organisation.")
    if metric not in AdoptionTarget.Metric.values:
        problems["metric"] = _("Choose what is counted.")
    if goal < 1:
        problems["goal"] = _("The target is at least 1.")
    if due_date <= start_date:
        problems["due_date"] = _("The due date comes after the start.")
    if problems:
        raise errors.TargetInvalid(_("Some fields need fixing."), field_errors=problems)
    key = "nation" if scope == "nation" else f"{scope}:{scope_code}"
    try:
        selectors.scope_for(actor, key)  # refuses scopes outside the actor's
    except Forbidden as exc:
        # In the words of targets, next to the field, not the dashboard's refusal.
        msg = str(errors.TargetOutsideScope.default_message)
        raise errors.TargetOutsideScope(msg, field_errors={"scope_code": msg}) from exc
    return AdoptionTarget.objects.create(
        name=name,
        scope=scope,
        scope_code="" if scope == "nation" else scope_code,
        metric=metric,
        goal=goal,
        start_date=start_date,
        due_date=due_date,
        created_by=actor,
    )
