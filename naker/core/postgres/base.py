"""PostgreSQL whose kept connection is checked by the request's first statement (issue 13).

Connections are kept between requests (`CONN_MAX_AGE`) and checked before reuse
(`CONN_HEALTH_CHECKS`): Django sends `SELECT 1` before the first statement of every request, a round
trip more per page. Here the first statement is the check when it can safely run twice: a `SELECT`
outside a transaction on a client-side cursor. If it fails because the kept connection is dead (the
database restarted, the connection was cut), a new connection is opened and the statement is sent
again, as Django's check would have done before it. Any other first statement (a write, anything
inside `atomic`, a server-side cursor, `executemany`) gets Django's own check first. A statement that
fails on a connection that still answers fails as before. So a dead kept connection still costs no
error page, and a healthy one costs no extra round trip.
"""

from __future__ import annotations

from typing import Any

import psycopg
from django.db import utils
from django.db.backends.postgresql import base, operations
from django.db.backends.utils import CursorWrapper


def _may_run_twice(sql: Any) -> bool:
    return isinstance(sql, str) and sql.lstrip()[:6].upper() == "SELECT"


class _CheckedByFirstStatement:
    db: DatabaseWrapper
    cursor: Any

    def _execute(self, sql: Any, params: Any, *rest: Any) -> Any:
        db = self.db
        if not db.unchecked:
            return super()._execute(sql, params, *rest)  # type: ignore[misc]
        db.unchecked = False
        if db.in_atomic_block or isinstance(self.cursor, psycopg.ServerCursor) or not _may_run_twice(sql):
            self._check()
            return super()._execute(sql, params, *rest)  # type: ignore[misc]
        try:
            return super()._execute(sql, params, *rest)  # type: ignore[misc]
        except (utils.OperationalError, utils.InterfaceError):
            if db.is_usable():
                raise
            self._reconnect()
        return super()._execute(sql, params, *rest)  # type: ignore[misc]

    def _executemany(self, sql: Any, param_list: Any, *rest: Any) -> Any:
        if self.db.unchecked:
            self.db.unchecked = False
            self._check()
        return super()._executemany(sql, param_list, *rest)  # type: ignore[misc]

    def _check(self) -> None:
        """Django's own health check (`SELECT 1`), before a statement that must not run twice."""
        if not self.db.is_usable():
            self._reconnect()

    def _reconnect(self) -> None:
        db = self.db
        db.close()
        if db.in_atomic_block:
            return  # as with Django's check: no new connection inside a transaction, the statement fails
        db.ensure_connection()
        self.cursor = db.create_cursor(getattr(self.cursor, "name", None) or None)


class Cursor(_CheckedByFirstStatement, CursorWrapper):
    pass


class DebugCursor(_CheckedByFirstStatement, base.CursorDebugWrapper):
    pass


class DatabaseOperations(operations.DatabaseOperations):
    def last_executed_query(self, cursor: Any, sql: str, params: Any) -> str:
        """The statement as run, for the query log and the tests' captured queries: for a
        `prepared_cursor` (server-side binding, which Django's own check takes from the settings, not
        from the cursor) the statement with its parameters composed in, as Django does for
        server-side binding."""
        if isinstance(cursor, psycopg.ClientCursor):
            return super().last_executed_query(cursor, sql, params)
        try:
            return self.compose_sql(sql, params)  # type: ignore[no-any-return]
        except psycopg.errors.DataError:
            return sql


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
    # The kept connection has not answered yet in this request: the first statement checks it.
    unchecked = False
    # The next cursor binds its parameters on the server (`prepared_cursor`).
    _bind_on_server = False

    def create_cursor(self, name: str | None = None) -> Any:
        if self._bind_on_server and not name:
            return base.ServerBindingCursor(self.connection)  # type: ignore[attr-defined]  # (psycopg 3 only)
        return super().create_cursor(name)

    def prepared_cursor(self) -> Any:
        """A cursor that binds its parameters on the server, so that psycopg prepares a statement once
        it has run `prepare_threshold` (5) times on this connection: the database then parses and
        plans it once per connection instead of on every call. For statements whose text is made once
        and never changes (naker.core.kept_sql): planning was most of their time, up to four times
        their execution (issue 13). Django's own cursors keep the client-side binding, which takes
        any statement Django makes (server-side binding refuses some, and each text differs anyway)."""
        self.ensure_connection()
        if self.connection is None or self.connection.prepare_threshold is None:
            return self.cursor()  # preparing is off (NAKER_DB_PREPARE_THRESHOLD): nothing to bind for
        self._bind_on_server = True
        try:
            return self.cursor()
        finally:
            self._bind_on_server = False

    def close_if_health_check_failed(self) -> None:
        enabled = self.health_check_enabled  # type: ignore[attr-defined]  # (django-stubs lack it)
        if self.connection is None or not enabled or self.health_check_done:  # type: ignore[has-type]
            return
        self.health_check_done = True
        if getattr(self.connection, "broken", False) or self.connection.closed:
            self.close()  # known dead without asking: a new connection is opened at once
        else:
            self.unchecked = True

    def connect(self) -> None:
        super().connect()
        self.unchecked = False  # a new connection needs no check

    def make_cursor(self, cursor: Any) -> Cursor:
        return Cursor(cursor, self)

    def make_debug_cursor(self, cursor: Any) -> DebugCursor:
        return DebugCursor(cursor, self)
