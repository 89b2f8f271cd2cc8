"""API authentication: bearer tokens (stored hashed) or the browser's session."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from naker.accounts.selectors import user_for_token

if TYPE_CHECKING:
    from naker.accounts.models import User


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token)
        if user is not None:
            request.user = user
            request.auth_token = token  # type: ignore[attr-defined]
        return user


class Session(SessionAuth):
    """The logged-in browser session (CSRF checked on writes), for the docs page and htmx."""

    def authenticate(self, request: HttpRequest, key: str | None) -> User | AnonymousUser | None:
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


AUTHENTICATED = [BearerToken(), Session()]


def optional_user(request: HttpRequest) -> User | AnonymousUser:
    """The caller on a public endpoint: the bearer token's user, the session's, or anonymous."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        user = user_for_token(header[7:].strip())
        if user is not None:
            return user
    return request.user
