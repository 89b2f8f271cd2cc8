"""What the dashboards and target pages read: only the aggregates, only within the viewer's scope."""

from __future__ import annotations

import datetime
import enum
import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.cache import cache
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from naker.accounts.selectors import profile_labels
from naker.core import disclosure, versions
from naker.core.errors import Forbidden, NotFound
from naker.core.validation import sane_year
from naker.credentials.certification import selectors as cert_selectors
from naker.insights import errors
from naker.insights.models import AdoptionTarget, Breakdown, DailyCount, Level, Watermark
from naker.learning.selectors import active_learners
from naker.organizations import selectors as org_selectors
from naker.regions import selectors as region_selectors

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from django.contrib.auth.models import AnonymousUser

    from naker.accounts.models import User
    from naker.organizations.models import Organization

SMALL_CELL = disclosure.SMALL_CELL
# The figures of dashboards and target pages are cached per refresh of the aggregates
# (docs/decisions/0013-fast-pages.md): the key carries the last refresh's time, so a refresh makes
# new keys and the old ones fall out. Each process re-reads that time at most every 30 seconds.
LAST_REFRESH_KEY = "naker:insights:last-refresh"
LAST_REFRESH_SECONDS = 30
FIGURES_SECONDS = 30 * 60
UNKNOWN = "?"
METRICS = ("registered", "enrolments", "completions")
T = TypeVar("T")


@dataclass
class Scope:
    level: str
    code: str
    name: str
    organization: Organization | None = None
    suppress: bool = True  # cells under 5 hidden (outside the worker's own organisation)

    @property
    def key(self) -> str:
        return f"{self.level}:{self.code}" if self.code else self.level


def scopes_for(viewer: User | AnonymousUser, *, offices: Iterable[Organization] | None = None) -> list[Scope]:
    """Every scope the viewer may look at, their widest first. `offices`: the viewer's organisations
    (`managed_by`) when the caller has them already (the menu, once per request)."""
    if not getattr(viewer, "is_authenticated", False):
        return []
    found: list[Scope] = []
    if viewer.is_staff:
        found.append(Scope(Level.NATION, "", _("Indonesia")))
    for org in org_selectors.managed_by(viewer) if offices is None else offices:
        if org.kind == org.Kind.CHAMBER:
            if org.level == org.Level.NATIONAL:
                found.append(Scope(Level.NATION, "", _("Indonesia")))
            elif org.level == org.Level.PROVINCE and org.province_id:
                found.append(Scope(Level.PROVINCE, org.province_id, org.name))
            elif org.level == org.Level.REGENCY and org.regency_id:
                found.append(Scope(Level.REGENCY, org.regency_id, org.name))
        elif org.kind == org.Kind.UNION:
            found.append(Scope(Level.ORGANIZATION, org.code, org.name, organization=org, suppress=False))
        elif org.kind == org.Kind.PROVIDER:
            # A provider's figures are its courses' enrolments and completions.
            found.append(Scope(Level.ORGANIZATION, org.code, org.name, organization=org))
    unique: dict[str, Scope] = {}
    for s in found:
        unique.setdefault(s.key, s)
    return list(unique.values())


def scope_for(
    viewer: User | AnonymousUser,
    key: str | None,
    *,
    offices: Iterable[Organization] | None = None,
    allowed: list[Scope] | None = None,
) -> Scope:
    """The scope `key` names, if the viewer may see it (their widest when none is named). `offices`
    as for `scopes_for`: the page passes the viewer's, read once for the menu and for this;
    `allowed`: `scopes_for(viewer, offices=offices)` when the caller has it already."""
    if allowed is None:
        allowed = scopes_for(viewer, offices=offices)
    if not allowed:
        raise Forbidden(_("Dashboards are for officers of unions and chambers."))
    if not key:
        return allowed[0]
    for s in allowed:
        if s.key == key:
            return s
    # A wider scope includes the narrower ones below it.
    level, _sep, code = key.partition(":")
    if level == Level.PROVINCE and any(s.level == Level.NATION for s in allowed):
        return Scope(Level.PROVINCE, code, _province_name(code))
    if level == Level.REGENCY:
        regency = _regency(code)
        if regency and any(
            s.level == Level.NATION or (s.level == Level.PROVINCE and s.code == regency[1]) for s in allowed
        ):
            return Scope(Level.REGENCY, code, regency[0])
    if level == Level.ORGANIZATION:
        org = org_selectors.organization(code)
        if org is not None and org_selectors.can_oversee(viewer, org):
            return Scope(Level.ORGANIZATION, code, org.name, organization=org, suppress=org.kind != org.Kind.UNION)
    raise Forbidden(_("This dashboard is outside what you may see."))


def last_refresh() -> datetime.datetime | None:
    """When the aggregates were last refreshed (from the cache, else one query, then cached)."""
    found = cache.get(LAST_REFRESH_KEY)
    if found is None:
        found = last_refresh_in_database() or ""
        cache.set(LAST_REFRESH_KEY, found, LAST_REFRESH_SECONDS)
    return found or None


def last_refresh_in_database() -> datetime.datetime | None:
    return Watermark.objects.filter(name="completions").values_list("refreshed_at", flat=True).first()


def scopes_to_warm() -> list[Scope]:
    """The dashboards computed at each refresh: the nation's and every province's."""
    nation = Scope(Level.NATION, "", _("Indonesia"))
    return [nation] + [Scope(Level.PROVINCE, p.code, p.name) for p in region_selectors.provinces()]


def note_refresh(when: datetime.datetime) -> None:
    """Called by the refresh: new figures from now on (at once here, and everywhere with a shared
    cache; other processes within LAST_REFRESH_SECONDS)."""
    cache.set(LAST_REFRESH_KEY, when, LAST_REFRESH_SECONDS)


class Unread(enum.Enum):
    """A parameter's default: the caller has not read it (the function reads it)."""

    UNREAD = 0


UNREAD = Unread.UNREAD


def cached_figures(
    kind: str, key: str, compute: Callable[[], T], *, refreshed: datetime.datetime | Unread | None = UNREAD
) -> T:
    """`compute()` once per refresh of the aggregates, language and key. `refreshed`: the last
    refresh's time when the caller has it (`viewing`), read here otherwise."""
    if refreshed is UNREAD:
        refreshed = last_refresh()
    stamp = refreshed.isoformat() if refreshed else "never"
    full = f"naker:insights:{kind}:{stamp}:{translation.get_language()}:{key}"
    found = cache.get(full)
    if found is None:
        found = compute()
        cache.set(full, found, FIGURES_SECONDS)
    return found  # type: ignore[no-any-return]


# --- what a dashboard or target page reads for its viewer, in one cache round trip ---------------
# A warm page reads, besides the figures: the last refresh's time, the viewer's organisations (who may
# see which scope and target) and, for a target's page, the target. The organisations and the target
# were a query each per request; they are kept in the cache, each under the version of what it was read
# from (`naker.core.versions`, bumped by the signals `insights.apps` connects): a person's offices
# change with their memberships (that person's version) or any organisation (everyone's); targets with
# any target saved or deleted. Versions are read before the rows, and a bump is made again after the
# commit, so rows not yet committed are never kept under the new version. With the per-process
# local-memory cache another process keeps a version at most OFFICES_SECONDS (a minute: a demoted
# officer may still open a dashboard there that long, as a logout reaches the other processes within
# a minute, see `naker.core.sessions`); with Redis every process sees a bump at once. Who may see
# what is still decided on every request, from the organisations and `request.user` (staff or not).
OFFICES_SECONDS = 60
TARGET_SECONDS = 60
OFFICES_OF_EVERYONE = "insights:offices"
TARGETS = "insights:targets"


def offices_version(user_id: int) -> str:
    return f"insights:offices:{user_id}"


def forget_offices(user_id: int | None = None) -> None:
    """Read a person's organisations again (None: everyone's), now and after the commit."""
    versions.bump(OFFICES_OF_EVERYONE if user_id is None else offices_version(user_id))


def forget_targets() -> None:
    versions.bump(TARGETS)


@dataclass
class Viewing:
    """What a page needs of its viewer besides the figures: their organisations (officer or admin),
    the aggregates' last refresh, and the target asked for (None: not kept, `target_visible_to` reads
    it)."""

    offices: list[Organization]
    refreshed: datetime.datetime | None
    target: AdoptionTarget | None = None


def viewing(
    viewer: User | AnonymousUser,
    *,
    offices: Callable[[], Iterable[Organization]] | None = None,
    target_id: int | None = None,
) -> Viewing:
    """The viewer's organisations, the last refresh and the target `target_id`: one `get_many` when
    all are kept. `offices`: how to read the organisations when they are not kept (the page passes the
    request's, which the menu shares); `managed_by` otherwise."""
    if not viewer.is_authenticated:
        return Viewing([], last_refresh())
    mine = [offices_version(viewer.pk), OFFICES_OF_EVERYONE]
    offices_key = f"naker:insights:offices:{viewer.pk}"
    keys = [LAST_REFRESH_KEY, *(versions.PREFIX + n for n in mine), offices_key]
    target_key = f"naker:insights:target:{target_id}"
    if target_id is not None:
        keys += [versions.PREFIX + TARGETS, target_key]
    found = cache.get_many(keys)

    refreshed = (found[LAST_REFRESH_KEY] or None) if LAST_REFRESH_KEY in found else last_refresh()
    current: list[Any] = [found.get(versions.PREFIX + n) for n in mine]
    kept = found.get(offices_key)
    if kept is not None and None not in current and kept[0] == current:
        people = kept[1]
    else:
        current = versions.versions(mine, OFFICES_SECONDS)  # before the rows: see above
        people = list(offices() if offices is not None else org_selectors.managed_by(viewer).order_by("pk"))
        cache.set(offices_key, (current, people), OFFICES_SECONDS)

    target = None
    if target_id is not None:
        version = found.get(versions.PREFIX + TARGETS)
        row = found.get(target_key)
        if row is not None and version is not None and row[0] == version:
            target = row[1]
        elif scopes_for(viewer, offices=people):  # nobody else reads a target
            version = versions.version(TARGETS, TARGET_SECONDS)
            target = _target_row(target_id)
            if target is not None:
                cache.set(target_key, (version, target), TARGET_SECONDS)
    return Viewing(people, refreshed, target)


# What a target's page and the API show of a target: kept under a key shared by all who may see it, so
# without who set it.
TARGET_FIELDS = ("name", "scope", "scope_code", "metric", "goal", "start_date", "due_date")


def _target_row(target_id: int) -> AdoptionTarget | None:
    return AdoptionTarget.objects.filter(pk=target_id).only(*TARGET_FIELDS).first()


def _province_name(code: str) -> str:
    found = dict(region_selectors.province_choices()).get(code)  # cached: reference data
    if found is None:
        raise NotFound()
    return found


REGENCY_SECONDS = 3600


def _regency(code: str) -> tuple[str, str] | None:
    """(name, province code) of a regency or city, cached an hour like the province choices
    (reference data changes only with a migration): a dashboard or target of a regency would read
    it on every request otherwise."""
    key = f"naker:insights:regency:{code}"
    found = cache.get(key)
    if found is None:
        regency = region_selectors.regency(code)
        found = (regency.name, regency.province_id) if regency else ""
        cache.set(key, found, REGENCY_SECONDS)
    return found or None


def _codes(scope: Scope) -> tuple[str, list[str]]:
    if scope.level == Level.ORGANIZATION and scope.organization is not None:
        return Level.ORGANIZATION, org_selectors.subtree_codes(scope.organization)
    return scope.level, [scope.code]


def series(scope: Scope, metric: str, start: datetime.date, end: datetime.date) -> list[tuple[datetime.date, int]]:
    """Daily values in [start, end], zeros filled in."""
    level, codes = _codes(scope)
    rows = dict(
        DailyCount.objects.filter(level=level, code__in=codes, metric=metric, day__gte=start, day__lte=end)
        .values("day")
        .annotate(v=Sum("value"))
        .values_list("day", "v")
    )
    days = (end - start).days + 1
    return [(start + datetime.timedelta(days=i), rows.get(start + datetime.timedelta(days=i), 0)) for i in range(days)]


def total(scope: Scope, metric: str, *, until: datetime.date | None = None) -> int:
    level, codes = _codes(scope)
    rows = DailyCount.objects.filter(level=level, code__in=codes, metric=metric)
    if until:
        rows = rows.filter(day__lte=until)
    return rows.aggregate(v=Sum("value"))["v"] or 0


def monthly(scope: Scope, metric: str, months: int = 12) -> list[tuple[str, int | None]]:
    """The last `months` months' values as they may be shown (suppressed like every other cell)."""
    today = timezone.localdate()
    first = (today.replace(day=1) - datetime.timedelta(days=31 * (months - 1))).replace(day=1)
    buckets: dict[str, int] = {}
    for day, value in series(scope, metric, first, today):
        key = day.strftime("%Y-%m")
        buckets[key] = buckets.get(key, 0) + value
    return [(key, shown(value, scope)) for key, value in buckets.items()]


def shown(n: int | None, scope: Scope) -> int | None:
    """Counts shown outside the worker's own organisation hide cells under 5 people and round the
    others to 5 (`naker.core.disclosure`)."""
    return disclosure.shown(n, suppress=scope.suppress)


def line(n: int, scope: Scope) -> int:
    """A point of a cumulative line: rounded to 5 where cells are suppressed (a line has no holes)."""
    return disclosure.rounded(n) if scope.suppress else n


# What the dashboards break registrations down by, with their headings (translated when shown).
DIMENSIONS: list[tuple[str, Promise]] = [
    ("area", gettext_lazy("City (kota) or regency (kabupaten)")),
    ("sex", gettext_lazy("Sex")),
    ("age", gettext_lazy("Age")),
    ("education", gettext_lazy("Education")),
    ("employment", gettext_lazy("Work status")),
]


def breakdown(scope: Scope, dimension: str) -> list[tuple[str, int | None]]:
    if scope.level == Level.ORGANIZATION:
        return []  # organisations are counted by membership; breakdowns are by region
    labels = {**profile_labels(), "area": {"kota": _("City (kota)"), "kabupaten": _("Regency (kabupaten)")}}.get(
        dimension, {}
    )
    labels = {**labels, UNKNOWN: _("Not stated")}  # the refresh counts a missing value as "?"
    rows = Breakdown.objects.filter(level=scope.level, code=scope.code, dimension=dimension).order_by("-count")
    return [(str(labels.get(r.value, r.value)), shown(r.count, scope)) for r in rows]


def by_place(scope: Scope, metric: str = "registered") -> list[tuple[str, str, int | None]]:
    """The places one level down (provinces of the nation, regencies of a province): code, name, value."""
    if scope.level == Level.NATION:
        names = {p.code: p.name for p in region_selectors.provinces()}
        level = Level.PROVINCE
    elif scope.level == Level.PROVINCE:
        names = {r.code: r.name for r in region_selectors.regencies_of(scope.code)}
        level = Level.REGENCY
    else:
        return []
    values = dict(
        DailyCount.objects.filter(level=level, code__in=list(names), metric=metric)
        .values("code")
        .annotate(v=Sum("value"))
        .values_list("code", "v")
    )
    rows = [(code, name, values.get(code, 0)) for code, name in names.items()]
    rows.sort(key=lambda r: -r[2])
    return [(c, n, shown(v, scope)) for c, n, v in rows]


def branches(scope: Scope, metric: str = "registered") -> list[tuple[str, str, int | None]]:
    """Organisations directly under a union, with their (subtree) counts, largest first."""
    if scope.level != Level.ORGANIZATION or scope.organization is None:
        return []
    out = []
    for child in org_selectors.children_of(scope.organization):
        codes = org_selectors.subtree_codes(child)
        value = (
            DailyCount.objects.filter(level=Level.ORGANIZATION, code__in=codes, metric=metric).aggregate(
                v=Sum("value")
            )["v"]
            or 0
        )
        out.append((child.code, child.name, value))
    out.sort(key=lambda r: -r[2])
    return [(c, n, shown(v, scope)) for c, n, v in out]


# --- targets ------------------------------------------------------------------------------------

DAILY_METRIC = {
    "registered": "registered",
    "completions": "completions",
    "placements": "placements",
    "certifications": "certifications",
}
RATE_WINDOW_DAYS = 14


@dataclass
class TargetProgress:
    """A target's figures as they may be shown: in a suppressed scope `current` hides under 5 and the
    line, its start and the straight line's value today are rounded to 5 (`naker.core.disclosure`)."""

    current: int | None
    start_value: int
    series: list[tuple[datetime.date, int]]
    expected_now: int
    projected: datetime.date | None
    on_track: bool
    measurable: bool
    lagging: list[tuple[str, int | None]]
    reached: bool = False  # from the exact count (a rounded `current` may pass the goal before it)


def _active_now(scope: Scope) -> int:
    """Learners active in the last 30 days: a distinct count, read live (it cannot be summed by day)."""
    if scope.level == Level.ORGANIZATION and scope.organization is not None:
        return active_learners(user_ids=org_selectors.member_ids_of_subtree(scope.organization))
    if scope.level == Level.PROVINCE:
        return active_learners(province=scope.code)
    if scope.level == Level.REGENCY:
        return active_learners(regency=scope.code)
    return active_learners()


def scope_of_target(target: AdoptionTarget) -> Scope:
    if target.scope == "nation":
        return Scope(Level.NATION, "", _("Indonesia"))
    if target.scope == "province":
        return Scope(Level.PROVINCE, target.scope_code, _province_name(target.scope_code))
    if target.scope == "regency":
        regency = _regency(target.scope_code)
        return Scope(Level.REGENCY, target.scope_code, regency[0] if regency else target.scope_code)
    org = org_selectors.get_organization(target.scope_code)
    return Scope(Level.ORGANIZATION, org.code, org.name, organization=org, suppress=False)


def progress_of(target: AdoptionTarget, *, today: datetime.date | None = None) -> TargetProgress:
    """Where the target stands: cumulative value by day, the straight line's value today, and when
    the recent rate (last 14 days) reaches the goal."""
    today = today or timezone.localdate()
    if not (sane_year(target.start_date) and sane_year(target.due_date)):
        # A row saved before dates were checked (year 1 or 9999): shown as not measurable, so that
        # one bad row cannot break the list it is in (date arithmetic on it overflows).
        return TargetProgress(0, 0, [], 0, None, False, False, [])
    scope = scope_of_target(target)
    metric = DAILY_METRIC.get(target.metric)
    if target.metric == "active":
        current = _active_now(scope)
        reached = current >= target.goal
        return TargetProgress(shown(current, scope), 0, [], target.goal, None, reached, True, [], reached)
    if metric is None:  # a metric no aggregate counts (yet)
        return TargetProgress(0, 0, [], 0, None, False, False, [])
    before = total(scope, metric, until=target.start_date - datetime.timedelta(days=1))
    days = series(scope, metric, target.start_date, min(today, target.due_date))
    cumulative: list[tuple[datetime.date, int]] = []
    running = before
    for day, value in days:
        running += value
        cumulative.append((day, running))
    current = running
    elapsed = max(0, (min(today, target.due_date) - target.start_date).days)
    length = max(1, (target.due_date - target.start_date).days)
    expected = before + round((target.goal - before) * elapsed / length)
    recent = sum(v for d, v in days if d > today - datetime.timedelta(days=RATE_WINDOW_DAYS))
    rate = recent / RATE_WINDOW_DAYS
    if current >= target.goal:
        projected: datetime.date | None = next((d for d, v in cumulative if v >= target.goal), today)
    elif rate > 0 and (target.goal - current) / rate < (datetime.date.max - today).days - 1:
        projected = today + datetime.timedelta(days=int((target.goal - current) / rate + 0.999))
    else:  # nothing added lately, or at this pace not before the calendar ends (was a 500: issue 13's bench)
        projected = None
    on_track = current >= target.goal or (projected is not None and projected <= target.due_date)
    lagging = (
        [(name, value) for _c, name, value in by_place(scope, metric)][-5:]
        if scope.level in (Level.NATION, Level.PROVINCE)
        else []
    )
    if scope.level == Level.ORGANIZATION:
        lagging = [(name, value) for _c, name, value in branches(scope, metric)][-5:]
    return TargetProgress(
        shown(current, scope),
        line(before, scope),
        [(day, line(value, scope)) for day, value in cumulative],
        line(expected, scope),
        projected,
        on_track,
        True,
        lagging,
        current >= target.goal,
    )


def _target_filter(viewer: User | AnonymousUser, allowed: list[Scope], offices: Iterable[Organization]) -> Q:
    """The targets inside the viewer's scopes, and everything below them, as one SQL condition
    (the same rule as `scope_for`, computed once for all targets). The regencies of a province and
    the organisations under an office are subqueries of it: no query of their own."""
    nation = any(s.level == Level.NATION for s in allowed)
    provinces = [s.code for s in allowed if s.level == Level.PROVINCE]
    regencies = [s.code for s in allowed if s.level == Level.REGENCY]
    condition = Q(scope=AdoptionTarget.Scope.PROVINCE, scope_code__in=provinces) | Q(
        scope=AdoptionTarget.Scope.REGENCY, scope_code__in=regencies
    )
    if provinces:
        condition |= Q(
            scope=AdoptionTarget.Scope.REGENCY,
            scope_code__in=region_selectors.regencies().filter(province_id__in=provinces).values("code"),
        )
    if nation:
        condition |= Q(
            scope__in=[AdoptionTarget.Scope.NATION, AdoptionTarget.Scope.PROVINCE, AdoptionTarget.Scope.REGENCY]
        )
    if viewer.is_staff:
        condition |= Q(scope=AdoptionTarget.Scope.ORGANIZATION)
    elif offices:
        condition |= Q(scope=AdoptionTarget.Scope.ORGANIZATION, scope_code__in=org_selectors.codes_under(offices))
    return condition


def targets_visible_to(
    viewer: User | AnonymousUser, *, offices: Iterable[Organization] | None = None
) -> QuerySet[AdoptionTarget]:
    """The targets whose scope the viewer may see: their own scopes and everything below them.
    `offices` as for `scopes_for` (the viewer's organisations, when the caller has them)."""
    offices = list(org_selectors.managed_by(viewer) if offices is None else offices)
    allowed = scopes_for(viewer, offices=offices)
    if not allowed:
        return AdoptionTarget.objects.none()
    return AdoptionTarget.objects.filter(_target_filter(viewer, allowed, offices))


def target_visible_to(
    viewer: User | AnonymousUser,
    target_id: int,
    *,
    offices: Iterable[Organization] | None = None,
    target: AdoptionTarget | None = None,
) -> AdoptionTarget:
    """One target, if the viewer may see it (TargetNotFound else, as for one that does not exist).
    Read by its key and checked here by `_may_see_target`, the same rule as `_target_filter`: building
    and compiling that filter (with its subqueries) cost a target page more than its whole query.
    `target`: the row when the caller has it (`viewing`: kept), read here otherwise."""
    offices = list(org_selectors.managed_by(viewer) if offices is None else offices)
    allowed = scopes_for(viewer, offices=offices)
    found = None
    if allowed:
        found = target if target is not None and target.pk == target_id else _target_row(target_id)
    if found is None or not _may_see_target(viewer, found, allowed, offices):
        raise errors.TargetNotFound()
    return found


def _may_see_target(
    viewer: User | AnonymousUser, target: AdoptionTarget, allowed: list[Scope], offices: list[Organization]
) -> bool:
    """`_target_filter` for one target (a test holds the two to the same answers): the viewer's scopes
    and everything below them."""
    nation = any(s.level == Level.NATION for s in allowed)
    code = target.scope_code
    if target.scope in (AdoptionTarget.Scope.NATION, AdoptionTarget.Scope.PROVINCE, AdoptionTarget.Scope.REGENCY):
        if nation:
            return True
        if target.scope == AdoptionTarget.Scope.PROVINCE:
            return any(s.level == Level.PROVINCE and s.code == code for s in allowed)
        if target.scope == AdoptionTarget.Scope.REGENCY:
            regency = _regency(code)
            return any(
                (s.level == Level.REGENCY and s.code == code)
                or (s.level == Level.PROVINCE and regency is not None and s.code == regency[1])
                for s in allowed
            )
        return False
    if target.scope != AdoptionTarget.Scope.ORGANIZATION:
        return False
    if viewer.is_staff or any(office.code == code for office in offices):
        return True
    # an organisation below one of the viewer's: one query for where it sits in the tree
    org = org_selectors.organization(code) if offices else None
    return org is not None and any(org.path.startswith(office.path) for office in offices)


@dataclass
class TargetRow:
    target: AdoptionTarget
    progress: TargetProgress


def target_rows(viewer: User | AnonymousUser, *, offices: Iterable[Organization] | None = None) -> list[TargetRow]:
    """The targets page: each visible target with its progress (officers only)."""
    offices = list(org_selectors.managed_by(viewer) if offices is None else offices)
    if not scopes_for(viewer, offices=offices):
        raise errors.NotAnOfficer()
    return [TargetRow(t, progress_of(t)) for t in targets_visible_to(viewer, offices=offices)]


@dataclass
class TargetView:
    target: AdoptionTarget
    progress: TargetProgress
    scope: Scope
    places: list[tuple[str, str, int | None]] = field(default_factory=list)  # nation: by province


def target_version(target: AdoptionTarget) -> str:
    """A key for everything a target's page shows of the target itself, and today: an edited target
    (or a new day) has a new key, so its page shows the change at once."""
    fields = (
        target.scope,
        target.scope_code,
        target.metric,
        target.goal,
        target.start_date,
        target.due_date,
        target.name,
        timezone.localdate(),
    )
    return f"{target.pk}:{hashlib.sha256(repr(fields).encode()).hexdigest()[:24]}"


def target_figures(target: AdoptionTarget) -> TargetView:
    """One target's page: its progress, its scope, and for a national target the provinces. Not
    cached here: the page caches what it renders of it (`insights.fragments`)."""
    progress = progress_of(target)
    scope = scope_of_target(target)
    places = []
    if scope.level == Level.NATION and progress.measurable:
        places = by_place(scope, DAILY_METRIC[target.metric])
    return TargetView(target, progress, scope, places)


# --- estimates for the member lists ------------------------------------------------------------


def people_estimate(org: Organization) -> int | None:
    """Roughly how many people an organisation's member list holds, from the aggregates (a union:
    its memberships and those below it; a chamber: the registered workers of its region). Lags the
    last refresh, and counts erased accounts: the member list labels it "about"."""
    if org.kind == org.Kind.CHAMBER:
        if org.level == org.Level.NATIONAL:
            scope = Scope(Level.NATION, "", "")
        elif org.level == org.Level.PROVINCE and org.province_id:
            scope = Scope(Level.PROVINCE, org.province_id, "")
        elif org.level == org.Level.REGENCY and org.regency_id:
            scope = Scope(Level.REGENCY, org.regency_id, "")
        else:
            return None
    else:
        scope = Scope(Level.ORGANIZATION, org.code, "", organization=org)
    return cached_figures("people", scope.key, lambda: total(scope, "registered"))


# --- the dashboard ------------------------------------------------------------------------------


@dataclass
class BreakdownTable:
    dimension: str
    label: str
    values: list[tuple[str, int | None]]


@dataclass
class Dashboard:
    """One scope's dashboard: what the page shows and the API answers."""

    scope: Scope
    totals: dict[str, int | None]
    monthly: dict[str, list[tuple[str, int | None]]]
    places: list[tuple[str, str, int | None]]
    branches: list[tuple[str, str, int | None]]
    breakdowns: list[BreakdownTable]
    # course and competency certificates issued, and certification applications by scheme and status
    certificates: dict[str, int | None] = field(default_factory=dict)
    applications: list[tuple[str, str, str, int | None]] = field(default_factory=list)


CERT_METRICS = ("cert_course", "cert_competency")


def certification_applications(scope: Scope) -> list[tuple[str, str, str, int | None]]:
    """(scheme code, scheme name, status label, count) of the people in the scope; cells under 5
    suppressed (rows of fewer than 5 left out where suppressed: their very name would tell)."""
    if scope.level == Level.ORGANIZATION and scope.organization is not None:
        if scope.organization.kind != scope.organization.Kind.UNION:
            return []
        rows = cert_selectors.application_counts(user_ids=org_selectors.member_ids_of_subtree(scope.organization))
    elif scope.level == Level.PROVINCE:
        rows = cert_selectors.application_counts(province=scope.code)
    elif scope.level == Level.REGENCY:
        rows = cert_selectors.application_counts(regency=scope.code)
    else:
        rows = cert_selectors.application_counts()
    labels = cert_selectors.status_labels()
    return [
        (r["scheme__code"], r["scheme__name"], labels.get(r["status"], r["status"]), shown(r["n"], scope))
        for r in rows
        if not (scope.suppress and disclosure.too_small(r["n"]))
    ]


def dashboard_of(
    viewer: User | AnonymousUser,
    scope_key: str | None,
    *,
    offices: Iterable[Organization] | None = None,
    refreshed: datetime.datetime | Unread | None = UNREAD,
) -> Dashboard:
    """The figures of a scope the viewer may see (their widest scope when none is asked for).
    `offices` and `refreshed` when the caller has them (`viewing`)."""
    return dashboard_of_scope(scope_for(viewer, scope_key, offices=offices), refreshed=refreshed)


def dashboard_of_scope(scope: Scope, *, refreshed: datetime.datetime | Unread | None = UNREAD) -> Dashboard:
    """A scope's figures, computed once per refresh of the aggregates (and language)."""

    def compute() -> dict[str, Any]:
        return {
            "totals": {m: shown(total(scope, m), scope) for m in (*METRICS, "placements")},
            "monthly": {m: monthly(scope, m) for m in METRICS},
            "places": by_place(scope),
            "branches": branches(scope),
            "breakdowns": [BreakdownTable(dim, str(label), breakdown(scope, dim)) for dim, label in DIMENSIONS],
            "certificates": {m: shown(total(scope, m), scope) for m in CERT_METRICS},
            "applications": certification_applications(scope),
        }

    # The scope itself is not cached: its name is the viewer's (a chamber's name, or the province's).
    figures = cached_figures("dashboard", f"{scope.key}:{scope.suppress}", compute, refreshed=refreshed)
    return Dashboard(scope=scope, **figures)
