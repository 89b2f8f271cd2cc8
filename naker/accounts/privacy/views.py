"""Privacy operations pages: a person's requests about their data; the platform admins' queue and
data breaches. As thin as the API: both call the same services."""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from csv import writer as csv_writer
from typing import TYPE_CHECKING, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from naker.accounts.privacy import selectors, services
from naker.accounts.privacy.forms import AnswerForm, BreachForm, NoticesForm, PrivacyRequestForm
from naker.core import audit
from naker.core.errors import DomainError
from naker.core.models import AuditEvent
from naker.core.pages import errors_onto_form

if TYPE_CHECKING:
    from naker.accounts.models import User

QUEUE_PAGE_SIZE = 25


def _me(request: HttpRequest) -> User:
    return cast("User", request.user)


@login_required
def my_requests(request: HttpRequest) -> HttpResponse:
    """The person files a request about their data and sees theirs, with status and answer."""
    viewer = _me(request)
    form = PrivacyRequestForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.file_request(user=viewer, **form.cleaned_data)
        except DomainError as exc:
            errors_onto_form(form, exc)
            status = exc.status
        else:
            messages.success(request, _("Your request is recorded. We answer within 3×24 hours."))
            return redirect("accounts:privacy_requests")
    elif request.method == "POST":
        status = 422
    context = {"form": form, "requests": selectors.requests_of(viewer), "is_worker": hasattr(viewer, "worker")}
    return render(request, "accounts/privacy/my_requests.html", context, status=status)


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    viewer = _me(request)
    answered = request.GET.get("answered") == "1"
    page = Paginator(selectors.request_queue(viewer, answered=answered), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "answered": answered, "overdue": selectors.overdue_count(viewer)}
    return render(request, "accounts/privacy/queue.html", context)


@login_required
def answer(request: HttpRequest, request_id: int) -> HttpResponse:
    viewer = _me(request)
    found = selectors.request_for_admin(viewer, request_id)
    form = AnswerForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid() and found.is_open:
        try:
            services.answer_request(admin=viewer, request_id=found.pk, **form.cleaned_data, http_request=request)
        except DomainError as exc:
            errors_onto_form(form, exc)
            status = exc.status
        else:
            messages.success(request, _("The answer is recorded and the person is told."))
            return redirect("accounts:privacy_queue")
    return render(request, "accounts/privacy/answer.html", {"found": found, "form": form}, status=status)


@login_required
def breaches(request: HttpRequest) -> HttpResponse:
    found = Paginator(selectors.breaches_visible_to(_me(request)), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/privacy/breaches.html", {"page": found})


@login_required
def new_breach(request: HttpRequest) -> HttpResponse:
    viewer = _me(request)
    selectors.breaches_visible_to(viewer)  # platform admins only
    form = BreachForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            breach = services.record_breach(admin=viewer, **form.cleaned_data)
        except DomainError as exc:
            errors_onto_form(form, exc)
            status = exc.status
        else:
            messages.success(
                request, _("The breach is recorded. Check both notices and send them before the due time.")
            )
            return redirect("accounts:privacy_breach", breach_id=breach.pk)
    elif request.method == "POST":
        status = 422
    return render(request, "accounts/privacy/new_breach.html", {"form": form}, status=status)


@login_required
def breach(request: HttpRequest, breach_id: int) -> HttpResponse:
    viewer = _me(request)
    found = selectors.breach_for(viewer, breach_id)
    form = NoticesForm(
        request.POST or None, initial={"notice_people": found.notice_people, "notice_authority": found.notice_authority}
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_notices(admin=viewer, breach_id=found.pk, **form.cleaned_data)
        except DomainError as exc:
            errors_onto_form(form, exc)
            status = exc.status
        else:
            messages.success(request, _("The notices are saved."))
            return redirect("accounts:privacy_breach", breach_id=found.pk)
    return render(request, "accounts/privacy/breach.html", {"breach": found, "form": form}, status=status)


@login_required
@require_POST
def mark_sent(request: HttpRequest, breach_id: int, which: str) -> HttpResponse:
    try:
        services.mark_notice_sent(admin=_me(request), breach_id=breach_id, which=which)
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The notice is marked as sent."))
    return redirect("accounts:privacy_breach", breach_id=breach_id)


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_stream(rows: Iterator[tuple[str, str]], header: list[str]) -> Iterator[bytes]:
    writer = csv_writer(_Echo(), delimiter=";")
    yield codecs.BOM_UTF8 + cast(str, writer.writerow(header)).encode()
    for row in rows:
        yield cast(str, writer.writerow(row)).encode()


@login_required
def notice_texts(request: HttpRequest, breach_id: int) -> HttpResponseBase:
    """The people's notice, one row per affected person with a mobile number, for the admin's
    messaging tool (there is no SMS gateway): streamed as read, never written to disk, audited."""
    viewer = _me(request)
    found = selectors.breach_for(viewer, breach_id)
    audit.record_for_each(
        action=AuditEvent.Action.NAMED_IN_DOWNLOAD,
        actor=viewer,
        subject_ids=selectors.people_named_in_notices(found),
        detail=f"breach notice texts of data breach {found.pk}",
        request=request,
    )
    stream = _csv_stream(selectors.notice_rows(viewer, found), [_("Mobile number"), _("Message")])
    response = StreamingHttpResponse(stream, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="pemberitahuan-insiden-{found.pk}.csv"'
    return response
