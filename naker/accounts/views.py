"""Account pages. As thin as the API: both call the same services."""

from __future__ import annotations

import datetime
import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Any, cast

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from naker.accounts import selectors, services
from naker.accounts.forms import (
    ChangePasswordForm,
    ChangePhoneForm,
    EraseForm,
    PhoneCodeForm,
    ProfileForm,
    RegistrationForm,
    ResetWithCodeForm,
)
from naker.accounts.privacy import selectors as privacy_selectors
from naker.accounts.services import Registration
from naker.core import crypto, fragments
from naker.core.errors import DomainError
from naker.core.pages import errors_onto_form
from naker.regions import selectors as region_selectors

if TYPE_CHECKING:
    from naker.accounts.models import User

DRAFT_KEY = "registration_draft"  # what the worker typed, encrypted, WITHOUT the password
SUMMARY_KEY = "pending_summary"
AGAIN_KEY = "registration_draft_back"  # "No, change my data": show the draft once, filled in
# While a registration is under way the (anonymous) session lives this long, not the two weeks of
# SESSION_COOKIE_AGE: an abandoned draft and its summary (name, number, masked NIK, birth date) go
# with it. Registering ends it: the keys are dropped and the session gets the normal age again.
DRAFT_TTL_SECONDS = 30 * 60
REGISTRATION_KEYS = (DRAFT_KEY, SUMMARY_KEY, AGAIN_KEY, "referral_code")


def _forget_registration(request: HttpRequest) -> None:
    for key in REGISTRATION_KEYS:
        request.session.pop(key, None)
    request.session.set_expiry(None)  # back to SESSION_COOKIE_AGE (the logged-in session's own)


# Pages kept under keys that name everything they show: nothing there goes stale, the time only frees memory.
KEPT_SECONDS = 600


def _me(request: HttpRequest) -> User:
    # login_required has let only a logged-in person through; the session's user is our User.
    return cast("User", request.user)


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


NIK_HASH_KEY = "nik_hash"  # in the draft: the hash step 1 took, so step 2 does not hash the NIK again


def _draft_of(data: Registration, nik_hash: str) -> str:
    """The registration as typed, sealed for the session: everything but the password."""
    typed: dict[str, Any] = asdict(data)
    typed.pop("password")
    typed[NIK_HASH_KEY] = nik_hash
    return crypto.encrypt(json.dumps(typed))


def _registration_of(sealed: str, password: str) -> Registration:
    typed = json.loads(crypto.decrypt(sealed))
    typed.pop(NIK_HASH_KEY, None)
    return Registration(**typed, password=password)


def _nik_hash_of(sealed: str) -> str | None:
    """The keyed hash of the draft's NIK, taken by step 1 (the draft is sealed by the server)."""
    hashed = json.loads(crypto.decrypt(sealed)).get(NIK_HASH_KEY)
    return hashed if isinstance(hashed, str) and hashed else None


def _form_values(data: Registration) -> dict[str, Any]:
    """The form's fields as the worker typed them, without the password."""
    values = {k: v for k, v in asdict(data).items() if v not in (None, False, "") and k != "password"}
    values["province"] = data.regency_code.split(".")[0] if data.regency_code else ""
    return {k: ("on" if v is True else v) for k, v in values.items()}


def _bound_form(data: Registration) -> RegistrationForm:
    form = RegistrationForm(data=_form_values(data))
    form.is_valid()
    form.errors.pop("password", None)  # the password is typed again, not an error of the worker's
    return form


def _register_page(
    request: HttpRequest, form: RegistrationForm, *, status: int = 200, again: bool = False
) -> HttpResponse:
    inviter = services.inviting_union(request.session.get("referral_code"))
    context = {"form": form, "password_again": again, "inviter": inviter[1] if inviter else ""}
    response = render(request, "accounts/register.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def register(request: HttpRequest) -> HttpResponse:
    """Step 1: the form. "Show regencies" reloads it for the chosen province (works without JavaScript)."""
    if request.GET.get("ref"):
        request.session["referral_code"] = request.GET["ref"][:24]
    if request.method != "POST":
        sealed = request.session.get(DRAFT_KEY)
        if sealed and request.session.pop(AGAIN_KEY, False):
            # Back from the confirmation step: the form as the worker left it, the password to type again.
            typed = _registration_of(sealed, password="")
            return _register_page(request, RegistrationForm(initial=_form_values(typed)), again=True)
        # Through a union's invitation link: its code is filled in (the worker may clear it).
        inviter = services.inviting_union(request.session.get("referral_code"))
        return _register_page(request, RegistrationForm(initial={"union_code": inviter[0]} if inviter else None))
    form = RegistrationForm(request.POST)
    if request.POST.get("action") == "choose_province":
        initial = {k: v for k, v in request.POST.dict().items() if k != "password"}
        return _register_page(request, RegistrationForm(initial=initial), again=bool(request.POST.get("password")))
    if form.is_valid():
        data = _registration_from(form, request.session.get("referral_code"))
        try:
            services.count_registration_attempt(address=get_client_ip_address(request), phone=data.phone)
            checked = services.check_registration(data)
        except DomainError as exc:
            errors_onto_form(form, exc)
        else:
            # The confirmation step re-posts the password from the page; the server keeps no secret.
            request.session[DRAFT_KEY] = _draft_of(data, checked.stored_nik.hash)
            request.session.set_expiry(DRAFT_TTL_SECONDS)
            request.session[SUMMARY_KEY] = {
                "full_name": checked.full_name,
                "phone": checked.phone,
                "nik_masked": checked.stored_nik.masked,
                "birth_date": checked.nik.birth_date.isoformat(),
                "sex": checked.nik.sex,
                "regency": checked.regency.name,
                "union": checked.union_name,
                # the union's own link is its approval; a union typed in is a request it approves
                "union_invited": bool(
                    checked.union_code
                    and (services.inviting_union(data.referral_code) or ("", ""))[0] == checked.union_code
                ),
            }
            # 307: the browser posts the same form (password included) to the confirmation step,
            # which puts the password back in its own form; the session never holds it.
            return HttpResponseRedirect(reverse("accounts:register_confirm"), status=307)
    return _register_page(request, form, status=422, again=bool(request.POST.get("password")))


def regency_options(request: HttpRequest) -> HttpResponse:
    """The regency options of one province (core/picker.js puts them in the form)."""
    regencies = region_selectors.regencies_of(request.GET.get("province", ""))
    return render(request, "accounts/_regency_options.html", {"regencies": regencies})


def register_confirm(request: HttpRequest) -> HttpResponse:
    """Step 2: the worker confirms the birth date and sex read from the NIK.

    The draft in the session has no password. Step 1 hands the form over with a 307 redirect, so the
    password arrives in the POST and the page carries it back in a hidden field; opened any other
    way (reloaded, the back button), the page asks for the password again.
    """
    sealed = request.session.get(DRAFT_KEY)
    if not sealed:
        return redirect("accounts:register")
    summary = dict(request.session.get(SUMMARY_KEY, {}))
    password = ""
    if request.method == "POST" and request.POST.get("action") == "register":
        password = request.POST.get("password", "")  # handed over by step 1, shown to nobody
    elif request.method == "POST":
        if request.POST.get("action") == "edit":
            request.session[AGAIN_KEY] = True
            return redirect("accounts:register")
        data = _registration_of(sealed, password=request.POST.get("password", ""))
        try:
            user = services.register_worker(data=data, nik_hash=_nik_hash_of(sealed))
        except DomainError as exc:
            # Someone registered the same NIK or number between the two steps: back to the form,
            # filled in as the worker left it, with the reason next to the field.
            _forget_registration(request)
            form = _bound_form(data)
            errors_onto_form(form, exc)
            return _register_page(request, form, status=exc.status, again=True)
        _forget_registration(request)
        login(request, user, backend="naker.accounts.backends.PhoneOrEmailBackend")
        messages.success(request, _("Welcome! Your account is ready."))
        return redirect("accounts:me")
    summary["birth_date"] = datetime.date.fromisoformat(summary["birth_date"])
    response = render(request, "accounts/register_confirm.html", {"summary": summary, "password": password})
    response["Cache-Control"] = "no-store"
    return response


@login_required
def me(request: HttpRequest) -> HttpResponse:
    """Read on every visit (the profile, the memberships, a page of the trail, the last requests: four
    queries), so that any change shows at once; rendered once per person, language and everything the
    page shows (issue 13). The export button's CSRF field is the request's own."""
    user = selectors.with_profile(_me(request))
    worker = getattr(user, "worker", None)
    trail = selectors.trail_page(user, request.GET.get("page"))
    privacy_requests = privacy_selectors.latest_requests_of(user)
    memberships = list(user.memberships.all())
    shown = (
        (user.full_name, user.phone, user.email, user.is_staff),
        worker
        and (
            worker.nik_masked,
            worker.birth_date,
            worker.sex,
            worker.regency.name,
            worker.province.name,
            worker.education,
            worker.employment_status,
        ),
        [(m.organization.name, m.role) for m in memberships],
        [(r.pk, r.kind, r.received_at, r.answered_at, r.outcome, r.is_overdue) for r in privacy_requests],
        [(e.pk, e.actor_id, e.actor.full_name if e.actor else "", e.organization_code) for e in trail.object_list],
        (trail.number, trail.has_next),
    )

    def page() -> str:
        context = {
            "person": user,
            "worker": worker,
            "memberships": memberships,
            "trail": trail,
            "privacy_requests": privacy_requests,
            "csrf_field": fragments.CSRF_MARK,
        }
        return render_to_string("accounts/_me.html", context)

    key = fragments.key(f"naker:accounts:me:{user.pk}", translation.get_language(), shown)
    kept = fragments.remember(key, KEPT_SECONDS, page)
    return render(request, "accounts/me.html", {"person": user, "body": fragments.with_csrf(kept, request)})


@login_required
@require_POST
def export(request: HttpRequest) -> HttpResponse:
    data = services.export_personal_data(user=_me(request), request=request)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="data-saya-kadin-for-naker.json"'
    return response


@login_required
def erase(request: HttpRequest) -> HttpResponse:
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.erase_account(user=_me(request), password=form.cleaned_data["password"], request=request)
        except DomainError as exc:
            errors_onto_form(form, exc)
        else:
            logout(request)
            messages.success(request, _("Your account has been erased."))
            return redirect("core:home")
    return render(request, "accounts/erase.html", {"form": form})


def reset_with_code(request: HttpRequest) -> HttpResponse:
    form = ResetWithCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reset_password_with_code(**form.cleaned_data, address=get_client_ip_address(request))
        except DomainError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Your password has been changed. Log in with the new password."))
            return redirect("accounts:login")
    return render(request, "accounts/reset_with_code.html", {"form": form})


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The email link's new password; it also lifts any login lock on the account."""

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.unlock_login(user=form.user)
        return response


def locked_out(request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any) -> HttpResponse:
    """What axes shows when a login is throttled: JSON for the API, a page for people."""
    if request.path.startswith("/api/"):
        message = _("Too many failed attempts. Wait 15 minutes, or reset your password.")
        return JsonResponse({"code": "locked_out", "message": message, "errors": []}, status=429)
    return render(request, "accounts/locked_out.html", status=429)


@login_required
def edit_profile(request: HttpRequest) -> HttpResponse:
    """The worker changes their own data. "Show regencies" reloads the form for a new province."""
    viewer = _me(request)
    person = selectors.profile_of(viewer)
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
            services.update_profile(user=viewer, changes=services.ProfileChanges(**data))
        except DomainError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Your data is saved."))
            return redirect("accounts:me")
    return render(request, "accounts/edit_profile.html", {"form": form})


@login_required
def change_password(request: HttpRequest) -> HttpResponse:
    """The worker sets a new password, giving the current one; this session stays logged in."""
    form = ChangePasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.change_password(user=_me(request), **form.cleaned_data)
        except DomainError as exc:
            errors_onto_form(form, exc)
        else:
            update_session_auth_hash(request, user)
            messages.success(request, _("Your password has been changed."))
            return redirect("accounts:me")
    return render(request, "accounts/change_password.html", {"form": form})


PHONE_CHANGE_KEY = "phone_change_to"


@login_required
def change_phone(request: HttpRequest) -> HttpResponse:
    """Step 1: the new number and the password; a code goes to the new number. Step 2: the code."""
    viewer = _me(request)
    pending = request.session.get(PHONE_CHANGE_KEY)
    if request.method == "POST" and request.POST.get("action") == "confirm" and pending:
        code_form = PhoneCodeForm(request.POST)
        if code_form.is_valid():
            try:
                services.confirm_phone_change(user=viewer, code=code_form.cleaned_data["code"])
            except DomainError as exc:
                errors_onto_form(code_form, exc)
            else:
                request.session.pop(PHONE_CHANGE_KEY, None)
                messages.success(request, _("Your mobile number has been changed. Log in with the new number."))
                return redirect("accounts:me")
        return render(request, "accounts/change_phone.html", {"code_form": code_form, "new_phone": pending})
    form = ChangePhoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            phone = services.request_phone_change(user=viewer, **form.cleaned_data)
        except DomainError as exc:
            errors_onto_form(form, exc)
        else:
            request.session[PHONE_CHANGE_KEY] = phone
            return render(request, "accounts/change_phone.html", {"code_form": PhoneCodeForm(), "new_phone": phone})
    return render(request, "accounts/change_phone.html", {"form": form})
