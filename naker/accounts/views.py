"""Account pages. As thin as the API: both call the same services."""

from __future__ import annotations

import datetime
import json
from dataclasses import asdict
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from naker.accounts import selectors, services
from naker.accounts.forms import EraseForm, ProfileForm, RegistrationForm, ResetWithCodeForm
from naker.accounts.nik import mask_nik
from naker.accounts.services import Registration
from naker.core import audit, crypto
from naker.core.errors import DomainError
from naker.regions import selectors as region_selectors

PENDING_KEY = "pending_registration"


def _registration_from(form: RegistrationForm, referral_code: str | None) -> Registration:
    d = form.cleaned_data
    return Registration(
        full_name=d["full_name"],
        phone=d["phone"],
        password=d["password"],
        nik=d["nik"],
        regency_code=d.get("regency_code") or "",
        consent=bool(d.get("consent")),
        email=d.get("email") or None,
        union_code=(d.get("union_code") or "").strip().lower() or None,
        union_consent=bool(d.get("union_consent")),
        education=d.get("education") or "",
        employment_status=d.get("employment_status") or "",
        referral_code=referral_code or None,
    )


def _bound_form(data: Registration) -> RegistrationForm:
    fields = {k: v for k, v in asdict(data).items() if v not in (None, False)}
    fields["province"] = data.regency_code.split(".")[0]
    form = RegistrationForm(data={k: ("on" if v is True else v) for k, v in fields.items()})
    form.is_valid()
    return form


def _show_errors(form: RegistrationForm, exc: DomainError) -> None:
    for name, message in exc.field_errors.items():
        form.add_error(name if name in form.fields else None, message)
    if not exc.field_errors:
        form.add_error(None, exc.message)


def register(request: HttpRequest) -> HttpResponse:
    """Step 1: the form. "Show regencies" reloads it for the chosen province (works without JavaScript)."""
    if request.GET.get("ref"):
        request.session["referral_code"] = request.GET["ref"][:24]
    if request.method != "POST":
        return render(request, "accounts/register.html", {"form": RegistrationForm()})
    form = RegistrationForm(request.POST)
    if request.POST.get("action") == "choose_province":
        form.errors.clear()
        return render(request, "accounts/register.html", {"form": RegistrationForm(initial=request.POST.dict())})
    if form.is_valid():
        data = _registration_from(form, request.session.get("referral_code"))
        try:
            checked = services.check_registration(data)
        except DomainError as exc:
            _show_errors(form, exc)
        else:
            # The confirmation step needs the whole submission; it waits in the session, encrypted.
            request.session[PENDING_KEY] = crypto.encrypt(json.dumps(asdict(data)))
            request.session["pending_summary"] = {
                "full_name": checked.full_name,
                "phone": checked.phone,
                "nik_masked": mask_nik(checked.nik.nik),
                "birth_date": checked.nik.birth_date.isoformat(),
                "sex": checked.nik.sex,
                "regency": checked.regency.name,
            }
            return redirect("accounts:register_confirm")
    return render(request, "accounts/register.html", {"form": form}, status=422)


def regency_options(request: HttpRequest) -> HttpResponse:
    """htmx: the regency options of one province."""
    regencies = region_selectors.regencies_of(request.GET.get("province", ""))
    return render(request, "accounts/_regency_options.html", {"regencies": regencies})


def register_confirm(request: HttpRequest) -> HttpResponse:
    """Step 2: the worker confirms the birth date and sex read from the NIK."""
    sealed = request.session.get(PENDING_KEY)
    if not sealed:
        return redirect("accounts:register")
    summary = dict(request.session.get("pending_summary", {}))
    if request.method == "POST":
        if request.POST.get("action") == "edit":
            request.session.pop(PENDING_KEY, None)
            return redirect("accounts:register")
        data = Registration(**json.loads(crypto.decrypt(sealed)))
        try:
            user = services.register_worker(data=data)
        except DomainError as exc:
            # Someone registered the same NIK or number between the two steps: back to the form,
            # filled in as the worker left it, with the reason next to the field.
            request.session.pop(PENDING_KEY, None)
            form = _bound_form(data)
            _show_errors(form, exc)
            return render(request, "accounts/register.html", {"form": form}, status=exc.status)
        request.session.pop(PENDING_KEY, None)
        request.session.pop("referral_code", None)
        login(request, user, backend="naker.accounts.backends.PhoneOrEmailBackend")
        messages.success(request, _("Welcome! Your account is ready."))
        return redirect("accounts:me")
    summary["birth_date"] = datetime.date.fromisoformat(summary["birth_date"])
    return render(request, "accounts/register_confirm.html", {"summary": summary})


@login_required
def me(request: HttpRequest) -> HttpResponse:
    user = selectors.profile_of(request.user)  # type: ignore[arg-type]
    trail = Paginator(audit.trail_of(user), 20).get_page(request.GET.get("page"))
    return render(
        request, "accounts/me.html", {"person": user, "worker": getattr(user, "worker", None), "trail": trail}
    )


@login_required
@require_POST
def export(request: HttpRequest) -> HttpResponse:
    data = services.export_personal_data(user=request.user, request=request)  # type: ignore[arg-type]
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="data-saya-kadin-for-naker.json"'
    return response


@login_required
def erase(request: HttpRequest) -> HttpResponse:
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.erase_account(user=request.user, password=form.cleaned_data["password"], request=request)  # type: ignore[arg-type]
        except DomainError as exc:
            form.add_error("password", exc.field_errors.get("password", exc.message))
        else:
            from django.contrib.auth import logout

            logout(request)
            messages.success(request, _("Your account has been erased."))
            return redirect("core:home")
    return render(request, "accounts/erase.html", {"form": form})


def reset_with_code(request: HttpRequest) -> HttpResponse:
    form = ResetWithCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reset_password_with_code(**form.cleaned_data)
        except DomainError as exc:
            for name, message in exc.field_errors.items():
                form.add_error(name if name in form.fields else None, message)
        else:
            messages.success(request, _("Your password has been changed. Log in with the new password."))
            return redirect("accounts:login")
    return render(request, "accounts/reset_with_code.html", {"form": form})


def locked_out(request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any) -> HttpResponse:
    """What axes shows when a login is throttled: JSON for the API, a page for people."""
    if request.path.startswith("/api/"):
        message = _("Too many failed attempts. Wait 15 minutes, or reset your password.")
        return JsonResponse({"code": "locked_out", "message": message, "errors": []}, status=429)
    return render(request, "accounts/locked_out.html", status=429)


@login_required
def edit_profile(request: HttpRequest) -> HttpResponse:
    """The worker changes their own data. "Show regencies" reloads the form for a new province."""
    person = selectors.profile_of(request.user)  # type: ignore[arg-type]
    worker = getattr(person, "worker", None)
    if worker is None:
        return redirect("accounts:me")
    initial = {
        "full_name": person.full_name,
        "email": person.email or "",
        "province": worker.province_id,
        "regency_code": worker.regency_id,
        "education": worker.education,
        "employment_status": worker.employment_status,
        "sector_code": worker.sector_id or "",
        "occupation_code": worker.occupation_id or "",
        "goals": worker.goals,
    }
    if request.method == "POST" and request.POST.get("action") == "choose_province":
        return render(
            request, "accounts/edit_profile.html", {"form": ProfileForm(initial={**initial, **request.POST.dict()})}
        )
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "province"}
        try:
            services.update_profile(user=request.user, changes=services.ProfileChanges(**data))  # type: ignore[arg-type]
        except DomainError as exc:
            for name, message in exc.field_errors.items():
                form.add_error(name if name in form.fields else None, message)
        else:
            messages.success(request, _("Your data is saved."))
            return redirect("accounts:me")
    return render(request, "accounts/edit_profile.html", {"form": form})
