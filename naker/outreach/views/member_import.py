"""Import pages: upload, check the columns, watch the run, download the refused rows and the
invitation texts (both streamed: no page writes a file)."""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from naker.core import audit
from naker.core.errors import DomainError
from naker.core.exports import csv_writer
from naker.core.models import AuditEvent
from naker.core.pages import errors_onto_form
from naker.outreach.forms import InvitationForm, MappingForm, UploadForm
from naker.outreach.member_import import selectors, services
from naker.outreach.member_import.tasks import describe_member_list_task, run_import_task
from naker.outreach.models import MemberImport

if TYPE_CHECKING:
    from naker.accounts.models import User

STALLED_AFTER_SECONDS = 120


@login_required
def imports(request: HttpRequest, code: str) -> HttpResponse:
    org, past = selectors.imports_of(request.user, code)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            imp = services.store_member_list(
                actor=cast("User", request.user), org_code=code, uploaded=form.cleaned_data["file"]
            )
        except DomainError as exc:
            errors_onto_form(form, exc)
        else:
            # The file is read on the task worker; its page shows "reading" until it is done.
            describe_member_list_task.enqueue(imp.pk)
            return redirect("outreach:import", import_id=imp.pk)
    return render(request, "outreach/imports.html", {"org": org, "form": form, "past": past})


@login_required
def import_page(request: HttpRequest, import_id: int) -> HttpResponse:
    imp = selectors.import_visible_to(request.user, import_id)
    htmx = getattr(request, "htmx", None)
    reading = imp.status == MemberImport.Status.READING
    if htmx and htmx.target == "reading" and not reading:
        # The "reading" page polls; now the file is read, the whole page becomes its columns (or its refusal).
        return HttpResponseClientRedirect(request.path)
    if reading or (imp.status == MemberImport.Status.FAILED and imp.consent_attested_at is None):
        template = "outreach/_reading.html" if htmx else "outreach/reading.html"
        return render(request, template, {"imp": imp})
    if imp.status == MemberImport.Status.UPLOADED:
        form = MappingForm(request.POST or None, headers=imp.headers, mapping=imp.mapping)
        if request.method == "POST" and form.is_valid():
            try:
                services.confirm_import(
                    actor=cast("User", request.user),
                    import_id=imp.pk,
                    mapping=form.mapping(),
                    consent_attested=form.cleaned_data["consent_attested"],
                    on_queued=run_import_task.enqueue,
                )
            except DomainError as exc:
                # The refusal names the list's fields (nik, phone): they go above the columns.
                errors_onto_form(form, exc)
            else:
                return redirect("outreach:import", import_id=imp.pk)
        return render(
            request, "outreach/mapping.html", {"imp": imp, "form": form, "preview": selectors.import_preview(imp)}
        )
    if (
        imp.status == MemberImport.Status.RUNNING
        and imp.heartbeat_at
        and (timezone.now() - imp.heartbeat_at).seconds > STALLED_AFTER_SECONDS
    ):
        services.resume_stalled_imports(on_queued=run_import_task.enqueue)
    template = "outreach/_progress.html" if getattr(request, "htmx", False) else "outreach/progress.html"
    return render(request, template, {"imp": imp})


def _audit_download(request: HttpRequest, imp: MemberImport, detail: str, named: Iterator[int]) -> None:
    """The download itself, and one entry in the "who saw my data" trail of each worker it names."""
    with transaction.atomic():
        audit.record(
            action=AuditEvent.Action.MEMBERS_EXPORTED,
            actor=request.user,
            organization_code=imp.organization.code,
            detail=detail,
            request=request,
        )
        audit.record_for_each(
            action=AuditEvent.Action.NAMED_IN_DOWNLOAD,
            actor=request.user,
            subject_ids=named,
            organization_code=imp.organization.code,
            detail=detail,
            request=request,
        )


@login_required
def refused_rows(request: HttpRequest, import_id: int) -> HttpResponseBase:
    imp, path = selectors.refused_rows_file(request.user, import_id)
    _audit_download(request, imp, f"refused rows of import {imp.pk}", selectors.people_named_in_refused_rows(imp))
    name = f"ditolak-{Path(imp.original_name).stem}.csv"
    return FileResponse(path.open("rb"), as_attachment=True, filename=name, content_type="text/csv; charset=utf-8")


class _Echo:
    """A file-like object whose write returns the line, for csv.writer feeding a stream."""

    def write(self, value: str) -> str:
        return value


def _csv_stream(rows: Iterator[tuple[str, str]], header: list[str], delimiter: str) -> Iterator[bytes]:
    writer = csv_writer(_Echo(), delimiter=delimiter)
    yield codecs.BOM_UTF8 + cast(str, writer.writerow(header)).encode()
    for row in rows:
        yield cast(str, writer.writerow(row)).encode()


@login_required
def invitation_texts(request: HttpRequest, import_id: int) -> HttpResponseBase:
    """The SMS/WhatsApp texts, one per member, for the union's messaging tool (audited), streamed
    as they are read: never written to disk."""
    imp = selectors.import_visible_to(request.user, import_id)
    _audit_download(request, imp, f"invitation texts of import {imp.pk}", selectors.people_named_in_invitations(imp))
    stream = _csv_stream(selectors.invitation_texts(imp), [_("Mobile number"), _("Message")], imp.delimiter or ";")
    response = StreamingHttpResponse(stream, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="undangan-{imp.pk}.csv"'
    return response


class AcceptInvitation(auth_views.PasswordResetConfirmView):
    """An imported member sets their password from the invitation link."""

    template_name = "outreach/accept.html"
    form_class = InvitationForm
    success_url = reverse_lazy("accounts:login")
    post_reset_login = False

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if self.validlink:
            context["invited"] = selectors.invited_person(self.user)
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():
            services.accept_invitation(user=self.user)
            response = super().form_valid(form)
        messages.success(
            self.request,
            _("Your password is set. Log in with your mobile number %(phone)s.")
            % {"phone": selectors.invited_person(self.user).phone},
        )
        return response
