"""The cache in front of Redis that survives Redis: while Redis cannot be reached, the database.

Django's RedisCache raises on a refused connection, so a stopped Redis would turn every page that
reads the cache (sessions, search, throttling counters) into a 500. `ResilientRedisCache` catches
the connection errors and hands the same call to a fallback cache, the database table `naker_cache`
(the `fallback` alias in settings.CACHES): pages still serve, and the throttling counters
(registrations, reset-code guesses) keep counting from the database. After a failure Redis is left
alone for a few seconds (each process on its own), then tried again; when it answers, it serves
again. What was counted in the database meanwhile is not carried over: counters start again in
Redis, which at worst lets a few more tries through once.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

REDIS_DOWN = (RedisConnectionError, RedisTimeoutError)
# After Redis failed, calls go straight to the fallback for this long (no connection attempt each).
RETRY_REDIS_AFTER_SECONDS = 5.0


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._fallback_alias = str(params.get("FALLBACK", "fallback"))
        self._redis_down_until = 0.0

    @property
    def fallback(self) -> BaseCache:
        return caches[self._fallback_alias]

    def redis_answers(self) -> bool:
        """Whether Redis itself answers now (readiness reports a cache on its fallback)."""
        try:
            return bool(self._cache.get_client(write=True).ping())  # type: ignore[attr-defined]
        except REDIS_DOWN:
            return False

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if time.monotonic() >= self._redis_down_until:
            try:
                return getattr(super(), name)(*args, **kwargs)
            except REDIS_DOWN as exc:
                self._redis_down_until = time.monotonic() + RETRY_REDIS_AFTER_SECONDS
                logger.warning("cache: Redis did not answer (%s); the database serves", type(exc).__name__)
        return getattr(self.fallback, name)(*args, **kwargs)

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return bool(self._call("add", key, value, timeout, version))

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._call("get", key, default, version)

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        self._call("set", key, value, timeout, version)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return bool(self._call("touch", key, timeout, version))

    def delete(self, key: Any, version: int | None = None) -> bool:
        return bool(self._call("delete", key, version))

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        return dict(self._call("get_many", keys, version))

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return bool(self._call("has_key", key, version))

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        return int(self._call("incr", key, delta, version))

    def set_many(self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> list[Any]:
        return list(self._call("set_many", data, timeout, version))

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        self._call("delete_many", keys, version)

    def clear(self) -> None:
        self._call("clear")
