"""Learning pages: catalogue, course, lessons and quizzes, the learner's dashboard; the providers'
course editor, classes and figures; the admin's review queue. As thin as the API."""

from __future__ import annotations

from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from naker.core.errors import DomainError
from naker.core.exports import table_response
from naker.learning import selectors, services
from naker.learning.forms import (
    AttendanceForm,
    CourseForm,
    LessonForm,
    ModuleForm,
    QuestionForm,
    ReviewForm,
    SearchForm,
)
from naker.learning.models import Course, CourseVersion, Lesson, OfflineSession
from naker.organizations import selectors as org_selectors


def _filters(form: SearchForm, page: str | None) -> selectors.CourseFilters:
    page = page or ""
    data = form.cleaned_data if form.is_valid() else {}
    return selectors.CourseFilters(
        q=data.get("q") or "",
        theme=data.get("theme") or "",
        track=data.get("track") or "",
        level=data.get("level") or "",
        mode=data.get("mode") or "",
        sector=data.get("sector") or "",
        province=data.get("province") or "",
        max_hours=data.get("max_hours"),
        free=bool(data.get("free")),
        sort=data.get("sort") or "",
        page=int(page) if page.isdigit() else 1,
    )


def catalogue(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    page = selectors.search_courses(_filters(form, request.GET.get("page")))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "learning/catalogue.html", {"form": form, "page": page, "query": query.urlencode()})


def course_page(request: HttpRequest, code: str) -> HttpResponse:
    course = selectors.course_for_page(code)
    if course is None:
        raise Http404
    enrolment = selectors.enrolment_of(request.user, course)
    version = enrolment.version if enrolment else course.published_version
    province = getattr(getattr(request.user, "worker", None), "province_id", "")
    sessions = selectors.upcoming_sessions(course, province_code=province)
    for s in sessions:
        s.zone_name, s.zone_label = selectors.zone_of(s.province_id)
        s.seats_left = max(0, s.capacity - s.booked)
    return render(
        request,
        "learning/course.html",
        {
            "course": course,
            "enrolment": enrolment,
            "modules": selectors.outline(version),  # type: ignore[arg-type]
            "done": selectors.done_lesson_ids(enrolment) if enrolment else set(),
            "sessions": sessions,
        },
    )


@login_required
@require_POST
def enrol(request: HttpRequest, code: str) -> HttpResponse:
    try:
        if request.POST.get("action") == "leave":
            services.unenrol(worker=request.user, course_code=code)
            messages.success(request, _("You left the course. Your progress is kept if you come back."))
        else:
            enrolment = services.enrol(worker=request.user, course_code=code)
            messages.success(request, _("You are enrolled. Start with the first lesson."))
            first = selectors.outline(enrolment.version)[0].lessons.first()
            if first is not None:
                return redirect("learning:lesson", lesson_id=first.pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("learning:course", code=code)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    board = selectors.dashboard_of(request.user)
    return render(
        request, "learning/dashboard.html", {"board": board, "recommended": selectors.recommendations_for(request.user)}
    )


def _lesson_context(request: HttpRequest, lesson_id: int) -> dict[str, Any]:
    found = selectors.lesson_for_learner(request.user, lesson_id)
    if found is None:
        raise Http404
    lesson, enrolment = found
    ordered = [le for m in selectors.outline(enrolment.version) for le in m.lessons.all()]
    index = next(i for i, le in enumerate(ordered) if le.pk == lesson.pk)
    context: dict[str, Any] = {
        "lesson": lesson,
        "enrolment": enrolment,
        "course": lesson.module.version.course,
        "done": lesson.pk in selectors.done_lesson_ids(enrolment),
        "previous": ordered[index - 1] if index else None,
        "next": ordered[index + 1] if index + 1 < len(ordered) else None,
    }
    if lesson.kind == Lesson.Kind.QUIZ:
        attempts = selectors.attempts_of(enrolment, lesson)
        context["attempts"] = [a for a in attempts if a.submitted_at]
        context["opens_at"] = services.next_attempt_opens_at(lesson, attempts)
    return context


@login_required
def lesson_page(request: HttpRequest, lesson_id: int) -> HttpResponse:
    context = _lesson_context(request, lesson_id)
    services.open_lesson(worker=request.user, lesson_id=lesson_id)
    if request.method == "POST":
        try:
            if context["lesson"].kind == Lesson.Kind.QUIZ:
                attempt = services.start_quiz(worker=request.user, lesson_id=lesson_id)
                return redirect("learning:attempt", attempt_id=attempt.pk)
            services.complete_lesson(worker=request.user, lesson_id=lesson_id)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("learning:lesson", lesson_id=lesson_id)
        nxt = context["next"]
        return (
            redirect("learning:lesson", lesson_id=nxt.pk)
            if nxt
            else redirect("learning:course", code=context["course"].code)
        )
    return render(request, "learning/lesson.html", context)


@login_required
def attempt_page(request: HttpRequest, attempt_id: int) -> HttpResponse:
    found = selectors.attempt_for_display(request.user, attempt_id)
    if found is None:
        raise Http404
    attempt, shown = found
    if request.method == "POST" and attempt.submitted_at is None:
        answers = {str(q.pk): [int(v) for v in request.POST.getlist(f"q{q.pk}") if v.isdigit()] for q, _c in shown}
        attempt = services.submit_quiz(worker=request.user, attempt_id=attempt_id, answers=answers)
        return redirect("learning:attempt", attempt_id=attempt.pk)
    enrolment = attempt.enrolment
    enrolment.refresh_from_db()
    return render(request, "learning/attempt.html", {"attempt": attempt, "shown": shown, "enrolment": enrolment})


@login_required
def attendance_qr(request: HttpRequest) -> HttpResponse:
    code = services.attendance_code(request.user)
    svg = segno.make(code, error="m").svg_inline(scale=5)
    return render(request, "learning/attendance_qr.html", {"code": code, "svg": svg})


@login_required
@require_POST
def seat(request: HttpRequest, session_id: int) -> HttpResponse:
    session = OfflineSession.objects.select_related("course").filter(pk=session_id).first()
    if session is None:
        raise Http404
    try:
        if request.POST.get("action") == "cancel":
            services.cancel_seat(worker=request.user, session_id=session_id)
            messages.success(request, _("Your seat is cancelled."))
        else:
            booked = services.book_seat(worker=request.user, session_id=session_id)
            messages.success(
                request,
                _("Seat booked.")
                if booked.status == "booked"
                else _("The class is full: you are on the waiting list."),
            )
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("learning:course", code=session.course.code)


# --- providers ----------------------------------------------------------------------------------


def _provider_or_403(request: HttpRequest, code: str) -> Any:
    provider = org_selectors.organization(code)
    if provider is None or provider.kind != provider.Kind.PROVIDER:
        raise Http404
    if org_selectors.role_in(request.user, provider) is None:
        return None
    return provider


@login_required
def provider_home(request: HttpRequest, provider_code: str) -> HttpResponse:
    provider = _provider_or_403(request, provider_code)
    if provider is None:
        return HttpResponseForbidden(_("Only the provider's staff can see this page."))
    form = CourseForm(request.POST or None, initial={"price_idr": 0})
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "sector": form.cleaned_data["sector"] or None}
        try:
            course = services.create_course(actor=request.user, provider_code=provider_code, data=data)
        except DomainError as exc:
            for name, msg in exc.field_errors.items():
                form.add_error(name if name in form.fields else None, msg)
        else:
            messages.success(request, _("Course created. Add modules and lessons, then send it for review."))
            return redirect("learning:editor", code=course.code)
    courses = selectors.provider_courses(request.user, provider).prefetch_related("versions")
    return render(request, "learning/provider_home.html", {"provider": provider, "courses": courses, "form": form})


@login_required
def editor(request: HttpRequest, code: str) -> HttpResponse:
    try:
        course = selectors.course_for_staff(request.user, code)
    except DomainError:
        return HttpResponseForbidden(_("Only the provider's staff can see this page."))
    draft = (
        course.versions.filter(status__in=[CourseVersion.Status.DRAFT, CourseVersion.Status.IN_REVIEW])
        .order_by("-number")
        .first()
    )
    modules = selectors.outline(draft) if draft else []
    quizzes = [le for m in modules for le in m.lessons.all() if le.kind == Lesson.Kind.QUIZ]
    forms_: dict[str, Any] = {
        "module": ModuleForm(prefix="m"),
        "lesson": LessonForm(prefix="l", modules=modules),
        "question": QuestionForm(prefix="q", quizzes=quizzes),
    }
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "module":
                forms_["module"] = module_form = ModuleForm(request.POST, prefix="m")
                if module_form.is_valid():
                    services.add_module(actor=request.user, course_code=code, title=module_form.cleaned_data["title"])
                    return redirect("learning:editor", code=code)
            elif action == "lesson":
                forms_["lesson"] = lesson_form = LessonForm(request.POST, prefix="l", modules=modules)
                if lesson_form.is_valid():
                    cleaned = lesson_form.cleaned_data
                    data = {k: v for k, v in cleaned.items() if k != "module" and v not in (None, "")}
                    services.add_lesson(actor=request.user, course_code=code, module_id=cleaned["module"], data=data)
                    return redirect("learning:editor", code=code)
            elif action == "question":
                forms_["question"] = question_form = QuestionForm(request.POST, prefix="q", quizzes=quizzes)
                if question_form.is_valid():
                    services.add_question(
                        actor=request.user,
                        course_code=code,
                        lesson_id=question_form.cleaned_data["lesson"],
                        kind=question_form.cleaned_data["kind"],
                        text=question_form.cleaned_data["text"],
                        choices=question_form.parsed_choices(),
                    )
                    return redirect("learning:editor", code=code)
            elif action == "submit":
                services.submit_for_review(actor=request.user, course_code=code)
                messages.success(request, _("Sent for review. The platform team will check it."))
                return redirect("learning:editor", code=code)
            elif action == "new_version":
                services.start_new_version(actor=request.user, course_code=code)
                return redirect("learning:editor", code=code)
        except DomainError as exc:
            messages.error(request, " ".join([exc.message, *exc.field_errors.values()]).strip())
    return render(request, "learning/editor.html", {"course": course, "draft": draft, "modules": modules, **forms_})


@login_required
def report_page(request: HttpRequest, code: str) -> HttpResponse:
    try:
        course = selectors.course_for_staff(request.user, code)
    except DomainError:
        return HttpResponseForbidden(_("Only the provider's staff can see this page."))
    report = selectors.course_report(course)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return _export(course, report, fmt)
    return render(request, "learning/report.html", {"course": course, "report": report})


def _report_rows(report: dict[str, Any]) -> list[list[Any]]:
    rows: list[list[Any]] = [[_("Figure"), _("Value")]]
    rows += [
        [_("Enrolments"), report["enrolments"]],
        [_("Active in the last 30 days"), report["active_30_days"]],
        [_("Completed"), report["completed"]],
        [_("Completion rate (%)"), report["completion_rate"]],
        [],
    ]
    rows += (
        [[_("Lesson"), _("Learners who finished it")]]
        + [
            [f"{le['module']} / {le['title']}", le["reached"] if le["reached"] is not None else "<5"]
            for le in report["lessons"]
        ]
        + [[]]
    )
    rows += (
        [[_("Question"), _("Answered right (%)")]]
        + [[q["text"], q["right_percent"]] for q in report["questions"]]
        + [[]]
    )
    rows += (
        [[_("Province"), _("Learners")]]
        + [[p["province"], p["learners"] if p["learners"] is not None else "<5"] for p in report["by_province"]]
        + [[]]
    )
    rows += [[_("Union"), _("Learners")]] + [
        [u["union"], u["learners"] if u["learners"] is not None else "<5"] for u in report["by_union"]
    ]
    return rows


def _export(course: Course, report: dict[str, Any], fmt: str) -> HttpResponse:
    return table_response(_report_rows(report), fmt, f"laporan-{course.code}", sheet=course.code)


@login_required
def session_attendance(request: HttpRequest, session_id: int) -> HttpResponse:
    session = OfflineSession.objects.select_related("course", "regency").filter(pk=session_id).first()
    if session is None:
        raise Http404
    form = AttendanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            seat = services.record_attendance(actor=request.user, session_id=session_id, code=form.cleaned_data["code"])
        except DomainError as exc:
            form.add_error("code" if "code" in exc.field_errors else None, exc.field_errors.get("code", exc.message))
        else:
            messages.success(request, _("Attendance recorded for %(name)s.") % {"name": seat.user.full_name})
            return redirect("learning:attendance", session_id=session_id)
    seats = session.seats.select_related("user").order_by("status", "created_at")
    return render(request, "learning/session_attendance.html", {"session": session, "form": form, "seats": seats})


# --- review -------------------------------------------------------------------------------------


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    if not request.user.is_staff:
        return HttpResponseForbidden(_("Only a platform administrator reviews courses."))
    if request.method == "POST":
        form = ReviewForm(request.POST)
        form.is_valid()
        try:
            services.review(
                admin=request.user,
                course_code=request.POST.get("course", ""),
                approve=request.POST.get("action") == "approve",
                note=form.cleaned_data.get("note", ""),
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Review saved."))
        return redirect("learning:review")
    waiting = (
        CourseVersion.objects.filter(status=CourseVersion.Status.IN_REVIEW)
        .select_related("course__provider")
        .order_by("submitted_at")
    )
    return render(request, "learning/review.html", {"waiting": waiting, "form": ReviewForm()})
