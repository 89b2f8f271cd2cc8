"""What every page's layout needs from organizations (settings.TEMPLATES names this)."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest

from naker.organizations.models import Organization
from naker.organizations.selectors import offices_for_request


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Links the page layout shows: the officer's organisations, if any. Read only when a template
    asks (the template calls them): the menu is cached (naker.core.layout), so most pages never do."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_orgs": [], "nav_providers": []}

    @cache
    def orgs() -> list[Organization]:
        return offices_for_request(request)[:5]

    @cache
    def providers() -> list[Organization]:
        return [o for o in orgs() if o.kind == "provider"]

    return {"nav_orgs": orgs, "nav_providers": providers}
