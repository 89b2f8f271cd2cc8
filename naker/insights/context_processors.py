"""What every page's layout needs from insights (settings.TEMPLATES names this)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from naker.insights.selectors import scopes_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Whether the menu offers the dashboard: only to those with a scope to see (an employer or a
    certification body has none, and would get a 403)."""
    user = getattr(request, "user", None)
    return {"nav_dashboard": bool(user is not None and user.is_authenticated and scopes_for(user))}
