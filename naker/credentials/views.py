"""Credential pages: the worker's certificates and downloads, the public verification page, revocation
by the issuer's staff, and the public documents verifiers need (key set, status lists, contexts,
issuer profiles). As thin as the API."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from naker.accounts.requests import AuthedRequest
from naker.core import fragments
from naker.core.errors import DomainError
from naker.core.pages import errors_onto_form
from naker.credentials import baking, keys, openbadges, pdf, selectors, services
from naker.credentials.forms import RevokeForm
from naker.credentials.models import Credential

CONTEXTS = Path(__file__).resolve().parent / "data" / "contexts"
# Pages kept under keys that name everything they show: nothing there goes stale, the time only frees memory.
KEPT_SECONDS = 600


def _linkedin(c: Credential) -> str:
    issued = timezone.localtime(c.issued_at)
    query = {
        "startTask": "CERTIFICATION_NAME",
        "name": c.title,
        "organizationName": c.issuer_name,
        "issueYear": issued.year,
        "issueMonth": issued.month,
        "certUrl": pdf.verify_url(c),
        "certId": c.number or "",
    }
    return "https://www.linkedin.com/profile/add?" + urlencode(query)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The list is read on every visit (one query): a revocation or a new certificate shows at once.
    Its rendering is kept under a key naming the holder and everything the list shows (issue 13)."""
    found = selectors.certificate_list(request.user)
    shown = [
        (c.pk, c.public_id, c.number, c.title, c.issuer_name, c.achieved_at, c.issued_at, c.status, c.revocation_reason)
        for c in found
    ]

    def cards() -> str:
        rows = [(c, pdf.verify_url(c), _linkedin(c)) for c in found]
        return render_to_string("credentials/_mine.html", {"rows": rows})

    key = fragments.key(f"naker:credentials:mine:{request.user.pk}", translation.get_language(), shown)
    return render(request, "credentials/mine.html", {"cards": fragments.remember(key, KEPT_SECONDS, cards)})


@login_required
def download(request: HttpRequest, public_id: UUID, fmt: str) -> HttpResponse:
    credential = selectors.credential_of_holder(request.user, public_id)
    name = credential.number or str(credential.public_id)
    if fmt in ("pdf", "phone"):
        response = HttpResponse(pdf.render(credential, layout="phone" if fmt == "phone" else "a4"), "application/pdf")
        suffix = "-hp" if fmt == "phone" else ""
        response["Content-Disposition"] = f'attachment; filename="{name}{suffix}.pdf"'
    elif fmt == "json":
        response = HttpResponse(json.dumps(credential.payload, ensure_ascii=False, indent=2), "application/json")
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    elif fmt == "jwt":
        response = HttpResponse(credential.jwt, "application/jwt")
        response["Content-Disposition"] = f'attachment; filename="{name}.jwt"'
    elif fmt == "png":
        response = HttpResponse(baking.bake_png(pdf.verify_url(credential), credential.jwt), "image/png")
        response["Content-Disposition"] = f'attachment; filename="{name}.png"'
    elif fmt == "svg":
        response = HttpResponse(baking.bake_svg(pdf.verify_url(credential), credential.jwt), "image/svg+xml")
        response["Content-Disposition"] = f'attachment; filename="{name}.svg"'
    else:
        raise Http404
    response["Cache-Control"] = "private, no-store"
    return response


def verify_page(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """What the certificate says is read on every visit (one query): a revocation shows at once. Its
    rendering, the same for every visitor, is kept under a key naming all of it (issue 13)."""
    view = selectors.public_view(public_id)
    may_revoke = selectors.may_revoke(request.user, public_id)

    def shown() -> str:
        context = {"v": view, "public_id": public_id, "may_revoke": may_revoke}
        return render_to_string("credentials/_verify.html", context)

    key = fragments.key(f"naker:credentials:verify:{public_id}", translation.get_language(), view, may_revoke)
    body = fragments.remember(key, KEPT_SECONDS, shown)
    return render(request, "credentials/verify.html", {"body": body}, status=200 if view.found else 404)


def verify_form(request: HttpRequest) -> HttpResponse:
    """Paste a signed credential (JWT) and see what it says: for verifiers without our QR."""
    result = None
    if request.method == "POST":
        result = selectors.verify_token(request.POST.get("jwt", ""))
    return render(request, "credentials/verify_form.html", {"result": result})


@login_required
def revoke_page(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    credential = selectors.credential_for_staff(request.user, public_id)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.revoke_credential(actor=request.user, public_id=public_id, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            if not exc.field_errors:
                raise
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("The certificate is revoked."))
            return redirect("credentials:verify", public_id=public_id)
    return render(request, "credentials/revoke.html", {"credential": credential, "form": form})


# --- public documents for verifiers ---------------------------------------------------------------


@require_GET
@cache_control(public=True, max_age=300)
def jwks(request: HttpRequest) -> JsonResponse:
    return JsonResponse(keys.public_jwks(), content_type="application/jwk-set+json")


@require_GET
@cache_control(public=True, max_age=300)
def status_list(request: HttpRequest, list_number: int) -> HttpResponse:
    credential = selectors.status_list(list_number)
    if request.GET.get("format") == "json":
        return JsonResponse(credential)
    return HttpResponse(openbadges.sign_plain(credential), content_type="application/vc+jwt")


@require_GET
@cache_control(public=True, max_age=86400)
def context(request: HttpRequest, name: str) -> FileResponse:
    path = CONTEXTS / name
    if path.parent != CONTEXTS or not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), content_type="application/ld+json")


@require_GET
@cache_control(public=True, max_age=3600)
def issuer(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"@context": [openbadges.VC_CONTEXT, openbadges.OB_CONTEXT], **openbadges.issuer_profile()})


@require_GET
@cache_control(public=True, max_age=3600)
def provider_profile(request: HttpRequest, code: str) -> JsonResponse:
    profile: dict[str, Any] | None = selectors.issuer_org_profile(code)
    if profile is None:
        raise Http404
    return JsonResponse(profile)
