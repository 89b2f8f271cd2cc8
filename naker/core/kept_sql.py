"""A read whose SQL is made once per process (issue 13, fifth pass).

The ORM builds and compiles a query's SQL on every call: for the few reads that every visit of a
worker page makes (the learner's enrolments, their memberships, their trail), that was a third to a
half of the page's own Python. `Kept(build, *samples)` builds the queryset once per process and
database with sample arguments, compiles it, and finds where each argument lands among the
statement's parameters (it builds it again with each argument changed in turn). Each call then runs
that statement with the call's arguments, and the ORM's own iterable makes the instances (selected
relations and annotations included) or the plain rows.

Only for querysets whose SQL does not depend on the arguments' values: an id, a time, a UUID. An
argument must land in its parameters as given, or as the database adapts a time or a UUID (SQLite
stores both as text), or a text given to `__startswith` (escaped for LIKE); a list (`__in`), a
`None` that the ORM would turn into `IS NULL`, or a slice do not (slices: make one `Kept` per shape).
The first build checks this and refuses otherwise.
"""

from __future__ import annotations

import copy
import datetime
import functools
import uuid
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, get_related_populators  # type: ignore[attr-defined]
from django.db.models.sql.constants import MULTI

M = TypeVar("M", bound=Model)


# how an argument becomes its parameter: as given, or adapted by the database (a time, a UUID)
Adapt = Callable[[Any], Any] | None


class _Compiled:
    def __init__(self, compiler: Any, sql: str, params: tuple[Any, ...], slots: list[tuple[int, int, Adapt]]):
        self.compiler, self.sql, self.params, self.slots = compiler, sql, params, slots
        self.reader: _Reader | None = None


class _Reader:
    """How a kept statement's rows are read: `ModelIterable`'s loop (or `results_iter`'s, for plain
    rows) with its set-up done once per statement instead of on every call (the columns' converters,
    the selected relations' populators, the model's field names). That set-up and the compiler's
    chunked fetch were about half of a kept read's Python (issue 13, eighth pass)."""

    def __init__(self, compiler: Any) -> None:
        select, klass_info = compiler.select, compiler.klass_info
        self.converters = list(compiler.get_converters([column[0] for column in select[: compiler.col_count]]).items())
        # columns the statement selects only for its ordering (DISTINCT with an ordering on another
        # column): the ORM cuts them off each row, so do the reads here
        self.width = compiler.col_count if compiler.has_extra_select else None
        self.makes_models = bool(klass_info)
        if klass_info:
            self.model = klass_info["model"]
            fields = klass_info["select_fields"]
            self.start, self.end = fields[0], fields[-1] + 1
            self.init_list = [column[0].target.attname for column in select[self.start : self.end]]
            self.populators = get_related_populators(klass_info, select, compiler.using)
            self.annotations = list(compiler.annotation_col_map.items())

    @staticmethod
    def fits(compiler: Any) -> bool:
        """Whether the loops below read this statement as the ORM would (no composite key: anything
        else goes through the ORM's own iterables)."""
        return not compiler.has_composite_fields([column[0] for column in compiler.select[: compiler.col_count]])

    def converted(self, rows: list[tuple[Any, ...]], db: Any) -> list[tuple[Any, ...]]:
        """The rows with each column's value as the ORM gives it (a time made aware, a JSON decoded)."""
        if self.width is not None:
            rows = [row[: self.width] for row in rows]
        if not self.converters:
            return rows
        done = []
        for row in rows:
            values = list(row)
            for position, (converters, expression) in self.converters:
                value = values[position]
                for convert in converters:
                    value = convert(value, expression, db)
                values[position] = value
            done.append(tuple(values))
        return done

    def instances(self, alias: str, rows: list[tuple[Any, ...]]) -> list[Any]:
        found = []
        from_db, names, start, end = self.model.from_db, self.init_list, self.start, self.end
        for row in rows:
            obj = from_db(alias, names, row[start:end])
            for populator in self.populators:
                populator.populate(row, obj)
            for name, position in self.annotations:
                setattr(obj, name, row[position])
            found.append(obj)
        return found


class _Run:
    """What `ModelIterable` reads of a queryset: its database, its compiler, no known relations."""

    def __init__(self, db: str, compiler: Any) -> None:
        self.db, self.query, self._compiler = db, self, compiler
        self._known_related_objects: dict[Any, Any] = {}

    def get_compiler(self, using: Any = None, connection: Any = None, elide_empty: bool = True) -> Any:
        return self._compiler


class Kept(Generic[M]):
    def __init__(self, build: Callable[..., QuerySet[M]], *samples: Any) -> None:
        self.build, self.samples = build, samples
        self._compiled: dict[str, _Compiled] = {}
        self._model: type[Model] | None = None

    def _compile(self, alias: str) -> _Compiled:
        db = connections[alias]

        def compiled(args: tuple[Any, ...]) -> tuple[Any, str, tuple[Any, ...]]:
            compiler = self.build(*args).using(alias).query.get_compiler(using=alias)
            sql, params = compiler.as_sql()
            return compiler, sql, tuple(params)

        compiler, sql, params = compiled(self.samples)
        slots: list[tuple[int, int, Adapt]] = []  # (position among the parameters, argument, its adaptation)
        for i, sample in enumerate(self.samples):
            other = _another(sample)
            changed = list(self.samples)
            changed[i] = other
            _c, other_sql, other_params = compiled(tuple(changed))
            if other_sql != sql or len(other_params) != len(params):
                raise ValueError(f"argument {i} changes the statement, not only its parameters")
            for position, (was, now) in enumerate(zip(params, other_params, strict=True)):
                if was == now:
                    continue
                if isinstance(sample, uuid.UUID) and (was, now) in ((sample, other), (sample.hex, other.hex)):
                    # a UUID given as a UUID or as its text (a URL's), passed as the database takes it
                    slots.append((position, i, _as_uuid if was == sample else _as_uuid_hex))
                elif was == sample and now == other:
                    slots.append((position, i, None))
                elif isinstance(sample, str) and (was, now) == (_prefix(db, sample), _prefix(db, other)):
                    # a `__startswith` value: escaped for LIKE and followed by its wildcard
                    slots.append((position, i, functools.partial(_prefix, db)))
                elif isinstance(sample, datetime.datetime) and (was, now) == (
                    db.ops.adapt_datetimefield_value(sample),
                    db.ops.adapt_datetimefield_value(other),
                ):
                    slots.append((position, i, db.ops.adapt_datetimefield_value))
                else:
                    raise ValueError(f"argument {i} is not passed as given")
        found = _Compiled(compiler, sql, params, slots)
        self._compiled[alias] = found
        return found

    def _kept(self, args: tuple[Any, ...]) -> tuple[str, _Compiled, tuple[Any, ...]]:
        """The database, the statement made once for it, and its parameters for these arguments."""
        if self._model is None:
            self._model = self.build(*self.samples).model
        alias = router.db_for_read(self._model)
        kept = self._compiled.get(alias) or self._compile(alias)
        params = list(kept.params)
        for position, i, adapt in kept.slots:
            params[position] = adapt(args[i]) if adapt else args[i]
        return alias, kept, tuple(params)

    def _compiler(self, args: tuple[Any, ...]) -> tuple[str, Any]:
        alias, kept, bound = self._kept(args)
        db, sql = connections[alias], kept.sql
        compiler = copy.copy(kept.compiler)
        # this thread's connection, whose cursors prepare the statement made once (PostgreSQL)
        compiler.connection = _Preparing(db)
        compiler.as_sql = lambda *a, **k: (sql, bound)
        return alias, compiler

    def _read(self, args: tuple[Any, ...], *, models: bool) -> tuple[str, _Reader, list[tuple[Any, ...]]] | None:
        """The statement run for these arguments: its database, reader and converted rows; None where
        the ORM's own iterables must read it."""
        alias, kept, bound = self._kept(args)
        if kept.reader is None:
            if not _Reader.fits(kept.compiler):
                return None
            kept.reader = _Reader(kept.compiler)
        if models and not kept.reader.makes_models:
            return None
        db = connections[alias]
        with _prepared(db) as cursor:  # this thread's connection; the statement made once is prepared
            cursor.execute(kept.sql, bound)
            rows = cursor.fetchall()
        return alias, kept.reader, kept.reader.converted(rows, db)

    def instances(self, *args: Any) -> list[M]:
        """The queryset's model instances for these arguments."""
        read = self._read(args, models=True)
        if read is None:
            alias, compiler = self._compiler(args)
            return list(ModelIterable(_Run(alias, compiler)))  # type: ignore[arg-type]
        alias, reader, rows = read
        return reader.instances(alias, rows)  # type: ignore[no-any-return]

    def first(self, *args: Any) -> M | None:
        """The one instance of a queryset on a unique key, or None."""
        return next(iter(self.instances(*args)), None)

    def statement(self, *args: Any) -> tuple[str, tuple[Any, ...]]:
        """The SQL and its parameters for these arguments, to run as a part of a larger statement."""
        _alias, compiler = self._compiler(args)
        return compiler.as_sql()  # type: ignore[no-any-return]

    def rows(self, *args: Any) -> Iterator[tuple[Any, ...]]:
        """The selected columns (a `values_list` queryset's values), converted as the ORM does."""
        read = self._read(args, models=False)
        if read is None:
            _alias, compiler = self._compiler(args)
            return compiler.results_iter(compiler.execute_sql(MULTI), tuple_expected=True)  # type: ignore[no-any-return]
        return iter(read[2])


def prepared_cursor(alias: str = DEFAULT_DB_ALIAS) -> Any:
    """A cursor for a statement whose text never changes: on PostgreSQL one that binds on the server,
    so the statement is parsed and planned once per connection (naker.core.postgres); elsewhere the
    usual cursor (SQLite keeps its own cache of prepared statements per connection)."""
    return _prepared(connections[alias])


def _prepared(db: Any) -> Any:
    prepared = getattr(db, "prepared_cursor", None)  # naker.core.postgres's; other backends have none
    return prepared() if prepared is not None else db.cursor()


class _Preparing:
    """The database connection as a kept statement's compiler sees it, whose cursors are
    `prepared_cursor`s; everything else is the connection's."""

    def __init__(self, db: Any) -> None:
        self._db = db

    def cursor(self) -> Any:
        return _prepared(self._db)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)


def _another(sample: Any) -> Any:
    if isinstance(sample, bool):
        raise ValueError("a flag changes the statement: make one Kept per value")
    if isinstance(sample, int):
        return sample + 7919
    if isinstance(sample, datetime.datetime):
        return sample + datetime.timedelta(days=3, seconds=17)
    if isinstance(sample, str):
        return sample + "~"
    if isinstance(sample, uuid.UUID):
        return uuid.UUID(int=sample.int ^ 1)
    raise ValueError(f"no other value for {type(sample).__name__}")


def _prefix(db: Any, value: Any) -> str:
    """What the ORM passes for `field__startswith=value` (a LIKE pattern)."""
    return f"{db.ops.prep_for_like_query(value)}%"


def _as_uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _as_uuid_hex(value: Any) -> str:
    return _as_uuid(value).hex
