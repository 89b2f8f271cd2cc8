"""Officer pages: the people in their scope, officers, reset codes. Same services as the API."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from naker.core.errors import DomainError, Forbidden, NotFound
from naker.organizations import selectors, services
from naker.organizations.models import Membership, Organization

PAGE_SIZE = 50


class OfficerForm(forms.Form):
    login = forms.CharField(label=gettext_lazy("Mobile number or email of a registered person"), max_length=254)
    role = forms.ChoiceField(
        label=gettext_lazy("Role"),
        choices=[
            (Membership.Role.OFFICER, Membership.Role.OFFICER.label),
            (Membership.Role.ADMIN, Membership.Role.ADMIN.label),
        ],
    )


def _overseen(request: HttpRequest, code: str) -> Organization:
    try:
        return selectors.organization_overseen_by(request.user, code)
    except NotFound:
        raise Http404 from None


def _refused(request: HttpRequest, exc: DomainError) -> HttpResponse:
    if isinstance(exc, NotFound):
        raise Http404
    return render(request, "organizations/refused.html", {"message": exc.message}, status=exc.status)


@login_required
def my_organizations(request: HttpRequest) -> HttpResponse:
    return render(request, "organizations/mine.html", {"orgs": selectors.managed_by(request.user)})


@login_required
def members(request: HttpRequest, code: str) -> HttpResponse:
    try:
        org = _overseen(request, code)
    except Forbidden:
        return HttpResponseForbidden(_("You cannot see this organisation's members."))
    page = Paginator(selectors.people_visible_to(request.user, org), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "organizations/members.html", {"org": org, "page": page})


@login_required
@require_POST
def reveal_nik(request: HttpRequest, code: str, user_id: int) -> HttpResponse:
    try:
        nik = services.reveal_nik(actor=request.user, org_code=code, user_id=user_id, request=request)
        org = selectors.get_organization(code)
        person = selectors.person_visible_to(request.user, org, user_id)
    except DomainError as exc:
        return _refused(request, exc)
    return render(request, "organizations/secret.html", {"org": org, "person": person, "label": _("NIK"), "value": nik})


@login_required
@require_POST
def reset_code(request: HttpRequest, code: str, user_id: int) -> HttpResponse:
    try:
        secret = services.hand_out_reset_code(actor=request.user, org_code=code, user_id=user_id, request=request)
        org = selectors.get_organization(code)
        person = selectors.person_visible_to(request.user, org, user_id)
    except DomainError as exc:
        return _refused(request, exc)
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
    try:
        org = _overseen(request, code)
    except Forbidden:
        return HttpResponseForbidden(_("You cannot manage this organisation."))
    form = OfficerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_officer(actor=request.user, org_code=code, request=request, **form.cleaned_data)
        except DomainError as exc:
            form.add_error("login" if "login" in exc.field_errors else None, exc.field_errors.get("login", exc.message))
        else:
            messages.success(request, _("Officer added."))
            return redirect("organizations:officers", code=code)
    return render(
        request, "organizations/officers.html", {"org": org, "officers": selectors.officers_of(org), "form": form}
    )


@login_required
def remove_officer(request: HttpRequest, code: str, user_id: int) -> HttpResponse:
    """GET asks for confirmation; POST removes the officer role."""
    try:
        org = _overseen(request, code)
    except Forbidden:
        return HttpResponseForbidden(_("You cannot manage this organisation."))
    membership = selectors.officers_of(org).filter(user_id=user_id).first()
    if membership is None:
        raise Http404
    if request.method == "POST":
        try:
            services.remove_officer(actor=request.user, org_code=code, user_id=user_id, request=request)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Officer role removed."))
        return redirect("organizations:officers", code=code)
    return render(request, "organizations/remove_officer.html", {"org": org, "membership": membership})
