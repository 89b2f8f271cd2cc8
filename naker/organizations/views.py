"""Officer pages: the people in their scope, officers, reset codes. Same services and selectors as the API.

Every page reads through a selector that takes the viewer; a refusal (outside the scope, unknown
organisation, a chamber asking for a NIK…) rises as a DomainError and DomainErrorMiddleware shows it
in the site's layout with the API's status and message. Forms catch a refusal only to show it on
the form with what was typed (errors_onto_form).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from naker.core.errors import DomainError
from naker.core.pages import errors_onto_form
from naker.organizations import selectors, services
from naker.organizations.errors import PersonNotFound
from naker.organizations.models import Membership

if TYPE_CHECKING:
    from collections.abc import Callable

    from naker.accounts.models import User


class OfficerForm(forms.Form):
    login = forms.CharField(label=gettext_lazy("Mobile number or email of a registered person"), max_length=254)
    role = forms.ChoiceField(
        label=gettext_lazy("Role"),
        choices=[
            (Membership.Role.OFFICER, Membership.Role.OFFICER.label),
            (Membership.Role.ADMIN, Membership.Role.ADMIN.label),
        ],
    )


class RevealNikForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why do you need the whole NIK?"),
        max_length=services.MAX_REASON_LENGTH,
        help_text=gettext_lazy("For example: checking the member's KTP for a certificate. The member can read this."),
    )


def _viewer(request: HttpRequest) -> User:
    # login_required has let only a logged-in person through; the session's user is our User.
    return cast("User", request.user)


@login_required
def my_organizations(request: HttpRequest) -> HttpResponse:
    return render(request, "organizations/mine.html", {"orgs": selectors.managed_by(_viewer(request))})


@login_required
def members(request: HttpRequest, code: str) -> HttpResponse:
    number = request.GET.get("page", "")
    found = selectors.member_list(
        _viewer(request),
        code,
        after=request.GET.get("after", "")[:64],
        page=int(number) if number.isdigit() and len(number) < 10 else 1,
        requests=True,
        request=request,
    )
    org = found.org
    # Each row's two links, made from one reverse() each rather than two {% url %} per row.
    reset_url = _url_for_each_person("organizations:reset_code", org.code)
    reveal_url = _url_for_each_person("organizations:reveal_nik", org.code)
    may_reveal = org.kind == org.Kind.UNION
    for person in found.page.items:
        person["reset_url"] = reset_url(person["id"])
        # A whole NIK is shown only through a union, and only a worker has one.
        person["reveal_url"] = reveal_url(person["id"]) if may_reveal and person["regency"] is not None else ""
    context = {"org": org, "page": found.page, "requests": found.requests}
    return render(request, "organizations/members.html", context)


def _url_for_each_person(name: str, code: str) -> Callable[[int], str]:
    """`reverse(name, args=[code, user_id])` for many people at the cost of one reverse(), made once
    per process for each organisation and URL configuration (`_person_url_parts`)."""
    head, tail = _person_url_parts(name, code, get_urlconf(), get_script_prefix())
    return lambda user_id: f"{head}/{user_id}/{tail}"


@functools.lru_cache(maxsize=1024)
def _person_url_parts(name: str, code: str, urlconf: Any, prefix: str) -> tuple[str, str]:
    head, _sep, tail = reverse(name, args=[code, 0]).rpartition("/0/")
    return head, tail


@receiver(setting_changed)
def _forget(*, setting: str, **kwargs: Any) -> None:
    if setting == "ROOT_URLCONF":
        _person_url_parts.cache_clear()


@login_required
@require_POST
def decide_join_request(request: HttpRequest, code: str, request_id: int) -> HttpResponse:
    """An officer approves ("approve") or refuses ("refuse") a worker's request to join the union."""
    approve = request.POST.get("action") == "approve"
    decided = services.decide_join_request(
        actor=_viewer(request), org_code=code, request_id=request_id, approve=approve
    )
    name = decided.user.full_name
    if approve:
        messages.success(request, _("%(name)s is now a member.") % {"name": name})
    else:
        messages.success(request, _("You refused the request of %(name)s.") % {"name": name})
    return redirect("organizations:members", code)


@login_required
def reveal_nik(request: HttpRequest, code: str, user_id: int) -> HttpResponse:
    """GET asks why; POST, with a reason, shows the whole NIK (audited with the reason)."""
    viewer = _viewer(request)
    org = selectors.organization_overseen_by(viewer, code)
    services.refuse_nik_reveal_outside_unions(org)
    person = selectors.person_visible_to(viewer, org, user_id)
    form = RevealNikForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            nik = services.reveal_nik(
                actor=viewer, org_code=code, user_id=user_id, reason=form.cleaned_data["reason"], request=request
            )
        except DomainError as exc:
            if not exc.field_errors:
                raise
            errors_onto_form(form, exc)
        else:
            context = {"org": org, "person": person, "label": _("NIK"), "value": nik}
            return render(request, "organizations/secret.html", context)
    status = 422 if request.method == "POST" else 200
    return render(request, "organizations/reveal_nik.html", {"org": org, "person": person, "form": form}, status=status)


@login_required
@require_POST
def reset_code(request: HttpRequest, code: str, user_id: int) -> HttpResponse:
    viewer = _viewer(request)
    secret = services.hand_out_reset_code(actor=viewer, org_code=code, user_id=user_id, request=request)
    org = selectors.organization_overseen_by(viewer, code)
    person = selectors.person_visible_to(viewer, org, user_id)
    note = _(
        "Give this code to the member in person. It works once, within 30 minutes, at the 'Reset with a code' page."
    )
    return render(
        request,
        "organizations/secret.html",
        {"org": org, "person": person, "label": _("Password reset code"), "value": secret, "note": note},
    )


@login_required
def officers(request: HttpRequest, code: str) -> HttpResponse:
    viewer = _viewer(request)
    org = selectors.organization_overseen_by(viewer, code)
    form = OfficerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_officer(actor=viewer, org_code=code, request=request, **form.cleaned_data)
        except DomainError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Officer added."))
            return redirect("organizations:officers", code=code)
    return render(
        request, "organizations/officers.html", {"org": org, "officers": selectors.officers_of(org), "form": form}
    )


@login_required
def remove_officer(request: HttpRequest, code: str, user_id: int) -> HttpResponse:
    """GET asks for confirmation; POST removes the officer role."""
    viewer = _viewer(request)
    org = selectors.organization_overseen_by(viewer, code)
    membership = selectors.officers_of(org).filter(user_id=user_id).first()
    if membership is None:
        raise PersonNotFound(_("This person is not an officer here."))
    if request.method == "POST":
        try:
            services.remove_officer(actor=viewer, org_code=code, user_id=user_id, request=request)
        except DomainError as exc:
            # The officers page, with the reason on top (say, the last officer cannot go).
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Officer role removed."))
        return redirect("organizations:officers", code=code)
    return render(request, "organizations/remove_officer.html", {"org": org, "membership": membership})
