"""Login by mobile number (any common form) or email."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from naker.accounts.models import User
from naker.accounts.selectors import normalize_login, session_user, user_by_login


class PhoneOrEmailBackend(ModelBackend):
    def authenticate(  # type: ignore[override]
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        if username is None:
            username = kwargs.get("login") or kwargs.get(User.USERNAME_FIELD)
        if not username or not password:
            return None
        user = user_by_login(username)
        if user is None:
            User().set_password(password)  # same time whether or not the account exists
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id: Any) -> User | None:
        """The session's user, read on each signed-in request (issue 13: one statement made once)."""
        user = session_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The key axes throttles on: the login in its stored form, so `0812…` and `+62812…` count as one."""
    found = {str(k): v for k, v in (credentials or {}).items()}
    raw = found.get("username") or found.get("login") or found.get(User.USERNAME_FIELD)
    if raw is None and request is not None:
        raw = request.POST.get("username") or request.POST.get("login")
    return normalize_login(str(raw or ""))
