"""Matching pages: "Lowongan untuk saya", my skills, my job preferences, my invitations, a learning
path with its enrol-all button, and an opportunity's candidates for its employer. As thin as the API."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from naker.accounts.requests import AuthedRequest
from naker.core import fragments
from naker.core.errors import DomainError
from naker.core.pages import errors_onto_form
from naker.jobs.matching import selectors, services
from naker.jobs.matching.forms import DeclareSkillForm, FiltersForm, InviteForm, PreferencesForm
from naker.jobs.selectors import SHARED_SECONDS


def _province_of(user: Any) -> str:
    worker = getattr(user, "worker", None)
    return worker.province_id if worker else ""


def _filters(request: HttpRequest, province_id: str) -> tuple[FiltersForm, selectors.Filters]:
    form = FiltersForm(request.GET or None, province_id=province_id)
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        return form, selectors.Filters(region=d["region"], kind=d["kind"], verified_only=d["verified_only"])
    return form, selectors.Filters()


@login_required
def mine(request: AuthedRequest) -> HttpResponse:
    """Lowongan untuk saya: ranked opportunities with their reasons and the courses that close the gap."""
    worker = selectors.worker_of(request.user)
    province_id = _province_of(worker)
    # Without filters in the address the form is the blank one, needed only to build the body when it
    # is not kept (its choices are a hundred-odd regions: issue 13).
    form, filters = _filters(request, province_id) if request.GET else (None, selectors.Filters())
    question = selectors.match_question(worker, filters)

    def body() -> str:
        found = selectors.matches_for(worker, filters, question=question)
        shown = form if form is not None else FiltersForm(province_id=province_id)
        return render_to_string("jobs/matching/_mine.html", {"found": found, "form": shown})

    # the filters as typed too: a form that did not validate shows its errors, not what a valid one shows
    asked = tuple(request.GET.get(name, "") for name in ("region", "kind", "verified_only"))
    found = fragments.remember(fragments.key(question.key, "page+heading", asked), SHARED_SECONDS, body)
    return render(request, "jobs/matching/mine.html", {"body": found})


@login_required
def skills(request: AuthedRequest) -> HttpResponse:
    worker = selectors.worker_of(request.user)
    form = DeclareSkillForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.declare_skill(worker=worker, code=form.cleaned_data["code"].strip())
        except DomainError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Skill added."))
            return redirect("matching:skills")
    return render(request, "jobs/matching/skills.html", {"lines": selectors.skill_profile(worker), "form": form})


@login_required
@require_POST
def remove_skill(request: AuthedRequest, code: str) -> HttpResponse:
    services.remove_declared_skill(worker=request.user, code=code)
    messages.success(request, _("Skill removed."))
    return redirect("matching:skills")


@login_required
def preferences(request: AuthedRequest) -> HttpResponse:
    worker = selectors.worker_of(request.user)
    pref = selectors.preferences_of(worker)
    initial = {
        "kinds": pref.kinds,
        "regency_codes": [r.pk for r in selectors.preference_regencies(pref)],
        "willing_to_relocate": pref.willing_to_relocate,
        "abroad": pref.abroad,
        "remote": pref.remote,
        "findable": pref.findable,
        "automated_matching": pref.automated_matching,
        "show_union": pref.show_union,
    }
    form = PreferencesForm(request.POST or None, initial=initial, province_id=_province_of(worker))
    if request.method == "POST" and form.is_valid():
        try:
            services.set_job_preferences(worker=worker, **form.cleaned_data)
        except DomainError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Your job preferences are saved."))
            return redirect("matching:preferences")
    return render(request, "jobs/matching/preferences.html", {"form": form})


@login_required
def invitations(request: AuthedRequest) -> HttpResponse:
    return render(request, "jobs/matching/invitations.html", {"invitations": selectors.invitations_of(request.user)})


@login_required
@require_POST
def answer_invitation(request: AuthedRequest, invitation_id: int, answer: str) -> HttpResponse:
    if answer == "terima":
        services.accept_invitation(worker=request.user, invitation_id=invitation_id)
        messages.success(request, _("You accepted the invitation: your application is sent."))
    elif answer == "tolak":
        services.decline_invitation(worker=request.user, invitation_id=invitation_id)
        messages.success(request, _("You declined the invitation."))
    else:
        return HttpResponse(status=404)
    return redirect("matching:invitations")


def _near(request: HttpRequest) -> bool:
    return request.GET.get("near") == "1" or request.POST.get("near") == "1"


@login_required
def opportunity_path(request: AuthedRequest, opportunity_id: int) -> HttpResponse:
    near = _near(request)
    path = selectors.learning_path_for_opportunity(request.user, opportunity_id, near=near)
    enrol_url = reverse("matching:enrol_opportunity_path", args=[opportunity_id])
    return render(request, "jobs/matching/path.html", {"path": path, "near": near, "enrol_url": enrol_url})


@login_required
@require_POST
def enrol_opportunity_path(request: AuthedRequest, opportunity_id: int) -> HttpResponse:
    done = services.enrol_in_path(worker=request.user, opportunity_id=opportunity_id, near=_near(request))
    messages.success(request, _("You are enrolled in %(n)s courses of the path.") % {"n": len(done)})
    return redirect("learning:dashboard")


@login_required
def occupation_path(request: AuthedRequest, code: str) -> HttpResponse:
    near = _near(request)
    path = selectors.learning_path_for_occupation(request.user, code, near=near)
    enrol_url = reverse("matching:enrol_occupation_path", args=[code])
    return render(request, "jobs/matching/path.html", {"path": path, "near": near, "enrol_url": enrol_url})


@login_required
@require_POST
def enrol_occupation_path(request: AuthedRequest, code: str) -> HttpResponse:
    done = services.enrol_in_path(worker=request.user, occupation_code=code, near=_near(request))
    messages.success(request, _("You are enrolled in %(n)s courses of the path.") % {"n": len(done)})
    return redirect("learning:dashboard")


@login_required
def candidates(request: AuthedRequest, opportunity_id: int) -> HttpResponse:
    opp = selectors.opportunity_for_staff(request.user, opportunity_id)
    form, filters = _filters(request, opp.province_id or (opp.regency_id or "").split(".")[0])
    found = selectors.candidates_for(request.user, opportunity_id, filters)
    released = [c.worker_id for c in found.items if c.contact is not None]
    if released:
        services.record_contacts_seen(actor=request.user, opportunity=opp, worker_ids=released, request=request)
    return render(request, "jobs/matching/candidates.html", {"found": found, "form": form})


@login_required
@require_POST
def invite(request: AuthedRequest, opportunity_id: int) -> HttpResponse:
    form = InviteForm(request.POST)
    if form.is_valid():
        services.invite(
            actor=request.user,
            opportunity_id=opportunity_id,
            worker_id=form.cleaned_data["worker_id"],
            message=form.cleaned_data["message"],
        )
        messages.success(request, _("Invitation sent."))
    else:
        messages.error(request, _("The invitation could not be sent: check the form."))
    return redirect("matching:candidates", opportunity_id=opportunity_id)
