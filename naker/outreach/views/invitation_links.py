"""The invitation links page: the organisation's link, the officer's own, and sign-ups per link."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import segno
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from naker.outreach.invitation_links import selectors, services

if TYPE_CHECKING:
    from naker.accounts.models import User


@login_required
def invite_links(request: HttpRequest, code: str) -> HttpResponse:
    links = []
    for personal in (False, True):  # made on first visit; refused for an organisation one does not oversee
        ref = services.ensure_referral_code(actor=cast("User", request.user), org_code=code, personal=personal)
        url = request.build_absolute_uri(reverse("accounts:register") + f"?ref={ref.code}")
        links.append(
            {"personal": personal, "code": ref, "url": url, "qr": segno.make(url, error="m").svg_inline(scale=4)}
        )
    org, counts = selectors.referral_counts(request.user, code)
    return render(request, "outreach/invite_links.html", {"org": org, "links": links, "counts": counts})
