"""Sessions read from the cache, written through to the database (docs/decisions/0013-fast-pages.md).

Django's `cached_db` store, with one change: where the cache is local to each process (the default
local-memory cache, two gunicorn workers), a session stays in a process's cache at most
NAKER_SESSION_CACHE_SECONDS, so a logout in one process ends the session in the others within that
time. With a shared cache (Redis) the session is cached for its whole life, as in `cached_db`.
A page costs no session query while the session is cached; a password change still logs out every
other session at once (Django compares the session's password hash with the user's on each request).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.sessions.backends import cached_db


class _CappedCache:
    """The cache as the session store sees it, with every entry's lifetime capped."""

    def __init__(self, cache: Any, cap: int | None) -> None:
        self._cache, self._cap = cache, cap

    def _timeout(self, timeout: Any) -> Any:
        if self._cap is None:
            return timeout
        return self._cap if timeout is None else min(int(timeout), self._cap)

    def get(self, key: str, default: Any = None) -> Any:
        return self._cache.get(key, default)

    def set(self, key: str, value: Any, timeout: Any = None) -> None:
        self._cache.set(key, value, self._timeout(timeout))

    def delete(self, key: str) -> None:
        self._cache.delete(key)

    def __contains__(self, key: str) -> bool:
        return key in self._cache


class SessionStore(cached_db.SessionStore):
    def __init__(self, session_key: str | None = None) -> None:
        super().__init__(session_key)
        cache: Any = self._cache  # type: ignore[has-type]
        self._cache = _CappedCache(cache, getattr(settings, "NAKER_SESSION_CACHE_SECONDS", None))
