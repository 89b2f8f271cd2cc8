"""Adoption targets, invitation links and socialisation events: the officers' outreach pages."""

from __future__ import annotations

import datetime
from typing import Any

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from naker.core.errors import DomainError, Forbidden, NotFound
from naker.core.validation import INT32_MAX, validate_sane_date
from naker.insights import selectors as insight_selectors
from naker.insights import services as insight_services
from naker.insights import svg
from naker.organizations import selectors as org_selectors
from naker.outreach import services
from naker.outreach.models import AdoptionTarget, SocialisationEvent


class TargetForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    scope = forms.ChoiceField(label=gettext_lazy("For"), choices=AdoptionTarget.Scope.choices)
    scope_code = forms.CharField(
        label=gettext_lazy("Province, regency or organisation code (empty for the nation)"),
        max_length=64,
        required=False,
    )
    metric = forms.ChoiceField(label=gettext_lazy("What is counted"), choices=AdoptionTarget.Metric.choices)
    goal = forms.IntegerField(label=gettext_lazy("Target"), min_value=1, max_value=INT32_MAX)
    start_date = forms.DateField(
        label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"}), validators=[validate_sane_date]
    )
    due_date = forms.DateField(
        label=gettext_lazy("Reached by"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_sane_date],
    )


class EventForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    organizers = forms.CharField(label=gettext_lazy("Organisers (codes, separated by commas)"), max_length=300)
    starts_at = forms.DateTimeField(
        label=gettext_lazy("Date and time (WIB)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        validators=[validate_sane_date],
    )
    venue = forms.CharField(label=gettext_lazy("Venue"), max_length=200)
    regency_code = forms.CharField(label=gettext_lazy("Regency/city code (e.g. 32.75)"), max_length=8)
    partners = forms.CharField(label=gettext_lazy("Partners"), max_length=300, required=False)


class CodeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Attendance code (scan the worker's QR code)"), max_length=500)


@login_required
def targets(request: HttpRequest) -> HttpResponse:
    if not insight_selectors.scopes_for(request.user):
        return HttpResponseForbidden(_("Targets are for officers of unions and chambers."))
    form = TargetForm(request.POST or None, initial={"start_date": datetime.date.today()})
    if request.method == "POST" and form.is_valid():
        try:
            target = services.set_target(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
            for name, msg in exc.field_errors.items():
                form.add_error(name if name in form.fields else None, msg)
        else:
            messages.success(request, _("Target saved."))
            return redirect("outreach:target", target_id=target.pk)
    insight_services.ensure_fresh()
    rows = [(t, insight_selectors.progress_of(t)) for t in services.targets_visible_to(request.user)]
    return render(request, "outreach/targets.html", {"rows": rows, "form": form})


@login_required
def target_page(request: HttpRequest, target_id: int) -> HttpResponse:
    target = next((t for t in services.targets_visible_to(request.user) if t.pk == target_id), None)
    if target is None:
        raise Http404
    insight_services.ensure_fresh()
    progress = insight_selectors.progress_of(target)
    chart = (
        svg.target_chart(
            progress.series,
            target.start_date,
            target.due_date,
            progress.start_value,
            target.goal,
            progress.projected,
            label=target.name,
        )
        if progress.measurable
        else ""
    )
    scope = insight_selectors.scope_of_target(target)
    world = ""
    if scope.level == "nation" and progress.measurable:
        places = insight_selectors.by_place(scope, insight_selectors.DAILY_METRIC[target.metric])
        world = svg.choropleth({c: v for c, _n, v in places}, label=target.name, unit="")
    return render(
        request, "outreach/target.html", {"target": target, "p": progress, "chart": chart, "map": world, "scope": scope}
    )


@login_required
def invite_links(request: HttpRequest, code: str) -> HttpResponse:
    try:
        org = org_selectors.organization_overseen_by(request.user, code)
    except NotFound:
        raise Http404 from None
    except Forbidden:
        return HttpResponseForbidden(_("You cannot manage this organisation."))
    links = []
    for personal in (False, True):
        ref = services.referral_code_for(actor=request.user, org_code=code, personal=personal)
        url = request.build_absolute_uri(reverse("accounts:register") + f"?ref={ref.code}")
        links.append(
            {"personal": personal, "code": ref, "url": url, "qr": segno.make(url, error="m").svg_inline(scale=4)}
        )
    counts = services.referral_counts(org)
    return render(request, "outreach/invite_links.html", {"org": org, "links": links, "counts": counts})


@login_required
def events(request: HttpRequest) -> HttpResponse:
    managed = list(org_selectors.managed_by(request.user))
    if not managed and not request.user.is_staff:
        return HttpResponseForbidden(_("Events are planned by officers of unions and chambers."))
    form = EventForm(request.POST or None, initial={"organizers": ", ".join(o.code for o in managed[:1])})
    if request.method == "POST" and form.is_valid():
        data: dict[str, Any] = dict(form.cleaned_data)
        data["organizer_codes"] = [c.strip() for c in data.pop("organizers").split(",") if c.strip()]
        try:
            event = services.plan_event(actor=request.user, **data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("outreach:event", event_id=event.pk)
    listed = (
        SocialisationEvent.objects.filter(organizers__in=managed).distinct()
        if not request.user.is_staff
        else SocialisationEvent.objects.all()
    )
    return render(request, "outreach/events.html", {"events": listed.select_related("regency")[:50], "form": form})


@login_required
def event_page(request: HttpRequest, event_id: int) -> HttpResponse:
    event = (
        SocialisationEvent.objects.filter(pk=event_id)
        .select_related("regency", "referral_code")
        .prefetch_related("organizers")
        .first()
    )
    if event is None or not (
        request.user.is_staff or any(org_selectors.can_oversee(request.user, o) for o in event.organizers.all())
    ):
        raise Http404
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            attendance = services.record_event_attendance(
                actor=request.user, event_id=event_id, code=form.cleaned_data["code"]
            )
        except DomainError as exc:
            form.add_error("code", exc.field_errors.get("code", exc.message))
        else:
            messages.success(request, _("Attendance recorded for %(name)s.") % {"name": attendance.user.full_name})
            return redirect("outreach:event", event_id=event_id)
    url = request.build_absolute_uri(reverse("accounts:register") + f"?ref={event.referral_code.code}")
    return render(
        request,
        "outreach/event.html",
        {
            "event": event,
            "form": form,
            "url": url,
            "qr": segno.make(url, error="m").svg_inline(scale=4),
            "results": services.event_results(event),
        },
    )
