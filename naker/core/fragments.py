"""Parts of pages kept in the cache (issue 13): what a page shows that takes more to build than to
look up, under a key that names everything it was built from.

- `key(prefix, *parts)`: the prefix (say whose it is: `naker:jobs:matches:<user id>` for one
  person's, never a shared prefix for anything personal) and a digest of the parts (filters,
  language, day, generations...). A part that changes means a new key: nothing is ever stale
  under its own key except through a `Generation`.
- `CSRF_MARK`, `with_csrf`: a kept fragment with a form.
- `Generation`: a counter of shared data (the open opportunities, say) that writes bump. It is
  part of the key of whatever is built from that data; a bump makes new keys and the old ones
  expire. With the per-process local-memory cache another process sees a bump only when its
  own entries expire (callers keep shared parts a short time: say how long where they do); with
  Redis at once.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from naker.core.shell import csrf_input

T = TypeVar("T")


def key(prefix: str, *parts: object) -> str:
    return f"{prefix}:{hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()}"


def remember(name: str, seconds: int, make: Callable[[], T]) -> T:
    """What is kept under `name`, or `make()`, kept `seconds`."""
    found = cache.get(name)
    if found is None:
        found = make()
        cache.set(name, found, seconds)
    return found  # type: ignore[no-any-return]


# A form's CSRF field in a kept fragment: the token belongs to the request (the session's secret), so a
# fragment holds this mark instead and `with_csrf` puts the request's own field in its place. Escaped
# text never holds it (its "<" would be "&lt;").
CSRF_MARK = "<!--naker:csrf-->"


def with_csrf(html: str, request: HttpRequest) -> SafeString:
    return mark_safe(html.replace(CSRF_MARK, str(csrf_input(request))))  # noqa: S308 (rendered, escaped HTML)


class Generation:
    def __init__(self, name: str) -> None:
        self.name = f"naker:generation:{name}"

    def current(self) -> int:
        found = cache.get(self.name)
        if found is None:
            # A new cache (or this counter evicted): a value never used before, so no old entry matches.
            cache.add(self.name, time.time_ns(), None)
            found = cache.get(self.name) or 0
        return int(found)

    def bump(self) -> None:
        """Now, and again once the transaction commits: a request that read the old rows meanwhile
        may have kept what it built under the first new value, never under the last."""

        def renew() -> None:
            cache.set(self.name, time.time_ns(), None)

        renew()
        transaction.on_commit(renew)
