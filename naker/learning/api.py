"""Learning API: what a mobile app needs to do everything a worker does on the web, and the
providers' authoring (one course at a time, or a whole package) and figures."""

from __future__ import annotations

import datetime
import hashlib
import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from naker.accounts.api_auth import optional_user
from naker.accounts.requests import AuthedRequest
from naker.core.schemas import In, Text, responses
from naker.core.validation import INT32_MAX
from naker.learning import catalogue as kept
from naker.learning import selectors, services
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

if TYPE_CHECKING:
    from naker.learning.models import Course, Enrolment

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


def card(course: Course) -> dict[str, Any]:
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


def enrolment_row(e: Enrolment) -> dict[str, Any]:
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


def session_row(c: selectors.UpcomingClass) -> dict[str, Any]:
    s = c.session
    return {
        "id": s.pk,
        "starts_at": s.starts_at,
        "ends_at": s.ends_at,
        "local_time": c.local_starts_at.strftime("%d-%m-%Y %H:%M"),
        "zone": c.zone_label,
        "venue": s.venue,
        "regency": s.regency.name,
        "province": s.province.name,
        "capacity": s.capacity,
        "seats_left": c.seats_left,
    }


@router.get("/courses", response=responses({200: CoursePage}, authenticated=False), auth=None)
def search_courses(request: HttpRequest, query: Query[SearchQuery]) -> CoursePage:
    """Published courses. `q` searches titles, summaries, skills and lesson titles in Indonesian and
    English, as workers type them (affixes, slang, loanwords, small typos), courses covering more of
    the words first; 20 a page. `suggestion` is the query a slip may have meant (shown as "Did you
    mean …?"), or "" when none."""
    filters = selectors.CourseFilters(**query.dict())
    # The answer is the same for everyone (no words in it are translated): kept per catalogue version
    # and filters (naker.learning.catalogue), so a repeated search reads nothing; kept validated
    # (django-ninja does not validate again an instance of the response's schema: validating 20 cards
    # on every call was two thirds of a warm call, issue 13).
    key = f"naker:learning:api-courses:{kept.version()}:{hashlib.sha256(repr(filters).encode()).hexdigest()}"
    answer: CoursePage | None = cache.get(key)
    if answer is None:
        results = selectors.search_courses(filters)
        page = results.page
        answer = CoursePage.model_validate(
            {
                "suggestion": results.suggestion,
                "count": page.paginator.count,
                "page": page.number,
                "pages": page.paginator.num_pages,
                "items": [card(c) for c in page.object_list],
            }
        )
        cache.set(key, answer, kept.seconds())
    return answer


@router.get("/courses/{code}", response=responses({200: CourseDetail}, 404, authenticated=False), auth=None)
def course_detail(request: HttpRequest, code: Text) -> dict[str, Any]:
    """A course with its outline, skills and upcoming classes (near the worker first)."""
    screen = selectors.course_screen(optional_user(request), code)
    course, done = screen.course, screen.done
    return {
        **card(course),
        "sector": course.sector.name if course.sector else None,
        "occupation": course.occupation.name if course.occupation else None,
        "version": screen.version.number,
        "skills": [{"code": s.code, "name": s.name} for s in course.skills.all()],
        "outline": [
            {
                "title": m.title,
                "lessons": [
                    {"id": le.pk, "title": le.title, "kind": le.kind, "minutes": le.minutes, "done": le.pk in done}
                    for le in m.lessons.all()
                ],
            }
            for m in screen.modules
        ],
        "upcoming_sessions": [session_row(c) for c in screen.classes],
        "enrolment": enrolment_row(screen.enrolment) if screen.enrolment else None,
    }


@router.post("/courses/{code}/enrolment", response=responses({201: EnrolmentOut}, 404))
def enrol(request: AuthedRequest, code: Text) -> Status[dict[str, Any]]:
    """Enrols the worker (again: changes nothing)."""
    return Status(201, enrolment_row(services.enrol(worker=request.user, course_code=code)))


@router.delete("/courses/{code}/enrolment", response=responses({200: EnrolmentOut}, 404))
def unenrol(request: AuthedRequest, code: Text) -> dict[str, Any]:
    """Leaves the course; progress is kept for a return."""
    return enrolment_row(services.unenrol(worker=request.user, course_code=code))


@router.get("/me/enrolments", response=responses({200: list[EnrolmentOut]}))
def my_enrolments(request: AuthedRequest) -> list[dict[str, Any]]:
    """The worker's courses with progress, newest first."""
    board = selectors.dashboard_of(request.user, versions=True)
    return [enrolment_row(e) for e in board.in_progress + board.completed]


class MyClassOut(Schema):
    session: int
    course: str
    title: str
    status: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    local_time: str
    zone: str
    venue: str
    regency: str


@router.get("/me/classes", response=responses({200: list[MyClassOut]}))
def my_classes(request: AuthedRequest) -> list[dict[str, Any]]:
    """The classes the worker holds a seat in (or waits for one) that have not ended, soonest first;
    the same list as on their learning page. Cancel with DELETE /sessions/{id}/seat."""
    return [
        {
            "session": c.session.pk,
            "course": c.session.course.code,
            "title": c.session.course.title,
            "status": c.seat.status,
            "starts_at": c.session.starts_at,
            "ends_at": c.session.ends_at,
            "local_time": c.local_starts_at.strftime("%d-%m-%Y %H:%M"),
            "zone": c.zone_label,
            "venue": c.session.venue,
            "regency": c.session.regency.name,
        }
        for c in selectors.booked_classes(request.user)
    ]


class AttendanceCodeOut(Schema):
    code: str


@router.get("/me/attendance-code", response=responses({200: AttendanceCodeOut}))
def my_attendance_code(request: AuthedRequest) -> dict[str, str]:
    """What the worker's QR code carries; the trainer scans it at the class."""
    return {"code": services.attendance_code(request.user)}


@router.get("/lessons/{lesson_id}", response=responses({200: LessonContent}, 404))
def lesson(request: AuthedRequest, lesson_id: int) -> dict[str, Any]:
    """A lesson's content (enrolled workers only); opening it is where the worker resumes next time."""
    screen = selectors.lesson_screen(request.user, lesson_id)
    le = screen.lesson
    if screen.enrolment.last_lesson_id != lesson_id:  # the lesson the worker is on already: no write
        services.open_lesson(worker=request.user, lesson_id=lesson_id)
    quiz = le.kind == le.Kind.QUIZ
    return {
        "id": le.pk,
        "course": screen.course.code,
        "title": le.title,
        "kind": le.kind,
        "body": le.body,
        "media_url": le.media_url,
        "media_size_bytes": le.media_size_bytes,
        "minutes": le.minutes,
        "done": screen.done,
        "pass_mark": le.pass_mark if quiz else None,
        "max_attempts": le.max_attempts if quiz else None,
    }


@router.post("/lessons/{lesson_id}/done", response=responses({200: EnrolmentOut}, 404))
def lesson_done(request: AuthedRequest, lesson_id: int) -> dict[str, Any]:
    """Marks a lesson done; repeating it changes nothing."""
    return enrolment_row(services.complete_lesson(worker=request.user, lesson_id=lesson_id))


def attempt_payload(request: AuthedRequest, attempt_id: int) -> dict[str, Any]:
    screen = selectors.attempt_screen(request.user, attempt_id)
    attempt, shown = screen.attempt, screen.shown
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
def start_attempt(request: AuthedRequest, lesson_id: int) -> Status[dict[str, Any]]:
    """Starts (or resumes) a quiz attempt: questions and choices shuffled, no answers in it.
    409 with `next_attempt_at` when the attempts are used up."""
    attempt = services.start_quiz(worker=request.user, lesson_id=lesson_id)
    return Status(201, attempt_payload(request, attempt.pk))


@router.post("/attempts/{attempt_id}/submission", response=responses({200: AttemptResult}, 404, 422))
def submit_attempt(request: AuthedRequest, attempt_id: int, payload: AnswersIn) -> dict[str, Any]:
    """Grades the attempt. Sending it again returns the same result: it counts once. No answer at
    all is refused (422 `quiz_empty`) and uses no attempt. `results` says which questions were
    right; the right choices are given once the quiz is passed or the attempts are used up."""
    attempt = services.submit_quiz(worker=request.user, attempt_id=attempt_id, answers=payload.answers)
    screen = selectors.attempt_screen(request.user, attempt.pk)
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
        "results": [
            {"question": f.question.pk, "correct": f.correct, "right_choices": f.right_ids} for f in screen.feedback
        ],
    }


@router.post("/sessions/{session_id}/seat", response=responses({201: SeatOut}, 404))
def book_seat(request: AuthedRequest, session_id: int) -> Status[dict[str, Any]]:
    """Books a seat in a class, or a place on its waiting list when it is full."""
    seat = services.book_seat(worker=request.user, session_id=session_id)
    return Status(201, {"session": session_id, "status": seat.status, "attended": seat.attended_at is not None})


@router.delete("/sessions/{session_id}/seat", response=responses({204: None}, 404))
def cancel_seat(request: AuthedRequest, session_id: int) -> Status[None]:
    services.cancel_seat(worker=request.user, session_id=session_id)
    return Status(204, None)


@router.post("/sessions/{session_id}/attendance", response=responses({200: SeatOut}, 404))
def attendance(request: AuthedRequest, session_id: int, payload: AttendanceIn) -> dict[str, Any]:
    """The trainer records a worker's attendance from the code in the worker's QR code."""
    seat = services.record_attendance(actor=request.user, session_id=session_id, code=payload.code)
    return {"session": session_id, "status": seat.status, "attended": True}


# --- providers ----------------------------------------------------------------------------------


@router.post("/providers/{provider}/courses", response=responses({201: PackageResult}, 404))
def create_course(request: AuthedRequest, provider: Text, payload: CourseIn) -> Status[dict[str, Any]]:
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
def import_package(request: AuthedRequest, provider: Text, submit: bool = False) -> dict[str, Any]:
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
def submit(request: AuthedRequest, code: Text) -> dict[str, Any]:
    """Sends the draft to the platform admin for review."""
    version = services.submit_for_review(actor=request.user, course_code=code)
    return {"course": code, "version": version.number, "status": version.status}


@router.post("/courses/{code}/review", response=responses({200: PackageResult}, 404, 409))
def review(request: AuthedRequest, code: Text, payload: ReviewIn) -> dict[str, Any]:
    """Platform admin: publish the version in review, or send it back with a note."""
    version = services.review(admin=request.user, course_code=code, approve=payload.approve, note=payload.note)
    return {"course": code, "version": version.number, "status": version.status}


@router.post("/courses/{code}/versions", response=responses({201: PackageResult}, 404, 409))
def new_version(request: AuthedRequest, code: Text) -> Status[dict[str, Any]]:
    """A new draft copied from the published version; enrolled workers keep theirs."""
    version = services.start_new_version(actor=request.user, course_code=code)
    return Status(201, {"course": code, "version": version.number, "status": version.status})


@router.post("/courses/{code}/sessions", response=responses({201: SeatOut}, 404))
def create_session(request: AuthedRequest, code: Text, payload: SessionIn) -> Status[dict[str, Any]]:
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
def report(request: AuthedRequest, code: Text) -> dict[str, Any]:
    """The provider's figures for one course; cells under 5 people are null."""
    return {"course": code, "report": selectors.course_report(request.user, code).figures}
