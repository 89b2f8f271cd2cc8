"""Courses and how workers learn them.

A Course is the stable identity a worker enrols in; its content lives in numbered CourseVersions
(modules → lessons → quiz questions). A provider drafts a version, the platform admin reviews it,
and publishing makes it the version new enrolments get. Enrolments keep the version they started,
so a new version never breaks anyone's progress.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from naker.organizations.models import Organization

# A course code names the course in addresses (/kursus/<code>/, the provider's and the reviewer's
# pages): it has the slug form that the URL patterns' <slug:code> accepts. Checked by every path that
# creates a course and by the database (constraint course_code_is_slug).
COURSE_CODE_PATTERN = r"\A[-a-zA-Z0-9_]+\Z"


def course_code_valid(code: str) -> bool:
    return re.match(COURSE_CODE_PATTERN, code) is not None


class Course(models.Model):
    class Level(models.TextChoices):
        BEGINNER = "beginner", _("Beginner")
        INTERMEDIATE = "intermediate", _("Intermediate")
        ADVANCED = "advanced", _("Advanced")

    class Track(models.TextChoices):
        UPSKILLING = "upskilling", _("Upskilling (deeper in my work)")
        RESKILLING = "reskilling", _("Reskilling (new line of work)")

    class Theme(models.TextChoices):
        DIGITAL = "digital", _("Digital skills")
        INDUSTRY = "industry", _("Industry-specific skills")
        CAREER = "career", _("Career growth")
        SELF_DEVELOPMENT = "self_development", _("Self-development")
        SIDE_INCOME = "side_income", _("Side income")
        WORK_ABROAD = "work_abroad", _("Work abroad")

    class Mode(models.TextChoices):
        ONLINE = "online", _("Online")
        OFFLINE = "offline", _("In class")
        HYBRID = "hybrid", _("Hybrid")

    code = models.SlugField(max_length=80, unique=True)
    provider = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="courses")
    title = models.CharField(max_length=200)
    summary = models.TextField()
    language = models.CharField(max_length=2, choices=[("id", "Bahasa Indonesia"), ("en", "English")], default="id")
    level = models.CharField(max_length=16, choices=Level.choices, default=Level.BEGINNER)
    track = models.CharField(max_length=16, choices=Track.choices, default=Track.UPSKILLING)
    theme = models.CharField(max_length=20, choices=Theme.choices)
    sector = models.ForeignKey("skills.Sector", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    occupation = models.ForeignKey(
        "skills.Occupation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    skills = models.ManyToManyField("skills.Skill", blank=True, related_name="courses")
    estimated_hours = models.DecimalField(max_digits=6, decimal_places=1)
    price_idr = models.PositiveIntegerField(default=0, help_text="0 = free")
    mode = models.CharField(max_length=8, choices=Mode.choices, default=Mode.ONLINE)
    published_version = models.ForeignKey(
        "learning.CourseVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    enrolment_count = models.PositiveIntegerField(default=0)  # kept by the enrol service, for sorting
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]
        indexes = [
            models.Index(fields=["theme", "published_at"], name="course_theme_published"),
            models.Index(fields=["provider", "published_at"], name="course_provider_published"),
            models.Index(fields=["-enrolment_count"], name="course_popular"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(code__regex=COURSE_CODE_PATTERN), name="course_code_is_slug")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_free(self) -> bool:
        return self.price_idr == 0


class CourseVersionQuerySet(models.QuerySet["CourseVersion"]):
    def open(self) -> CourseVersionQuerySet:
        """Versions still being written or checked: the draft and the one in review (at most one)."""
        return self.filter(status__in=[CourseVersion.Status.DRAFT, CourseVersion.Status.IN_REVIEW])


class CourseVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Replaced by a newer version")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    review_note = models.TextField(blank=True)
    # Catalogue fields (title, summary, skills, ...) a new version of a published course brings:
    # applied to the course when the version is published, not before review.
    metadata = models.JSONField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CourseVersionQuerySet.as_manager()

    class Meta:
        ordering = ["course", "number"]
        constraints = [models.UniqueConstraint(fields=["course", "number"], name="courseversion_unique_number")]

    def __str__(self) -> str:
        return f"{self.course} v{self.number}"

    @property
    def sent_back(self) -> bool:
        """A draft the platform admin returned to the provider (with the reason in review_note)."""
        return self.status == self.Status.DRAFT and (self.reviewed_by_id is not None or bool(self.review_note))


class Module(models.Model):
    version = models.ForeignKey(CourseVersion, on_delete=models.CASCADE, related_name="modules")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["version", "position"]

    def __str__(self) -> str:
        return self.title


class Lesson(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", _("Reading")
        VIDEO = "video", _("Video")
        FILE = "file", _("Download")
        QUIZ = "quiz", _("Quiz")
        AUDIO = "audio", _("Audio")

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="lessons")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    body = models.TextField(
        blank=True, help_text="Text (reading), the text alternative of a video, or the transcript of a recording."
    )
    media_url = models.URLField(blank=True, help_text="Video, file or recording address.")
    media_size_bytes = models.PositiveBigIntegerField(null=True, blank=True)
    # An image shown above the lesson's text, uploaded by the provider's staff (/media/public/...).
    image_url = models.CharField(max_length=200, blank=True)
    image_size_bytes = models.PositiveIntegerField(null=True, blank=True)
    image_alt = models.CharField(max_length=200, blank=True, help_text="What the image shows, for screen readers.")
    minutes = models.PositiveSmallIntegerField(default=10)
    # quizzes
    pass_mark = models.PositiveSmallIntegerField(default=70, help_text="Percent of questions right to pass.")
    max_attempts = models.PositiveSmallIntegerField(default=3, help_text="Attempts before the wait.")
    retry_wait_minutes = models.PositiveIntegerField(default=60)

    class Meta:
        ordering = ["module", "position"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("One answer")
        MULTIPLE = "multiple", _("Several answers")
        TRUE_FALSE = "true_false", _("True or false")

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12, choices=Kind.choices)
    text = models.TextField()

    class Meta:
        ordering = ["lesson", "position"]

    def __str__(self) -> str:
        return self.text[:60]


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)
    is_correct = models.BooleanField(default=False)

    class Meta:
        ordering = ["question", "position"]

    def __str__(self) -> str:
        return self.text


class Enrolment(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Learning")
        COMPLETED = "completed", _("Completed")
        WITHDRAWN = "withdrawn", _("Left the course")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments")
    version = models.ForeignKey(CourseVersion, on_delete=models.PROTECT, related_name="enrolments")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    enrolled_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    last_lesson = models.ForeignKey(Lesson, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    progress_percent = models.PositiveSmallIntegerField(default=0)
    minutes_learned = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="enrolment_unique_user_course")]
        indexes = [
            models.Index(fields=["user", "status"], name="enrolment_user_status"),
            models.Index(fields=["course", "status"], name="enrolment_course_status"),
            # the dashboards' refresh reads completions since its last run
            models.Index(fields=["completed_at"], name="enrolment_completed_at"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.course_id}"


class LessonProgress(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="lesson_progress")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enrolment", "lesson"], name="lessonprogress_unique")]
        indexes = [models.Index(fields=["completed_at"], name="lessonprogress_completed")]


class QuizAttempt(models.Model):
    """One try at a quiz. The order shown is kept so the same attempt is graded as it was shown;
    submitting the same attempt again returns the first result (double taps, flaky lines)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="quiz_attempts")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    layout = models.JSONField(help_text="[[question_id, [choice_id, ...]], ...] in the order shown")
    submitted_at = models.DateTimeField(null=True, blank=True)
    answers = models.JSONField(null=True, blank=True)
    score_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    passed = models.BooleanField(null=True)

    class Meta:
        indexes = [models.Index(fields=["enrolment", "lesson", "started_at"], name="attempt_enrolment_lesson")]


class QuestionResult(models.Model):
    """Right or wrong per question per submitted attempt: the providers' difficulty report."""

    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="results")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="results")
    correct = models.BooleanField()


class OfflineSession(models.Model):
    """A class in a place, for offline and hybrid courses. Times are stored in UTC and shown in the
    venue's zone (WIB, WITA or WIT by its province)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    venue = models.CharField(max_length=200)
    regency = models.ForeignKey("regions.Regency", on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey("regions.Province", on_delete=models.PROTECT, related_name="+")
    capacity = models.PositiveIntegerField()
    co_hosts: models.ManyToManyField[Organization, SessionCoHost] = models.ManyToManyField(
        "organizations.Organization", blank=True, through="SessionCoHost", related_name="cohosted_sessions"
    )
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["province", "starts_at"], name="session_province_starts")]

    def __str__(self) -> str:
        return f"{self.course} @ {self.venue}"


class SessionCoHost(models.Model):
    """An organisation named as a class's co-host. It is pending until an officer of it accepts:
    until then its officers do not run the class (no attendance page, no list of who booked)."""

    offlinesession = models.ForeignKey(OfflineSession, on_delete=models.CASCADE, related_name="co_host_links")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    accepted = models.BooleanField(default=True)

    class Meta:
        # the table and its unique pair are those of the plain many-to-many this link replaced
        db_table = "learning_offlinesession_co_hosts"
        unique_together = [("offlinesession", "organization")]


class SessionSeat(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    session = models.ForeignKey(OfflineSession, on_delete=models.CASCADE, related_name="seats")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_seats")
    status = models.CharField(max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(default=timezone.now)
    attended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="seat_unique_session_user")]


class CourseSearch(models.Model):
    """The analysed text of a published course (see learning.search): its title, weighted above its
    summary, weighted above the rest (provider, theme, skills, lesson titles). On PostgreSQL a GIN
    index on the weighted tsvector (A, B, C) serves the search; on SQLite the FTS5 table
    learning_course_fts (title, summary, document)."""

    course = models.OneToOneField(Course, on_delete=models.CASCADE, primary_key=True, related_name="search")
    title = models.TextField(default="")
    summary = models.TextField(default="")
    document = models.TextField()


class SearchTerm(models.Model):
    """Every term in the index: the vocabulary typo correction chooses from."""

    term = models.CharField(max_length=100, primary_key=True)


class SearchCounts(models.Model):
    """One row (pk 1) that every search reads by its key instead of counting big tables: how many
    courses are indexed (for the words' weights) and a number that grows whenever terms are added to
    the vocabulary (each process reloads its copy when it changed). Kept by learning.search's writers;
    `manage.py reindex_search` sets both from the tables again."""

    courses = models.PositiveIntegerField(default=0)
    terms = models.PositiveBigIntegerField(default=0)


class CoursePopularity(models.Model):
    """Completions per course per province and per union, kept up to date by the completion service:
    recommendations read these few rows instead of counting enrolments."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    province = models.ForeignKey("regions.Province", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    completions = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["course", "province"],
                condition=models.Q(organization__isnull=True),
                name="popularity_course_province",
            ),
            models.UniqueConstraint(
                fields=["course", "organization"],
                condition=models.Q(province__isnull=True),
                name="popularity_course_org",
            ),
        ]
        indexes = [
            models.Index(fields=["province", "-completions"], name="popularity_province"),
            models.Index(fields=["organization", "-completions"], name="popularity_org"),
        ]
