from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from naker.core.schemas import DateTime, Id, In, PositiveInt32


class CourseCard(Schema):
    code: str
    title: str
    summary: str
    provider: str
    theme: str
    track: str
    level: str
    mode: str
    language: str
    estimated_hours: Decimal
    price_idr: int
    enrolments: int


class CoursePage(Schema):
    suggestion: str = ""
    count: int
    page: int
    pages: int
    items: list[CourseCard]


class LessonOut(Schema):
    id: int
    title: str
    kind: str
    minutes: int
    done: bool = False


class ModuleOut(Schema):
    title: str
    lessons: list[LessonOut]


class SessionOut(Schema):
    id: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    local_time: str
    zone: str
    venue: str
    regency: str
    province: str
    capacity: int
    seats_left: int


class SkillOut(Schema):
    code: str
    name: str


class CourseDetail(CourseCard):
    sector: str | None
    occupation: str | None
    version: int
    skills: list[SkillOut]
    outline: list[ModuleOut]
    upcoming_sessions: list[SessionOut]
    enrolment: EnrolmentOut | None = None


class EnrolmentOut(Schema):
    course: str
    title: str
    status: str
    version: int
    progress_percent: int
    hours_learned: Decimal
    last_lesson: int | None
    enrolled_at: datetime.datetime
    completed_at: datetime.datetime | None


class LessonContent(Schema):
    id: int
    course: str
    title: str
    kind: str
    body: str
    media_url: str
    media_size_bytes: int | None
    minutes: int
    done: bool
    pass_mark: int | None = None
    max_attempts: int | None = None


class ChoiceOut(Schema):
    id: int
    text: str


class QuestionOut(Schema):
    id: int
    kind: str
    text: str
    choices: list[ChoiceOut]


class AttemptOut(Schema):
    id: int
    lesson: int
    started_at: datetime.datetime
    questions: list[QuestionOut]


class AnswersIn(In):
    answers: dict[str, list[Id]] = Field(description='{"<question id>": [<choice id>, ...]}')


class QuestionOutcome(Schema):
    question: int
    correct: bool
    right_choices: list[int] = Field(description="empty until the quiz is passed or the attempts are used up")


class AttemptResult(Schema):
    id: int
    score_percent: int
    passed: bool
    pass_mark: int
    submitted_at: datetime.datetime
    progress_percent: int
    course_completed: bool
    results: list[QuestionOutcome]


class CourseIn(In):
    code: str = Field(max_length=80, pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(max_length=200)
    summary: str = Field(max_length=5000)
    theme: str = Field(max_length=20)
    estimated_hours: Decimal = Field(gt=0, le=10000, max_digits=6, decimal_places=1)
    language: str = Field(default="id", max_length=2)
    level: str = Field(default="beginner", max_length=16)
    track: str = Field(default="upskilling", max_length=16)
    mode: str = Field(default="online", max_length=8)
    price_idr: PositiveInt32 = 0
    sector: str | None = Field(default=None, max_length=8)
    occupation: str | None = Field(default=None, max_length=8)
    skills: list[str] = []


class PackageResult(Schema):
    course: str
    version: int
    status: str


class ReviewIn(In):
    approve: bool
    note: str = ""


class SessionIn(In):
    starts_at: DateTime
    ends_at: DateTime
    venue: str = Field(max_length=200)
    regency_code: str = Field(max_length=8)
    capacity: int = Field(ge=1, le=10000)
    co_hosts: list[str] = []


class SeatOut(Schema):
    session: int
    status: str
    attended: bool


class AttendanceIn(In):
    code: str = Field(max_length=500)


class ReportOut(Schema):
    course: str
    report: dict[str, Any]


CourseDetail.model_rebuild()
