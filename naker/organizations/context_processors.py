"""What every page's layout needs from organizations (settings.TEMPLATES names this)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from naker.organizations.selectors import offices_for_request


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Links the page layout shows: the officer's organisations, if any."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_orgs": [], "nav_providers": []}
    orgs = offices_for_request(request)[:5]
    return {"nav_orgs": orgs, "nav_providers": [o for o in orgs if o.kind == "provider"]}
