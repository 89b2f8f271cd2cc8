from typing import Any

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Links the page layout shows: the officer's organisations, if any."""
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False):
        return {"nav_orgs": []}
    from naker.organizations.selectors import managed_by

    return {"nav_orgs": list(managed_by(user).only("code", "name")[:5])}
