"""Pages of competency certification: the schemes and a worker's applications, the LSP's desk, the
assessor's candidates, evidence files, and a provider's certificates per course. As thin as the
API: the same services and selectors."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from naker.accounts.requests import AuthedRequest
from naker.core.errors import DomainError
from naker.credentials.certification import errors, files, selectors, services
from naker.credentials.certification.models import Application, Scheme, UnitResult


def _fail(request: HttpRequest, exc: DomainError) -> None:
    """A refusal shown on the page it came from: the message and each field's problem."""
    if not exc.field_errors:
        messages.error(request, exc.message)
    for field, message in exc.field_errors.items():
        messages.error(request, f"{field}: {message}")


def schemes(request: HttpRequest) -> HttpResponse:
    """Open schemes for anyone; for a logged-in person also their applications and desks."""
    context: dict[str, Any] = {"schemes": list(selectors.open_schemes())}
    if request.user.is_authenticated:
        context["applications"] = list(selectors.applications_of(request.user))
        context["lsps"] = selectors.lsps_of(request.user)
        context["is_assessor"] = selectors.assessor_roles(request.user).exists()
    return render(request, "credentials/certification/schemes.html", context)


def scheme_page(request: HttpRequest, scheme_id: int) -> HttpResponse:
    scheme = selectors.scheme(scheme_id)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"/akun/masuk/?next={request.path}")
        chosen = [int(v) for v in request.POST.getlist("competent") if v.isdigit()]
        try:
            application = services.apply(
                worker=request.user,  # type: ignore[arg-type]
                scheme_id=scheme.pk,
                purpose=request.POST.get("purpose", "new"),
                competent_elements=chosen,
            )
        except DomainError as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("Your application is sent to the LSP."))
            return redirect("certification:application", application_id=application.pk)
    units = list(scheme.units.all())
    elements = selectors.unit_elements(u.code for u in units)
    context = {
        "scheme": scheme,
        "units": [(u, elements.get(u.code, [])) for u in units],
        "purposes": Application.Purpose.choices,
        "personal": services.personal_data(request.user)  # type: ignore[arg-type]
        if request.user.is_authenticated and hasattr(request.user, "worker")
        else None,
        "offered": selectors.course_certificates_covering(request.user, [u.code for u in units])  # type: ignore[arg-type]
        if request.user.is_authenticated
        else [],
    }
    return render(request, "credentials/certification/scheme.html", context)


def _results_from(post: Any, codes: list[str]) -> dict[str, dict[str, Any]]:
    return {
        code: {
            "result": post.get(f"result-{code}", ""),
            "methods": post.getlist(f"methods-{code}"),
            "note": post.get(f"note-{code}", ""),
        }
        for code in codes
        if post.get(f"result-{code}")
    }


def _act(request: AuthedRequest, application_id: int) -> None:
    action = request.POST.get("action", "")
    user = request.user
    if action == "evidence":
        upload = request.FILES.get("file")
        if upload is None:
            raise errors.EvidenceRefused(_("Choose a file."), field_errors={"file": _("Choose a file.")})
        services.add_evidence(
            actor=user,
            application_id=application_id,
            upload=upload,
            name=upload.name or "",
            size=upload.size or 0,
            skill_code=request.POST.get("unit", ""),
        )
        messages.success(request, _("The evidence is uploaded."))
    elif action == "resubmit":
        services.resubmit(actor=user, application_id=application_id)
        messages.success(request, _("The application is sent again."))
    elif action == "appeal":
        services.appeal(actor=user, application_id=application_id, text=request.POST.get("text", ""))
        messages.success(request, _("Your appeal is sent to the LSP."))
    elif action == "check":
        services.check_application(
            actor=user,
            application_id=application_id,
            outcome=request.POST.get("outcome", ""),
            note=request.POST.get("note", ""),
        )
        messages.success(request, _("The check is recorded."))
    elif action == "schedule":
        raw = request.POST.get("at", "")
        at = parse_datetime(raw) if raw else None
        if at is None:
            msg = _("Give the date and time of the assessment.")
            raise errors.ApplicationInvalid(msg, field_errors={"at": msg})
        if timezone.is_naive(at):
            at = timezone.make_aware(at)
        services.schedule_assessment(
            actor=user,
            application_id=application_id,
            at=at,
            venue_id=int(request.POST.get("venue", "0") or 0),
            assessor_id=int(request.POST.get("assessor", "0") or 0),
        )
        messages.success(request, _("The assessment is scheduled."))
    elif action == "assess":
        codes = list(UnitResult.objects.filter(application_id=application_id).values_list("skill_id", flat=True))
        services.record_assessment(
            actor=user, application_id=application_id, results=_results_from(request.POST, codes)
        )
        messages.success(request, _("The assessment is recorded."))
    elif action == "decide":
        services.decide(actor=user, application_id=application_id, note=request.POST.get("note", ""))
        messages.success(request, _("The decision is recorded."))


@login_required
def application_page(request: AuthedRequest, application_id: int) -> HttpResponse:
    if request.method == "POST":
        try:
            _act(request, application_id)
        except (DomainError, ValueError) as exc:
            if isinstance(exc, DomainError) and exc.status == 404:
                raise
            _fail(request, exc if isinstance(exc, DomainError) else errors.ApplicationInvalid())
        return redirect("certification:application", application_id=application_id)
    screen = selectors.application_screen(request.user, application_id)
    a = screen.access.application
    lsp = a.scheme.lsp
    context = {
        "s": screen,
        "a": a,
        "venues": list(selectors.venues_of(lsp)) if screen.access.as_staff else [],
        "assessors": list(selectors.assessors_of(lsp)) if screen.access.as_staff else [],
        "methods": [(m, _(m.replace("_", " ").capitalize())) for m in services.METHODS],
        "default_at": (timezone.localtime() + datetime.timedelta(days=7)).strftime("%Y-%m-%dT09:00"),
    }
    return render(request, "credentials/certification/application.html", context)


@login_required
def evidence_file(request: HttpRequest, evidence_id: int) -> FileResponse:
    evidence = selectors.evidence_for(request.user, evidence_id)
    handle = files.open_file(evidence.file_name)
    if handle is None:
        raise errors.EvidenceFileMissing()
    response = FileResponse(
        handle, content_type=evidence.content_type, as_attachment=True, filename=evidence.original_name
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def lsp_desk(request: HttpRequest, lsp_code: str) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in Application.Status.values:
        status = ""
    applications = list(selectors.applications_for_lsp(request.user, lsp_code, status)[:200])
    lsp = selectors.lsp_for_staff(request.user, lsp_code)
    context = {
        "lsp": lsp,
        "applications": applications,
        "status": status,
        "statuses": Application.Status.choices,
        "schemes": list(selectors.schemes_of_lsp(lsp)),
        "venues": list(selectors.venues_of(lsp)),
        "assessors": list(selectors.assessors_of(lsp)),
        "kinds": Scheme.Kind.choices,
    }
    return render(request, "credentials/certification/lsp.html", context)


@login_required
def assessor_desk(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.applications_for_assessor(request.user))
    return render(request, "credentials/certification/assessor.html", {"applications": rows})


@login_required
def provider_certificates(request: HttpRequest, provider_code: str) -> HttpResponse:
    rows = selectors.certificates_per_course(request.user, provider_code)
    return render(request, "credentials/certification/provider.html", {"rows": rows, "provider_code": provider_code})


@require_POST
@login_required
def add_venue(request: AuthedRequest, lsp_code: str) -> HttpResponse:
    try:
        services.add_venue(
            actor=request.user,
            lsp_code=lsp_code,
            name=request.POST.get("name", ""),
            kind=request.POST.get("kind", ""),
            regency_code=request.POST.get("regency_code", ""),
            address=request.POST.get("address", ""),
        )
        messages.success(request, _("The venue is added."))
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        _fail(request, exc)
    return redirect("certification:lsp", lsp_code=lsp_code)


@require_POST
@login_required
def add_assessor(request: AuthedRequest, lsp_code: str) -> HttpResponse:
    try:
        services.add_assessor(
            actor=request.user,
            lsp_code=lsp_code,
            login=request.POST.get("login", ""),
            name=request.POST.get("name", ""),
            registration_number=request.POST.get("registration_number", ""),
        )
        messages.success(request, _("The assessor is added."))
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        _fail(request, exc)
    return redirect("certification:lsp", lsp_code=lsp_code)
