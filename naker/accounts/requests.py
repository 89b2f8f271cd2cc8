"""`AuthedRequest`: the request of a page or endpoint that lets only a signed-in person through."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from naker.accounts.models import User


class AuthedRequest(HttpRequest):
    """A request whose user is signed in (`login_required`, or an endpoint that requires auth):
    `request.user` is our `User`, never `AnonymousUser`. For type checking only: Django builds
    plain `HttpRequest`s."""

    user: User
