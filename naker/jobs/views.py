"""Jobs pages: browse and apply (workers), posts and applicants (employers), review and licences
(platform admins), flags (union officers), vouching (Kadin chapters), placements (unions and
chambers). As thin as the API: the same services and selectors."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from naker.accounts.requests import AuthedRequest
from naker.core import fragments
from naker.core.errors import DomainError
from naker.core.exports import table_response
from naker.core.pages import errors_onto_form
from naker.jobs import forms, selectors, services
from naker.jobs.models import Application

# Pages kept under keys that name everything they show: nothing there goes stale, the time only frees memory.
KEPT_SECONDS = 600


def _form_errors(form: django_forms.Form, exc: DomainError) -> None:
    if not exc.field_errors:
        form.add_error(None, exc.message)
        return
    for name, message in exc.field_errors.items():
        field = forms.field_of(name)
        form.add_error(field if field in form.fields else None, message)


# --- workers --------------------------------------------------------------------------------------------


def browse(request: HttpRequest) -> HttpResponse:
    """The list is the same for everyone who asks the same: rendered once per question, language and
    generation of the opportunities, kept a short time (selectors.SHARED_SECONDS; issue 13)."""
    asked = tuple((name, request.GET.get(name, "")) for name in ("q", "kind", "regency", "page"))

    def results() -> str:
        form = forms.SearchForm(request.GET or None)
        chosen = form.cleaned_data if form.is_valid() else {}
        number = request.GET.get("page", "1")
        page = selectors.search_opportunities(
            selectors.OpportunityFilters(
                q=chosen.get("q", ""),
                kind=chosen.get("kind", ""),
                regency=chosen.get("regency", ""),
                page=int(number) if number.isdigit() else 1,
            )
        )
        query = urlencode({k: v for k, v in chosen.items() if v})
        return render_to_string("jobs/_browse.html", {"form": form, "page": page, "query": query})

    found = fragments.remember(selectors.shared_key("browse", asked), selectors.SHARED_SECONDS, results)
    return render(request, "jobs/browse.html", {"results": found})


def detail(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    viewer = request.user
    o = selectors.opportunity_for(viewer, opportunity_id)
    commitment = selectors.commitment_of(o)
    application = selectors.application_of_worker(viewer, o)
    credentials = selectors.own_credentials(viewer) if viewer.is_authenticated else []
    context = {
        "o": o,
        "open": selectors.is_open(o),
        "commitment": commitment,
        "auto_apply": selectors.auto_apply_requested(viewer, commitment),
        "application": application,
        "apply_form": forms.ApplyForm(credentials=credentials),
        "is_staff": selectors.is_staff_of(viewer, o.employer),
        "is_admin": selectors.is_platform_admin(viewer),
        "can_flag": bool(selectors.unions_of(viewer)) if viewer.is_authenticated else False,
        "can_vouch": o.employer.is_kadin_member
        and any(selectors.chamber_covers(c, o.employer) for c in selectors.chambers_of(viewer)),
        "country": selectors.country_name(o.destination_country) if o.destination_country else "",
        "review_form": forms.ReviewForm(),
    }
    return render(request, "jobs/detail.html", context)


@login_required
@require_POST
def apply(request: AuthedRequest, opportunity_id: int) -> HttpResponse:
    form = forms.ApplyForm(request.POST, credentials=selectors.own_credentials(request.user))
    if not form.is_valid():
        messages.error(request, _("Choose only your own certificates."))
        return redirect("jobs:detail", opportunity_id)
    _application, created = services.apply_to(
        worker=request.user,
        opportunity_id=opportunity_id,
        credential_ids=form.cleaned_data["credential_ids"],
        message=form.cleaned_data["message"],
    )
    if created:
        messages.success(request, _("Your application was sent. You can follow it under “My applications”."))
    else:
        messages.success(request, _("You have already applied for this opportunity."))
    return redirect("jobs:mine")


@login_required
@require_POST
def auto_apply(request: AuthedRequest, opportunity_id: int) -> HttpResponse:
    if request.POST.get("action") == "cancel":
        services.cancel_auto_apply(worker=request.user, opportunity_id=opportunity_id)
        messages.success(request, _("You will not be applied automatically."))
    else:
        services.ask_auto_apply(worker=request.user, opportunity_id=opportunity_id)
        messages.success(request, _("We will apply for you as soon as you complete the whole path."))
    return redirect("jobs:detail", opportunity_id)


@login_required
def mine(request: AuthedRequest) -> HttpResponse:
    """The applications are read on every visit (one query): an employer's move shows at once. Their
    rendering is kept under a key naming the worker and everything the cards show (issue 13)."""
    cards = selectors.application_cards(request.user)

    def shown() -> str:
        steps = selectors.steps_of([c.id for c in cards])
        stages, sources = dict(Application.Stage.choices), dict(Application.Source.choices)
        rows = [
            {
                "card": c,
                "stage": stages.get(c.stage, c.stage),
                "source": sources.get(c.source, c.source),
                "steps": [(stages.get(stage, stage), at) for stage, at in steps.get(c.id, [])],
                "final": c.stage in selectors.FINAL_STAGES,
            }
            for c in cards
        ]
        return render_to_string("jobs/_mine.html", {"rows": rows, "csrf_field": fragments.CSRF_MARK})

    key = fragments.key(f"naker:jobs:applications+heading:{request.user.pk}", translation.get_language(), cards)
    kept = fragments.remember(key, KEPT_SECONDS, shown)
    return render(request, "jobs/mine.html", {"applications": fragments.with_csrf(kept, request)})


@login_required
@require_POST
def withdraw(request: AuthedRequest, application_id: int) -> HttpResponse:
    services.withdraw(worker=request.user, application_id=application_id)
    messages.success(request, _("Your application was withdrawn."))
    return redirect("jobs:mine")


# --- employers ---------------------------------------------------------------------------------------------


@login_required
def posts(request: AuthedRequest, code: str) -> HttpResponse:
    """The company's dashboard and newest posts. The viewer's access is checked on every visit (one
    statement); the rest is rendered once until the company's posts, applications or placements change
    (selectors.posts_page_key), so a visit costs the same however many posts and applicants it has."""
    org = selectors.staff_employer(request.user, code)

    def body() -> str:
        rows = selectors.newest_posts(org)
        more = len(rows) >= selectors.POSTS_SHOWN
        context = {"org": org, "rows": rows, "board": selectors.board_of(org), "more": more}
        return render_to_string("jobs/_posts.html", context)

    kept = fragments.remember(selectors.posts_page_key(org), selectors.BOARD_SECONDS, body)
    return render(request, "jobs/posts.html", {"org": org, "body": fragments.with_csrf(kept, request)})


@login_required
def new_post(request: AuthedRequest, code: str) -> HttpResponse:
    org = selectors.employer_for_staff(request.user, code)
    form = forms.OpportunityForm(request.POST or None, initial={"currency": "IDR"})
    if request.method == "POST" and form.is_valid():
        try:
            o = services.post_opportunity(actor=request.user, employer_code=code, data=form.data_for_service())
        except DomainError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Your post was sent for review. It shows once an administrator publishes it."))
            return redirect("jobs:applicants", o.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "jobs/post_form.html", {"org": org, "form": form}, status=status)


@login_required
def edit_post(request: AuthedRequest, opportunity_id: int) -> HttpResponse:
    o = selectors.opportunity_for_staff(request.user, opportunity_id)
    form = forms.OpportunityForm(request.POST or None, initial=forms.OpportunityForm.initial_of(o))
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_opportunity(actor=request.user, opportunity_id=o.pk, data=form.data_for_service())
        except DomainError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Changes saved. The post goes back to review."))
            return redirect("jobs:posts", o.employer.code)
    status = 422 if request.method == "POST" else 200
    return render(request, "jobs/post_form.html", {"org": o.employer, "form": form, "o": o}, status=status)


@login_required
def applicants(request: AuthedRequest, opportunity_id: int) -> HttpResponse:
    o, rows = selectors.applicants_for(request.user, opportunity_id, request.GET.get("after", ""))
    after = rows[-1].cursor if len(rows) >= selectors.APPLICANTS_SHOWN else ""
    return render(request, "jobs/applicants.html", {"o": o, "people": rows, "after": after})


@login_required
@require_POST
def move(request: AuthedRequest, application_id: int) -> HttpResponse:
    application = selectors.application_for_staff(request.user, application_id)
    form = forms.StageForm(request.POST)
    stage = form.cleaned_data["stage"] if form.is_valid() else ""
    try:
        services.move_application(actor=request.user, application_id=application_id, stage=stage)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        label = Application.Stage(stage).label
        messages.success(request, _("%(name)s: %(stage)s.") % {"name": application.worker.full_name, "stage": label})
    return redirect("jobs:applicants", application.opportunity_id)


@login_required
@require_POST
def mark_reported(request: AuthedRequest, opportunity_id: int) -> HttpResponse:
    o = services.mark_reported(actor=request.user, opportunity_id=opportunity_id)
    messages.success(request, _("Marked as reported to Karirhub."))
    return redirect("jobs:posts", o.employer.code)


@login_required
@require_POST
def close_post(request: AuthedRequest, opportunity_id: int) -> HttpResponse:
    o = services.close_opportunity(actor=request.user, opportunity_id=opportunity_id)
    messages.success(request, _("The post is closed: it takes no more applications."))
    return redirect("jobs:posts", o.employer.code)


@login_required
def commitment(request: AuthedRequest, opportunity_id: int) -> HttpResponse:
    o = selectors.opportunity_for_staff(request.user, opportunity_id)
    current = selectors.commitment_of(o)
    initial = (
        {
            "course_codes": ", ".join(c.code for c in current.courses.all()),
            "interview_by": current.interview_by,
            "sponsored_course_code": current.sponsored_course.code if current.sponsored_course else "",
            "sponsored_seats": current.sponsored_seats,
        }
        if current
        else {"sponsored_seats": 0}
    )
    form = forms.CommitmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_commitment(
                actor=request.user,
                opportunity_id=o.pk,
                course_codes=form.codes(),
                interview_by=form.cleaned_data["interview_by"],
                sponsored_course_code=form.cleaned_data["sponsored_course_code"].strip(),
                sponsored_seats=form.cleaned_data["sponsored_seats"] or 0,
            )
        except DomainError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("The training commitment is saved."))
            return redirect("jobs:detail", o.pk)
    return render(request, "jobs/commitment.html", {"o": o, "form": form})


@login_required
def karirhub(request: AuthedRequest, code: str, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    org, rows = selectors.karirhub_rows(request.user, code)
    return table_response(rows, fmt, f"karirhub-{org.code}", sheet="lowongan")


# --- union officers, chambers, admins ----------------------------------------------------------------------


@login_required
def flag(request: AuthedRequest, code: str) -> HttpResponse:
    org = selectors.employer(code)
    if not selectors.unions_of(request.user):
        raise services.errors.NotUnionOfficer()
    form = forms.FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        opportunity = request.GET.get("lowongan", "")
        try:
            services.flag_poster(
                actor=request.user,
                employer_code=code,
                reason=form.cleaned_data["reason"],
                opportunity_id=int(opportunity) if opportunity.isdigit() else None,
            )
        except DomainError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Thank you. A platform administrator will review this poster."))
            return redirect("jobs:browse")
    return render(request, "jobs/flag.html", {"org": org, "form": form})


@login_required
@require_POST
def vouch(request: AuthedRequest, opportunity_id: int) -> HttpResponse:
    services.vouch(actor=request.user, opportunity_id=opportunity_id)
    messages.success(request, _("Your chapter now vouches for this post."))
    return redirect("jobs:detail", opportunity_id)


@login_required
def review_queue(request: AuthedRequest) -> HttpResponse:
    pending = list(selectors.pending_review(request.user))
    flags = list(selectors.open_flags(request.user))
    counts = selectors.flag_counts([o.employer_id for o in pending])
    rows = [(o, counts.get(o.employer_id, 0)) for o in pending]
    context = {
        "rows": rows,
        "flags": flags,
        "review_form": forms.ReviewForm(),
        "resolve_form": forms.ResolveForm(),
    }
    return render(request, "jobs/review.html", context)


@login_required
@require_POST
def review(request: AuthedRequest, opportunity_id: int) -> HttpResponse:
    form = forms.ReviewForm(request.POST)
    decision = form.cleaned_data["decision"] if form.is_valid() else ""
    try:
        services.review_opportunity(
            actor=request.user,
            opportunity_id=opportunity_id,
            decision=decision,
            reason=request.POST.get("reason", ""),
        )
    except DomainError as exc:
        if exc.status == 403:
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Review saved."))
    return redirect("jobs:review_queue")


@login_required
@require_POST
def resolve(request: AuthedRequest, flag_id: int) -> HttpResponse:
    try:
        services.resolve_flag(actor=request.user, flag_id=flag_id, resolution=request.POST.get("resolution", ""))
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The flag is resolved."))
    return redirect("jobs:review_queue")


@login_required
def licence(request: AuthedRequest) -> HttpResponse:
    if not selectors.is_platform_admin(request.user):
        raise services.errors.NotPlatformAdmin()
    form = forms.LicenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.record_licence(
                actor=request.user,
                employer_code=d["employer_code"],
                number=d["number"],
                valid_from=d["valid_from"],
                valid_until=d["valid_until"],
            )
        except DomainError as exc:
            if exc.status == 404:
                form.add_error("employer_code", exc.message)
            else:
                errors_onto_form(form, exc)
        else:
            messages.success(request, _("The licence is recorded."))
            return redirect("jobs:licence")
    return render(request, "jobs/licence.html", {"form": form})


@login_required
def placements(request: AuthedRequest) -> HttpResponse:
    report = selectors.placement_report(request.user, request.GET.get("scope") or None)
    return render(request, "jobs/placements.html", {"r": report})
