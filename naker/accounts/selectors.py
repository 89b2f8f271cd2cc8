"""Reads of accounts: by login, by token; the viewer's own data."""

from __future__ import annotations

import functools
import math
import secrets
from dataclasses import dataclass
from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.db import connections, router
from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q, QuerySet, Sum, prefetch_related_objects
from django.db.models.functions import ExtractYear, TruncDate
from django.http import HttpRequest
from django.utils import timezone

from naker.accounts.models import ApiToken, User, WorkerProfile
from naker.accounts.phone import PhoneError, normalize_phone
from naker.core import audit, crypto
from naker.core.crypto import sha256
from naker.core.kept_sql import Kept, prepared_cursor
from naker.core.models import AuditEvent
from naker.regions import selectors as region_selectors


def normalize_login(login: str) -> str:
    """A login as typed (phone in any form, or email) → the form stored on the user."""
    login = (login or "").strip()
    if "@" in login:
        return login.lower()
    try:
        return normalize_phone(login)
    except PhoneError:
        return login


def user_by_login(login: str) -> User | None:
    key = normalize_login(login)
    if not key:
        return None
    field = Q(email__iexact=key) if "@" in key else Q(phone=key)
    return User.objects.filter(field, erased_at__isnull=True).first()


# Growing delays per account (any address): after AXES_FAILURE_LIMIT failures on one account, the
# next try must wait 15 s, then 30 s, 60 s, ... at most 5 minutes after the last failure. The hard
# lock (15 minutes) is per account AND address (AXES_LOCKOUT_PARAMETERS), so someone who knows a
# phone number can slow its owner down but not lock them out from their own phone.
LOGIN_DELAY_FIRST_SECONDS = 15
LOGIN_DELAY_MAX_SECONDS = 300


def login_delay(login: str) -> int:
    """Seconds the account behind this login must still wait before the next try (0: none)."""
    key = normalize_login(login)
    if not key:
        return 0
    found = AccessAttempt.objects.filter(username=key).aggregate(
        n=Sum("failures_since_start"), last=Max("attempt_time")
    )
    failures, last = found["n"] or 0, found["last"]
    if failures < settings.AXES_FAILURE_LIMIT or last is None:
        return 0
    delay = min(LOGIN_DELAY_FIRST_SECONDS * 2 ** (failures - settings.AXES_FAILURE_LIMIT), LOGIN_DELAY_MAX_SECONDS)
    remaining = delay - (timezone.now() - last).total_seconds()
    return max(0, math.ceil(remaining))


TOKEN_CACHE_PREFIX = "naker:token:"  # noqa: S105 (a cache key prefix)
TOKEN_GENERATION_PREFIX = "naker:token-generation:"  # noqa: S105 (a cache key prefix)


def _token_generation(user_id: int) -> str:
    """The user's token generation: cached token answers carry it, and forgetting a user's tokens
    (a revocation, a password change, any change to the user) starts a new one."""
    return str(cache.get_or_set(f"{TOKEN_GENERATION_PREFIX}{user_id}", lambda: secrets.token_hex(8), None))


def forget_token(raw_token: str) -> None:
    """Drops one token's cached answer (at once in this process, and everywhere with a shared cache)."""
    cache.delete(TOKEN_CACHE_PREFIX + sha256(raw_token))


def forget_tokens_of(user_id: int) -> None:
    """Drops every cached answer for this user's tokens."""
    cache.delete(f"{TOKEN_GENERATION_PREFIX}{user_id}")


# The worker profile's columns read with the session's user; the NIK's ciphertext and keyed hash are
# left out (read only where asked for, as a deferred field).
_PROFILE_LEFT_OUT = {"nik_encrypted", "nik_hash"}


@dataclass(frozen=True)
class _RowReader:
    sql: str
    user_names: list[str]
    profile_names: list[str]
    converters: list[tuple[int, list[Any], Any]]


@functools.cache
def _user_row_reader(alias: str) -> _RowReader:
    """The statement that reads one user by id with their worker profile (if any), the attribute of
    each column, and the database's converters per column: made once per process, as the ORM makes
    them on every call of `User.objects.select_related("worker").get(pk=...)`."""
    db = connections[alias]
    quote = db.ops.quote_name
    users, profiles = User._meta.db_table, WorkerProfile._meta.db_table
    user_fields = list(User._meta.concrete_fields)
    profile_fields = [f for f in WorkerProfile._meta.concrete_fields if f.attname not in _PROFILE_LEFT_OUT]
    columns = [(users, f) for f in user_fields] + [(profiles, f) for f in profile_fields]
    user_key = f"{quote(users)}.{quote(User._meta.pk.column)}"  # type: ignore[union-attr]
    profile_key = f"{quote(profiles)}.{quote(WorkerProfile._meta.pk.column)}"  # type: ignore[union-attr]
    selected = ", ".join(f"{quote(t)}.{quote(f.column)}" for t, f in columns)
    # our own table and column names only, quoted; the id is a parameter
    sql = f"SELECT {selected} FROM {quote(users)} LEFT OUTER JOIN {quote(profiles)}"  # noqa: S608
    sql += f" ON ({profile_key} = {user_key}) WHERE {user_key} = %s"
    converters = []
    for i, (table, f) in enumerate(columns):
        col = f.get_col(table)
        found = db.ops.get_db_converters(col) + f.get_db_converters(db)  # type: ignore[attr-defined]
        if found:
            converters.append((i, found, col))
    return _RowReader(sql, [f.attname for f in user_fields], [f.attname for f in profile_fields], converters)


def session_user(user_id: Any) -> User | None:
    """The signed-in person's row, read from the database on every request that needs it (so a
    password change, a deactivation or an erasure in any process ends their other sessions at once),
    with their worker profile in the same statement: the same row, columns and types as
    `User.objects.select_related("worker").get(pk=...)` (the NIK's ciphertext and hash deferred),
    without building the query each time (issue 13: about a fifth of a millisecond on every
    signed-in page, and a query on each page that reads the profile: the menu, "Jobs for me", a
    course's classes, the recommendations)."""
    alias = router.db_for_read(User)
    reader = _user_row_reader(alias)
    db = connections[alias]
    pk = User._meta.pk
    with prepared_cursor(alias) as cursor:  # a text made once: planned once per connection
        cursor.execute(reader.sql, [pk.get_db_prep_value(pk.to_python(user_id), db)])  # type: ignore[union-attr]
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for i, found, col in reader.converters:
        for convert in found:
            values[i] = convert(values[i], col, db)
    mine = len(reader.user_names)
    user = User.from_db(alias, reader.user_names, values[:mine])
    profile = None
    if values[mine] is not None:  # the profile's key (the user's id): NULL where there is no profile
        profile = WorkerProfile.from_db(alias, reader.profile_names, values[mine:])
        WorkerProfile.user.field.set_cached_value(profile, user)  # type: ignore[attr-defined]
    User.worker.related.set_cached_value(user, profile)  # type: ignore[attr-defined]
    return user


def _profile(user_id: int) -> QuerySet[WorkerProfile]:
    return WorkerProfile.objects.filter(user_id=user_id).defer(*sorted(_PROFILE_LEFT_OUT))


# a user's worker profile, the columns `session_user` reads (naker.core.kept_sql)
_PROFILE: Kept[WorkerProfile] = Kept(_profile, 2_000_000_047)


def worker_profile(user: User) -> WorkerProfile | None:
    """The user's worker profile or None, as `user.worker` reads it (and cached on the user as it
    caches it): where it is not loaded yet (a bearer token's user; `session_user` loads it), from one
    kept statement instead of the ORM's query built on every call (issue 13)."""
    related = User.worker.related  # type: ignore[attr-defined]
    if not related.is_cached(user):
        profile = _PROFILE.first(user.pk)
        if profile is not None:
            WorkerProfile.user.field.set_cached_value(profile, user)  # type: ignore[attr-defined]
        related.set_cached_value(user, profile)
    return related.get_cached_value(user)  # type: ignore[no-any-return,return-value]


def user_for_token(raw_token: str) -> User | None:
    """The active user behind a bearer token, or None for an unknown, expired or revoked one.

    One indexed lookup (the token's unique hash, joined to its user), then cached for
    NAKER_TOKEN_CACHE_SECONDS; revoking a token or changing its user drops the cached answer."""
    now = timezone.now()
    key_hash = sha256(raw_token)
    key = TOKEN_CACHE_PREFIX + key_hash
    hit = cache.get(key)
    if hit is not None:
        user, token_pk, expires_at, last_used_at, generation = hit
        if expires_at > now and generation == cache.get(f"{TOKEN_GENERATION_PREFIX}{user.pk}"):
            if (now - last_used_at).total_seconds() > 60:
                ApiToken.objects.filter(pk=token_pk).update(last_used_at=now)
                cache.set(key, (user, token_pk, expires_at, now, generation), settings.NAKER_TOKEN_CACHE_SECONDS)
            return user  # type: ignore[no-any-return]
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=key_hash, revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    # Written at most once a minute so that a busy client does not write on every call.
    last_used_at = token.last_used_at
    if last_used_at is None or (now - last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        last_used_at = now
    generation = _token_generation(token.user_id)
    cache.set(
        key, (token.user, token.pk, token.expires_at, last_used_at, generation), settings.NAKER_TOKEN_CACHE_SECONDS
    )
    return token.user


def users() -> QuerySet[User]:
    """Everyone who has not erased their account."""
    return User.objects.filter(erased_at__isnull=True)


def live_profiles(**region: str) -> QuerySet[WorkerProfile]:
    """The worker profiles of a region (`province_id=` or `regency_id=`) whose account is not erased:
    read from the profiles' region index alone, each checked against the small index of erased
    accounts (`user_erased`) instead of being joined to its account (a region's capped count read
    every account of a 10,000-worker database: 2.7 -> 1.3 ms, issue 13's eighth pass)."""
    erased = User.objects.filter(pk=OuterRef("user_id"), erased_at__isnull=False)
    return WorkerProfile.objects.filter(**region).filter(~Exists(erased))


def worker_in_region(*, province_id: str | None = None, regency_id: str | None = None) -> Exists:
    """`EXISTS` a worker profile of the outer query's user (`pk`) in this province or regency: one
    probe of the profile's unique user index per person (issue 13's walking member lists)."""
    profiles = WorkerProfile.objects.filter(user_id=OuterRef("pk"))
    return Exists(profiles.filter(province_id=province_id) if province_id else profiles.filter(regency_id=regency_id))


def workers() -> QuerySet[User]:
    return User.objects.filter(worker__isnull=False, erased_at__isnull=True)


def profile_of(user: User) -> User:
    """The user with profile, region and memberships loaded in two queries (the memberships with their
    organisations joined: issue 13, GET /me)."""
    memberships = User.memberships.rel.related_model.objects.select_related("organization")  # type: ignore[attr-defined,union-attr]
    return (
        User.objects.select_related("worker", "worker__regency", "worker__province", "worker__occupation")
        .prefetch_related(Prefetch("memberships", queryset=memberships))
        .get(pk=user.pk)
    )


def own_profile(user: User) -> User:
    """What `profile_of` loads, for the caller's own `GET /me`: the user row read afresh with their
    profile (`session_user`: a token's user may be kept a few seconds), then `with_profile`. The
    profile's occupation is not loaded (the answer shows its code)."""
    fresh = session_user(user.pk)
    if fresh is None:
        raise User.DoesNotExist
    return with_profile(fresh)


def _memberships(user_id: int) -> QuerySet[Any]:
    membership: Any = User.memberships.rel.related_model  # type: ignore[attr-defined]
    return membership.objects.filter(user_id=user_id).select_related("organization")  # type: ignore[no-any-return]


# the person's memberships with their organisations, in the model's order (naker.core.kept_sql)
_MEMBERSHIPS: Kept[Any] = Kept(_memberships, 2_000_000_017)


def _load_memberships(user: User) -> None:
    """`user.memberships.all()` answered from one kept statement, as `prefetch_related` leaves it."""
    membership: Any = User.memberships.rel.related_model  # type: ignore[attr-defined]
    rows = _MEMBERSHIPS.instances(user.pk)
    mine = membership.user.field
    for row in rows:
        mine.set_cached_value(row, user)
    loaded: QuerySet[Any] = QuerySet(model=membership)
    loaded._result_cache = rows
    loaded._prefetch_done = True  # type: ignore[attr-defined]
    if not hasattr(user, "_prefetched_objects_cache"):
        user._prefetched_objects_cache = {}  # type: ignore[attr-defined]
    user._prefetched_objects_cache["memberships"] = loaded  # type: ignore[attr-defined]


def with_profile(user: User) -> User:
    """The session's own user with profile, region and memberships loaded onto it. The profile comes
    with the session's user (`session_user`); its regency and province from the cached reference
    data; the memberships with their organisations in one query (issue 13)."""
    worker = getattr(user, "worker", None) if User.worker.related.is_cached(user) else None  # type: ignore[attr-defined]
    home = region_selectors.kept_regency(worker.regency_id) if worker is not None else None
    if worker is not None and home is not None and home.province_id == worker.province_id:
        worker.regency, worker.province = home, home.province
        _load_memberships(user)
        return user
    if User.worker.related.is_cached(user) and worker is None:  # type: ignore[attr-defined]
        _load_memberships(user)  # no profile: read as none
        return user
    memberships = User.memberships.rel.related_model.objects.select_related("organization")  # type: ignore[attr-defined,union-attr]
    prefetch_related_objects(
        [user],
        Prefetch("worker", queryset=WorkerProfile.objects.select_related("regency", "province", "occupation")),
        Prefetch("memberships", queryset=memberships),
    )
    return user


TRAIL_PAGE_SIZE = 20


def _trail(subject_id: int) -> QuerySet[AuditEvent]:
    return audit.trail_of_id(subject_id).order_by("-at", "-id")[: TRAIL_PAGE_SIZE + 1]


# the first page of a person's trail (nearly every visit), a row more (naker.core.kept_sql)
_FIRST_TRAIL_PAGE: Kept[AuditEvent] = Kept(_trail, 2_000_000_019)


@dataclass
class TrailPage:
    """A page of "who saw my data", newest first, without counting the whole trail."""

    object_list: list[AuditEvent]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def trail_page(user: User, page: str | None) -> TrailPage:
    """One page of the person's trail (one query: a row more than the page says whether one follows).
    A page past the end shows the first."""
    number = int(page) if page and page.isdigit() and int(page) > 0 else 1
    start = (number - 1) * TRAIL_PAGE_SIZE
    if start == 0:
        rows = _FIRST_TRAIL_PAGE.instances(user.pk)
    else:
        rows = list(audit.trail_of(user).order_by("-at", "-id")[start : start + TRAIL_PAGE_SIZE + 1])
    if not rows and number > 1:
        return trail_page(user, None)
    return TrailPage(rows[:TRAIL_PAGE_SIZE], number, len(rows) > TRAIL_PAGE_SIZE)


def worker_ids_by_nik_hash(hashes: list[str]) -> dict[str, int]:
    """NIK hash → user id, for the hashes already registered."""
    return {
        h: uid for h, uid in WorkerProfile.objects.filter(nik_hash__in=hashes).values_list("nik_hash", "user_id") if h
    }


def owners_of_phones(phones: list[str]) -> dict[str, int]:
    """E.164 number → id of the user who has it."""
    return {p: uid for p, uid in User.objects.filter(phone__in=phones).values_list("phone", "id") if p}


def registrations_since(after_id: int) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]], int]:
    """Worker registrations with id above `after_id`: counted by day (WIB) and regency, and for each
    dimension dashboards break down by, by regency and value (one small GROUP BY each, so that a
    million new rows make thousands of groups, not a million); with the highest id read."""
    top = WorkerProfile.objects.filter(user_id__gt=after_id).aggregate(m=Max("user_id"))["m"] or after_id
    rows = WorkerProfile.objects.filter(user_id__gt=after_id, user_id__lte=top)
    place = ("regency_id", "province_id", "regency__type")
    daily = list(
        rows.annotate(day=TruncDate("created_at")).values("day", *place).annotate(n=Count("user_id")).order_by()
    )
    dimensions = {
        "sex": list(rows.values(*place, value=F("sex")).annotate(n=Count("user_id")).order_by()),
        "education": list(rows.values(*place, value=F("education")).annotate(n=Count("user_id")).order_by()),
        "employment": list(rows.values(*place, value=F("employment_status")).annotate(n=Count("user_id")).order_by()),
        "born": list(
            rows.annotate(value=ExtractYear("birth_date"))
            .values(*place, "value")
            .annotate(n=Count("user_id"))
            .order_by()
        ),
    }
    return daily, dimensions, top


def profile_labels() -> dict[str, dict[str, Any]]:
    """Readable names of the values dashboards break workers down by."""
    return {
        "sex": {k: v for k, v in WorkerProfile.Sex.choices},
        "education": {k: v for k, v in WorkerProfile.Education.choices},
        "employment": {k: v for k, v in WorkerProfile.Employment.choices},
    }


def whole_nik(
    viewer: User, person: User, *, reason: str, organization_code: str = "", request: HttpRequest | None = None
) -> str | None:
    """The person's whole NIK, decrypted: the only place outside the worker's own export that does.

    Whether `viewer` may see it is the caller's rule (organizations.services.reveal_nik); this
    writes the audit event the person reads in "who saw my data", with the stated reason, every time.
    None where the person has no NIK on record (erased, or no worker profile).
    """
    worker = WorkerProfile.objects.filter(user=person).only("nik_encrypted").first()
    if worker is None or not worker.nik_encrypted:
        return None
    audit.record(
        action=AuditEvent.Action.NIK_VIEWED,
        actor=viewer,
        subject=person,
        organization_code=organization_code,
        detail=reason,
        request=request,
    )
    return crypto.decrypt(worker.nik_encrypted)


def is_platform_admin(viewer: Any) -> bool:
    """A platform admin (Django staff) who is signed in and active: what every admin-only read checks."""
    return bool(viewer.is_authenticated and viewer.is_active and viewer.is_staff)
