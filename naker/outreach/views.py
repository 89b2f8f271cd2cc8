"""Import pages: upload, check the columns, watch the run, download the refused rows."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _

from naker.core import audit
from naker.core.errors import DomainError, Forbidden, NotFound
from naker.core.exports import csv_writer
from naker.core.models import AuditEvent
from naker.organizations import selectors as org_selectors
from naker.outreach import services
from naker.outreach.forms import MappingForm, UploadForm
from naker.outreach.models import MemberImport


@login_required
def imports(request: HttpRequest, code: str) -> HttpResponse:
    try:
        org = org_selectors.organization_overseen_by(request.user, code)
    except NotFound:
        raise Http404 from None
    except Forbidden:
        return HttpResponseForbidden(_("You cannot manage this organisation."))
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            imp = services.upload(actor=request.user, org_code=code, uploaded=form.cleaned_data["file"])
        except DomainError as exc:
            form.add_error("file", exc.field_errors.get("file", exc.message))
        else:
            return redirect("outreach:import", import_id=imp.pk)
    past = MemberImport.objects.filter(organization=org)[:20]
    return render(request, "outreach/imports.html", {"org": org, "form": form, "past": past})


def _import_or_404(request: HttpRequest, import_id: int) -> MemberImport:
    try:
        return services.get_import(actor=request.user, import_id=import_id)
    except DomainError:
        raise Http404 from None


@login_required
def import_page(request: HttpRequest, import_id: int) -> HttpResponse:
    imp = _import_or_404(request, import_id)
    if imp.status == MemberImport.Status.UPLOADED:
        form = MappingForm(request.POST or None, headers=imp.headers, mapping=imp.mapping)
        if request.method == "POST" and form.is_valid():
            try:
                services.confirm(
                    actor=request.user,
                    import_id=imp.pk,
                    mapping=form.mapping(),
                    consent_attested=form.cleaned_data["consent_attested"],
                )
            except DomainError as exc:
                for name, msg in exc.field_errors.items():
                    form.add_error("consent_attested" if name == "consent_attested" else None, msg)
            else:
                return redirect("outreach:import", import_id=imp.pk)
        return render(request, "outreach/mapping.html", {"imp": imp, "form": form, "preview": services.preview(imp)})
    if (
        imp.status == MemberImport.Status.RUNNING
        and imp.heartbeat_at
        and (timezone.now() - imp.heartbeat_at).seconds > 120
    ):
        services.resume_stalled()
    template = "outreach/_progress.html" if request.htmx else "outreach/progress.html"  # type: ignore[attr-defined]
    return render(request, template, {"imp": imp})


def _audited_download(request: HttpRequest, imp: MemberImport, path: Path, name: str, detail: str) -> FileResponse:
    audit.record(
        action=AuditEvent.Action.MEMBERS_EXPORTED,
        actor=request.user,
        organization_code=imp.organization.code,
        detail=detail,
        request=request,
    )
    return FileResponse(path.open("rb"), as_attachment=True, filename=name, content_type="text/csv; charset=utf-8")


@login_required
def refused_rows(request: HttpRequest, import_id: int) -> HttpResponseBase:
    imp = _import_or_404(request, import_id)
    if not imp.refused_file or not Path(imp.refused_file).exists():
        raise Http404
    return _audited_download(
        request,
        imp,
        Path(imp.refused_file),
        f"ditolak-{Path(imp.original_name).stem}.csv",
        f"refused rows of import {imp.pk}",
    )


@login_required
def invitation_texts(request: HttpRequest, import_id: int) -> HttpResponseBase:
    """The SMS/WhatsApp texts, one per member, for the union's messaging tool (audited)."""
    imp = _import_or_404(request, import_id)
    path = Path(imp.file.path).with_name(f"undangan-{imp.pk}.csv")
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv_writer(out, delimiter=imp.delimiter or ";")
        writer.writerow([_("Mobile number"), _("Message")])
        for address, text in imp.invitations.filter(channel="sms").values_list("address", "text").iterator():
            writer.writerow([address, text])
    return _audited_download(request, imp, path, f"undangan-{imp.pk}.csv", f"invitation texts of import {imp.pk}")


class AcceptInvitation(auth_views.PasswordResetConfirmView):
    """An imported member sets their password from the invitation link."""

    template_name = "outreach/accept.html"
    success_url = reverse_lazy("accounts:login")
    post_reset_login = False

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        messages.success(self.request, _("Your password is set. Log in with your mobile number."))
        return super().form_valid(form)
