"""Versions of cached, rendered parts of pages (issue 13): a part is kept under a key that names the
version of what it shows, and a change to that makes a new version (the old keys are left to expire).

A version is a random token kept in the cache. `bump(name)` drops it at once and again after the
commit (a page rendered from rows not yet committed must not be kept under the new version); the
next read makes a new one. With the per-process local-memory cache a process keeps its version at
most `seconds`, so a change made in another process reaches it within that time; with Redis (shared)
every process sees the new version at once.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction

PREFIX = "naker:version:"


def versions(names: Iterable[str], seconds: int) -> list[str]:
    """The current version of each name, in order (one cache round trip; new ones made as needed)."""
    keys = [PREFIX + n for n in names]
    found = cache.get_many(keys)
    missing = {k: secrets.token_hex(6) for k in keys if k not in found}
    if missing:
        cache.set_many(missing, seconds)
        found.update(missing)
    return [str(found[k]) for k in keys]


def version(name: str, seconds: int) -> str:
    return versions([name], seconds)[0]


def _drop(name: str) -> None:
    cache.delete(PREFIX + name)


def bump(name: str) -> None:
    """A new version of `name`: now, and again once the current transaction commits."""
    _drop(name)
    transaction.on_commit(lambda: _drop(name))
