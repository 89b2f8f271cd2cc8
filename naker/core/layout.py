"""The page layout's menu, rendered once per person, language and version (issue 13).

Every page's header shows links that depend on who is signed in: whether they are a worker, their
organisations (officer or admin), whether a dashboard is offered, whether they are platform staff.
Working that out is two queries and some fifty template nodes on every page; the links change
rarely. `base.html` keeps the rendered menu in the cache under `menu_key` (the person, the version
of their menu and the version of everyone's) and the language; only the logout form (its CSRF
token) and the footer are rendered on each request.

A change to what the menu shows makes a new version, at once in this process and, after the
commit, again (a page rendered from the rows not yet committed must not be kept): the user saved
(staff or not, a login), their worker profile created or deleted, one of their memberships saved or
deleted (`forget_menu(user_id)`), any organisation saved or deleted (its name; `forget_menu()`:
everyone's). The apps that own those models connect the signals. With the per-process local-memory
cache the other processes keep their version at most NAKER_MENU_CACHE_SECONDS (a minute); with Redis
(shared) every process sees the new version at once.

Nothing personal is kept under a shared key: each person's menu is under their own id.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from naker.core import versions

EVERYONE = "menu:all"


def _seconds() -> int:
    return int(getattr(settings, "NAKER_MENU_CACHE_SECONDS", 60))


def menu_key(user_id: int) -> str:
    """The person's menu version: their own and everyone's."""
    mine, everyone = versions.versions([f"menu:{user_id}", EVERYONE], _seconds())
    return f"{user_id}.{mine}.{everyone}"


def forget_menu(user_id: int | None = None) -> None:
    """A new menu for this person (None: for everyone), now and again after the commit."""
    versions.bump(EVERYONE if user_id is None else f"menu:{user_id}")


def layout(request: HttpRequest) -> dict[str, Any]:
    """Context processor (settings.TEMPLATES): the menu's cache key and lifetime for `base.html`."""
    user = getattr(request, "user", None)
    key = menu_key(user.pk) if user is not None and user.is_authenticated else "anonymous"
    return {"menu_key": key, "menu_seconds": _seconds()}
