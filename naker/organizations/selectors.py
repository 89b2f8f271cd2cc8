"""Reads of organisations, always scoped to the viewer.

Scope rules (DESIGN.md §4): a platform admin sees everything; an officer or admin of an
organisation sees it and every organisation below it; a chamber's officers see the workers who
live in the chamber's region (all of Indonesia for Kadin Indonesia).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import CharField, Count, Exists, F, Max, OuterRef, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import TruncDate

from naker.accounts import selectors as account_selectors
from naker.core import versions
from naker.core.kept_sql import Kept, prepared_cursor
from naker.core.models import AuditEvent
from naker.organizations.errors import OrganizationNotFound, OutsideScope, PersonNotFound
from naker.organizations.models import JoinRequest, Membership, Organization

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from django.contrib.auth.models import AnonymousUser

    from naker.accounts.models import User

    Viewer = User | AnonymousUser

OFFICER_ROLES = (Membership.Role.OFFICER, Membership.Role.ADMIN)


def organization(code: str) -> Organization | None:
    return Organization.objects.filter(code=code).first()


def union_by_code(code: str) -> Organization | None:
    """The union with this code, or None (also when the code names another kind of organisation)."""
    return Organization.objects.filter(code=code, kind=Organization.Kind.UNION).first()


def union_named(text: str) -> Organization | None:
    """The union a worker meant by its code or its whole name (any case, spaces tidied), or None."""
    text = " ".join((text or "").split())
    if not text:
        return None
    found = union_by_code(text.lower())
    if found is None:
        found = Organization.objects.filter(kind=Organization.Kind.UNION, name__iexact=text).order_by("path").first()
    return found


PARTNER_KINDS = (Organization.Kind.UNION, Organization.Kind.CHAMBER)


def partner_named(text: str) -> Organization | None:
    """The union or chamber meant by its whole name (any case, spaces tidied) or its code, or None."""
    text = " ".join((text or "").split())
    if not text:
        return None
    found = Organization.objects.filter(kind__in=PARTNER_KINDS, code=text.lower()).first()
    if found is None:
        found = Organization.objects.filter(kind__in=PARTNER_KINDS, name__iexact=text).order_by("path").first()
    return found


def partners_for_admin(limit: int = 300) -> list[Organization]:
    """A platform administrator plans events for any union or chamber (the upper levels first)."""
    return list(Organization.objects.filter(kind__in=PARTNER_KINDS).order_by("path")[:limit])


def partner_names(limit: int = 300) -> list[str]:
    """Names of unions and chambers to suggest when naming a co-organiser (the upper levels first)."""
    return list(
        Organization.objects.filter(kind__in=PARTNER_KINDS).order_by("path").values_list("name", flat=True)[:limit]
    )


def pending_join_requests(viewer: Viewer, org: Organization) -> QuerySet[JoinRequest]:
    """Requests waiting for this union's approval, oldest first, for those who oversee it."""
    if not can_oversee(viewer, org):
        raise OutsideScope()
    return _pending_join_requests(org)


def _pending_join_requests(org: Organization) -> QuerySet[JoinRequest]:
    return (
        JoinRequest.objects.filter(organization=org, status=JoinRequest.Status.PENDING)
        .select_related("user", "user__worker", "user__worker__regency")
        .order_by("requested_at", "pk")
    )


def get_organization(code: str) -> Organization:
    org = organization(code)
    if org is None:
        raise OrganizationNotFound()
    return org


def role_in(viewer: Viewer, org: Organization) -> str | None:
    """The viewer's strongest role in this organisation or any above it; "platform" for admins."""
    if not viewer.is_authenticated:
        return None
    if viewer.is_staff:
        return "platform"
    roles = set(
        Membership.objects.filter(
            user=viewer, role__in=OFFICER_ROLES, organization__code__in=org.ancestor_codes
        ).values_list("role", flat=True)
    )
    if Membership.Role.ADMIN in roles:
        return Membership.Role.ADMIN
    if Membership.Role.OFFICER in roles:
        return Membership.Role.OFFICER
    return None


def can_oversee(viewer: Viewer, org: Organization) -> bool:
    return role_in(viewer, org) is not None


def organization_overseen_by(viewer: Viewer, code: str) -> Organization:
    """The organisation, if the viewer may see its people; OrganizationNotFound / OutsideScope else."""
    org = get_organization(code)
    if not can_oversee(viewer, org):
        raise OutsideScope()
    return org


def managed_by(viewer: Viewer) -> QuerySet[Organization]:
    """Organisations where the viewer is an officer or admin (not those below them)."""
    if not viewer.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(memberships__user=viewer, memberships__role__in=OFFICER_ROLES).distinct()


def offices_for_request(request: Any) -> list[Organization]:
    """`managed_by(request.user)`, read once per request: every page's menu asks for it twice (the
    officer's organisations, and whether a dashboard is offered). Kept on the request only, so it is
    never older than the request."""
    found = getattr(request, "_naker_offices", None)
    if found is None:
        found = list(managed_by(request.user).order_by("pk"))
        request._naker_offices = found
    return found


def _people_filter(org: Organization, *, walk: bool = False) -> Q:
    """Who the people of `org` are, in one of two equivalent forms (the same people either way):

    - the scope's form (`walk=False`): a join to the chamber's region (workers by province or regency)
      or the members of the organisation's tree; the database starts from the scope's own rows, which
      suits a scope of up to a thousand or so people (counted first, see `people_page`);
    - the walking form (`walk=True`): an `EXISTS` per person, so that a page of a large scope walks
      everyone newest first on the (date_joined, id) index of live accounts and stops after a page,
      probing each person's worker profile or memberships by a unique index. Its cost follows the
      scope's share of everyone, not the number of people (issue 13: the confederation's "id IN every
      membership of the tree" grew from 92 to 548 ms between 10,000 and 100,000 workers).
    """
    if org.kind == Organization.Kind.CHAMBER:
        if org.level == Organization.Level.REGENCY and org.regency_id:
            where = {"regency_id": org.regency_id}
        elif org.level == Organization.Level.PROVINCE and org.province_id:
            where = {"province_id": org.province_id}
        elif org.level == Organization.Level.NATIONAL:
            return Q(worker__isnull=False)
        else:
            return Q(pk__in=[])
        if walk:
            return Q(account_selectors.worker_in_region(**where))
        return Q(**{f"worker__{k}": v for k, v in where.items()})
    subtree = Organization.objects.filter(path__startswith=org.path).values("pk")
    if walk:
        return Q(Exists(Membership.objects.filter(user_id=OuterRef("pk"), organization_id__in=subtree)))
    return Q(pk__in=Membership.objects.filter(organization_id__in=subtree).values("user_id"))


def people_visible_to(viewer: Viewer, org: Organization, *, walk: bool = False) -> QuerySet[User]:
    """The people of `org` (its members and those of every organisation below it; for a chamber, the
    workers of its region), if the viewer oversees it. Ordered newest first, ready to paginate.
    `walk`: the form of the query for a page of a large scope (`_people_filter`), same people."""
    if not can_oversee(viewer, org):
        raise OutsideScope()
    return (
        account_selectors.users()
        .filter(_people_filter(org, walk=walk))
        .select_related("worker", "worker__regency")
        .order_by("-date_joined", "-id")
    )


# --- a page of people: keyset pagination, a bounded count (docs/decisions/0013-fast-pages.md) ------

PEOPLE_PAGE_SIZE = 50
# Up to this many people a list is counted exactly (a count over at most this many rows); above it
# the count is an estimate from the dashboards' aggregates, shown as "about".
EXACT_COUNT_UP_TO = 1000
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_estimators: dict[str, Callable[[Organization], int | None]] = {}


def register_people_estimate(name: str, estimate: Callable[[Organization], int | None]) -> None:
    """A higher app (insights, which keeps the aggregates) tells how many people a large
    organisation or region has, roughly: called in its AppConfig.ready()."""
    _estimators[name] = estimate


@dataclass(frozen=True)
class PeopleCount:
    value: int
    exact: bool


@dataclass
class PeoplePage:
    """A page of people as plain rows (dicts: `id`, `full_name`, `date_joined`, `nik_masked` and
    `regency`, both None for someone without a worker profile, and `phone` when asked for): only
    what a list shows, read as values, not as models."""

    items: list[dict[str, Any]]
    number: int
    count: PeopleCount
    next_cursor: str | None

    @property
    def pages(self) -> int:
        return max(self.number, -(-self.count.value // PEOPLE_PAGE_SIZE))


@dataclass
class MemberList:
    """What a member list shows: the organisation, a page of its people and, for a union, the
    requests to join waiting for its officers (dicts: `id`, `requested_at`, `full_name`, `regency`)."""

    org: Organization
    page: PeoplePage
    requests: list[dict[str, Any]]


def cursor_after(number: int, person: dict[str, Any]) -> str:
    """The cursor of the page after `number`, which ends with `person`: page, join time, id."""
    micros = (person["date_joined"] - _EPOCH) // datetime.timedelta(microseconds=1)
    return f"{number + 1}.{micros}.{person['id']}"


def parse_cursor(cursor: str) -> tuple[int, datetime.datetime, int] | None:
    parts = (cursor or "").split(".")
    if len(parts) != 3 or not all(p.isdigit() and len(p) < 20 for p in parts):
        return None
    try:
        joined = _EPOCH + datetime.timedelta(microseconds=int(parts[1]))
    except OverflowError:
        return None
    return int(parts[0]), joined, int(parts[2])


def people_estimate(org: Organization) -> int:
    """The aggregates' figure for `org` (0 when no estimator is registered or nothing was refreshed)."""
    return max([e(org) or 0 for e in _estimators.values()], default=0)


def count_people(org: Organization, people: Callable[[], QuerySet[User]]) -> PeopleCount:
    """Exact up to EXACT_COUNT_UP_TO (a count that stops there), an estimate above it. `people` keeps
    its order, if any: the first 1,001 in an index's order are what a region's count reads. It is
    made only when counted (`people()`).

    Where the aggregates already say at least twice the cap, nothing is counted: the estimate is what
    the list would show anyway, and a count of 1,001 people costs 1,001 probes of their accounts (on
    SQLite the union's form built the whole member list first: 179 ms for a confederation of 600,000
    members). So the count reads at most about twice the cap whatever the size of the scope; only
    before the aggregates' first refresh does it read up to 1,001 people of a large scope."""
    estimate = people_estimate(org)
    if estimate >= 2 * EXACT_COUNT_UP_TO:
        return PeopleCount(estimate, exact=False)
    n = people().select_related(None)[: EXACT_COUNT_UP_TO + 1].count()
    if n <= EXACT_COUNT_UP_TO:
        return PeopleCount(n, exact=True)
    return PeopleCount(max(n, estimate), exact=False)


def _region_of(org: Organization) -> dict[str, str] | None:
    """A provincial or regency chamber's region, as a filter on the worker profile."""
    if org.kind != Organization.Kind.CHAMBER:
        return None
    if org.level == Organization.Level.REGENCY and org.regency_id:
        return {"worker__regency_id": org.regency_id}
    if org.level == Organization.Level.PROVINCE and org.province_id:
        return {"worker__province_id": org.province_id}
    return None


def _page_of(org: Organization, *, after: str, page: int, phone: bool, rows_of: _Rows | None = None) -> PeoplePage:
    """One page of the people of `org` (the caller has checked that the viewer oversees it), newest
    first on (date_joined, id), in the form that reads the fewest rows for the scope; every form
    names the same people in the same order:

    - a provincial or regency chamber reads its region's own index, (province or regency, the join
      date copied onto the profile, id), for the count (at most 1,001 entries, in that order, so
      that the database probes the accounts of those entries and no more) and for the page (a page of
      entries), however many workers there are;
    - another scope is counted from its own rows (at most 1,001) and, up to a thousand people,
      paged from them too (at most a thousand sorted); a larger union walks everyone newest first
      and stops after a page (`_people_filter`).

    The page's statement is made once per process and shape (`_statement`): building and compiling
    it with the ORM cost more than running it."""
    scope, value = _scope_of(org)
    # Where the aggregates already say twice the cap, their figure is the count (`count_people`);
    # else the scope's own rows are counted, at most 1,001 of them, in the page's statement (below).
    estimate = people_estimate(org)
    count = PeopleCount(estimate, exact=False) if estimate >= 2 * EXACT_COUNT_UP_TO else None
    if scope == "union" and count is not None:
        large = _large_page(org, count, after=after, page=page, phone=phone, rows_of=rows_of)
        if large is not None:
            return large
    counted = count is None
    position = parse_cursor(after) if after else None
    args: list[Any] = [] if value is None else [value]
    if position is not None:
        number, last_joined, last_id = position
        args += [last_joined, last_id]
        offset = 0
    else:
        number = max(1, page)
        offset = (number - 1) * PEOPLE_PAGE_SIZE
    build = _page_rows(scope, counted=counted, phone=phone, cursor=position is not None, offset=offset)
    # the shape: what the SQL's text depends on (the sizes too, which tests change)
    cursor = position is not None
    sizes = (EXACT_COUNT_UP_TO, PEOPLE_PAGE_SIZE)
    shape = None if offset or scope == "none" else ("page", scope, counted, phone, cursor, *sizes)
    names = _names(phone=phone, counted=counted)
    found = (rows_of or _Rows()).read(_statement(shape, build, *args), names, phone=phone, counted=counted)
    if counted:
        n = found[0].pop("people_count") if found else None
        for row in found[1:]:
            row.pop("people_count")
        if n is None:
            n = 0 if position is None and number == 1 else _tally(scope, value)[: EXACT_COUNT_UP_TO + 1].count()
        if n > EXACT_COUNT_UP_TO:
            # more than the cap though the aggregates said fewer than twice it (or were not refreshed
            # yet): a large union's page is read again in its own form
            count = PeopleCount(max(n, estimate), exact=False)
            if scope == "union":
                again = _large_page(org, count, after=after, page=page, phone=phone, rows_of=rows_of)
                if again is not None:
                    return again
        else:
            count = PeopleCount(n, exact=True)
    assert count is not None
    items = found[:PEOPLE_PAGE_SIZE]
    next_cursor = cursor_after(number, items[-1]) if len(found) > PEOPLE_PAGE_SIZE else None
    return PeoplePage(items, number, count, next_cursor)


def _scope_of(org: Organization) -> tuple[str, Any]:
    """The form of `org`'s people (`_people_filter`'s scope form) and the value it depends on: a
    union's path ("union"), a chamber's region ("worker__province_id" or "worker__regency_id", read
    from its region's index), everyone with a worker profile ("nation"), or nobody ("none")."""
    if org.kind != Organization.Kind.CHAMBER:
        return "union", org.path
    if org.level == Organization.Level.REGENCY and org.regency_id:
        return "worker__regency_id", org.regency_id
    if org.level == Organization.Level.PROVINCE and org.province_id:
        return "worker__province_id", org.province_id
    if org.level == Organization.Level.NATIONAL:
        return "nation", None
    return "none", None


def _counted(scope: str, value: Any) -> QuerySet[User]:
    """The people of a scope (`_scope_of`) as the count reads them: a region's in its index's order."""
    people = account_selectors.users()
    if scope == "union":
        subtree = Organization.objects.filter(path__startswith=value).values("pk")
        return people.filter(pk__in=Membership.objects.filter(organization_id__in=subtree).values("user_id"))
    if scope == "nation":
        return people.filter(worker__isnull=False)
    if scope == "none":
        return people.filter(pk__in=[])
    return people.filter(**{scope: value}).order_by("-worker__joined", "-worker__user_id")


def _tally(scope: str, value: Any) -> QuerySet[Any]:
    """The people of a scope as the capped count reads them (their keys): a region's from the worker
    profiles' region index, less the erased accounts (`live_profiles`), without joining every profile
    to its account; a union's or the nation's as the page reads them."""
    if scope.startswith("worker__"):
        return account_selectors.live_profiles(**{scope.removeprefix("worker__"): value}).values("pk")
    return _counted(scope, value).values("pk")


def _page_rows(scope: str, *, counted: bool, phone: bool, cursor: bool, offset: int) -> Callable[..., QuerySet[Any]]:
    """Builds the statement of a page of a scope (`_scope_of`) from its value and, after a cursor,
    the last person's join time and id: its rows (`_shown`, at most a page and one) and, where
    `counted`, the capped count as a column (an uncorrelated scalar subquery: PostgreSQL runs it once
    as an `InitPlan`, SQLite once too)."""
    region = scope.startswith("worker__")
    joined, pk = ("worker__joined", "worker__user_id") if region else ("date_joined", "id")

    def build(*args: Any) -> QuerySet[Any]:
        value, rest = (None, args) if scope in ("nation", "none") else (args[0], args[1:])
        people = _counted(scope, value)
        ordered = people.order_by(f"-{joined}", f"-{pk}")
        if cursor:
            last_joined, last_id = rest
            earlier = Q(**{f"{joined}__lt": last_joined}) | Q(**{joined: last_joined, f"{pk}__lt": last_id})
            rows = ordered.filter(earlier).filter(**{f"{joined}__lte": last_joined})
        else:
            rows = ordered[offset:]
        shown = _shown(rows, phone=phone)
        if counted:
            capped, capped_params = _tally(scope, value)[: EXACT_COUNT_UP_TO + 1].query.sql_with_params()
            tally = RawSQL(f"SELECT COUNT(*) FROM ({capped}) capped", capped_params)  # noqa: S608, S611 - the ORM's SQL
            shown = shown.annotate(people_count=tally)
        return shown[: PEOPLE_PAGE_SIZE + 1]

    return build


_KEPT_STATEMENTS: dict[tuple[Any, ...], Kept[Any]] = {}


def _statement(shape: tuple[Any, ...] | None, build: Callable[..., QuerySet[Any]], *args: Any) -> _Sql | None:
    """The SQL and parameters of `build(*args)`: made once per process and `shape` (everything the
    SQL's text depends on; `naker.core.kept_sql.Kept`), or by the ORM where `shape` is None (a page
    by number past the first: its offset is in the text). None where the statement selects nobody."""
    if shape is None:
        try:
            sql, params = build(*args).query.sql_with_params()
        except EmptyResultSet:
            return None
        return sql, tuple(params)
    kept = _KEPT_STATEMENTS.get(shape)
    if kept is None:
        kept = _KEPT_STATEMENTS.setdefault(shape, Kept(build, *_samples(args)))
    return kept.statement(*args)


def _samples(args: tuple[Any, ...]) -> list[Any]:
    """Sample arguments of the same types as `args`, each distinct (for `Kept` to find where each lands)."""
    found: list[Any] = []
    for n, arg in enumerate(args):
        if isinstance(arg, datetime.datetime):
            found.append(datetime.datetime(2001, 2, 3, 4, 5, n, tzinfo=datetime.UTC))
        elif isinstance(arg, int):
            found.append(2_000_000_101 + 13 * n)
        else:
            found.append(f"kept{n}sample/")
    return found


def _names(*, phone: bool, counted: bool = False) -> list[str]:
    """The columns of a page's rows (`_shown`), in the statement's order."""
    return ["id", "full_name", "date_joined", *(["phone"] if phone else []), "nik_masked", "regency"] + (
        ["people_count"] if counted else []
    )


def _large_page(
    org: Organization, count: PeopleCount, *, after: str, page: int, phone: bool, rows_of: _Rows | None = None
) -> PeoplePage | None:
    """A page of a union of more than EXACT_COUNT_UP_TO people: merged from its organisations' own
    indexes (a tree of at most MERGE_UP_TO) or walked (`_people_filter(walk=True)`); None for a chamber
    (its page is read from its region's index, or for Kadin Indonesia from everyone) and for a larger
    national union: those are read in the scope's own form."""
    if org.kind == Organization.Kind.CHAMBER:
        return None
    tree = tree_ids(org)
    if len(tree) <= MERGE_UP_TO:
        return _merged_page(org, tree, after=after, page=page, phone=phone, count=count, rows_of=rows_of)
    if org.level == Organization.Level.NATIONAL:
        return None  # read in the scope's form, as before
    people = account_selectors.users().filter(_people_filter(org, walk=True)).order_by("-date_joined", "-id")
    position = parse_cursor(after) if after else None
    if position is not None:
        number, last_joined, last_id = position
        earlier = Q(date_joined__lt=last_joined) | Q(date_joined=last_joined, id__lt=last_id)
        rows = people.filter(earlier).filter(date_joined__lte=last_joined)
    else:
        number = max(1, page)
        rows = people[(number - 1) * PEOPLE_PAGE_SIZE :]
    shown = _shown(rows, phone=phone)[: PEOPLE_PAGE_SIZE + 1]
    found = (rows_of or _Rows()).read(_statement(None, lambda: shown), _names(phone=phone), phone=phone)
    items = found[:PEOPLE_PAGE_SIZE]
    next_cursor = cursor_after(number, items[-1]) if len(found) > PEOPLE_PAGE_SIZE else None
    return PeoplePage(items, number, count, next_cursor)


_Sql = tuple[str, tuple[Any, ...]]


def _asking(*, phone: bool, counted: bool) -> Callable[[int], QuerySet[Any]]:
    """Builds the statement of a union's pending requests to join, in the columns of a page's rows."""

    def build(org_id: int) -> QuerySet[Any]:
        blank = Value(None, output_field=CharField())
        waiting: dict[str, Any] = {
            "full_name": F("user__full_name"),
            "date_joined": F("requested_at"),
            **({"phone": blank} if phone else {}),
            "nik_masked": blank,
            "regency": F("user__worker__regency__name"),
            **({"people_count": Value(0)} if counted else {}),
        }
        asking = JoinRequest.objects.filter(organization_id=org_id, status=JoinRequest.Status.PENDING)
        return asking.values("id", **waiting)

    return build


@dataclass
class _Rows:
    """Reads a page's rows (a statement of `_shown` rows, newest first) and, for a union's page
    (`union`), its pending requests to join in the same statement (`UNION ALL`, one round trip): the
    first read only (a page read again in another form reads its rows alone)."""

    union: Organization | None = None
    requests: list[dict[str, Any]] | None = None

    def read(self, page: _Sql | None, names: list[str], *, phone: bool, counted: bool = False) -> list[dict[str, Any]]:
        quote = connection.ops.quote_name
        columns = ", ".join(quote(n) for n in names)
        if self.union is None or self.requests is not None:
            self.requests = self.requests or []
            if page is None:
                return []
            sql, params = f"SELECT 0, {columns} FROM ({page[0]}) page", page[1]  # noqa: S608 - the ORM's own SQL
        else:
            asking = _statement(("asking", phone, counted), _asking(phone=phone, counted=counted), self.union.pk)
            assert asking is not None
            if page is None:  # nobody to read (`pk__in=[]`): the requests alone
                sql, params = f"SELECT 1, {columns} FROM ({asking[0]}) asking", asking[1]  # noqa: S608
            else:
                sql = (
                    f"SELECT 0, {columns} FROM ({page[0]}) page UNION ALL "  # noqa: S608 - the ORM's own SQL
                    f"SELECT 1, {columns} FROM ({asking[0]}) asking"
                )
                params = (*page[1], *asking[1])
        with prepared_cursor() as cursor:  # texts made once per shape: planned once per connection
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        # the database's own values, as the ORM would convert them (SQLite returns datetimes as text)
        person: Any = Membership._meta.get_field("user").related_model
        column = person._meta.get_field("date_joined").get_col(person._meta.db_table)
        converters = connection.ops.get_db_converters(column)
        at = names.index("date_joined")
        people: list[dict[str, Any]] = []
        requests: list[dict[str, Any]] = []
        for arm, *values in fetched:
            for convert in converters:
                values[at] = convert(values[at], column, connection)
            row = dict(zip(names, values, strict=True))
            if arm:
                requests.append(
                    {
                        "id": row["id"],
                        "requested_at": row["date_joined"],
                        "full_name": row["full_name"],
                        "regency": row["regency"],
                    }
                )
            else:
                people.append(row)
        # each arm's own order (a compound statement promises none)
        people.sort(key=lambda r: (r["date_joined"], r["id"]), reverse=True)
        requests.sort(key=lambda r: (r["requested_at"], r["id"]))
        if self.requests is None:
            self.requests = requests
        return people


def _shown(rows: QuerySet[User], *, phone: bool) -> QuerySet[User, dict[str, Any]]:
    """What a list shows of each person, as values."""
    columns = ["id", "full_name", "date_joined", *(["phone"] if phone else [])]
    return rows.values(*columns, nik_masked=F("worker__nik_masked"), regency=F("worker__regency__name"))


_ANY_ORGANIZATION = -20_260_000  # an id no organisation has: where each arm's own id goes


# A union's tree of at most this many organisations is paged by merging each organisation's own
# index (`_merged_page`); a larger one walks everyone newest first (`_people_filter(walk=True)`).
MERGE_UP_TO = 30
TREE_VERSION = "organizations:tree"
TREE_SECONDS = 60


def tree_ids(org: Organization) -> list[int]:
    """The ids of `org` and of every organisation below it, kept in the cache under the version of
    the organisations' tree (any save or delete of an organisation makes a new one, see apps.py; with
    the per-process cache another process sees a new branch within TREE_SECONDS)."""
    key = f"naker:org-tree:{versions.version(TREE_VERSION, TREE_SECONDS)}:{org.pk}:{org.path}"
    found = cache.get(key)
    if found is None:
        found = list(Organization.objects.filter(path__startswith=org.path).order_by("pk").values_list("pk", flat=True))
        cache.set(key, found, TREE_SECONDS)
    return list(found)


def _merged_rows(size: int, *, phone: bool, cursor: bool, skip: int) -> Callable[..., QuerySet[Any]]:
    """Builds the statement of a page of a union's tree of `size` organisations, from the union's
    path, the organisations' ids and, after a cursor, the last person's join time and id.

    Each organisation gives its first rows after the cursor (its live members only, on its own index
    (organization, user_joined, user)), those are merged newest first, each person once, and the
    page's people are read by id, in one statement: `SELECT … FROM accounts_user … WHERE id IN
    (SELECT user_id FROM (SELECT DISTINCT user_joined, user_id FROM (arm 1 UNION ALL arm 2 …) ORDER BY
    … LIMIT 51))`. Django refuses a slice inside a compound statement on SQLite (`QuerySet.union`),
    which allows it in a subquery: so each arm is selected from as a subquery, which PostgreSQL runs
    as the arm itself."""
    take = skip + PEOPLE_PAGE_SIZE + 1

    def build(path: str, *args: Any) -> QuerySet[Any]:
        tree, rest = args[:size], args[size:]
        rows = Membership.objects.filter(organization_id=_ANY_ORGANIZATION, user__erased_at__isnull=True)
        rows = rows.filter(organization__path__startswith=path)  # still in the tree (`_merged_page`)
        if cursor:
            last_joined, last_id = rest
            earlier = Q(user_joined__lt=last_joined) | Q(user_joined=last_joined, user_id__lt=last_id)
            rows = rows.filter(earlier, user_joined__lte=last_joined)
        arm = rows.order_by("-user_joined", "-user_id").values_list("user_joined", "user_id")[:take]
        sql, arm_params = arm.query.sql_with_params()
        if list(arm_params).count(_ANY_ORGANIZATION) != 1:
            raise RuntimeError("the organisation's id must be one parameter of the arm")
        parts: list[str] = []
        params: list[Any] = []
        for n, org_id in enumerate(tree):
            parts.append(f"SELECT * FROM ({sql}) AS arm{n}")  # noqa: S608 - the ORM's own SQL, parameters apart
            params.extend(org_id if p == _ANY_ORGANIZATION else p for p in arm_params)
        quote = connection.ops.quote_name
        joined, user = quote("user_joined"), quote("user_id")
        newest = (
            f"SELECT {user} FROM (SELECT DISTINCT {joined}, {user} FROM ({' UNION ALL '.join(parts)}) merged "  # noqa: S608
            f"ORDER BY {joined} DESC, {user} DESC LIMIT {PEOPLE_PAGE_SIZE + 1} OFFSET {skip}) newest"
        )
        people = account_selectors.users().filter(pk__in=RawSQL(newest, params))  # noqa: S611 - the ORM's SQL
        return _shown(people, phone=phone).order_by("-date_joined", "-id")

    return build


def _merged_page(
    org: Organization,
    tree: list[int],
    *,
    after: str,
    page: int,
    phone: bool,
    count: PeopleCount,
    rows_of: _Rows | None = None,
) -> PeoplePage:
    """A page of the members of a union's tree, newest first on (date_joined, id), from each
    organisation's own index (organization, user_joined, user): each organisation gives its first
    rows after the cursor (its live members only), and the page is the newest of those, each person
    once (`_merged_rows`: one statement with the page's rows). Enough: someone among the first n
    people of the tree is among the first n members of each organisation they belong to, since
    everyone listed before them there is listed before them in the tree. Costs at most
    (organisations x 51) index entries and their accounts, whatever the number of members. The
    tree's ids come from the cache: each organisation is checked to be under `org` still (its path,
    one probe), so that a branch moved away is left out at once; one added is listed once the cache
    has its new version."""
    position = parse_cursor(after) if after else None
    skip = 0
    args: list[Any] = [org.path, *tree]
    if position is not None:
        number, last_joined, last_id = position
        args += [last_joined, last_id]
    else:
        number = max(1, page)
        skip = (number - 1) * PEOPLE_PAGE_SIZE  # `page=N`: an offset, as before cursors
    build = _merged_rows(len(tree), phone=phone, cursor=position is not None, skip=skip)
    shape = None if skip else ("merged", len(tree), phone, position is not None, PEOPLE_PAGE_SIZE)
    found = (rows_of or _Rows()).read(_statement(shape, build, *args), _names(phone=phone), phone=phone)
    items = found[:PEOPLE_PAGE_SIZE]
    next_cursor = cursor_after(number, items[-1]) if len(found) > PEOPLE_PAGE_SIZE else None
    return PeoplePage(items, number, count, next_cursor)


def people_page(
    viewer: Viewer, org: Organization, *, after: str = "", page: int = 1, phone: bool = False
) -> PeoplePage:
    """One page of `people_visible_to`, newest first: after a cursor (keyset: as fast on the last
    page as on the first) or, as before cursors, by page number (an offset). `phone`: read the
    mobile number too (the API shows it masked; the page does not show it)."""
    if not can_oversee(viewer, org):
        raise OutsideScope()
    return _page_of(org, after=after, page=page, phone=phone)


# the statement of `_organization_and_offices` and its columns' converters, made once per process and database
_ORG_AND_OFFICES: dict[str, tuple[str, list[tuple[int, list[Any], Any]]]] = {}


def _organization_and_offices(viewer: Viewer, code: str) -> tuple[Organization | None, list[Organization]]:
    """The organisation with this code and the viewer's offices (`managed_by`, with each office's
    role as `office_role`), in one statement: a member list checks the viewer's role from these (as
    `role_in` does from its own query) and the menu reads the same offices (`offices_for_request`).
    The rows become instances as the ORM makes them (`Model.from_db`, each column converted as the
    ORM converts it), without a `RawQuerySet` working out its columns again on every call."""
    made = _ORG_AND_OFFICES.get(connection.vendor)
    if made is None:
        quote = connection.ops.quote_name
        fields = Organization._meta.concrete_fields
        columns = [quote(f.column) for f in fields]
        table, memberships = quote(Organization._meta.db_table), quote(Membership._meta.db_table)
        sql = (
            f"SELECT {', '.join(f'o.{c}' for c in columns)}, 0 AS office_arm, NULL AS office_role "  # noqa: S608
            f"FROM {table} o WHERE o.{quote('code')} = %s UNION ALL "
            f"SELECT {', '.join(f'a.{c}' for c in columns)}, 1, m.{quote('role')} "
            f"FROM {table} a INNER JOIN {memberships} m ON m.{quote('organization_id')} = a.{quote('id')} "
            f"WHERE m.{quote('user_id')} = %s AND m.{quote('role')} IN (%s, %s)"
        )
        converting = []
        for at, field in enumerate(fields):
            column = field.get_col(Organization._meta.db_table)
            converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            if converters:
                converting.append((at, converters, column))
        made = _ORG_AND_OFFICES[connection.vendor] = (sql, converting)
    sql, converting = made
    names = [f.attname for f in Organization._meta.concrete_fields]
    viewer_id = viewer.pk if viewer.is_authenticated else None
    with prepared_cursor() as cursor:  # a text made once: planned once per connection
        cursor.execute(sql, [code, viewer_id, *OFFICER_ROLES])
        fetched = cursor.fetchall()
    found: Organization | None = None
    offices: list[Organization] = []
    for *values, arm, role in fetched:
        for at, converters, column in converting:
            for convert in converters:
                values[at] = convert(values[at], column, connection)
        org = Organization.from_db(connection.alias, names, values)
        if arm:
            org.office_role = role  # type: ignore[attr-defined]
            offices.append(org)
        else:
            found = org
    offices.sort(key=lambda o: o.pk)
    return found, offices


def _role_among(viewer: Viewer, org: Organization, offices: list[Organization]) -> str | None:
    """`role_in(viewer, org)` from the viewer's offices already read (`_organization_and_offices`)."""
    if not viewer.is_authenticated:
        return None
    if viewer.is_staff:
        return "platform"
    codes = set(org.ancestor_codes)
    roles = {o.office_role for o in offices if o.code in codes}  # type: ignore[attr-defined]
    if Membership.Role.ADMIN in roles:
        return Membership.Role.ADMIN
    if Membership.Role.OFFICER in roles:
        return Membership.Role.OFFICER
    return None


def member_list(
    viewer: Viewer,
    code: str,
    *,
    after: str = "",
    page: int = 1,
    phone: bool = False,
    requests: bool = False,
    request: Any = None,
) -> MemberList:
    """A member list (the page and the API): the organisation the viewer oversees (checked once, from
    the viewer's offices read with the organisation in one statement; `request`: keep those offices
    for the menu, see `offices_for_request`), a page of its people (`people_page`) and, if asked, a
    union's pending requests to join."""
    org, offices = _organization_and_offices(viewer, code)
    if org is None:
        raise OrganizationNotFound()
    if request is not None and getattr(request, "user", None) is viewer:
        request._naker_offices = offices
    if _role_among(viewer, org, offices) is None:
        raise OutsideScope()
    # a union's pending requests to join, read with the page's rows (`_Rows`)
    rows_of = _Rows(union=org if requests and org.kind == Organization.Kind.UNION else None)
    found = _page_of(org, after=after, page=page, phone=phone, rows_of=rows_of)
    return MemberList(org, found, rows_of.requests or [])


def person_visible_to(viewer: Viewer, org: Organization, user_id: int) -> User:
    person = people_visible_to(viewer, org).filter(pk=user_id).first()
    if person is None:
        raise PersonNotFound()
    return person


def holds_office(user: User) -> bool:
    """True where the person is an officer or admin of any organisation."""
    return Membership.objects.filter(user=user, role__in=OFFICER_ROLES).exists()


def has_held_office(user: User) -> bool:
    """True where the person is, or ever was, an officer or admin of any organisation (or a platform
    admin): a demotion is audited, so the audit trail remembers a past office."""
    if user.is_staff or user.is_superuser or holds_office(user):
        return True
    past = (AuditEvent.Action.OFFICER_ADDED, AuditEvent.Action.OFFICER_REMOVED)
    return AuditEvent.objects.filter(subject=user, action__in=past).exists()


def officers_of(org: Organization) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organization=org, role__in=OFFICER_ROLES)
        .select_related("user")
        .order_by("user__full_name")
    )


def memberships_of(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organization")


def union_counts(user_ids: Iterable[int] | QuerySet[Any]) -> list[tuple[str, int]]:
    """How many of these people belong to each union (by name), largest first."""
    return list(
        Membership.objects.filter(user_id__in=user_ids, organization__kind=Organization.Kind.UNION)
        .values("organization__name")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("organization__name", "n")
    )


def memberships_since(after_id: int) -> tuple[list[dict[str, Any]], int]:
    """New memberships (id above `after_id`) by day and organisation code; with the highest id."""
    rows = Membership.objects.filter(pk__gt=after_id, role=Membership.Role.MEMBER)
    top = Membership.objects.filter(pk__gt=after_id).aggregate(m=Max("pk"))["m"] or after_id
    grouped = list(
        rows.filter(pk__lte=top)
        .annotate(day=TruncDate("joined_at"))
        .values("day", "organization__code")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return grouped, top


def subtree_codes(org: Organization) -> list[str]:
    return list(Organization.objects.filter(path__startswith=org.path).values_list("code", flat=True))


def codes_under(orgs: Iterable[Organization]) -> QuerySet[Organization, Any]:
    """A subquery of the codes of these organisations and everything below them (none for none)."""
    paths = [org.path for org in orgs]
    if not paths:
        return Organization.objects.none().values("code")
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return Organization.objects.filter(condition).values("code")


def children_of(org: Organization) -> QuerySet[Organization]:
    return Organization.objects.filter(parent=org).order_by("name")


def officers_everywhere() -> list[Any]:
    """Every officer or admin of a union or chamber who has an email address (Users whose `email` is
    set: typed Any so that callers may use it as `str`)."""
    ids = Membership.objects.filter(
        role__in=OFFICER_ROLES, organization__kind__in=[Organization.Kind.UNION, Organization.Kind.CHAMBER]
    ).values("user_id")
    return list(account_selectors.users().filter(pk__in=ids, email__isnull=False, is_active=True))


def member_ids_of_subtree(org: Organization) -> QuerySet[Membership, Any]:
    """A subquery of the ids of the people in an organisation and everything below it."""
    return Membership.objects.filter(organization__path__startswith=org.path).values("user_id")


def union_names_of(user_ids: Iterable[int]) -> dict[int, list[str]]:
    """Person id → the names of the unions they belong to (for the employers of those who chose to
    show their membership; jobs' candidates)."""
    found: dict[int, list[str]] = {}
    rows = Membership.objects.filter(user_id__in=list(user_ids), organization__kind=Organization.Kind.UNION)
    for user_id, name in rows.order_by("organization__name").values_list("user_id", "organization__name"):
        found.setdefault(user_id, []).append(name)
    return found
