"""Every write of the learning app: authoring and review, enrolment, progress, quizzes, classes."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from naker.accounts.selectors import profile_of, users
from naker.core import events
from naker.learning import errors, media, search, selectors
from naker.learning.events import CourseCompleted
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
    course_code_valid,
)
from naker.learning.package import MEDIA_KINDS, Problems, check_lesson, check_package, check_question
from naker.organizations import selectors as org_selectors
from naker.regions import selectors as region_selectors
from naker.skills import selectors as skill_selectors

if TYPE_CHECKING:
    from naker.accounts.events import AccountErased
    from naker.accounts.models import User
    from naker.organizations.models import Organization

ATTENDANCE_SALT = "naker.learning.attendance"


# --- who may author -----------------------------------------------------------------------------


def _provider_for(actor: User, provider_code: str) -> Organization:
    return selectors.provider_for_staff(actor, provider_code)


def _course_for_staff(actor: User, course_code: str) -> Course:
    return selectors.course_for_staff(actor, course_code)


def _draft_of(course: Course) -> CourseVersion:
    draft = course.versions.filter(status=CourseVersion.Status.DRAFT).order_by("-number").first()
    if draft is None:
        raise errors.WrongStatus(_("This course has no draft. Start a new version first."))
    return draft


# --- authoring ----------------------------------------------------------------------------------


def _known_codes() -> dict[str, set[str]]:
    return {
        "known_skills": {s.code for s in skill_selectors.skills()},
        "known_sectors": {s.code for s in skill_selectors.sectors()},
        "known_occupations": {o.code for o in skill_selectors.occupations()},
    }


def _apply_metadata(course: Course, data: dict[str, Any]) -> None:
    for key in ("title", "summary", "language", "level", "track", "theme", "mode", "price_idr", "estimated_hours"):
        if key in data:
            setattr(course, key, data[key])
    course.sector_id = data.get("sector") or None
    course.occupation_id = data.get("occupation") or None


def _write_content(version: CourseVersion, modules: list[dict[str, Any]]) -> None:
    for m, module_data in enumerate(modules, start=1):
        module = Module.objects.create(version=version, position=m, title=module_data["title"])
        for p, lesson_data in enumerate(module_data["lessons"], start=1):
            questions = lesson_data.pop("questions", [])
            lesson = Lesson.objects.create(module=module, position=p, **lesson_data)
            lesson_data["questions"] = questions
            for q, question_data in enumerate(questions, start=1):
                question = Question.objects.create(
                    lesson=lesson, position=q, kind=question_data["kind"], text=question_data["text"]
                )
                Choice.objects.bulk_create(
                    Choice(question=question, position=c, text=choice["text"], is_correct=choice["correct"])
                    for c, choice in enumerate(question_data["choices"], start=1)
                )


@transaction.atomic
def import_package(*, actor: User, provider_code: str, package: Any, submit: bool = False) -> CourseVersion:
    """Creates the course (or a new draft version of it) from a package; refused whole, with every
    problem listed, if anything in it is wrong."""
    provider = _provider_for(actor, provider_code)
    clean, problems = check_package(package, **_known_codes())
    existing = Course.objects.filter(code=clean.get("code")).first() if clean.get("code") else None
    if existing is not None and existing.provider_id != provider.pk:
        problems.add("code", _("belongs to another provider's course"))
    if problems.items:
        raise errors.PackageInvalid(
            _("The package has %(n)d problem(s); nothing was saved.") % {"n": len(problems.items)},
            field_errors={where or "package": msg for where, msg in problems.items},
        )
    course = existing or Course(code=clean["code"], provider=provider)
    metadata = {k: v for k, v in clean.items() if k not in ("code", "modules")}
    live = course.pk is not None and course.published_version_id is not None
    if not live:
        _apply_metadata(course, clean)
        course.save()
        course.skills.set(clean["skills"])
    course.versions.open().delete()
    number = (course.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = CourseVersion.objects.create(
        course=course,
        number=number,
        metadata={**metadata, "estimated_hours": str(metadata["estimated_hours"])} if live else None,
    )
    _write_content(version, clean["modules"])
    if submit:
        submit_for_review(actor=actor, course_code=course.code)
        version.refresh_from_db()
    return version


def _check_course_fields(data: dict[str, Any]) -> None:
    """The code's form, the choices and the reference codes of a new course (the form and the API
    send what people typed; an unknown code must be a refusal, not a broken foreign key)."""
    problems: dict[str, str] = {}
    if not course_code_valid(str(data.get("code", ""))):
        problems["code"] = _("Use only letters, digits, hyphens (-) and underscores (_).")
    choice_fields = (("theme", Course.Theme), ("level", Course.Level), ("track", Course.Track), ("mode", Course.Mode))
    for key, choices in choice_fields:
        if key in data and data[key] not in choices.values:
            problems[key] = _("must be one of: %(options)s") % {"options": ", ".join(choices.values)}
    if "language" in data and data["language"] not in ("id", "en"):
        problems["language"] = _("must be one of: %(options)s") % {"options": "id, en"}
    known = _known_codes()
    for key, codes in (("sector", known["known_sectors"]), ("occupation", known["known_occupations"])):
        if data.get(key) and data[key] not in codes:
            problems[key] = _("unknown code %(code)s") % {"code": data[key]}
    unknown_skills = [s for s in data.get("skills") or [] if s not in known["known_skills"]]
    if unknown_skills:
        problems["skills"] = _("unknown skill code %(code)s") % {"code": ", ".join(unknown_skills)}
    if problems:
        raise errors.CourseInvalid(field_errors=problems)


@transaction.atomic
def create_course(*, actor: User, provider_code: str, data: dict[str, Any]) -> Course:
    """A new course with an empty draft, from the provider's form."""
    provider = _provider_for(actor, provider_code)
    _check_course_fields(data)
    if Course.objects.filter(code=data["code"]).exists():
        msg = _("Another course already has this code.")
        raise errors.CourseInvalid(msg, field_errors={"code": msg})
    course = Course(code=data["code"], provider=provider)
    _apply_metadata(course, data)
    course.save()
    course.skills.set(data.get("skills", []))
    CourseVersion.objects.create(course=course, number=1)
    return course


@transaction.atomic
def add_module(*, actor: User, course_code: str, title: str) -> Module:
    draft = _draft_of(_course_for_staff(actor, course_code))
    position = draft.modules.count() + 1
    return Module.objects.create(version=draft, position=position, title=title)


@transaction.atomic
def add_lesson(*, actor: User, course_code: str, module_id: int, data: dict[str, Any]) -> Lesson:
    draft = _draft_of(_course_for_staff(actor, course_code))
    module = draft.modules.filter(pk=module_id).first()
    if module is None:
        raise errors.CourseInvalid(
            _("This module is not in the draft."), field_errors={"module": _("Choose a module of the draft.")}
        )
    problems = Problems()
    # Questions are added one by one afterwards; submitting for review checks every quiz has some.
    clean = check_lesson(data, "lesson", problems, require_questions=False)
    if problems.items:
        raise errors.CourseInvalid(field_errors={w.split(".")[-1]: m for w, m in problems.items})
    clean.pop("questions", None)
    return Lesson.objects.create(module=module, position=module.lessons.count() + 1, **clean)


def store_lesson_media(
    *, actor: User, course_code: str, lesson_kind: str, uploaded: media.Uploaded, image_alt: str = ""
) -> tuple[media.Stored, dict[str, Any]]:
    """Stores an image or a recording for a lesson of the course's draft, and returns the lesson's
    fields it fills (given to add_lesson or edit_lesson). Runs outside any transaction: a recording
    of many megabytes is read and written before a row is locked. The caller discards the file when
    the lesson change is then refused (discard_lesson_media)."""
    _draft_of(_course_for_staff(actor, course_code))
    stored = media.store(uploaded)
    if stored.kind == "audio":
        if lesson_kind != Lesson.Kind.AUDIO:
            media.discard(stored)
            message = _("A recording goes into an audio lesson: choose the kind Audio.")
            raise errors.CourseInvalid(message, field_errors={"upload": message})
        return stored, {"media_url": stored.url, "media_size_bytes": stored.size}
    return stored, {"image_url": stored.url, "image_size_bytes": stored.size, "image_alt": image_alt}


def discard_lesson_media(stored: media.Stored) -> None:
    media.discard(stored)


@transaction.atomic
def add_question(
    *, actor: User, course_code: str, lesson_id: int, kind: str, text: str, choices: list[dict[str, Any]]
) -> Question:
    draft = _draft_of(_course_for_staff(actor, course_code))
    lesson = Lesson.objects.filter(pk=lesson_id, module__version=draft, kind=Lesson.Kind.QUIZ).first()
    if lesson is None:
        raise errors.QuizOnly(_("Questions go into a quiz lesson of the draft."))
    problems = Problems()
    clean = check_question({"kind": kind, "text": text, "choices": choices}, "question", problems)
    if problems.items:
        raise errors.CourseInvalid(problems.items[0][1], field_errors={w.split(".")[-1]: m for w, m in problems.items})
    question = Question.objects.create(
        lesson=lesson, position=lesson.questions.count() + 1, kind=clean["kind"], text=clean["text"]
    )
    Choice.objects.bulk_create(
        Choice(question=question, position=i, text=c["text"], is_correct=c["correct"])
        for i, c in enumerate(clean["choices"], 1)
    )
    return question


QUIZ_FIELDS = ("pass_mark", "max_attempts", "retry_wait_minutes")
PARTS = ("module", "lesson", "question")
LESSON_FIELDS = (
    "kind",
    "title",
    "body",
    "media_url",
    "media_size_bytes",
    "image_url",
    "image_size_bytes",
    "image_alt",
    "minutes",
    *QUIZ_FIELDS,
)


def _part_of_draft(draft: CourseVersion, kind: str, part_id: int) -> tuple[Module | Lesson | Question, QuerySet[Any]]:
    """A module, lesson or question of the draft, with its siblings (those it is ordered among)."""
    part: Module | Lesson | Question | None
    siblings: QuerySet[Any]
    if kind == "module":
        part = draft.modules.filter(pk=part_id).first()
        siblings = Module.objects.filter(version=draft)
    elif kind == "lesson":
        part = Lesson.objects.filter(pk=part_id, module__version=draft).first()
        siblings = Lesson.objects.filter(module_id=part.module_id) if part else Lesson.objects.none()
    elif kind == "question":
        part = Question.objects.filter(pk=part_id, lesson__module__version=draft).first()
        siblings = Question.objects.filter(lesson_id=part.lesson_id) if part else Question.objects.none()
    else:
        part = None
    if part is None:
        raise errors.CourseInvalid(_("This part is not in the draft."))
    return part, siblings


@transaction.atomic
def move_part(*, actor: User, course_code: str, kind: str, part_id: int, up: bool) -> None:
    """Moves a module, lesson or question of the draft one place up or down (no-op at either end)."""
    draft = _draft_of(_course_for_staff(actor, course_code))
    part, siblings = _part_of_draft(draft, kind, part_id)
    neighbour = (
        siblings.filter(position__lt=part.position).order_by("-position").first()
        if up
        else siblings.filter(position__gt=part.position).order_by("position").first()
    )
    if neighbour is None:
        return
    part.position, neighbour.position = neighbour.position, part.position
    part.save(update_fields=["position"])
    neighbour.save(update_fields=["position"])


@transaction.atomic
def remove_part(*, actor: User, course_code: str, kind: str, part_id: int) -> None:
    """Deletes a module (with its lessons), a lesson (with its questions) or a question from the
    draft; those after it move up."""
    draft = _draft_of(_course_for_staff(actor, course_code))
    part, siblings = _part_of_draft(draft, kind, part_id)
    part.delete()
    for position, sibling in enumerate(siblings.order_by("position"), start=1):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])


@transaction.atomic
def edit_lesson(*, actor: User, course_code: str, lesson_id: int, data: dict[str, Any]) -> Lesson:
    """Changes a lesson of the draft, checked as a new one is."""
    draft = _draft_of(_course_for_staff(actor, course_code))
    lesson = Lesson.objects.filter(pk=lesson_id, module__version=draft).first()
    if lesson is None:
        raise errors.CourseInvalid(_("This part is not in the draft."))
    problems = Problems()
    current = {key: getattr(lesson, key) for key in LESSON_FIELDS}
    clean = check_lesson({**current, **data}, "lesson", problems, require_questions=False)
    if problems.items:
        raise errors.CourseInvalid(field_errors={w.split(".")[-1]: m for w, m in problems.items})
    clean.pop("questions", None)
    for key, value in clean.items():
        setattr(lesson, key, value)
    lesson.save()
    return lesson


def _content_problems(version: CourseVersion) -> list[str]:
    problems = []
    modules = list(version.modules.prefetch_related("lessons__questions__choices"))
    if not modules:
        problems.append(_("Add at least one module."))
    for module in modules:
        lessons = list(module.lessons.all())
        if not lessons:
            problems.append(_('Module "%(title)s" has no lesson.') % {"title": module.title})
        for lesson in lessons:
            if lesson.kind != Lesson.Kind.QUIZ:
                continue
            questions = list(lesson.questions.all())
            if not questions:
                problems.append(_('Quiz "%(title)s" has no question.') % {"title": lesson.title})
            for q in questions:
                if not any(c.is_correct for c in q.choices.all()):
                    problems.append(_('A question in "%(title)s" has no correct choice.') % {"title": lesson.title})
    return problems


@transaction.atomic
def submit_for_review(*, actor: User, course_code: str) -> CourseVersion:
    draft = _draft_of(_course_for_staff(actor, course_code))
    problems = _content_problems(draft)
    if problems:
        raise errors.CourseInvalid(" ".join(problems), field_errors={"content": " ".join(problems)})
    draft.status = CourseVersion.Status.IN_REVIEW
    draft.submitted_at = timezone.now()
    draft.save(update_fields=["status", "submitted_at"])
    return draft


def _search_parts(courses: list[Course]) -> dict[int, tuple[str, str, list[str]]]:
    """What the search index is given for each published course: its title, its summary, and the rest
    people search it by (provider, theme, skills, the published version's lesson titles)."""
    lessons: dict[int, list[str]] = {}
    rows = Lesson.objects.filter(module__version_id__in=[c.published_version_id for c in courses])
    for version_id, title in rows.order_by("module__position", "position").values_list("module__version_id", "title"):
        lessons.setdefault(version_id, []).append(title)
    return {
        c.pk: (
            c.title,
            c.summary,
            [
                c.provider.name,
                str(c.get_theme_display()),
                *(f"{s.name_id} {s.name_en}" for s in c.skills.all()),
                *lessons.get(c.published_version_id or 0, []),
            ],
        )
        for c in courses
    }


def _index(course: Course) -> None:
    """Gives the search index the course's title, summary, and the rest people search it by."""
    title, summary, rest = _search_parts([course])[course.pk]
    search.index_course(course.pk, title=title, summary=summary, rest=rest)


def reindex_search(*, batch_size: int = 500, progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """Analyses every published course's text again, as publishing does: after a change to the
    lexicon (naker/learning/search_lexicon/) or the stemmer, existing courses are otherwise indexed
    the old way. Batch by batch, each in its own short transaction, telling `progress(done, total)`;
    then drops index entries of courses no longer published and terms no course holds any more, and
    sets SearchCounts. Idempotent: a second run changes nothing."""
    published = Course.objects.filter(published_version__isnull=False)
    ids = list(published.order_by("pk").values_list("pk", flat=True))
    for lo in range(0, len(ids), batch_size):
        batch = list(
            published.filter(pk__in=ids[lo : lo + batch_size]).select_related("provider").prefetch_related("skills")
        )
        parts = _search_parts(batch)  # read outside the transaction
        with transaction.atomic():
            search.reindex(parts)
        if progress:
            progress(min(lo + batch_size, len(ids)), len(ids))
    with transaction.atomic():
        dropped = search.drop_unpublished(set(ids))
        stale_terms = search.prune_vocabulary()
        courses, _version = search.recount(bump_terms=True)
    return {"courses": courses, "dropped_courses": dropped, "dropped_terms": stale_terms}


@transaction.atomic
def review(*, admin: User, course_code: str, approve: bool, note: str = "") -> CourseVersion:
    """The platform admin publishes the version in review, or sends it back to draft with a note."""
    selectors.ensure_platform_admin(admin)
    note = note.strip()
    if not approve and not note:
        msg = _("Say what the provider must change: the reason is shown to them.")
        raise errors.ReviewInvalid(msg, field_errors={"note": msg})
    course = Course.objects.select_for_update().select_related("provider").filter(code=course_code).first()
    if course is None:
        raise errors.CourseNotFound()
    version = course.versions.filter(status=CourseVersion.Status.IN_REVIEW).first()
    if version is None:
        raise errors.WrongStatus(_("No version of this course is waiting for review."))
    now = timezone.now()
    version.reviewed_by, version.review_note = admin, note
    if not approve:
        version.status = CourseVersion.Status.DRAFT
        version.save(update_fields=["status", "reviewed_by", "review_note"])
        return version
    if version.metadata:
        # What a new version of a live course changes in the catalogue goes live with it.
        _apply_metadata(course, {**version.metadata, "estimated_hours": Decimal(version.metadata["estimated_hours"])})
        course.save()
        course.skills.set(version.metadata.get("skills", []))
    course.versions.filter(status=CourseVersion.Status.PUBLISHED).update(status=CourseVersion.Status.RETIRED)
    version.status, version.published_at = CourseVersion.Status.PUBLISHED, now
    version.save(update_fields=["status", "reviewed_by", "review_note", "published_at"])
    course.published_version = version
    course.published_at = course.published_at or now
    course.save(update_fields=["published_version", "published_at"])
    _index(course)
    return version


@transaction.atomic
def start_new_version(*, actor: User, course_code: str) -> CourseVersion:
    """A draft copied from the published version; those enrolled keep the version they started."""
    course = _course_for_staff(actor, course_code)
    if course.versions.open().exists():
        raise errors.WrongStatus(_("This course already has a draft or a version in review."))
    source = course.published_version
    if source is None:
        raise errors.WrongStatus(_("Publish the course before starting a new version."))
    number = (course.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    draft = CourseVersion.objects.create(course=course, number=number)
    modules: list[dict[str, Any]] = []
    for module in source.modules.prefetch_related("lessons__questions__choices"):
        modules.append(
            {
                "title": module.title,
                "lessons": [
                    {
                        "kind": le.kind,
                        "title": le.title,
                        "body": le.body,
                        "media_url": le.media_url,
                        "media_size_bytes": le.media_size_bytes,
                        "image_url": le.image_url,
                        "image_size_bytes": le.image_size_bytes,
                        "image_alt": le.image_alt,
                        "minutes": le.minutes,
                        "pass_mark": le.pass_mark,
                        "max_attempts": le.max_attempts,
                        "retry_wait_minutes": le.retry_wait_minutes,
                        "questions": [
                            {
                                "kind": q.kind,
                                "text": q.text,
                                "choices": [{"text": c.text, "correct": c.is_correct} for c in q.choices.all()],
                            }
                            for q in le.questions.all()
                        ],
                    }
                    for le in module.lessons.all()
                ],
            }
        )
    for module_data in modules:
        for lesson_data in module_data["lessons"]:
            if lesson_data["kind"] != Lesson.Kind.QUIZ:
                for key in ("pass_mark", "max_attempts", "retry_wait_minutes"):
                    lesson_data.pop(key)
            if lesson_data["kind"] not in MEDIA_KINDS:
                lesson_data.pop("media_size_bytes")
            if not lesson_data["image_url"]:
                for key in ("image_url", "image_size_bytes", "image_alt"):
                    lesson_data.pop(key)
    _write_content(draft, modules)
    return draft


# --- learning -----------------------------------------------------------------------------------


def _published(course_code: str) -> Course:
    course = (
        Course.objects.select_related("published_version")
        .filter(code=course_code, published_version__isnull=False)
        .first()
    )
    if course is None:
        raise errors.CourseNotFound()
    return course


@transaction.atomic
def enrol(*, worker: User, course_code: str) -> Enrolment:
    """Enrols the worker in the published version; enrolling again changes nothing."""
    if not hasattr(worker, "worker"):
        raise errors.NotAWorker()
    course = _published(course_code)
    version = course.published_version
    assert version is not None  # _published found it
    enrolment = Enrolment.objects.filter(user=worker, course=course).first()
    if enrolment is not None:
        if enrolment.status == Enrolment.Status.WITHDRAWN:
            enrolment.status = Enrolment.Status.ACTIVE
            enrolment.save(update_fields=["status"])
        return enrolment
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(user=worker, course=course, version=version)
    except IntegrityError:  # a double tap raced this one
        return Enrolment.objects.get(user=worker, course=course)
    Course.objects.filter(pk=course.pk).update(enrolment_count=F("enrolment_count") + 1)
    return enrolment


@transaction.atomic
def unenrol(*, worker: User, course_code: str) -> Enrolment:
    """Leaves the course; progress is kept, so enrolling again resumes where the worker stopped."""
    enrolment = Enrolment.objects.filter(user=worker, course__code=course_code).first()
    if enrolment is None:
        raise errors.NotEnrolled()
    if enrolment.status == Enrolment.Status.ACTIVE:
        enrolment.status = Enrolment.Status.WITHDRAWN
        enrolment.save(update_fields=["status"])
    return enrolment


def _enrolment_for_lesson(worker: User, lesson_id: int) -> tuple[Enrolment, Lesson]:
    lesson = Lesson.objects.select_related("module__version").filter(pk=lesson_id).first()
    if lesson is None:
        raise errors.LessonNotFound()
    enrolment = (
        Enrolment.objects.select_for_update()
        .filter(user=worker, version_id=lesson.module.version_id)
        .exclude(status=Enrolment.Status.WITHDRAWN)
        .first()
    )
    if enrolment is None:
        raise errors.LessonNotFound()
    return enrolment, lesson


def _has_attended(enrolment: Enrolment) -> bool:
    return SessionSeat.objects.filter(
        user_id=enrolment.user_id, session__course_id=enrolment.course_id, attended_at__isnull=False
    ).exists()


def _refresh_progress(enrolment: Enrolment, lesson: Lesson | None) -> Enrolment:
    lesson_ids = list(Lesson.objects.filter(module__version_id=enrolment.version_id).values_list("id", flat=True))
    done = LessonProgress.objects.filter(enrolment=enrolment).count()
    enrolment.progress_percent = round(100 * done / len(lesson_ids)) if lesson_ids else 0
    if lesson is not None:
        enrolment.last_lesson = lesson
    needs_class = Course.objects.filter(
        pk=enrolment.course_id, mode__in=[Course.Mode.OFFLINE, Course.Mode.HYBRID]
    ).exists()
    if (
        enrolment.status != Enrolment.Status.COMPLETED
        and done == len(lesson_ids)
        and lesson_ids
        and (not needs_class or _has_attended(enrolment))
    ):
        enrolment.status, enrolment.completed_at = Enrolment.Status.COMPLETED, timezone.now()
        _count_completion(enrolment)
        events.publish(
            CourseCompleted(
                enrolment_id=enrolment.pk,
                user_id=enrolment.user_id,
                course_id=enrolment.course_id,
                completed_at=enrolment.completed_at,
            )
        )
    enrolment.save(update_fields=["progress_percent", "last_lesson", "status", "completed_at", "minutes_learned"])
    return enrolment


def _count_completion(enrolment: Enrolment) -> None:
    """Feeds the recommendations: one more completion in the worker's province and unions."""
    person = profile_of(enrolment.user)
    province_id = getattr(getattr(person, "worker", None), "province_id", None)
    keys: list[dict[str, Any]] = []
    if province_id:
        keys.append({"province_id": province_id, "organization": None})
    keys += [
        {"organization_id": m.organization_id, "province": None}
        for m in person.memberships.all()
        if m.organization.kind == m.organization.Kind.UNION
    ]
    for key in keys:
        row, _created = CoursePopularity.objects.get_or_create(course_id=enrolment.course_id, **key)
        CoursePopularity.objects.filter(pk=row.pk).update(completions=F("completions") + 1)


@transaction.atomic
def complete_lesson(*, worker: User, lesson_id: int) -> Enrolment:
    """Marks a reading, video or download lesson done. Doing it twice changes nothing."""
    enrolment, lesson = _enrolment_for_lesson(worker, lesson_id)
    if lesson.kind == Lesson.Kind.QUIZ:
        raise errors.QuizOnly(_("A quiz is done by passing it."))
    _progress, created = LessonProgress.objects.get_or_create(enrolment=enrolment, lesson=lesson)
    if created:
        enrolment.minutes_learned += lesson.minutes
    return _refresh_progress(enrolment, lesson)


@transaction.atomic
def open_lesson(*, worker: User, lesson_id: int) -> Enrolment:
    """Remembers where the worker is, so any device resumes there."""
    enrolment, lesson = _enrolment_for_lesson(worker, lesson_id)
    Enrolment.objects.filter(pk=enrolment.pk).update(last_lesson=lesson)
    return enrolment


@transaction.atomic
def start_quiz(*, worker: User, lesson_id: int) -> QuizAttempt:
    """An attempt with its own order of questions and choices; an open one is resumed, not wasted."""
    enrolment, lesson = _enrolment_for_lesson(worker, lesson_id)
    if lesson.kind != Lesson.Kind.QUIZ:
        raise errors.QuizOnly(_("This lesson is not a quiz."))
    attempts = selectors.attempts_of(enrolment, lesson)
    open_attempt = next((a for a in attempts if a.submitted_at is None), None)
    if open_attempt is not None:
        return open_attempt
    opens = selectors.next_attempt_opens_at(lesson, attempts)
    if opens is not None:
        local = timezone.localtime(opens)
        raise errors.AttemptsUsedUp(
            _("You have used your attempts. The next attempt opens at %(time)s WIB.")
            % {"time": local.strftime("%d-%m-%Y %H:%M")},
            field_errors={"next_attempt_at": opens.isoformat()},
        )
    rng = random.Random()  # noqa: S311 - shuffling, not secrecy
    layout = []
    for question in lesson.questions.prefetch_related("choices"):
        choice_ids = [c.pk for c in question.choices.all()]
        rng.shuffle(choice_ids)
        layout.append([question.pk, choice_ids])
    rng.shuffle(layout)
    return QuizAttempt.objects.create(enrolment=enrolment, lesson=lesson, layout=layout)


@transaction.atomic
def submit_quiz(*, worker: User, attempt_id: int, answers: dict[str, list[int]]) -> QuizAttempt:
    """Grades an attempt. Submitting the same attempt again returns the first result unchanged; an
    attempt with no answer at all is refused and stays open (it uses no attempt)."""
    attempt = (
        QuizAttempt.objects.select_for_update()
        .select_related("lesson", "enrolment")
        .filter(pk=attempt_id, enrolment__user=worker)
        .first()
    )
    if attempt is None:
        raise errors.LessonNotFound()
    if attempt.submitted_at is not None:
        return attempt
    correct = {
        q.pk: {c.pk for c in q.choices.all() if c.is_correct}
        for q in attempt.lesson.questions.prefetch_related("choices")
    }
    given = {int(k): sorted({int(c) for c in v}) for k, v in (answers or {}).items() if str(k).isdigit()}
    if not any(given.get(qid) for qid in correct):
        # Nothing ticked is a slip (a tap on "send" too soon), not an answer: it costs no attempt.
        raise errors.QuizEmpty(field_errors={"answers": str(errors.QuizEmpty.default_message)})
    results = [
        QuestionResult(attempt=attempt, question_id=qid, correct=set(given.get(qid, [])) == right)
        for qid, right in correct.items()
    ]
    QuestionResult.objects.bulk_create(results)
    right_count = sum(r.correct for r in results)
    attempt.answers = {str(k): v for k, v in given.items()}
    attempt.score_percent = round(100 * right_count / len(results)) if results else 0
    attempt.passed = attempt.score_percent >= attempt.lesson.pass_mark
    attempt.submitted_at = timezone.now()
    attempt.save(update_fields=["answers", "score_percent", "passed", "submitted_at"])
    if attempt.passed:
        enrolment = Enrolment.objects.select_for_update().get(pk=attempt.enrolment_id)
        _progress, created = LessonProgress.objects.get_or_create(enrolment=enrolment, lesson=attempt.lesson)
        if created:
            enrolment.minutes_learned += attempt.lesson.minutes
        _refresh_progress(enrolment, attempt.lesson)
    return attempt


# --- classes ------------------------------------------------------------------------------------


@transaction.atomic
def create_session(
    *,
    actor: User,
    course_code: str,
    starts_at: datetime,
    ends_at: datetime,
    venue: str,
    regency_code: str,
    capacity: int,
    co_host_codes: list[str] | None = None,
) -> OfflineSession:
    course = _course_for_staff(actor, course_code)
    regency = region_selectors.regency(regency_code)
    problems = {}
    if regency is None:
        problems["regency_code"] = _("Choose the regency or city of the venue.")
    if ends_at <= starts_at:
        problems["ends_at"] = _("The class must end after it starts.")
    if capacity < 1:
        problems["capacity"] = _("A class has at least one seat.")
    found = [org_selectors.organization(c) for c in co_host_codes or []]
    co_hosts = [o for o in found if o is not None]
    if len(co_hosts) < len(found):
        problems["co_hosts"] = _("Unknown organisation code.")
    if problems or regency is None:
        raise errors.CourseInvalid(field_errors=problems)
    session = OfflineSession.objects.create(
        course=course,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue,
        regency=regency,
        province_id=regency.province_id,
        capacity=capacity,
        trainer=actor,
    )
    # a co-host the actor is no officer of is pending until one of its officers accepts
    unique = {o.pk: o for o in co_hosts}.values()
    SessionCoHost.objects.bulk_create(
        SessionCoHost(offlinesession=session, organization=o, accepted=org_selectors.can_oversee(actor, o))
        for o in unique
    )
    return session


def _pending_co_host(actor: User, session_id: int, organization_code: str) -> SessionCoHost:
    # whether the actor may answer for the organisation is checked first: a stranger learns nothing
    # of which events name it
    organization = org_selectors.organization(organization_code)
    if organization is None:
        raise errors.CoHostRequestNotFound()
    if not org_selectors.can_oversee(actor, organization):
        raise errors.NotOfficerOfNamedCoHost()
    link = (
        SessionCoHost.objects.select_for_update()
        .filter(offlinesession_id=session_id, organization=organization, accepted=False)
        .first()
    )
    if link is None:
        raise errors.CoHostRequestNotFound()
    return link


@transaction.atomic
def accept_co_host(*, actor: User, session_id: int, organization_code: str) -> SessionCoHost:
    """An officer of an organisation named as a class's co-host accepts: its officers run the class."""
    link = _pending_co_host(actor, session_id, organization_code)
    link.accepted = True
    link.save(update_fields=["accepted"])
    return link


@transaction.atomic
def decline_co_host(*, actor: User, session_id: int, organization_code: str) -> None:
    """An officer of an organisation named as a class's co-host declines: it is no longer named."""
    _pending_co_host(actor, session_id, organization_code).delete()


@transaction.atomic
def schedule_class(
    *,
    actor: User,
    course_code: str,
    local_starts_at: datetime,
    local_ends_at: datetime,
    venue: str,
    regency_code: str,
    capacity: int,
) -> OfflineSession:
    """A class from the provider's form, its times read as the venue's local time (WIB, WITA, WIT)."""
    regency = region_selectors.regency(regency_code)
    zone = ZoneInfo(selectors.zone_of(regency.province_id if regency else "")[0])
    return create_session(
        actor=actor,
        course_code=course_code,
        starts_at=local_starts_at.replace(tzinfo=None).replace(tzinfo=zone),
        ends_at=local_ends_at.replace(tzinfo=None).replace(tzinfo=zone),
        venue=venue,
        regency_code=regency_code,
        capacity=capacity,
    )


@transaction.atomic
def book_seat(*, worker: User, session_id: int) -> SessionSeat:
    """A seat if one is free, else a place on the waiting list. Booking twice changes nothing."""
    session = (
        OfflineSession.objects.select_for_update(of=("self",)).select_related("course").filter(pk=session_id).first()
    )
    if session is None:
        raise errors.SessionNotFound()
    enrol(worker=worker, course_code=session.course.code)
    seat = SessionSeat.objects.filter(session=session, user=worker).first()
    if seat is not None and seat.status != SessionSeat.Status.CANCELLED:
        return seat
    booked = session.seats.filter(status=SessionSeat.Status.BOOKED).count()
    status = SessionSeat.Status.BOOKED if booked < session.capacity else SessionSeat.Status.WAITLISTED
    if seat is None:
        return SessionSeat.objects.create(session=session, user=worker, status=status)
    seat.status, seat.created_at = status, timezone.now()
    seat.save(update_fields=["status", "created_at"])
    return seat


@transaction.atomic
def cancel_seat(*, worker: User, session_id: int) -> SessionSeat:
    """Gives the seat back; the first on the waiting list gets it."""
    session = (
        OfflineSession.objects.select_for_update(of=("self",)).select_related("course").filter(pk=session_id).first()
    )
    seat = SessionSeat.objects.filter(session_id=session_id, user=worker).first() if session else None
    if session is None or seat is None:
        raise errors.SessionNotFound()
    seat.session = session
    was_booked = seat.status == SessionSeat.Status.BOOKED
    seat.status = SessionSeat.Status.CANCELLED
    seat.save(update_fields=["status"])
    if was_booked:
        first = session.seats.filter(status=SessionSeat.Status.WAITLISTED).order_by("created_at", "id").first()
        if first is not None:
            first.status = SessionSeat.Status.BOOKED
            first.save(update_fields=["status"])
    return seat


def attendance_code(user: User) -> str:
    """What the worker's QR code carries: their id, signed, so it cannot be made up."""
    return signing.dumps(user.pk, salt=ATTENDANCE_SALT, compress=True)


def attendance_code_owner(code: str) -> User:
    """The person an attendance code belongs to; InvalidAttendanceCode for a made-up one."""
    msg = _("This is not a valid attendance code.")
    try:
        user_id = signing.loads((code or "").strip(), salt=ATTENDANCE_SALT)
    except signing.BadSignature:
        raise errors.InvalidAttendanceCode(msg, field_errors={"code": msg}) from None
    person = users().filter(pk=user_id).first()
    if person is None:
        raise errors.InvalidAttendanceCode(msg, field_errors={"code": msg})
    return person


@transaction.atomic
def record_attendance(*, actor: User, session_id: int, code: str) -> SessionSeat:
    """The trainer scans (or types) a worker's attendance code; a worker without a seat is
    registered on the spot."""
    session = selectors.session_for_staff(actor, session_id)
    person = attendance_code_owner(code)
    enrolment = enrol(worker=person, course_code=session.course.code)
    seat, _created = SessionSeat.objects.get_or_create(
        session=session, user=person, defaults={"status": SessionSeat.Status.BOOKED}
    )
    if seat.attended_at is None:
        seat.attended_at = timezone.now()
        if seat.status != SessionSeat.Status.BOOKED:
            seat.status = SessionSeat.Status.BOOKED
        seat.save(update_fields=["attended_at", "status"])
        locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        _refresh_progress(locked, None)
    return seat


def hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.1"))


# --- erasure (subscribed to accounts' AccountErased in apps.py) ------------------------------------


def forget_learner(event: AccountErased) -> None:
    """The erased person's quiz answers go, and their seats and attendance keep only the class's own
    start time (not when they booked or scanned): the counts of enrolments, completions, seats and
    attendance survive without saying anything about the person."""
    QuizAttempt.objects.filter(enrolment__user=event.user).update(answers=None, layout=[])
    starts = Subquery(OfflineSession.objects.filter(pk=OuterRef("session_id")).values("starts_at")[:1])
    seats = SessionSeat.objects.filter(user=event.user)
    seats.filter(attended_at__isnull=False).update(attended_at=starts)
    seats.update(created_at=starts)
