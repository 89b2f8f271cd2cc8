"""Socialisation events' pages: plan one, see one (its sign-up code and results), record attendance."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from naker.core.errors import DomainError
from naker.core.pages import errors_onto_form
from naker.learning import selectors as learning_selectors
from naker.organizations import selectors as org_selectors
from naker.outreach.forms import CodeForm, EventForm
from naker.outreach.gatherings import selectors, services

if TYPE_CHECKING:
    from naker.accounts.models import User


@login_required
def events(request: HttpRequest) -> HttpResponse:
    managed = selectors.organizations_planning_events(request.user)
    organizers = [(o.code, o.name) for o in (managed or org_selectors.partners_for_admin())]
    if request.method == "POST" and request.POST.get("action") == "choose_province":
        # without JavaScript: the page comes back with the province's regencies and cities to choose
        form = EventForm(initial=request.POST.dict(), organizers=organizers)
    else:
        form = EventForm(request.POST or None, organizers=organizers)
    if request.method == "POST" and request.POST.get("action") != "choose_province" and form.is_valid():
        data: dict[str, Any] = dict(form.cleaned_data)
        codes = [data["organizer"]]
        for field, name in form.co_organizer_names():
            partner = org_selectors.partner_named(name)
            if partner is None:
                form.add_error(
                    field, _("No union or chamber is named “%(name)s”. Choose a name from the list.") % {"name": name}
                )
            else:
                codes.append(partner.code)
        if form.is_valid():
            try:
                event = services.plan_event(
                    actor=cast("User", request.user),
                    title=data["title"],
                    organizer_codes=codes,
                    starts_at=data["starts_at"],
                    venue=data["venue"],
                    regency_code=data["regency_code"],
                    partners=data["partners"],
                )
            except DomainError as exc:
                errors_onto_form(form, exc)
            else:
                return redirect("outreach:event", event_id=event.pk)
    listed = selectors.events_visible_to(request.user)[:50]
    pending = selectors.pending_organizer_requests(request.user)[:50]
    classes = learning_selectors.pending_co_host_requests(request.user)[:50]
    return render(
        request,
        "outreach/events.html",
        {
            "events": listed,
            "form": form,
            "pending": pending,
            "pending_classes": classes,
            "partner_names": org_selectors.partner_names(),
        },
    )


@login_required
@require_POST
def answer_co_organizer(request: HttpRequest, event_id: int, code: str) -> HttpResponse:
    """An officer of an organisation named as co-organiser accepts or declines (the events page asks)."""
    actor = cast("User", request.user)
    if request.POST.get("answer") == "accept":
        services.accept_co_organizer(actor=actor, event_id=event_id, organization_code=code)
        messages.success(request, _("Your organisation is now a co-organiser of this event."))
    else:
        services.decline_co_organizer(actor=actor, event_id=event_id, organization_code=code)
        messages.success(request, _("You declined: your organisation is not named as a co-organiser."))
    return redirect("outreach:events")


@login_required
def event_page(request: HttpRequest, event_id: int) -> HttpResponse:
    event = selectors.event_visible_to(request.user, event_id)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            attendance = services.record_event_attendance(
                actor=cast("User", request.user), event_id=event_id, code=form.cleaned_data["code"]
            )
        except DomainError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Attendance recorded for %(name)s.") % {"name": attendance.user.full_name})
            return redirect("outreach:event", event_id=event_id)
    url = request.build_absolute_uri(reverse("accounts:register") + f"?ref={event.referral_code.code}")
    return render(
        request,
        "outreach/event.html",
        {
            "event": event,
            "organizers": selectors.accepted_organizers(event),
            "form": form,
            "url": url,
            "qr": segno.make(url, error="m").svg_inline(scale=4),
            "results": selectors.event_results(event),
        },
    )
