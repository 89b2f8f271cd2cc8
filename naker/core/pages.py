"""One error path for pages: a domain error raised by a view is shown in the site's layout.

The API turns a `DomainError` into JSON in naker.config.api; pages get the same message, with the
same status, from `DomainErrorMiddleware`, so a view only calls its service or selector and lets the
refusal rise. A view that shows a form catches the error only to put its field errors on the form
(`errors_onto_form`) and render the form again with what the person typed.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django import forms
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from naker.core.errors import DomainError

logger = logging.getLogger(__name__)

# What the database driver raises when it cannot serve at all for a moment: the server restarts or
# is unreachable, a connection was cut, a lock or statement timed out. Not a bug: answered with 503.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 10


def error_page(request: HttpRequest, *, status: int, message: str, code: str = "error") -> HttpResponse:
    """The site's error page: layout, viewport and language of every other page.

    Under /api/ the same refusal answers in the API's JSON error shape (DESIGN.md §5), never HTML:
    Django's own handlers reach here for an API address that matches no route, or a crash.
    """
    if request.path.startswith("/api/"):
        return JsonResponse({"code": code, "message": message, "errors": []}, status=status)
    titles = {
        400: _("The request could not be read"),
        403: _("You may not open this page"),
        404: _("Page not found"),
        409: _("This clashes with what is already there"),
        413: _("The file or form is too big"),
        422: _("Some fields need fixing"),
        429: _("Too many tries"),
        500: _("Something went wrong on our side"),
    }
    context = {"status": status, "title": titles.get(status, _("The request was refused")), "message": message}
    return render(request, "core/error.html", context, status=status)


def unavailable(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After while the database cannot answer (a restart, a failover): the API's error
    shape under /api/, the site's error page elsewhere, never a traceback.

    The page is rendered without the request, so no context processor reaches for the session or the
    user (both in the database); plain words if even that fails.
    """
    message = _("The service is being restarted or is very busy. Please try again in a few seconds.")
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"code": "unavailable", "message": message, "errors": []}, status=503)
    else:
        context = {"status": 503, "title": _("Please try again in a moment"), "message": message}
        try:
            response = HttpResponse(render_to_string("core/error.html", context), status=503)
        except Exception:  # noqa: BLE001 - the layout itself failed: plain words then
            response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Answers 503 + Retry-After when a view (page or API) meets a database that cannot answer.

    Errors raised outside views (a session saved after the view) reach `server_error`, which answers
    the same way. Nothing restarts: Django drops the broken connection at the end of the request and
    the next request opens a new one.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DATABASE_UNAVAILABLE):
            return None
        # The class only: a database error's message may quote the row it refused.
        logger.warning("database unavailable: %s; answered 503", type(exception).__name__)
        return unavailable(request)


class DomainErrorMiddleware:
    """Renders a `DomainError` that escaped a page view as the site's error page with its status."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError) or request.path.startswith("/api/"):
            return None
        return error_page(request, status=exception.status, message=exception.message, code=exception.code)


def errors_onto_form(form: forms.BaseForm, exc: DomainError) -> None:
    """Puts a refusal's field errors onto the form's fields (unknown fields go to the form's top)."""
    if not exc.field_errors:
        form.add_error(None, exc.message)
        return
    for field, message in exc.field_errors.items():
        form.add_error(field if field in form.fields else None, message)


def too_big_message() -> str:
    """For a body over settings.DATA_UPLOAD_MAX_MEMORY_SIZE (docs/decisions/0009-input-limits.md)."""
    size = number_format(settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1_048_576, 1)
    return _("The request is bigger than the %(mb)s MB we accept.") % {"mb": size}


# Django's handlers for errors raised outside our views (a URL that matches nothing, CSRF, a crash).
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):  # a body over the limit: 413, not "malformed"
        return error_page(request, status=413, code="too_big", message=too_big_message())
    return error_page(request, status=400, code="malformed", message=_("Check the address or the form and try again."))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if isinstance(exception, DomainError) else ""
    return error_page(
        request, status=403, code="forbidden", message=message or _("Your account may not open this page.")
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(
        request, status=404, code="not_found", message=_("The address may be wrong, or the page was removed.")
    )


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this inside its `except` block: the exception in hand may be the database's.
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return unavailable(request)
    message = _("Please try again in a moment. We have been told.")
    try:
        return error_page(request, status=500, code="server_error", message=message)
    except Exception:  # noqa: BLE001 - the layout itself failed (say, the database is down): plain words then
        return HttpResponse(message, status=500, content_type="text/plain; charset=utf-8")
