"""The JSON API at /api/v1/: mounts each app's router and turns domain errors into answers."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from naker.accounts.api import auth_router
from naker.accounts.api import router as accounts_router
from naker.accounts.api_auth import AUTHENTICATED
from naker.accounts.privacy.api import router as privacy_router
from naker.core.api import router as core_router
from naker.core.errors import DomainError
from naker.core.pages import too_big_message
from naker.core.validation import NUL_MESSAGE, date_message
from naker.credentials.api import router as credentials_router
from naker.credentials.certification.api import router as certification_router
from naker.insights.api import router as insights_router
from naker.jobs.api import router as jobs_router
from naker.jobs.matching.api import router as matching_router
from naker.learning.api import router as learning_router
from naker.organizations.api import router as organizations_router
from naker.regions.api import router as regions_router
from naker.skills.api import router as skills_router

api = NinjaAPI(
    title="Kadin for Naker API",
    version="1",
    description=(
        "Vocational platform of Kadin Indonesia and the trade unions. Authenticate with "
        "`POST /api/v1/auth/token`, then send `Authorization: Bearer <token>`. Errors have the shape "
        '`{"code", "message", "errors": [{"field", "message"}]}`.'
    ),
    auth=AUTHENTICATED,
    urls_namespace="api",
)

api.add_router("", core_router)
api.add_router("/regions", regions_router)
api.add_router("/auth", auth_router)
api.add_router("/me", accounts_router)
api.add_router("", privacy_router)
api.add_router("/orgs", organizations_router)
api.add_router("", learning_router)
api.add_router("", credentials_router)
api.add_router("", jobs_router)
api.add_router("", certification_router)
api.add_router("", insights_router)
api.add_router("", skills_router)
api.add_router("", matching_router)


def _error(
    request: HttpRequest, status: int, code: str, message: str, errors: list[dict[str, str]] | None = None
) -> HttpResponse:
    return api.create_response(request, {"code": code, "message": message, "errors": errors or []}, status=status)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    body = exc.as_dict()
    if not body["message"]:
        body["message"] = _("The request was refused.")
    return api.create_response(request, body, status=exc.status)


def _field_of(loc: list[Any]) -> str:
    # ninja's locations look like ["body", "payload", "phone"]: the last named part is the field.
    names = [str(p) for p in loc if p not in ("body", "payload", "query", "path")]
    return ".".join(names) or "body"


def _message_of(error: dict[str, Any]) -> str:
    """pydantic's message, in the user's language for the common kinds of mistake."""
    kind = str(error.get("type", ""))
    if kind == "missing":
        return _("This field is required.")
    if kind.startswith("string_too_long"):
        return _("This is too long.")
    if kind.endswith("_parsing") or kind.endswith("_type"):
        return _("This value has the wrong form.")
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return _("This number is out of range.")
    if kind == "nul_character":
        return str(NUL_MESSAGE)
    if kind == "date_out_of_range":
        return date_message()
    return str(error.get("msg", ""))


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [{"field": _field_of(list(e.get("loc", []))), "message": _message_of(e)} for e in exc.errors]
    return _error(request, 422, "invalid", _("Some fields need fixing."), errors)


@api.exception_handler(AuthenticationError)
def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "unauthenticated", _("Log in first: send a valid bearer token."))


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return _error(request, 413, "too_big", too_big_message())


@api.exception_handler(MultiPartParserError)
def bad_multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    # A form body that cannot be read (say, multipart without a boundary), met by whoever reads request.POST.
    return _error(request, 400, "malformed", _("The request body could not be read."))


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # ninja raises HttpError(400) for a body that is not JSON.
    if exc.status_code == 400:
        return _error(request, 400, "malformed", _("The request body is not valid JSON."))
    return _error(request, exc.status_code, "error", str(exc))
