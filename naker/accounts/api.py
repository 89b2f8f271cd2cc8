"""Accounts API: register, tokens, reset with a code, and the worker's own data (/me)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from axes.helpers import get_client_ip_address
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from naker.accounts import selectors, services
from naker.accounts.nik import NikError, read_nik
from naker.accounts.schemas import (
    EraseIn,
    MeOut,
    MessageOut,
    NikCheckIn,
    NikCheckOut,
    ProfileIn,
    RegisterIn,
    ResetWithCodeIn,
    TokenIn,
    TokenOut,
)
from naker.accounts.services import Registration
from naker.core.errors import InvalidInput
from naker.core.schemas import responses

if TYPE_CHECKING:
    from naker.accounts.models import User

auth_router = Router(tags=["auth"])
router = Router(tags=["me"])


def _caller(request: HttpRequest) -> User:
    # The /me operations require authentication (the API's default auth): the caller is our User.
    return cast("User", request.user)


def me_payload(user: User) -> dict[str, Any]:
    user = selectors.own_profile(user)
    worker = getattr(user, "worker", None)
    data: dict[str, Any] = {
        "id": user.pk,
        "full_name": user.full_name,
        "phone": user.phone,
        "email": user.email,
        "is_platform_admin": user.is_staff,
        "memberships": [
            {"organization": m.organization.code, "organization_name": m.organization.name, "role": m.role}
            for m in user.memberships.all()
        ],
    }
    if worker is not None:
        data.update(
            nik_masked=worker.nik_masked,
            birth_date=worker.birth_date,
            sex=worker.sex,
            province={"code": worker.province_id, "name": worker.province.name},
            regency={"code": worker.regency_id, "name": worker.regency.name},
            education=worker.education,
            employment_status=worker.employment_status,
            occupation_code=worker.occupation_id,
            sector_code=worker.sector_id,
            goals=worker.goals,
        )
    return data


@auth_router.post("/register", response=responses({201: MeOut}, 409, 429, authenticated=False), auth=None)
def register(request: HttpRequest, payload: RegisterIn) -> Status[dict[str, Any]]:
    """Registers a worker. The answer shows the birth date and sex read from the NIK, to confirm."""
    services.count_registration_attempt(address=get_client_ip_address(request), phone=payload.phone)
    user = services.register_worker(data=Registration(**payload.dict()))
    return Status(201, me_payload(user))


@auth_router.post("/nik-check", response=responses({200: NikCheckOut}, authenticated=False), auth=None)
def nik_check(request: HttpRequest, payload: NikCheckIn) -> dict[str, Any]:
    """Reads birth date and sex from a NIK so the app can ask the worker to confirm them.
    Says nothing about whether the NIK is registered."""
    try:
        info = read_nik(payload.nik)
    except NikError as exc:
        raise InvalidInput(str(exc), field_errors={"nik": str(exc)}) from None
    return {"birth_date": info.birth_date, "sex": info.sex}


@auth_router.post("/token", response=responses({200: TokenOut}, 401, 429, authenticated=False), auth=None)
def create_token(request: HttpRequest, payload: TokenIn) -> dict[str, Any]:
    """Logs in with mobile number or email and password; returns a bearer token (valid 30 days)."""
    raw, token = services.issue_token(login=payload.login, password=payload.password, request=request, name="api")
    return {"token": raw, "expires_at": token.expires_at}


@auth_router.delete("/token", response=responses({204: None}))
def revoke_token(request: HttpRequest) -> Status[None]:
    """Revokes the bearer token this request was made with (log out)."""
    raw = getattr(request, "auth_token", None)
    if raw:
        services.revoke_token(raw_token=raw)
    return Status(204, None)


@auth_router.post("/reset-with-code", response=responses({200: MessageOut}, 429, authenticated=False), auth=None)
def reset_with_code(request: HttpRequest, payload: ResetWithCodeIn) -> dict[str, str]:
    """Sets a new password with the one-time code a union officer handed out."""
    services.reset_password_with_code(
        login=payload.login,
        code=payload.code,
        new_password=payload.new_password,
        address=get_client_ip_address(request),
    )
    return {"message": _("Your password has been changed. Log in with the new password.")}


@router.get("", response=responses({200: MeOut}))
def me(request: HttpRequest) -> dict[str, Any]:
    """The logged-in person's profile; the NIK is masked."""
    return me_payload(_caller(request))


@router.put("", response=responses({200: MeOut}, 409))
def update_me(request: HttpRequest, payload: ProfileIn) -> dict[str, Any]:
    """Changes the worker's own profile (name, email, where they live, education, work, goals).
    The NIK, and the birth date and sex read from it, do not change."""
    services.update_profile(user=_caller(request), changes=services.ProfileChanges(**payload.dict()))
    return me_payload(_caller(request))


@router.get("/export", response=responses({200: dict[str, Any]}))
def export(request: HttpRequest) -> dict[str, Any]:
    """Everything held about the logged-in person, as JSON (written to their audit trail)."""
    return services.export_personal_data(user=_caller(request), request=request)


@router.delete("", response=responses({204: None}))
def erase(request: HttpRequest, payload: EraseIn) -> Status[None]:
    """Erases the account: every personal field is removed; anonymous counts remain. Needs the password."""
    services.erase_account(user=_caller(request), password=payload.password, request=request)
    return Status(204, None)
