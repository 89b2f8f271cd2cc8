"""A statement made once per process (naker.core.kept_sql, issue 13) answers what the ORM's own
query answers for every argument, and refuses a query whose SQL depends on an argument's value."""

from __future__ import annotations

import datetime
from typing import Any

import psycopg
import pytest
from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from naker.accounts.models import User
from naker.core.kept_sql import Kept, prepared_cursor
from naker.organizations.models import Membership, Organization
from tests.factories import add_member, make_org, make_worker

pytestmark = pytest.mark.django_db


def _joined(since: datetime.datetime, first_id: int) -> QuerySet[User]:
    member = Membership.objects.filter(user=OuterRef("pk"), user_id__gte=first_id)
    return (
        User.objects.filter(date_joined__gte=since, pk__gte=first_id)
        .select_related("worker")
        .annotate(member=Exists(member))
        .order_by("date_joined", "pk")
    )


def test_rows_are_the_orm_s_for_each_argument():
    union = make_org("ksbsi-dki")
    start = timezone.now() - datetime.timedelta(days=10)
    people = []
    for days in range(5):
        person = make_worker()
        User.objects.filter(pk=person.pk).update(date_joined=start + datetime.timedelta(days=days))
        people.append(person)
    add_member(people[1], union)
    add_member(people[3], union)
    kept = Kept(_joined, datetime.datetime(2001, 2, 3, tzinfo=datetime.UTC), 2_000_000_003)

    def seen(rows: list[User]) -> list[tuple[object, ...]]:
        return [(u.pk, u.date_joined, u.member, u.worker.nik_masked, u.full_name) for u in rows]

    for since in (start, start + datetime.timedelta(days=2, hours=1), start + datetime.timedelta(days=9)):
        for first in (people[0].pk, people[2].pk):
            assert seen(kept.instances(since, first)) == seen(list(_joined(since, first)))
    assert [u.pk for u in kept.instances(start, people[4].pk)] == [people[4].pk]
    assert kept.instances(start + datetime.timedelta(days=20), people[0].pk) == []


def _fields(obj: Any, came_from: Any = None) -> dict[str, Any]:
    """An instance's loaded values and its selected relations' (what a page reads of it); a relation
    back to the instance it was reached from is named, not followed."""
    values: dict[str, Any] = {k: v for k, v in vars(obj).items() if k != "_state"}
    for name, other in obj._state.fields_cache.items():
        values[name] = "back" if other is not None and other is came_from else other and _fields(other, obj)
    return values


def test_instances_are_the_orm_s_field_by_field():
    """Kept instances are made as `ModelIterable` makes them: the same loaded and deferred fields, a
    selected relation loaded or None where its row is missing, annotations, values converted."""
    union = make_org("ksbsi-dki")
    with_profile, without = make_worker(), User.objects.create(phone="+6281200000099", full_name="Tanpa Profil")
    add_member(with_profile, union)

    def people(first_id: int) -> QuerySet[User]:
        member = Membership.objects.filter(user=OuterRef("pk"))
        return (
            User.objects.filter(pk__gte=first_id)
            .select_related("worker", "worker__regency")
            .only("full_name", "date_joined", "worker__nik_masked", "worker__regency__name")
            .annotate(member=Exists(member))
            .order_by("pk")
        )

    kept = Kept(people, 2_000_000_061)
    first = min(with_profile.pk, without.pk)
    made, orm = kept.instances(first), list(people(first))
    assert [_fields(u) for u in made] == [_fields(u) for u in orm]
    assert {u.pk: u.member for u in made} == {with_profile.pk: True, without.pk: False}
    assert {u.pk: u.get_deferred_fields() for u in made} == {u.pk: u.get_deferred_fields() for u in orm}


def test_a_query_whose_statement_changes_with_an_argument_is_refused():
    def among(ids: list[int]) -> QuerySet[User]:
        return User.objects.filter(pk__in=ids)

    with pytest.raises(ValueError, match="no other value for list"):
        Kept(among, [1, 2]).instances([3, 4])

    def short_or_long(name: str) -> QuerySet[User]:
        return User.objects.filter(email=name) if len(name) < 5 else User.objects.filter(full_name=name)

    with pytest.raises(ValueError, match="argument 0 changes the statement"):
        Kept(short_or_long, "abcd").instances("x")

    with pytest.raises(ValueError, match="flag"):
        Kept(lambda flag: User.objects.filter(is_staff=flag), True).instances(False)


def test_values_rows():
    person = make_worker(full_name="Ani Baris")
    kept = Kept(lambda pk: User.objects.filter(pk=pk).values_list("full_name", "date_joined"), 2_000_000_005)
    assert list(kept.rows(person.pk)) == list(User.objects.filter(pk=person.pk).values_list("full_name", "date_joined"))


def test_values_rows_without_the_columns_selected_only_for_the_ordering():
    """DISTINCT ordered on a column it does not return selects that column too; the ORM cuts it off
    each row, and so do kept rows."""
    people = [make_worker(full_name=name) for name in ("Budi", "Ani", "Budi")]

    def names(first_id: int) -> QuerySet[Any]:
        return User.objects.filter(pk__gte=first_id).order_by("date_joined").values_list("full_name").distinct()

    kept = Kept(names, 2_000_000_007)
    assert list(kept.rows(people[0].pk)) == list(names(people[0].pk))
    assert all(len(row) == 1 for row in kept.rows(people[0].pk))


def test_a_prefix_is_escaped_for_like_as_the_orm_escapes_it():
    """A `__startswith` argument lands escaped for LIKE with its wildcard: "%" and "_" in it match
    only themselves, as with the ORM."""
    for code in ("ab%c", "ab_c", "abxc", "abyd"):
        make_org(code)

    def starting(prefix: str) -> QuerySet[Any]:
        return Organization.objects.filter(code__startswith=prefix).order_by("code").values_list("code")

    kept = Kept(starting, "sample")
    for prefix in ("ab%", "ab_", "ab", "abx", "zz"):
        assert list(kept.rows(prefix)) == list(starting(prefix)), prefix
    sql, params = kept.statement("ab_")
    orm_sql, orm_params = starting("ab_").query.sql_with_params()
    assert (sql, list(params)) == (orm_sql, list(orm_params))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite keeps its own statement cache per connection")
def test_a_kept_statement_is_prepared_on_the_server_after_a_few_runs():
    """On PostgreSQL a kept statement runs on a cursor that binds on the server, so psycopg prepares it
    once it ran five times on the connection: the database parses and plans it once, not on every call
    (planning was up to four times the execution of a page's statements, issue 13). Its answers stay
    the ORM's."""
    people = [make_worker(full_name=name) for name in ("Ani O'Neil", "Budi 100%")]
    kept = Kept(lambda pk: User.objects.filter(pk__gte=pk).order_by("pk").values_list("full_name"), 11)

    def prepared() -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return [row[0] for row in cursor.fetchall() if '"accounts_user"."full_name"' in row[0]]

    assert prepared() == []
    for _ in range(6):
        assert list(kept.rows(people[0].pk)) == [("Ani O'Neil",), ("Budi 100%",)]
    assert len(prepared()) == 1 and "$1" in prepared()[0]
    assert list(kept.rows(people[1].pk)) == [("Budi 100%",)]  # other arguments, the same prepared statement


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's cursors")
def test_with_preparing_off_the_kept_statements_bind_on_the_client():
    """`NAKER_DB_PREPARE_THRESHOLD=off` (behind a pooler that cannot keep prepared statements): the
    kept statements run on Django's usual client-binding cursor, which never prepares."""
    connection.ensure_connection()
    kept_threshold = connection.connection.prepare_threshold
    try:
        connection.connection.prepare_threshold = None
        with prepared_cursor() as cursor:
            assert isinstance(cursor.cursor, psycopg.ClientCursor)
    finally:
        connection.connection.prepare_threshold = kept_threshold
    with prepared_cursor() as cursor:
        assert not isinstance(cursor.cursor, psycopg.ClientCursor)
