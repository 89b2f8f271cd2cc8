from typing import Any

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Links the page layout shows: the officer's organisations, if any."""
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False):
        return {"nav_orgs": [], "nav_providers": []}
    from naker.organizations.selectors import managed_by

    orgs = list(managed_by(user).only("code", "name", "kind")[:5])
    return {"nav_orgs": orgs, "nav_providers": [o for o in orgs if o.kind == "provider"]}
