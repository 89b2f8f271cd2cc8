"""Learning API: what a mobile app needs to do everything a worker does on the web, and the
providers' authoring (one course at a time, or a whole package) and figures."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from naker.core.api_auth import optional_user
from naker.core.errors import NotFound
from naker.core.schemas import In, Text, responses
from naker.core.validation import INT32_MAX
from naker.learning import selectors, services
from naker.learning.errors import CourseNotFound, LessonNotFound
from naker.learning.schemas import (
    AnswersIn,
    AttemptOut,
    AttemptResult,
    AttendanceIn,
    CourseDetail,
    CourseIn,
    CoursePage,
    EnrolmentOut,
    LessonContent,
    PackageResult,
    ReportOut,
    ReviewIn,
    SeatOut,
    SessionIn,
)

router = Router(tags=["learning"])


class SearchQuery(In):
    q: str = ""
    theme: str = ""
    track: str = ""
    sector: str = ""
    level: str = ""
    mode: str = ""
    free: bool = False
    province: str = ""
    regency: str = ""
    max_hours: Decimal | None = Field(default=None, ge=0, le=10000)
    sort: str = ""
    page: int = Field(default=1, ge=1, le=INT32_MAX)


def card(course: Any) -> dict[str, Any]:
    return {
        "code": course.code,
        "title": course.title,
        "summary": course.summary,
        "provider": course.provider.name,
        "theme": course.theme,
        "track": course.track,
        "level": course.level,
        "mode": course.mode,
        "language": course.language,
        "estimated_hours": course.estimated_hours,
        "price_idr": course.price_idr,
        "enrolments": course.enrolment_count,
    }


def enrolment_row(e: Any) -> dict[str, Any]:
    return {
        "course": e.course.code,
        "title": e.course.title,
        "status": e.status,
        "version": e.version.number,
        "progress_percent": e.progress_percent,
        "hours_learned": services.hours(e.minutes_learned),
        "last_lesson": e.last_lesson_id,
        "enrolled_at": e.enrolled_at,
        "completed_at": e.completed_at,
    }


def session_row(s: Any) -> dict[str, Any]:
    zone, label = selectors.zone_of(s.province_id)
    local = timezone.localtime(s.starts_at, timezone=ZoneInfo(zone))
    booked = getattr(s, "booked", 0)
    return {
        "id": s.pk,
        "starts_at": s.starts_at,
        "ends_at": s.ends_at,
        "local_time": local.strftime("%d-%m-%Y %H:%M"),
        "zone": label,
        "venue": s.venue,
        "regency": s.regency.name,
        "province": s.province.name,
        "capacity": s.capacity,
        "seats_left": max(0, s.capacity - booked),
    }


@router.get("/courses", response=responses({200: CoursePage}, authenticated=False), auth=None)
def search_courses(request: HttpRequest, query: Query[SearchQuery]) -> dict[str, Any]:
    """Published courses. `q` searches titles, summaries and skills in Indonesian and English,
    tolerant of affixes and small typos; 20 a page."""
    page = selectors.search_courses(selectors.CourseFilters(**query.dict()))
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "items": [card(c) for c in page.object_list],
    }


@router.get("/courses/{code}", response=responses({200: CourseDetail}, 404, authenticated=False), auth=None)
def course_detail(request: HttpRequest, code: Text) -> dict[str, Any]:
    """A course with its outline, skills and upcoming classes (near the worker first)."""
    course = selectors.course_for_page(code)
    if course is None:
        raise CourseNotFound()
    user = optional_user(request)
    enrolment = selectors.enrolment_of(user, course)
    done = selectors.done_lesson_ids(enrolment) if enrolment else set()
    version = enrolment.version if enrolment else course.published_version
    province = getattr(getattr(user, "worker", None), "province_id", "")
    return {
        **card(course),
        "sector": course.sector.name if course.sector else None,
        "occupation": course.occupation.name if course.occupation else None,
        "version": version.number,  # type: ignore[union-attr]
        "skills": [{"code": s.code, "name": s.name} for s in course.skills.all()],
        "outline": [
            {
                "title": m.title,
                "lessons": [
                    {"id": le.pk, "title": le.title, "kind": le.kind, "minutes": le.minutes, "done": le.pk in done}
                    for le in m.lessons.all()
                ],
            }
            for m in selectors.outline(version)  # type: ignore[arg-type]
        ],
        "upcoming_sessions": [session_row(s) for s in selectors.upcoming_sessions(course, province_code=province)],
        "enrolment": enrolment_row(enrolment) if enrolment else None,
    }


@router.post("/courses/{code}/enrolment", response=responses({201: EnrolmentOut}, 404))
def enrol(request: HttpRequest, code: Text) -> Status[dict[str, Any]]:
    """Enrols the worker (again: changes nothing)."""
    return Status(201, enrolment_row(services.enrol(worker=request.user, course_code=code)))


@router.delete("/courses/{code}/enrolment", response=responses({200: EnrolmentOut}, 404))
def unenrol(request: HttpRequest, code: Text) -> dict[str, Any]:
    """Leaves the course; progress is kept for a return."""
    return enrolment_row(services.unenrol(worker=request.user, course_code=code))


@router.get("/me/enrolments", response=responses({200: list[EnrolmentOut]}))
def my_enrolments(request: HttpRequest) -> list[dict[str, Any]]:
    """The worker's courses with progress, newest first."""
    board = selectors.dashboard_of(request.user)
    return [enrolment_row(e) for e in board.in_progress + board.completed]


class AttendanceCodeOut(Schema):
    code: str


@router.get("/me/attendance-code", response=responses({200: AttendanceCodeOut}))
def my_attendance_code(request: HttpRequest) -> dict[str, str]:
    """What the worker's QR code carries; the trainer scans it at the class."""
    return {"code": services.attendance_code(request.user)}


@router.get("/lessons/{lesson_id}", response=responses({200: LessonContent}, 404))
def lesson(request: HttpRequest, lesson_id: int) -> dict[str, Any]:
    """A lesson's content (enrolled workers only); opening it is where the worker resumes next time."""
    found = selectors.lesson_for_learner(request.user, lesson_id)
    if found is None:
        raise LessonNotFound()
    le, enrolment = found
    services.open_lesson(worker=request.user, lesson_id=lesson_id)
    quiz = le.kind == le.Kind.QUIZ
    return {
        "id": le.pk,
        "course": le.module.version.course.code,
        "title": le.title,
        "kind": le.kind,
        "body": le.body,
        "media_url": le.media_url,
        "media_size_bytes": le.media_size_bytes,
        "minutes": le.minutes,
        "done": le.pk in selectors.done_lesson_ids(enrolment),
        "pass_mark": le.pass_mark if quiz else None,
        "max_attempts": le.max_attempts if quiz else None,
    }


@router.post("/lessons/{lesson_id}/done", response=responses({200: EnrolmentOut}, 404))
def lesson_done(request: HttpRequest, lesson_id: int) -> dict[str, Any]:
    """Marks a lesson done; repeating it changes nothing."""
    return enrolment_row(services.complete_lesson(worker=request.user, lesson_id=lesson_id))


def attempt_payload(request: HttpRequest, attempt_id: int) -> dict[str, Any]:
    found = selectors.attempt_for_display(request.user, attempt_id)
    if found is None:
        raise NotFound()
    attempt, shown = found
    return {
        "id": attempt.pk,
        "lesson": attempt.lesson_id,
        "started_at": attempt.started_at,
        "questions": [
            {"id": q.pk, "kind": q.kind, "text": q.text, "choices": [{"id": c.pk, "text": c.text} for c in choices]}
            for q, choices in shown
        ],
    }


@router.post("/lessons/{lesson_id}/attempts", response=responses({201: AttemptOut}, 404, 409))
def start_attempt(request: HttpRequest, lesson_id: int) -> Status[dict[str, Any]]:
    """Starts (or resumes) a quiz attempt: questions and choices shuffled, no answers in it.
    409 with `next_attempt_at` when the attempts are used up."""
    attempt = services.start_quiz(worker=request.user, lesson_id=lesson_id)
    return Status(201, attempt_payload(request, attempt.pk))


@router.post("/attempts/{attempt_id}/submission", response=responses({200: AttemptResult}, 404))
def submit_attempt(request: HttpRequest, attempt_id: int, payload: AnswersIn) -> dict[str, Any]:
    """Grades the attempt. Sending it again returns the same result: it counts once."""
    attempt = services.submit_quiz(worker=request.user, attempt_id=attempt_id, answers=payload.answers)
    enrolment = attempt.enrolment
    enrolment.refresh_from_db()
    return {
        "id": attempt.pk,
        "score_percent": attempt.score_percent,
        "passed": attempt.passed,
        "pass_mark": attempt.lesson.pass_mark,
        "submitted_at": attempt.submitted_at,
        "progress_percent": enrolment.progress_percent,
        "course_completed": enrolment.status == enrolment.Status.COMPLETED,
    }


@router.post("/sessions/{session_id}/seat", response=responses({201: SeatOut}, 404))
def book_seat(request: HttpRequest, session_id: int) -> Status[dict[str, Any]]:
    """Books a seat in a class, or a place on its waiting list when it is full."""
    seat = services.book_seat(worker=request.user, session_id=session_id)
    return Status(201, {"session": session_id, "status": seat.status, "attended": seat.attended_at is not None})


@router.delete("/sessions/{session_id}/seat", response=responses({204: None}, 404))
def cancel_seat(request: HttpRequest, session_id: int) -> Status[None]:
    services.cancel_seat(worker=request.user, session_id=session_id)
    return Status(204, None)


@router.post("/sessions/{session_id}/attendance", response=responses({200: SeatOut}, 404))
def attendance(request: HttpRequest, session_id: int, payload: AttendanceIn) -> dict[str, Any]:
    """The trainer records a worker's attendance from the code in the worker's QR code."""
    seat = services.record_attendance(actor=request.user, session_id=session_id, code=payload.code)
    return {"session": session_id, "status": seat.status, "attended": True}


# --- providers ----------------------------------------------------------------------------------


@router.post("/providers/{provider}/courses", response=responses({201: PackageResult}, 404))
def create_course(request: HttpRequest, provider: Text, payload: CourseIn) -> Status[dict[str, Any]]:
    """A new course with an empty draft (add content with the package endpoint or on the web)."""
    course = services.create_course(actor=request.user, provider_code=provider, data=payload.dict())
    return Status(201, {"course": course.code, "version": 1, "status": "draft"})


PACKAGE_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"type": "object", "description": "See docs/course-package.md"}}},
    }
}


@router.put("/providers/{provider}/packages", response=responses({200: PackageResult}, 404), openapi_extra=PACKAGE_BODY)
def import_package(request: HttpRequest, provider: Text, submit: bool = False) -> dict[str, Any]:
    """Creates or updates a course from one JSON package (docs/course-package.md) as a new draft;
    `?submit=true` sends it to review. A broken package is refused whole, every problem listed."""
    # Read as it came: the package's own checks name every problem, which a schema here would not.
    try:
        payload = json.loads(request.body or b"null")
    except (ValueError, RecursionError):  # not JSON, or nested deeper than the parser goes
        raise HttpError(400, "malformed") from None
    version = services.import_package(actor=request.user, provider_code=provider, package=payload, submit=submit)
    return {"course": version.course.code, "version": version.number, "status": version.status}


@router.post("/courses/{code}/submission", response=responses({200: PackageResult}, 404, 409))
def submit(request: HttpRequest, code: Text) -> dict[str, Any]:
    """Sends the draft to the platform admin for review."""
    version = services.submit_for_review(actor=request.user, course_code=code)
    return {"course": code, "version": version.number, "status": version.status}


@router.post("/courses/{code}/review", response=responses({200: PackageResult}, 404, 409))
def review(request: HttpRequest, code: Text, payload: ReviewIn) -> dict[str, Any]:
    """Platform admin: publish the version in review, or send it back with a note."""
    version = services.review(admin=request.user, course_code=code, approve=payload.approve, note=payload.note)
    return {"course": code, "version": version.number, "status": version.status}


@router.post("/courses/{code}/versions", response=responses({201: PackageResult}, 404, 409))
def new_version(request: HttpRequest, code: Text) -> Status[dict[str, Any]]:
    """A new draft copied from the published version; enrolled workers keep theirs."""
    version = services.start_new_version(actor=request.user, course_code=code)
    return Status(201, {"course": code, "version": version.number, "status": version.status})


@router.post("/courses/{code}/sessions", response=responses({201: SeatOut}, 404))
def create_session(request: HttpRequest, code: Text, payload: SessionIn) -> Status[dict[str, Any]]:
    """A class for an offline or hybrid course."""
    session = services.create_session(
        actor=request.user,
        course_code=code,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        venue=payload.venue,
        regency_code=payload.regency_code,
        capacity=payload.capacity,
        co_host_codes=payload.co_hosts,
    )
    return Status(201, {"session": session.pk, "status": "created", "attended": False})


@router.get("/courses/{code}/report", response=responses({200: ReportOut}, 404))
def report(request: HttpRequest, code: Text) -> dict[str, Any]:
    """The provider's figures for one course; cells under 5 people are null."""
    course = selectors.course_for_staff(request.user, code)
    return {"course": code, "report": selectors.course_report(course)}
