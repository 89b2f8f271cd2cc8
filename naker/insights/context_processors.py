"""What every page's layout needs from insights (settings.TEMPLATES names this)."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest

from naker.insights.selectors import scopes_for
from naker.organizations.selectors import offices_for_request


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Whether the menu offers the dashboard: only to those with a scope to see (an employer or a
    certification body has none, and would get a 403). Worked out only when a template asks (the
    template calls it): the menu is cached (naker.core.layout)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_dashboard": False}

    @cache
    def offered() -> bool:
        return bool(scopes_for(user, offices=offices_for_request(request)))

    return {"nav_dashboard": offered}
