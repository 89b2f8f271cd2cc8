"""Learning pages: catalogue, course, lessons and quizzes, the learner's dashboard; the providers'
course editor, classes and figures; the admin's review queue. As thin as the API."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache as cache_store
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from naker.accounts.requests import AuthedRequest
from naker.core import events, fragments
from naker.core.errors import DomainError
from naker.core.exports import table_response
from naker.core.pages import errors_onto_form
from naker.learning import catalogue as kept
from naker.learning import errors, selectors, services
from naker.learning.events import CourseNoticesRequested
from naker.learning.forms import (
    AttendanceForm,
    ClassForm,
    CourseForm,
    LessonEditForm,
    LessonForm,
    ModuleForm,
    QuestionForm,
    ReviewForm,
    SearchForm,
)
from naker.learning.models import Lesson

# The header offline.js sends when it saves a course's pages (the lesson page then does not move the
# worker's "continue where you stopped").
OFFLINE_HEADER = "X-Naker-Offline"
SERVICE_WORKER = Path(__file__).resolve().parent / "static" / "learning" / "sw.js"


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
    """The catalogue. Its whole body (search form, filters, results) is the same for everyone who
    sends the same query string in the same language, so it is rendered once per catalogue version
    and kept (issue 13): a warm page builds no form and runs no search, only the layout around it."""
    full_query = request.GET.urlencode()
    key = fragments.key(f"naker:learning:catalogue:{kept.version()}", get_language(), full_query)

    def body() -> str:
        form = SearchForm(request.GET or None)
        query = request.GET.copy()
        query.pop("page", None)

        @cache
        def results() -> dict[str, Any]:
            found = selectors.search_courses(_filters(form, request.GET.get("page")))
            suggested = ""
            if found.suggestion:
                again = query.copy()
                again["q"] = found.suggestion
                suggested = again.urlencode()
            return {"page": found.page, "suggestion": found.suggestion, "suggested_query": suggested}

        context = {"form": form, "query": query.urlencode(), "results": results}
        return render_to_string("learning/_catalogue_body.html", context)

    page = mark_safe(fragments.remember(key, kept.seconds(), body))  # noqa: S308 (rendered, escaped HTML)
    return render(request, "learning/catalogue.html", {"body": page})


DONE_MARK = re.compile(r"<!--done:(\d+)-->")


def outline_html(screen: selectors.CourseScreen) -> str:
    """The outline of the version the viewer sees, with a ✓ after each lesson they did. The rendered
    outline is the same for everyone who follows that version (links to the lessons) and for everyone
    who does not (no links): kept per version, catalogue version and language (issue 13: two queries
    and a node per lesson on every visit); only the ✓ marks are the viewer's."""
    key = f"naker:learning:outline:{kept.version()}:{screen.version.pk}:{int(screen.following)}:{get_language()}"
    html = cache_store.get(key)
    if html is None:
        html = render_to_string("learning/_outline.html", {"modules": screen.modules, "following": screen.following})
        cache_store.set(key, html, kept.seconds())
    done = screen.done
    return mark_safe(DONE_MARK.sub(lambda m: " ✓" if int(m[1]) in done else "", html))  # noqa: S308 (our own render)


def course_page(request: HttpRequest, code: str) -> HttpResponse:
    screen = selectors.course_screen(request.user, code)
    # What apps above learning say about this course (the jobs app: employers' train-to-hire offers).
    notices = [n for answer in events.collect(CourseNoticesRequested(course_id=screen.course.pk)) for n in answer]
    share_url = request.build_absolute_uri()

    def body() -> str:
        context = {
            "screen": screen,
            "course": screen.course,
            "notices": notices,
            "outline": outline_html(screen),
            "catalogue_version": kept.version(),
            "catalogue_seconds": kept.seconds(),
            "share_url": share_url,
            "user": request.user,
            "csrf_field": fragments.CSRF_MARK,
        }
        return render_to_string("learning/_course_body.html", context)

    if screen.enrolment is None and not screen.classes:
        # Nothing of the viewer's own on it (no enrolment, no ✓, no seats): the same body for every
        # such visitor of this address, kept whole (issue 13); the request's CSRF field put in below.
        key = fragments.key(
            f"naker:learning:course-page:{kept.version()}:{screen.course.pk}",
            screen.version.pk,
            get_language(),
            share_url,
            notices,
            request.user.is_authenticated,
        )
        html = fragments.remember(key, kept.seconds(), body)
    else:
        html = body()
    context = {"screen": screen, "course": screen.course, "body": fragments.with_csrf(html, request)}
    return render(request, "learning/course.html", context)


# Kept renderings of a person's own page live this long (to free memory; their key names all they show).
KEPT_SECONDS = 600


@login_required
@require_POST
def enrol(request: AuthedRequest, code: str) -> HttpResponse:
    if request.POST.get("action") == "leave":  # an old page's button: ask first, as the page now does
        return redirect("learning:leave", code=code)
    enrolment = services.enrol(worker=request.user, course_code=code)
    messages.success(request, _("You are enrolled. Start with the first lesson."))
    first = selectors.first_lesson(enrolment)
    if first is not None:
        return redirect("learning:lesson", lesson_id=first.pk)
    return redirect("learning:course", code=code)


@login_required
def leave(request: AuthedRequest, code: str) -> HttpResponse:
    """Asks before leaving a course and says what is kept and what is lost; one tap never leaves."""
    screen = selectors.leaving_screen(request.user, code)
    if request.method == "POST":
        services.unenrol(worker=request.user, course_code=code)
        messages.success(request, _("You left the course. Your progress is kept if you come back."))
        return redirect("learning:course", code=code)
    return render(request, "learning/leave.html", {"screen": screen, "course": screen.enrolment.course})


@login_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    board = selectors.dashboard_of(request.user)
    picked = selectors.recommended_ids(request.user, taken=board.taken)

    @cache
    def recommended() -> list[Any]:  # only when the cards of these courses are not kept (dashboard.html)
        return selectors.courses_in_order(picked)

    context = {
        "board": board,
        "recommended_ids": ",".join(map(str, picked)),
        "recommended": recommended,
        "catalogue_version": kept.version(),
        "catalogue_seconds": kept.seconds(),
    }

    def body() -> str:
        return render_to_string("learning/_dashboard.html", context)

    if board.classes:  # times in each class's own zone, seats: rendered on each visit
        page = mark_safe(body())  # noqa: S308 (rendered, escaped HTML)
    else:
        # Rendered once per person, language and everything it shows (issue 13): the rows are read on
        # every visit, so a change shows at once; only their rendering is kept.
        shown = (
            [
                (e.pk, e.status, e.course.code, e.course.title, e.progress_percent, e.last_lesson_id, e.completed_at)
                for e in (*board.in_progress, *board.completed)
            ],
            board.hours_learned,
            context["recommended_ids"],
            context["catalogue_version"],
        )
        key = fragments.key(f"naker:learning:dashboard:{request.user.pk}", get_language(), shown)
        page = mark_safe(fragments.remember(key, KEPT_SECONDS, body))  # noqa: S308 (rendered, escaped HTML)
    return render(request, "learning/dashboard.html", {"body": page})


# what the lesson's own part shows (learning/_lesson_text.html)
LESSON_TEXT_FIELDS = (
    "title",
    "image_url",
    "image_alt",
    "kind",
    "body",
    "media_url",
    "media_size_bytes",
    "pass_mark",
    "max_attempts",
)


def _lesson_text(lesson: Lesson) -> str:
    """The lesson itself (title, image, text or media), the same for every learner: rendered once per
    lesson, language and everything it shows, so an edit shows at once (issue 13: half the page's
    rendering)."""
    shown = tuple(getattr(lesson, name) for name in LESSON_TEXT_FIELDS)
    key = fragments.key(f"naker:learning:lesson-text:{lesson.pk}", get_language(), shown)
    kept_text = fragments.remember(
        key, KEPT_SECONDS, lambda: render_to_string("learning/_lesson_text.html", {"lesson": lesson})
    )
    return mark_safe(kept_text)  # noqa: S308 (rendered, escaped HTML)


@login_required
def lesson_page(request: AuthedRequest, lesson_id: int) -> HttpResponse:
    screen = selectors.lesson_screen(request.user, lesson_id)
    # Saving a course for offline reading fetches every lesson: that is not the worker opening it.
    # Opening the lesson the worker is on already changes nothing: no write (issue 13).
    if request.headers.get(OFFLINE_HEADER) != "save" and screen.enrolment.last_lesson_id != lesson_id:
        services.open_lesson(worker=request.user, lesson_id=lesson_id)
    if request.method == "POST":
        if screen.lesson.kind == Lesson.Kind.QUIZ:
            attempt = services.start_quiz(worker=request.user, lesson_id=lesson_id)
            return redirect("learning:attempt", attempt_id=attempt.pk)
        services.complete_lesson(worker=request.user, lesson_id=lesson_id)
        if screen.next:
            return redirect("learning:lesson", lesson_id=screen.next.pk)
        return redirect("learning:course", code=screen.course.code)
    return render(
        request,
        "learning/lesson.html",
        {
            "text": _lesson_text(screen.lesson),
            "lesson": screen.lesson,
            "enrolment": screen.enrolment,
            "course": screen.course,
            "done": screen.done,
            "previous": screen.previous,
            "next": screen.next,
            "attempts": screen.attempts,
            "opens_at": screen.opens_at,
        },
    )


@login_required
def quiz_questions(request: AuthedRequest, lesson_id: int) -> HttpResponse:
    """A quiz's questions to read ahead, also offline; the answers are given and graded online."""
    lesson, questions = selectors.quiz_questions(request.user, lesson_id)
    return render(request, "learning/quiz_questions.html", {"lesson": lesson, "questions": questions})


@login_required
def offline_manifest(request: AuthedRequest, code: str) -> JsonResponse:
    """What "Save for offline" stores for one course (static/learning/offline.js)."""
    bundle = selectors.offline_bundle(request.user, code)
    return JsonResponse(
        {
            "course": bundle.course.code,
            "urls": bundle.urls,
            "size_bytes": bundle.size_bytes,
            "lessons": bundle.lesson_ids,
        }
    )


def offline_page(request: HttpRequest) -> HttpResponse:
    """Shown by the service worker for a page that was not saved, when there is no connection."""
    return render(request, "learning/offline.html")


@cache
def _service_worker_source() -> bytes:
    return SERVICE_WORKER.read_bytes()


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """The offline service worker, at the site's root so that it may answer for every page it saved.
    Never cached: a new version reaches phones on their next visit."""
    response = HttpResponse(_service_worker_source(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


@login_required
def attempt_page(request: AuthedRequest, attempt_id: int) -> HttpResponse:
    screen = selectors.attempt_screen(request.user, attempt_id)
    if request.method == "POST" and screen.attempt.submitted_at is None:
        answers = {
            str(q.pk): [int(v) for v in request.POST.getlist(f"q{q.pk}") if v.isdigit()] for q, _c in screen.shown
        }
        try:
            attempt = services.submit_quiz(worker=request.user, attempt_id=attempt_id, answers=answers)
        except errors.QuizEmpty as exc:
            context = {"attempt": screen.attempt, "shown": screen.shown, "enrolment": screen.enrolment}
            return render(request, "learning/attempt.html", {**context, "empty": exc.message}, status=422)
        return redirect("learning:attempt", attempt_id=attempt.pk)
    context = {
        "attempt": screen.attempt,
        "shown": screen.shown,
        "enrolment": screen.enrolment,
        "feedback": screen.feedback,
        "reveal": screen.reveal,
    }
    return render(request, "learning/attempt.html", context)


@login_required
def attendance_qr(request: AuthedRequest) -> HttpResponse:
    code = services.attendance_code(request.user)
    svg = segno.make(code, error="m").svg_inline(scale=5)
    return render(request, "learning/attendance_qr.html", {"code": code, "svg": svg})


@login_required
@require_POST
def seat(request: AuthedRequest, session_id: int) -> HttpResponse:
    if request.POST.get("action") == "cancel":
        booked = services.cancel_seat(worker=request.user, session_id=session_id)
        messages.success(request, _("Your seat is cancelled."))
    else:
        booked = services.book_seat(worker=request.user, session_id=session_id)
        messages.success(
            request,
            _("Seat booked.") if booked.status == "booked" else _("The class is full: you are on the waiting list."),
        )
    return redirect("learning:course", code=booked.session.course.code)


@login_required
def seat_cancel(request: AuthedRequest, session_id: int) -> HttpResponse:
    """Asks before giving a seat back: one tap must not lose a place that may go to the waiting list."""
    booked = selectors.seat_of(request.user, session_id)
    back = "course" if request.GET.get("dari") == "kursus" or request.POST.get("back") == "course" else "dashboard"
    if request.method == "POST":
        services.cancel_seat(worker=request.user, session_id=session_id)
        messages.success(request, _("Your seat is cancelled."))
        if back == "course":
            return redirect("learning:course", code=booked.session.course.code)
        return redirect("learning:dashboard")
    return render(request, "learning/seat_cancel.html", {"booked": booked, "back": back})


# --- providers ----------------------------------------------------------------------------------


@login_required
def provider_home(request: AuthedRequest, provider_code: str) -> HttpResponse:
    listing = selectors.provider_courses(request.user, provider_code)
    form = CourseForm(request.POST or None, initial={"price_idr": 0})
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "sector": form.cleaned_data["sector"] or None}
        try:
            course = services.create_course(actor=request.user, provider_code=provider_code, data=data)
        except DomainError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Course created. Add modules and lessons, then send it for review."))
            return redirect("learning:editor", code=course.code)
    context = {"provider": listing.provider, "courses": listing.courses, "form": form}
    return render(request, "learning/provider_home.html", context)


@contextmanager
def _media_of(
    request: AuthedRequest, code: str, kind: str, cleaned: dict[str, Any], data: dict[str, Any]
) -> Iterator[None]:
    """Stores the form's uploaded image or recording (if any) into `data` before the lesson is
    written, and removes it again when the lesson change is refused."""
    if not cleaned.get("upload"):
        yield
        return
    stored, fields = services.store_lesson_media(
        actor=request.user,
        course_code=code,
        lesson_kind=kind,
        uploaded=cleaned["upload"],
        image_alt=cleaned.get("image_alt") or "",
    )
    data.update(fields)
    try:
        yield
    except BaseException:
        services.discard_lesson_media(stored)
        raise


class SubmitForm(forms.Form):
    """Sending the draft for review: no field, only what is missing in the content."""


@login_required
def editor(request: AuthedRequest, code: str) -> HttpResponse:
    screen = selectors.editor_screen(request.user, code)
    forms_: dict[str, forms.Form] = {
        "module": ModuleForm(prefix="m"),
        "lesson": LessonForm(prefix="l", modules=screen.modules),
        "question": QuestionForm(prefix="q", quizzes=screen.quizzes),
        "submit_form": SubmitForm(),
        "class_form": ClassForm(prefix="c"),
    }
    lesson_forms = {le.pk: LessonEditForm.of(le) for m in screen.modules for le in m.lessons.all()}
    if request.method == "POST":
        action = request.POST.get("action")
        form: forms.Form | None = None
        try:
            if action == "module":
                forms_["module"] = form = ModuleForm(request.POST, prefix="m")
                if form.is_valid():
                    services.add_module(actor=request.user, course_code=code, title=form.cleaned_data["title"])
                    return redirect("learning:editor", code=code)
            elif action == "lesson":
                forms_["lesson"] = form = LessonForm(request.POST, request.FILES, prefix="l", modules=screen.modules)
                if form.is_valid():
                    cleaned = form.cleaned_data
                    data = {k: v for k, v in cleaned.items() if k not in ("module", "upload") and v not in (None, "")}
                    with _media_of(request, code, cleaned["kind"], cleaned, data):
                        services.add_lesson(
                            actor=request.user, course_code=code, module_id=cleaned["module"], data=data
                        )
                    return redirect("learning:editor", code=code)
            elif action == "question":
                forms_["question"] = question_form = QuestionForm(request.POST, prefix="q", quizzes=screen.quizzes)
                form = question_form
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
            elif action in ("move_up", "move_down", "remove") and request.POST.get("part") in services.PARTS:
                forms_["submit_form"] = form = SubmitForm(request.POST)
                part, part_id = request.POST["part"], int(request.POST.get("id", "0") or 0)
                if action == "remove":
                    services.remove_part(actor=request.user, course_code=code, kind=part, part_id=part_id)
                else:
                    up = action == "move_up"
                    services.move_part(actor=request.user, course_code=code, kind=part, part_id=part_id, up=up)
                return redirect("learning:editor", code=code)
            elif action == "edit_lesson" and request.POST.get("id", "").isdigit():
                lesson_id = int(request.POST["id"])
                edited = next((le for m in screen.modules for le in m.lessons.all() if le.pk == lesson_id), None)
                if edited is not None:
                    lesson_forms[lesson_id] = form = LessonEditForm.of(edited, request.POST, request.FILES)
                    if form.is_valid():
                        cleaned = form.cleaned_data
                        data = {k: v for k, v in cleaned.items() if k != "upload" and v is not None}
                        with _media_of(request, code, edited.kind, cleaned, data):
                            services.edit_lesson(actor=request.user, course_code=code, lesson_id=lesson_id, data=data)
                        messages.success(request, _("Lesson saved."))
                        return redirect("learning:editor", code=code)
            elif action == "class":
                forms_["class_form"] = form = ClassForm(request.POST, prefix="c")
                if form.is_valid():
                    cleaned = form.cleaned_data
                    services.schedule_class(
                        actor=request.user,
                        course_code=code,
                        local_starts_at=cleaned["starts_at"],
                        local_ends_at=cleaned["ends_at"],
                        venue=cleaned["venue"],
                        regency_code=cleaned["regency_code"],
                        capacity=cleaned["capacity"],
                    )
                    messages.success(request, _("Class scheduled."))
                    return redirect("learning:editor", code=code)
            elif action == "submit":
                forms_["submit_form"] = form = SubmitForm(request.POST)
                services.submit_for_review(actor=request.user, course_code=code)
                messages.success(request, _("Sent for review. The platform team will check it."))
                return redirect("learning:editor", code=code)
            elif action == "new_version":
                forms_["submit_form"] = form = SubmitForm(request.POST)
                services.start_new_version(actor=request.user, course_code=code)
                return redirect("learning:editor", code=code)
        except DomainError as exc:
            if form is None:
                raise
            errors_onto_form(form, exc)
    outline = [(m, [(le, lesson_forms[le.pk]) for le in m.lessons.all()]) for m in screen.modules]
    context = {
        "screen": screen,
        "course": screen.course,
        "draft": screen.draft,
        "modules": screen.modules,
        "outline": outline,
        **forms_,
    }
    return render(request, "learning/editor.html", context)


@login_required
def report_page(request: AuthedRequest, code: str) -> HttpResponse:
    report = selectors.course_report(request.user, code)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        rows = _report_rows(report.figures)
        return table_response(rows, fmt, f"laporan-{report.course.code}", sheet=report.course.code)
    return render(request, "learning/report.html", {"course": report.course, "report": report.figures})


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
    rows += [[_("Province"), _("Learners")]] + [[p["province"], p["learners"]] for p in report["by_province"]]
    return rows


@login_required
@require_POST
def answer_co_host(request: AuthedRequest, session_id: int, code: str) -> HttpResponse:
    """An officer of an organisation named as a class's co-host accepts or declines (the events page
    of the officers asks)."""
    if request.POST.get("answer") == "accept":
        services.accept_co_host(actor=request.user, session_id=session_id, organization_code=code)
        messages.success(request, _("Your organisation now co-hosts this class."))
        return redirect("learning:attendance", session_id=session_id)
    services.decline_co_host(actor=request.user, session_id=session_id, organization_code=code)
    messages.success(request, _("You declined: your organisation is not named as a co-host."))
    return redirect("outreach:events")


@login_required
def session_attendance(request: AuthedRequest, session_id: int) -> HttpResponse:
    sheet = selectors.attendance_sheet(request.user, session_id)
    form = AttendanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            seat = services.record_attendance(actor=request.user, session_id=session_id, code=form.cleaned_data["code"])
        except DomainError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Attendance recorded for %(name)s.") % {"name": seat.user.full_name})
            return redirect("learning:attendance", session_id=session_id)
    context = {"session": sheet.session, "form": form, "seats": sheet.seats}
    return render(request, "learning/session_attendance.html", context)


# --- review -------------------------------------------------------------------------------------


@login_required
def review_queue(request: AuthedRequest) -> HttpResponse:
    return render(request, "learning/review.html", {"waiting": selectors.versions_in_review(request.user)})


@login_required
def review_course(request: AuthedRequest, code: str) -> HttpResponse:
    """The admin reads the whole version (content and right answers), then publishes it or sends
    it back with the reason the provider will read."""
    screen = selectors.review_screen(request.user, code)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = request.POST.get("action") == "approve"
        try:
            services.review(admin=request.user, course_code=code, approve=approve, note=form.cleaned_data["note"])
        except DomainError as exc:
            errors_onto_form(form, exc)
        else:
            messages.success(request, _("Published.") if approve else _("Sent back to the provider with your note."))
            return redirect("learning:review")
    return render(request, "learning/review_course.html", {"screen": screen, "form": form})
