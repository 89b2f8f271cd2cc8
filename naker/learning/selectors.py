"""Reads of the learning app: the catalogue and search, a course's page, a learner's dashboard,
recommendations, and the providers' figures."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from naker.accounts.selectors import workers
from naker.core import disclosure, layout
from naker.core.kept_sql import Kept
from naker.learning import catalogue, errors, search
from naker.learning.models import (
    Choice,
    Course,
    CoursePopularity,
    CourseVersion,
    Enrolment,
    Lesson,
    LessonProgress,
    Module,
    OfflineSession,
    Question,
    QuestionResult,
    QuizAttempt,
    SessionCoHost,
    SessionSeat,
)
from naker.organizations import selectors as org_selectors

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from naker.accounts.models import User
    from naker.organizations.models import Organization

    Viewer = User | AnonymousUser

PAGE_SIZE = 20
ACTIVE_SEAT = [SessionSeat.Status.BOOKED, SessionSeat.Status.WAITLISTED]  # a seat or a place in the queue
SORTS = {
    "relevance": None,
    "newest": ("-published_at", "id"),
    "popular": ("-enrolment_count", "id"),
    "shortest": ("estimated_hours", "id"),
    "title": ("title", "id"),
}
# Venue time zones by province code: WITA for Bali, Nusa Tenggara, Kalimantan Selatan/Timur/Utara and
# Sulawesi; WIT for Maluku and Papua; WIB elsewhere.
WITA_PROVINCES = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
WIT_PROVINCES = {"81", "82", "91", "92", "93", "94", "95", "96"}


def zone_of(province_code: str) -> tuple[str, str]:
    if province_code in WIT_PROVINCES:
        return "Asia/Jayapura", "WIT"
    if province_code in WITA_PROVINCES:
        return "Asia/Makassar", "WITA"
    return "Asia/Jakarta", "WIB"


@dataclass
class CourseFilters:
    q: str = ""
    theme: str = ""
    track: str = ""
    sector: str = ""
    level: str = ""
    mode: str = ""
    free: bool = False
    province: str = ""
    regency: str = ""
    max_hours: Decimal | None = None
    sort: str = ""
    page: int = 1
    chosen: dict[str, Any] = field(default_factory=dict)


def published_courses() -> QuerySet[Course]:
    return Course.objects.filter(published_version__isnull=False)


def _filtered(f: CourseFilters) -> QuerySet[Course]:
    qs = published_courses()
    for name in ("theme", "track", "level", "mode"):
        if getattr(f, name):
            qs = qs.filter(**{name: getattr(f, name)})
    if f.sector:
        qs = qs.filter(sector_id=f.sector)
    if f.free:
        qs = qs.filter(price_idr=0)
    if f.max_hours is not None:
        qs = qs.filter(estimated_hours__lte=f.max_hours)
    if f.province or f.regency:
        upcoming = OfflineSession.objects.filter(starts_at__gte=timezone.now())
        upcoming = upcoming.filter(regency_id=f.regency) if f.regency else upcoming.filter(province_id=f.province)
        qs = qs.filter(pk__in=upcoming.values("course_id"))
    return qs


def _has_filters(f: CourseFilters) -> bool:
    return bool(f.theme or f.track or f.sector or f.level or f.mode or f.free or f.province or f.regency or f.max_hours)


@dataclass(frozen=True)
class CourseResults:
    """One page of the catalogue, and the query a slip in the words may have meant ("" if none)."""

    page: Page
    suggestion: str = ""


class _Counted:
    """Stands for a result list of `n` courses where only the count is known (a kept search)."""

    def __init__(self, n: int) -> None:
        self.n = n

    def __len__(self) -> int:
        return self.n


def search_courses(f: CourseFilters) -> CourseResults:
    """One page of published courses matching the words and filters. With words, the best matches
    come first (unless another sort is asked for); without, the newest.

    What matched (the page's course ids, their count, the suggestion) is the same for everyone and is
    kept per catalogue version (learning.catalogue): a repeated search costs one query for the page's courses, not the
    search (issue 13: 5–9 ms of SQL and the query's analysis at 20,000 courses)."""
    about = hashlib.sha256(repr(f).encode()).hexdigest()  # every filter, the sort and the page
    key = f"naker:learning:matched:{catalogue.version()}:{about}"
    kept = cache.get(key)
    if kept is None:
        results = _search_courses(f)
        page = results.page
        ids = [c.pk for c in page.object_list]
        cache.set(key, (ids, page.number, page.paginator.count, results.suggestion), catalogue.seconds())
        return results
    ids, number, count, suggestion = kept
    # No default sort (by title): the order is the kept one, and SQLite would walk the title index.
    rows = {c.pk: c for c in published_courses().select_related("provider").filter(pk__in=ids).order_by()}
    courses = [rows[i] for i in ids if i in rows]
    return CourseResults(Page(courses, number, Paginator(_Counted(count), PAGE_SIZE)), suggestion)  # type: ignore[arg-type]


def _search_courses(f: CourseFilters) -> CourseResults:
    qs = _filtered(f).select_related("provider")
    sort = f.sort if f.sort in SORTS else ("relevance" if f.q else "newest")
    if not f.q:
        sort = "newest" if sort == "relevance" else sort
        return CourseResults(Paginator(qs.order_by(*SORTS[sort]), PAGE_SIZE).get_page(f.page))  # type: ignore[misc]
    found = search.search(f.q)
    if sort != "relevance":
        # Another order than relevance: the same courses the search found, in that order.
        ordered = qs.filter(pk__in=found.ids).order_by(*SORTS[sort])  # type: ignore[misc]
        return CourseResults(Paginator(ordered, PAGE_SIZE).get_page(f.page), found.suggestion)
    ids = found.ids
    if _has_filters(f):
        position = {cid: i for i, cid in enumerate(ids)}
        ids = sorted(qs.filter(pk__in=ids).values_list("pk", flat=True), key=position.__getitem__)
    # Without filters: only published courses are in the index, no need to ask again.
    id_page = Paginator(ids, PAGE_SIZE).get_page(f.page)
    rows = {c.pk: c for c in qs.filter(pk__in=list(id_page.object_list)).order_by()}
    id_page.object_list = [rows[i] for i in id_page.object_list if i in rows]  # type: ignore[misc]
    return CourseResults(id_page, found.suggestion)


def _kept(kind: str, ident: object, compute: Callable[[], Any]) -> Any:
    """What `compute` reads, kept per catalogue version (naker.learning.catalogue) when found: rows
    that are the same for everyone and change only with what makes a new version. A text (a course
    code from the URL, which may hold anything a client sends: control characters, 10,000 letters) is
    named in the key by its hash, so every key is short and safe for any cache backend (memcached
    refuses spaces and control characters; Django warns of them)."""
    if isinstance(ident, str):
        ident = hashlib.blake2b(ident.encode(), digest_size=16).hexdigest()
    key = f"naker:learning:{kind}:{catalogue.version()}:{ident}"
    found = cache.get(key)
    if found is None:
        found = compute()
        if found is not None:
            cache.set(key, found, catalogue.seconds())
    return found


def _course_page_query() -> QuerySet[Course]:
    # Skills are read when asked for (course.skills.all()): the course page keeps its rendered facts
    # (issue 13), so most visits never ask.
    return published_courses().select_related("provider", "sector", "occupation", "published_version")


def outline(version: CourseVersion) -> list[Module]:
    return list(version.modules.prefetch_related(Prefetch("lessons", queryset=Lesson.objects.order_by("position"))))


def first_lesson(enrolment: Enrolment) -> Lesson | None:
    """Where a new learner starts: the first lesson of the first module of their version."""
    return (
        Lesson.objects.filter(module__version_id=enrolment.version_id).order_by("module__position", "position").first()
    )


@dataclass(frozen=True)
class UpcomingClass:
    """A class as a learner sees it: local time in the venue's zone, seats still free."""

    session: OfflineSession
    zone_name: str
    zone_label: str
    local_starts_at: datetime
    seats_left: int
    my_seat: str = ""  # the viewer's seat: "booked", "waitlisted" or "" (none)


def upcoming_classes(
    course: Course, *, province_code: str | Callable[[], str] = "", limit: int = 10, running: bool = False
) -> list[UpcomingClass]:
    """Upcoming classes of a course, those in the worker's province first (with `running`, also
    those that started and have not ended: the trainer takes attendance in them). `province_code`
    may be a function, called only if the course has classes."""
    now = timezone.now()
    qs = (
        OfflineSession.objects.filter(course=course)
        .filter(Q(ends_at__gte=now) if running else Q(starts_at__gte=now))
        .select_related("regency", "province")
        .annotate(booked=Count("seats", filter=Q(seats__status=SessionSeat.Status.BOOKED)))
    )
    sessions = list(qs.order_by("starts_at")[: limit * 3])
    near = province_code() if callable(province_code) and sessions else province_code
    sessions.sort(key=lambda s: (s.province_id != near, s.starts_at))
    classes = []
    for session in sessions[:limit]:
        zone_name, zone_label = zone_of(session.province_id)
        local = timezone.localtime(session.starts_at, timezone=ZoneInfo(zone_name))
        seats_left = max(0, session.capacity - session.booked)
        classes.append(UpcomingClass(session, zone_name, zone_label, local, seats_left))
    return classes


@dataclass(frozen=True)
class CourseScreen:
    """The course page, for the web page and the API alike: the course, the outline of the version
    the viewer follows (or the published one), their enrolment and done lessons, upcoming classes."""

    course: Course
    version: CourseVersion
    enrolment: Enrolment | None
    done: set[int]
    classes: list[UpcomingClass]

    @property
    def following(self) -> bool:
        """Enrolled and not withdrawn: the lessons open to the viewer."""
        return self.enrolment is not None and self.enrolment.status != Enrolment.Status.WITHDRAWN

    @cached_property
    def modules(self) -> list[Module]:
        """The outline (modules and their lessons), read when asked for: the course page keeps its
        rendered outline per version (issue 13), so most visits never ask."""
        return outline(self.version)


def course_screen(viewer: Viewer, code: str) -> CourseScreen:
    """A published course as the viewer (anyone, signed in or not) sees it; CourseNotFound else."""

    # By its unique code (no sort), kept per catalogue version: the enrolment count in it may lag.
    # With it, when its last class starts (a class saved or deleted makes a new catalogue version): a
    # course with no class still to start costs no look for upcoming classes (issue 13).
    def read() -> Course | None:
        last = OfflineSession.objects.filter(course=OuterRef("pk")).order_by("-starts_at").values("starts_at")[:1]
        return _course_page_query().filter(code=code).annotate(last_class_start=Subquery(last)).order_by().first()

    course = _kept("course", code, read)
    if course is None:
        raise errors.CourseNotFound()
    enrolment = enrolment_of(viewer, course)
    version = course.published_version
    assert version is not None  # a published course has its published version
    if enrolment is not None:
        enrolment.course = course
        if enrolment.version_id != version.pk:
            version = enrolment.version  # an earlier version the learner started: they keep it
        else:
            enrolment.version = version

    def province() -> str:  # the worker's profile is read only if the course has classes
        worker = getattr(viewer, "worker", None) if viewer.is_authenticated else None
        return str(getattr(worker, "province_id", "") or "")

    last_class_start = getattr(course, "last_class_start", None)
    some_to_start = last_class_start is not None and last_class_start >= timezone.now()
    classes = upcoming_classes(course, province_code=province) if some_to_start else []
    if viewer.is_authenticated and classes:
        mine = dict(
            SessionSeat.objects.filter(
                user=viewer, status__in=ACTIVE_SEAT, session_id__in=[c.session.pk for c in classes]
            ).values_list("session_id", "status")
        )
        classes = [replace(c, my_seat=mine.get(c.session.pk, "")) for c in classes]
    return CourseScreen(
        course=course,
        version=version,
        enrolment=enrolment,
        done=done_lesson_ids(enrolment) if enrolment else set(),
        classes=classes,
    )


# The viewer's enrolment by learner and course (unique together), its SQL built once per process: the
# ORM built it on every course page, about 0.3-0.7 ms of the page (issue 13).
_ENROLMENT = Kept(
    lambda user, course: Enrolment.objects.filter(user_id=user, course_id=course), 2_000_000_089, 2_000_000_099
)


def enrolment_of(viewer: Viewer, course: Course) -> Enrolment | None:
    """The viewer's enrolment in the course (its version and last lesson read when asked for)."""
    if not viewer.is_authenticated:
        return None
    return _ENROLMENT.first(viewer.pk, course.pk)


def enrolment_for_certificate(enrolment_id: int) -> Enrolment | None:
    """An enrolment with its learner, course, provider and skills (for a completion certificate)."""
    return (
        Enrolment.objects.filter(pk=enrolment_id)
        .select_related("user", "course", "course__provider")
        .prefetch_related("course__skills")
        .first()
    )


def completed_enrolment_ids(user: User | None = None) -> list[int]:
    """The ids of a person's (or everyone's) completed enrolments, oldest completion first."""
    rows = Enrolment.objects.filter(status=Enrolment.Status.COMPLETED).order_by("completed_at", "id")
    if user is not None:
        rows = rows.filter(user=user)
    return list(rows.values_list("pk", flat=True))


def done_lesson_ids(enrolment: Enrolment) -> set[int]:
    return set(LessonProgress.objects.filter(enrolment=enrolment).values_list("lesson_id", flat=True))


def _lesson_enrolment(user_id: int, version_id: int, lesson_id: int) -> QuerySet[Enrolment]:
    """The learner's enrolment (not left) in this version, saying whether this lesson is done."""
    done = LessonProgress.objects.filter(enrolment=OuterRef("pk"), lesson_id=lesson_id)
    found = (
        Enrolment.objects.filter(user_id=user_id, version_id=version_id)
        .exclude(status=Enrolment.Status.WITHDRAWN)
        .annotate(lesson_done=Exists(done))
    )
    return (found if found.ordered else found.order_by("pk"))[:1]  # what `.first()` reads


# made once per process (naker.core.kept_sql)
_LESSON_ENROLMENT = Kept(_lesson_enrolment, 2_000_000_029, 2_000_000_031, 2_000_000_037)


def lesson_for_learner(viewer: User, lesson_id: int) -> tuple[Lesson, Enrolment]:
    """A lesson of a course the viewer follows, with their enrolment; LessonNotFound else."""
    # By its key, without the models' default order (which would join and sort by course title,
    # version number and positions to pick one row).
    lesson = _kept(
        "lesson",
        lesson_id,
        lambda: Lesson.objects.select_related("module__version__course").filter(pk=lesson_id).order_by().first(),
    )
    if lesson is None:
        raise errors.LessonNotFound()
    # With it, whether the viewer has done this lesson (`lesson_done`: the lesson page's ✓, one query less).
    found = _LESSON_ENROLMENT.instances(viewer.pk, lesson.module.version_id, lesson.pk)
    enrolment = found[0] if found else None
    if enrolment is None:
        raise errors.LessonNotFound()
    return lesson, enrolment


# What one lesson page weighs besides its own text (layout, menu, forms), compressed: the estimate
# a worker sees before saving a course for offline reading.
OFFLINE_PAGE_OVERHEAD_BYTES = 2_000


@dataclass(frozen=True)
class OfflineBundle:
    """What "Save for offline" keeps on the phone for one course: the course page, every lesson's
    page (text, the text of videos and downloads, the transcript of recordings), the questions of
    every quiz (without their answers: quizzes are graded on the server), the lessons' images, and
    the page shown for anything not saved. Recordings, videos and downloads stay online (their size
    is shown where they play). `size_bytes` is an estimate, shown before anything is downloaded."""

    course: Course
    urls: list[str]
    size_bytes: int
    lesson_ids: list[int]


def offline_bundle(viewer: User, code: str) -> OfflineBundle:
    course = Course.objects.filter(code=code).first()
    enrolment = enrolment_of(viewer, course) if course is not None else None
    if course is None or enrolment is None or enrolment.status == Enrolment.Status.WITHDRAWN:
        raise errors.LessonNotFound()
    lessons = list(
        Lesson.objects.filter(module__version_id=enrolment.version_id)
        .order_by("module__position", "position")
        .prefetch_related("questions__choices")
    )
    urls = [reverse("learning:course", args=[code]), reverse("learning:offline_page")]
    size = 2 * OFFLINE_PAGE_OVERHEAD_BYTES
    for lesson in lessons:
        urls.append(reverse("learning:lesson", args=[lesson.pk]))
        size += OFFLINE_PAGE_OVERHEAD_BYTES + len(lesson.title.encode()) + len(lesson.body.encode())
        if lesson.image_url:
            urls.append(lesson.image_url)
            size += lesson.image_size_bytes or 0
        if lesson.kind == Lesson.Kind.QUIZ:
            urls.append(reverse("learning:quiz_questions", args=[lesson.pk]))
            size += OFFLINE_PAGE_OVERHEAD_BYTES + sum(
                len(q.text.encode()) + sum(len(c.text.encode()) + 60 for c in q.choices.all())
                for q in lesson.questions.all()
            )
    return OfflineBundle(course=course, urls=urls, size_bytes=size, lesson_ids=[le.pk for le in lessons])


def quiz_questions(viewer: User, lesson_id: int) -> tuple[Lesson, list[Question]]:
    """The questions and choices of a quiz of a course the viewer follows, to read before (or
    without) a connection; which choices are right is never part of it."""
    lesson, _enrolment = lesson_for_learner(viewer, lesson_id)
    if lesson.kind != Lesson.Kind.QUIZ:
        raise errors.LessonNotFound()
    questions = list(
        lesson.questions.order_by("position").prefetch_related(
            Prefetch("choices", queryset=Choice.objects.order_by("position").only("id", "text", "question_id"))
        )
    )
    return lesson, questions


@dataclass(frozen=True)
class LeavingScreen:
    """What a worker keeps and loses by leaving a course, shown before they confirm."""

    enrolment: Enrolment
    lessons_done: int
    seats: int  # classes of the course they hold a seat in or wait for


def leaving_screen(viewer: User, course_code: str) -> LeavingScreen:
    enrolment = (
        Enrolment.objects.select_related("course")
        .filter(user_id=viewer.pk, course__code=course_code, status=Enrolment.Status.ACTIVE)
        .first()
    )
    if enrolment is None:
        raise errors.EnrolmentNotFound()
    seats = (
        SessionSeat.objects.filter(
            user_id=viewer.pk, session__course_id=enrolment.course_id, session__starts_at__gte=timezone.now()
        )
        .exclude(status=SessionSeat.Status.CANCELLED)
        .count()
    )
    return LeavingScreen(enrolment=enrolment, lessons_done=enrolment.lesson_progress.count(), seats=seats)


def attempts_of(enrolment: Enrolment, lesson: Lesson) -> list[QuizAttempt]:
    return list(QuizAttempt.objects.filter(enrolment=enrolment, lesson=lesson).order_by("started_at", "id"))


def next_attempt_opens_at(lesson: Lesson, attempts: list[QuizAttempt]) -> datetime | None:
    """None if the worker may try now; else when the next attempt opens. After max_attempts tries
    the worker waits retry_wait_minutes from the last one, then has max_attempts again."""
    submitted = [a for a in attempts if a.submitted_at]
    if len(submitted) < lesson.max_attempts or len(submitted) % lesson.max_attempts:
        return None
    last = submitted[-1].submitted_at
    assert last is not None
    opens = last + timedelta(minutes=lesson.retry_wait_minutes)
    return opens if opens > timezone.now() else None


@dataclass(frozen=True)
class LessonLink:
    """A lesson as a link to it: the previous and next lessons of a lesson page."""

    pk: int
    title: str


@dataclass(frozen=True)
class LessonScreen:
    """One lesson as its learner sees it (page and API): where it sits, whether it is done, and for
    a quiz the submitted attempts and when the next one opens."""

    lesson: Lesson
    enrolment: Enrolment
    course: Course
    done: bool
    previous: LessonLink | None
    next: LessonLink | None
    attempts: list[QuizAttempt]
    opens_at: datetime | None


def lesson_screen(viewer: User, lesson_id: int) -> LessonScreen:
    lesson, enrolment = lesson_for_learner(viewer, lesson_id)
    # The lessons before and after: ids and titles only (issue 13: the whole outline, every lesson's
    # text included, was read to find two neighbours), kept per version.
    version_id = lesson.module.version_id
    ordered: list[LessonLink] = _kept(
        "lesson-links",
        version_id,
        lambda: [
            LessonLink(pk, title)
            for pk, title in Lesson.objects.filter(module__version_id=version_id)
            .order_by("module__position", "position")
            .values_list("pk", "title")
        ],
    )
    index = next(i for i, le in enumerate(ordered) if le.pk == lesson.pk)
    attempts = attempts_of(enrolment, lesson) if lesson.kind == Lesson.Kind.QUIZ else []
    return LessonScreen(
        lesson=lesson,
        enrolment=enrolment,
        course=lesson.module.version.course,
        done=bool(getattr(enrolment, "lesson_done", False)),
        previous=ordered[index - 1] if index else None,
        next=ordered[index + 1] if index + 1 < len(ordered) else None,
        attempts=[a for a in attempts if a.submitted_at],
        opens_at=next_attempt_opens_at(lesson, attempts) if attempts else None,
    )


@dataclass(frozen=True)
class AttemptScreen:
    """A quiz attempt with its questions and choices in the order they were shown, and the
    enrolment as it stands now. Choices carry no hint of which is right: that never reaches the
    browser before the answers are in."""

    attempt: QuizAttempt
    shown: list[tuple[Question, list[Choice]]]
    enrolment: Enrolment
    feedback: list[QuestionFeedback]
    reveal: bool


@dataclass(frozen=True)
class QuestionFeedback:
    """After an attempt: whether each question was right and what the worker chose. The right
    choices are filled in only once they can no longer help (the quiz passed, or the attempts are
    used up and the wait has begun)."""

    number: int
    question: Question
    correct: bool
    chosen: list[str]
    right: list[str]
    right_ids: list[int]


def attempt_screen(viewer: User, attempt_id: int) -> AttemptScreen:
    attempt = (
        QuizAttempt.objects.select_related("lesson", "enrolment").filter(pk=attempt_id, enrolment__user=viewer).first()
    )
    if attempt is None:
        raise errors.AttemptNotFound()
    questions = {q.pk: q for q in Question.objects.filter(lesson=attempt.lesson)}
    choices = {
        c.pk: c for c in Choice.objects.filter(question__lesson=attempt.lesson).only("id", "text", "question_id")
    }
    shown = [
        (questions[qid], [choices[cid] for cid in cids if cid in choices])
        for qid, cids in attempt.layout
        if qid in questions
    ]
    feedback: list[QuestionFeedback] = []
    reveal = False
    if attempt.submitted_at is not None:
        reveal = bool(attempt.passed) or (
            next_attempt_opens_at(attempt.lesson, attempts_of(attempt.enrolment, attempt.lesson)) is not None
        )
        results = dict(QuestionResult.objects.filter(attempt=attempt).values_list("question_id", "correct"))
        right_ids = set(
            Choice.objects.filter(question__lesson=attempt.lesson, is_correct=True).values_list("id", flat=True)
        )
        given = attempt.answers or {}
        for number, (question, question_choices) in enumerate(shown, start=1):
            picked = set(given.get(str(question.pk), []))
            feedback.append(
                QuestionFeedback(
                    number=number,
                    question=question,
                    correct=bool(results.get(question.pk)),
                    chosen=[c.text for c in question_choices if c.pk in picked],
                    right=[c.text for c in question_choices if c.pk in right_ids] if reveal else [],
                    right_ids=[c.pk for c in question_choices if c.pk in right_ids] if reveal else [],
                )
            )
    return AttemptScreen(attempt=attempt, shown=shown, enrolment=attempt.enrolment, feedback=feedback, reveal=reveal)


@dataclass(frozen=True)
class BookedClass:
    """A class the worker holds a seat in (or waits for one), shown in the venue's time zone."""

    seat: SessionSeat
    zone_name: str
    zone_label: str
    local_starts_at: datetime

    @property
    def session(self) -> OfflineSession:
        return self.seat.session


def booked_classes(viewer: User) -> list[BookedClass]:
    """The viewer's seats (and waiting-list places) in classes that have not ended, soonest first."""
    seats = (
        SessionSeat.objects.filter(user=viewer, status__in=ACTIVE_SEAT, session__ends_at__gte=timezone.now())
        .select_related("session__course", "session__regency")
        .order_by("session__starts_at", "pk")
    )
    classes = []
    for seat in seats:
        zone_name, zone_label = zone_of(seat.session.province_id)
        local = timezone.localtime(seat.session.starts_at, timezone=ZoneInfo(zone_name))
        classes.append(BookedClass(seat, zone_name, zone_label, local))
    return classes


def seat_of(viewer: User, session_id: int) -> BookedClass:
    """The viewer's seat in one class that has not ended; SessionNotFound if they hold none."""
    found = [c for c in booked_classes(viewer) if c.session.pk == session_id]
    if not found:
        raise errors.SessionNotFound(_("You have no seat in this class."))
    return found[0]


@dataclass
class Dashboard:
    in_progress: list[Enrolment]
    completed: list[Enrolment]
    hours_learned: Decimal
    classes: list[BookedClass] = field(default_factory=list)
    taken: set[int] = field(default_factory=set)  # every course ever enrolled in, left ones included


LISTED = 200  # courses on the learner's dashboard, newest first


def _enrolments(*, versions: bool) -> Kept[Enrolment]:
    """The learner's first LISTED + 1 enrolments, newest first, each saying whether they hold a seat
    in a class that has not ended (`seated`); with `versions`, each enrolment's version too."""

    def build(user_id: int, now: datetime) -> QuerySet[Enrolment]:
        seated = SessionSeat.objects.filter(user_id=user_id, status__in=ACTIVE_SEAT, session__ends_at__gte=now)
        return (
            Enrolment.objects.filter(user_id=user_id)
            .select_related("course", *(["version"] if versions else []))
            .annotate(seated=Exists(seated))
            .order_by("-enrolled_at")[: LISTED + 1]
        )

    return Kept(build, 2_000_000_011, datetime(2001, 2, 3, 4, 5, 6, tzinfo=UTC))


_ENROLMENTS = {False: _enrolments(versions=False), True: _enrolments(versions=True)}


def dashboard_of(user: User, *, versions: bool = False) -> Dashboard:
    """The learner's courses (with `versions`, each enrolment's version read with it), hours and
    classes."""
    # Every enrolment, left ones too, in one read where there are at most LISTED (nearly everyone);
    # above that, the list and the totals are read apart. Each row also says whether the learner holds
    # a seat in a class that has not ended (the same subquery on every row, evaluated once), so that
    # the classes are read only for those who hold one (issue 13: most learners hold none). The
    # statement is made once per process (naker.core.kept_sql).
    rows: list[Any] = _ENROLMENTS[versions].instances(user.pk, timezone.now())  # each with `seated`
    enrolments: list[Enrolment]
    if len(rows) <= LISTED:
        every = [(e.course_id, e.minutes_learned) for e in rows]
        enrolments = [e for e in rows if e.status != Enrolment.Status.WITHDRAWN]
    else:  # (the queryset built only here: building it was a tenth of a millisecond a visit, issue 13)
        mine = Enrolment.objects.filter(user=user).select_related("course", *(["version"] if versions else []))
        every = list(Enrolment.objects.filter(user=user).values_list("course_id", "minutes_learned"))
        enrolments = list(mine.exclude(status=Enrolment.Status.WITHDRAWN).order_by("-enrolled_at")[:LISTED])
    minutes = sum(m for _c, m in every)
    return Dashboard(
        in_progress=[e for e in enrolments if e.status == Enrolment.Status.ACTIVE],
        completed=[e for e in enrolments if e.status == Enrolment.Status.COMPLETED],
        hours_learned=(Decimal(minutes) / 60).quantize(Decimal("0.1")),
        # No enrolment at all: no row to carry the answer, so the classes are read.
        classes=booked_classes(user) if not rows or rows[0].seated else [],
        taken={c for c, _m in every},
    )


def recommendations_for(user: User, *, limit: int = 6) -> list[Course]:
    """Courses for the worker's occupation and sector, their stated goals, what peers in their unions
    and province completed most, then the most followed; never one they are already in."""
    return courses_in_order(recommended_ids(user, limit=limit))


def courses_in_order(ids: list[int]) -> list[Course]:
    """These published courses (with their provider), in this order."""
    courses = {c.pk: c for c in published_courses().select_related("provider").filter(pk__in=ids).order_by()}
    return [courses[c] for c in ids if c in courses]


def recommended_ids(user: User, *, taken: set[int] | None = None, limit: int = 6) -> list[int]:
    """The ids of `recommendations_for`; `taken`: the courses the user ever enrolled in, where the
    caller has them already (the learner's dashboard)."""
    # The request's own user: its profile is read once (issue 13: profile_of's user, memberships and
    # organisations were three queries for two lists of ids).
    if taken is None:
        taken = set(Enrolment.objects.filter(user=user).values_list("course_id", flat=True))
    # The picks change with what peers complete, slowly: kept 5 minutes for the same person and courses
    # taken, under the person's version (naker.core.layout: their user row, worker profile and
    # memberships make a new one), so that the profile and the unions are read only to make them
    # again (issue 13: two queries a visit that only named the key).
    about = (sorted(taken), layout.menu_key(user.pk), limit)
    key = f"naker:learning:recommended:{user.pk}:{hashlib.sha256(repr(about).encode()).hexdigest()[:32]}"
    picked = cache.get(key)
    if picked is None:
        worker = getattr(user, "worker", None)
        union_ids = list(org_selectors.memberships_of(user).values_list("organization_id", flat=True))
        picked = _recommended_ids(worker, taken, union_ids, limit)
        cache.set(key, picked, 300)
    return list(picked)


def _recommended_ids(worker: Any, taken: set[int], union_ids: list[int], limit: int) -> list[int]:
    picked: list[int] = []

    def take(ids: Iterable[int], most: int = 2) -> None:
        for cid in ids:
            if most and cid not in taken and cid not in picked and len(picked) < limit:
                picked.append(cid)
                most -= 1

    popular = published_courses().order_by("-enrolment_count")
    if worker is not None:
        if worker.occupation_id or worker.sector_id:
            fits = Q(occupation_id=worker.occupation_id) if worker.occupation_id else Q()
            fits |= Q(sector_id=worker.sector_id) if worker.sector_id else Q()
            take(popular.filter(fits).values_list("pk", flat=True)[:20])
        if worker.goals:
            take(popular.filter(theme__in=worker.goals).values_list("pk", flat=True)[:20])
    take(
        CoursePopularity.objects.filter(organization_id__in=union_ids)
        .order_by("-completions")
        .values_list("course_id", flat=True)[:20]
    )
    if worker is not None:
        take(
            CoursePopularity.objects.filter(province_id=worker.province_id)
            .order_by("-completions")
            .values_list("course_id", flat=True)[:20]
        )
    take(popular.values_list("pk", flat=True)[:20], most=limit)
    return picked


# --- providers ----------------------------------------------------------------------------------

SMALL_CELL = disclosure.SMALL_CELL


def _is_provider_staff(viewer: Viewer, provider: Organization) -> bool:
    """Officers of the provider or of an organisation above it, and platform admins."""
    return org_selectors.role_in(viewer, provider) is not None


def ensure_platform_admin(viewer: Viewer) -> None:
    if not (viewer.is_authenticated and viewer.is_staff):
        raise errors.NotPlatformAdmin()


def provider_for_staff(viewer: Viewer, provider_code: str) -> Organization:
    """A provider, for its staff; OrganizationNotFound, or NotProviderStaff for anyone else."""
    provider = org_selectors.get_organization(provider_code)
    if provider.kind != provider.Kind.PROVIDER or not _is_provider_staff(viewer, provider):
        raise errors.NotProviderStaff()
    return provider


@dataclass(frozen=True)
class ProviderCourses:
    provider: Organization
    courses: list[Course]


def provider_courses(viewer: Viewer, provider_code: str) -> ProviderCourses:
    """The provider's courses of any status, with their versions, for its staff."""
    provider = provider_for_staff(viewer, provider_code)
    courses = (
        Course.objects.filter(provider=provider)
        .select_related("published_version")
        .prefetch_related("versions")
        .order_by("title")
    )
    return ProviderCourses(provider=provider, courses=list(courses))


def course_for_staff(viewer: Viewer, code: str) -> Course:
    """A course, of any status, for its provider's staff (and platform admins)."""
    course = Course.objects.select_related("provider", "published_version").filter(code=code).first()
    if course is None:
        raise errors.CourseNotFound()
    if not _is_provider_staff(viewer, course.provider):
        raise errors.NotProviderStaff()
    return course


@dataclass(frozen=True)
class EditorScreen:
    """The provider's editor: the course and its open version (draft or in review), if any."""

    course: Course
    draft: CourseVersion | None
    modules: list[Module]
    classes: list[UpcomingClass] = field(default_factory=list)

    @property
    def needs_classes(self) -> bool:
        return self.course.mode in (Course.Mode.OFFLINE, Course.Mode.HYBRID)

    @property
    def quizzes(self) -> list[Lesson]:
        return [le for m in self.modules for le in m.lessons.all() if le.kind == Lesson.Kind.QUIZ]


def editor_screen(viewer: Viewer, code: str) -> EditorScreen:
    course = course_for_staff(viewer, code)
    draft = course.versions.open().order_by("-number").first()
    modules = (
        list(
            draft.modules.prefetch_related(
                Prefetch(
                    "lessons",
                    queryset=Lesson.objects.order_by("position").prefetch_related(
                        Prefetch("questions", queryset=Question.objects.order_by("position"))
                    ),
                )
            )
        )
        if draft
        else []
    )
    return EditorScreen(
        course=course, draft=draft, modules=modules, classes=upcoming_classes(course, limit=50, running=True)
    )


def versions_in_review(viewer: Viewer) -> list[CourseVersion]:
    """The platform admin's review queue, oldest first."""
    ensure_platform_admin(viewer)
    return list(
        CourseVersion.objects.filter(status=CourseVersion.Status.IN_REVIEW)
        .select_related("course__provider")
        .order_by("submitted_at")
    )


@dataclass(frozen=True)
class ReviewScreen:
    """Everything a worker will see in the version waiting for review, and the right answers."""

    course: Course
    version: CourseVersion
    modules: list[Module]


def review_screen(viewer: Viewer, code: str) -> ReviewScreen:
    """The version of a course waiting for review, for the platform admin; with every lesson's
    content and every question's choices (the right ones marked)."""
    ensure_platform_admin(viewer)
    course = (
        Course.objects.select_related("provider", "sector", "occupation").prefetch_related("skills").filter(code=code)
    ).first()
    if course is None:
        raise errors.CourseNotFound()
    version = course.versions.filter(status=CourseVersion.Status.IN_REVIEW).first()
    if version is None:
        raise errors.WrongStatus(_("No version of this course is waiting for review."))
    modules = list(
        version.modules.prefetch_related(
            Prefetch(
                "lessons",
                queryset=Lesson.objects.order_by("position").prefetch_related(
                    Prefetch(
                        "questions",
                        queryset=Question.objects.order_by("position").prefetch_related(
                            Prefetch("choices", queryset=Choice.objects.order_by("position"))
                        ),
                    )
                ),
            )
        )
    )
    return ReviewScreen(course=course, version=version, modules=modules)


def _runs_session(viewer: Viewer, session: OfflineSession) -> bool:
    """The class's trainer, the staff of its course's provider, the officers of its co-hosts, and
    platform admins: the people who take attendance and may see who booked."""
    if not viewer.is_authenticated:
        return False
    if session.trainer_id == viewer.pk or _is_provider_staff(viewer, session.course.provider):
        return True
    # a co-host named by the provider counts only once one of its officers has accepted
    accepted = session.co_host_links.filter(accepted=True).select_related("organization")
    return any(org_selectors.role_in(viewer, link.organization) is not None for link in accepted)


def pending_co_host_requests(viewer: Viewer) -> QuerySet[SessionCoHost]:
    """Classes naming an organisation the viewer is an officer of as co-host, waiting for its answer."""
    return (
        SessionCoHost.objects.filter(organization__in=org_selectors.managed_by(viewer), accepted=False)
        .select_related("offlinesession__course", "offlinesession__regency", "organization")
        .order_by("offlinesession__starts_at")
    )


def session_for_staff(viewer: Viewer, session_id: int) -> OfflineSession:
    """A class, for the people who run it; SessionNotFound, or NotSessionStaff for anyone else."""
    session = OfflineSession.objects.select_related("course__provider", "regency").filter(pk=session_id).first()
    if session is None:
        raise errors.SessionNotFound()
    if not _runs_session(viewer, session):
        raise errors.NotSessionStaff()
    return session


@dataclass(frozen=True)
class AttendanceSheet:
    session: OfflineSession
    seats: list[SessionSeat]


def attendance_sheet(viewer: Viewer, session_id: int) -> AttendanceSheet:
    """Who booked, waits or came to a class: names of people, so only for those who run it."""
    session = session_for_staff(viewer, session_id)
    seats = session.seats.select_related("user").order_by("status", "created_at")
    return AttendanceSheet(session=session, seats=list(seats))


def suppress(n: int) -> int | None:
    """Counts shown outside the worker's own organisation hide cells under 5 people."""
    return None if disclosure.too_small(n) else n


@dataclass(frozen=True)
class CourseReport:
    course: Course
    figures: dict[str, Any]


def course_report(viewer: Viewer, code: str) -> CourseReport:
    """The provider's figures for one course, for its staff."""
    course = course_for_staff(viewer, code)
    return CourseReport(course=course, figures=_figures(course))


def _figures(course: Course) -> dict[str, Any]:
    """Enrolments, active learners, completion rate, drop-off per lesson, question difficulty,
    learners by province. A province with fewer than 5 learners is left out entirely (its very name
    would point at a learner the provider knows from class); there is no breakdown by union: union
    membership is sensitive, and the provider is outside the learners' unions (issue 8, item 9)."""
    enrolments = Enrolment.objects.filter(course=course)
    total = enrolments.count()
    completed = enrolments.filter(status=Enrolment.Status.COMPLETED).count()
    month_ago = timezone.now() - timedelta(days=30)
    active = (
        LessonProgress.objects.filter(enrolment__course=course, completed_at__gte=month_ago)
        .values("enrolment")
        .distinct()
        .count()
    )
    version = course.published_version
    lessons = (
        list(
            Lesson.objects.filter(module__version=version)
            .select_related("module")
            .order_by("module__position", "position")
        )
        if version
        else []
    )
    done = dict(
        LessonProgress.objects.filter(lesson__in=lessons)
        .values("lesson")
        .annotate(n=Count("id"))
        .values_list("lesson", "n")
    )
    difficulty = (
        QuestionResult.objects.filter(question__lesson__in=lessons)
        .values("question", "question__text")
        .annotate(answers=Count("id"), right=Count("id", filter=Q(correct=True)))
        .order_by("question__lesson__module__position", "question__lesson__position", "question__position")
    )
    by_province = (
        workers()
        .filter(enrolments__course=course)
        .values("worker__province__name")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    return {
        "enrolments": total,
        "active_30_days": active,
        "completed": completed,
        "completion_rate": round(100 * completed / total) if total else 0,
        "lessons": [
            {"title": le.title, "module": le.module.title, "reached": suppress(done.get(le.pk, 0))} for le in lessons
        ],
        "questions": [
            {
                "text": d["question__text"],
                "answers": d["answers"],
                "right_percent": round(100 * d["right"] / d["answers"]),
            }
            for d in difficulty
            if d["answers"] >= SMALL_CELL
        ],
        "by_province": [
            {"province": r["worker__province__name"], "learners": r["n"]}
            for r in by_province
            if not disclosure.too_small(r["n"])
        ],
    }


def enrolments_since(after_id: int) -> tuple[list[dict[str, Any]], int]:
    """Enrolments with id above `after_id`, by day and the learner's regency; with the highest id."""
    rows = Enrolment.objects.filter(pk__gt=after_id)
    top = rows.aggregate(m=Max("pk"))["m"] or after_id
    grouped = list(
        rows.filter(pk__lte=top)
        .annotate(day=TruncDate("enrolled_at"))
        .values("day", "user__worker__regency_id", "user__worker__province_id", "course__provider__code")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return grouped, top


def completions_between(start: datetime | None, end: datetime) -> list[dict[str, Any]]:
    """Completions with completed_at in (start, end], by day and the learner's regency."""
    rows = Enrolment.objects.filter(status=Enrolment.Status.COMPLETED, completed_at__lte=end)
    if start is not None:
        rows = rows.filter(completed_at__gt=start)
    return list(
        rows.annotate(day=TruncDate("completed_at"))
        .values("day", "user__worker__regency_id", "user__worker__province_id", "course__provider__code")
        .annotate(n=Count("pk"))
        .order_by()
    )


def member_enrolments_between(after_id: int, up_to_id: int) -> list[dict[str, Any]]:
    """Enrolments with id in (after_id, up_to_id], by day and each organisation the learner is a
    member of (`organization_code`): what a union's dashboard counts as its members' learning."""
    return _by_member_organization(Enrolment.objects.filter(pk__gt=after_id, pk__lte=up_to_id), "enrolled_at")


def member_completions_between(start: datetime | None, end: datetime) -> list[dict[str, Any]]:
    """Completions with completed_at in (start, end], by day and each organisation the learner is a
    member of (`organization_code`)."""
    rows = Enrolment.objects.filter(status=Enrolment.Status.COMPLETED, completed_at__lte=end)
    if start is not None:
        rows = rows.filter(completed_at__gt=start)
    return _by_member_organization(rows, "completed_at")


def _by_member_organization(rows: QuerySet[Enrolment], when: str) -> list[dict[str, Any]]:
    # One filter() and the values() after it share the membership join: one row per (enrolment,
    # membership as a member), so someone in two organisations counts in each.
    return list(
        rows.filter(user__memberships__role="member")  # Membership.Role.MEMBER
        .values(day=TruncDate(when), organization_code=F("user__memberships__organization__code"))
        .annotate(n=Count("pk"))
        .order_by()
    )


def learning_counts_of(user_ids: Iterable[int] | QuerySet[Any], *, since: datetime | None = None) -> dict[str, int]:
    """Enrolments and completions of these people (with `since`: enrolments made and completions
    reached from then on)."""
    rows = Enrolment.objects.filter(user_id__in=user_ids)
    enrolled = rows if since is None else rows.filter(enrolled_at__gte=since)
    completed = rows.filter(status=Enrolment.Status.COMPLETED)
    if since is not None:
        completed = completed.filter(completed_at__gte=since)
    return {"enrolments": enrolled.count(), "completions": completed.count()}


def active_learners(
    *, province: str = "", regency: str = "", user_ids: Iterable[int] | QuerySet[Any] | None = None, days: int = 30
) -> int:
    """Distinct learners who finished a lesson in the last `days` days, in a place or among people."""
    rows = LessonProgress.objects.filter(completed_at__gte=timezone.now() - timedelta(days=days))
    if regency:
        rows = rows.filter(enrolment__user__worker__regency_id=regency)
    elif province:
        rows = rows.filter(enrolment__user__worker__province_id=province)
    if user_ids is not None:
        rows = rows.filter(enrolment__user_id__in=user_ids)
    return rows.values("enrolment__user_id").distinct().count()


def personal_learning_data(user: User) -> dict[str, Any]:
    """Everything the learning app holds about one person, for their data export."""
    enrolments = Enrolment.objects.filter(user=user).select_related("course", "version")
    return {
        "enrolments": [
            {
                "course": e.course.code,
                "title": e.course.title,
                "version": e.version.number,
                "status": e.status,
                "progress_percent": e.progress_percent,
                "minutes_learned": e.minutes_learned,
                "enrolled_at": e.enrolled_at.isoformat(),
                "completed_at": e.completed_at.isoformat() if e.completed_at else None,
                "lessons_done": [
                    {"lesson": p.lesson_id, "at": p.completed_at.isoformat()} for p in e.lesson_progress.all()
                ],
            }
            for e in enrolments.prefetch_related("lesson_progress")
        ],
        "quiz_attempts": [
            {
                "lesson": a.lesson_id,
                "started_at": a.started_at.isoformat(),
                "submitted_at": a.submitted_at.isoformat() if a.submitted_at else None,
                "answers": a.answers,
                "score_percent": a.score_percent,
                "passed": a.passed,
            }
            for a in QuizAttempt.objects.filter(enrolment__user=user).order_by("started_at")
        ],
        "class_seats": [
            {
                "session": s.session_id,
                "status": s.status,
                "booked_at": s.created_at.isoformat(),
                "attended_at": s.attended_at.isoformat() if s.attended_at else None,
            }
            for s in SessionSeat.objects.filter(user=user)
        ],
    }


# --- what the jobs app (above) reads of a worker's learning -----------------------------------------


def completed_courses_of(user_id: int) -> dict[int, datetime | None]:
    """Course id → completion time, for each course the person completed."""
    rows = Enrolment.objects.filter(user_id=user_id, status=Enrolment.Status.COMPLETED)
    return dict(rows.values_list("course_id", "completed_at"))


def published_courses_by_code(codes: Iterable[str]) -> dict[str, Course]:
    return {c.code: c for c in published_courses().filter(code__in=list(codes)).select_related("provider")}


def skill_codes_of_courses(course_ids: Iterable[int]) -> dict[int, set[str]]:
    """Course id → the codes of the skills it teaches."""
    found: dict[int, set[str]] = {}
    for course_id, skill_id in Course.skills.through.objects.filter(course_id__in=list(course_ids)).values_list(
        "course_id", "skill_id"
    ):
        found.setdefault(course_id, set()).add(skill_id)
    return found


# --- for the apps above: skill evidence and learning paths (jobs' matching) ----------------------


@dataclass(frozen=True)
class CourseOffer:
    """A published course as a learning path weighs it: what it teaches, how long, what it costs."""

    id: int
    code: str
    title: str
    provider: str
    hours: Decimal
    price_idr: int
    mode: str
    skill_ids: frozenset[str]


def course_evidence(course_id: int) -> tuple[str, list[str]]:
    """A course's title (with its provider) and the codes of the skills it teaches."""
    course = Course.objects.select_related("provider").filter(pk=course_id).first()
    if course is None:
        return "", []
    skill_ids = list(Course.skills.through.objects.filter(course_id=course_id).values_list("skill_id", flat=True))
    return f"{course.title} ({course.provider.name})", skill_ids


def completions(user_id: int | None = None) -> list[tuple[int, int]]:
    """(user id, course id) of every completed enrolment (one person's, or everyone's)."""
    rows = Enrolment.objects.filter(status=Enrolment.Status.COMPLETED)
    if user_id is not None:
        rows = rows.filter(user_id=user_id)
    return list(rows.order_by("id").values_list("user_id", "course_id"))


def courses_teaching(skill_ids: Iterable[str]) -> list[CourseOffer]:
    """The published courses that teach any of these skills, each with the ones of them it teaches."""
    wanted = set(skill_ids)
    if not wanted:
        return []
    taught: dict[int, set[str]] = {}
    links = Course.skills.through.objects.filter(skill_id__in=wanted, course__published_version__isnull=False)
    for course_id, skill_id in links.values_list("course_id", "skill_id"):
        taught.setdefault(course_id, set()).add(skill_id)
    if not taught:
        return []
    rows = Course.objects.filter(pk__in=taught).values_list(
        "pk", "code", "title", "provider__name", "estimated_hours", "price_idr", "mode"
    )
    return [
        CourseOffer(pk, code, title, provider, hours, price, mode, frozenset(taught[pk]))
        for pk, code, title, provider, hours, price, mode in rows
    ]


def courses_with_classes_near(course_ids: Iterable[int], *, regency_id: str, province_id: str) -> dict[int, str]:
    """Course id → "regency" or "province": where the course has an upcoming class near the worker."""
    found: dict[int, str] = {}
    upcoming = OfflineSession.objects.filter(
        course_id__in=list(course_ids), starts_at__gte=timezone.now(), province_id=province_id
    )
    for course_id, regency in upcoming.values_list("course_id", "regency_id"):
        if regency == regency_id or course_id not in found:
            found[course_id] = "regency" if regency == regency_id else "province"
    return found


def occupation_skill_ids(occupation_code: str) -> list[str]:
    """The skills the published courses of an occupation teach: what the catalogue says it asks for."""
    links = Course.skills.through.objects.filter(
        course__occupation_id=occupation_code, course__published_version__isnull=False
    )
    return sorted(set(links.values_list("skill_id", flat=True)))
