"""API shapes of competency certification."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema

from naker.core.schemas import DateTime, In


class ElementOut(Schema):
    id: int
    position: int
    title: str
    criteria: list[str]


class UnitOut(Schema):
    code: str
    title: str
    decree: str
    elements: list[ElementOut]


class SchemeOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    kkni_level: int | None
    lsp: str
    lsp_code: str
    requirements: str
    fee: int
    validity_years: int
    appeal_days: int
    units: list[UnitOut]


class ApplyIn(In):
    purpose: str = Field("new", max_length=16, description="new | recertification | rpl")
    competent_elements: list[int] = Field(
        default_factory=list, max_length=2000, description="ids of the elements you judge yourself competent in"
    )


class CourseRef(Schema):
    code: str
    title: str


class UnitResultOut(Schema):
    code: str
    title: str
    elements: list[dict[str, Any]]
    result: str
    methods: list[str]
    note: str
    courses: list[CourseRef]


class EvidenceOut(Schema):
    id: int
    kind: str
    unit: str | None
    name: str
    content_type: str
    size: int
    credential_id: str | None


class StepOut(Schema):
    at: datetime
    status: str
    label: str
    note: str


class ApplicationOut(Schema):
    id: int
    scheme_id: int
    scheme_code: str
    scheme_name: str
    lsp: str
    candidate: str
    purpose: str
    status: str
    status_label: str
    submitted_at: datetime
    next_step: str


class ApplicationDetail(ApplicationOut):
    personal: dict[str, Any]
    check_note: str
    assessment_at: datetime | None
    venue: str | None
    assessor: str | None
    appeal_until: datetime | None
    appeal_open: bool
    appeal_text: str
    certificate_id: str | None
    units: list[UnitResultOut]
    evidence: list[EvidenceOut]
    steps: list[StepOut]


class CheckIn(In):
    outcome: str = Field(..., max_length=12, description="complete | needs_more | refused")
    note: str = Field("", max_length=2000)


class ScheduleIn(In):
    at: DateTime
    venue_id: int = Field(..., ge=1)
    assessor_id: int = Field(..., ge=1)


class UnitAssessmentIn(In):
    result: str = Field(..., max_length=2, description="K | BK")
    methods: list[str] = Field(..., max_length=10)
    note: str = Field("", max_length=2000)


class AssessmentIn(In):
    results: dict[str, UnitAssessmentIn] = Field(..., description="unit code -> result")


class AppealIn(In):
    text: str = Field(..., max_length=2000)


class DecisionIn(In):
    note: str = Field("", max_length=2000)


class SchemeIn(In):
    code: str = Field(..., max_length=40)
    name: str = Field(..., max_length=200)
    kind: str = Field(..., max_length=12, description="kkni | occupation | cluster")
    kkni_level: int | None = Field(None, ge=1, le=9)
    unit_codes: list[str] = Field(..., max_length=200)
    requirements: str = Field("", max_length=4000)
    fee: int = Field(0, ge=0, le=1_000_000_000)
    validity_years: int = Field(3, ge=1, le=10)
    appeal_days: int = Field(14, ge=1, le=90)


class VenueIn(In):
    name: str = Field(..., max_length=200)
    kind: str = Field(..., max_length=10, description="workplace | temporary | standing")
    regency_code: str = Field(..., max_length=8)
    address: str = Field("", max_length=300)


class VenueOut(Schema):
    id: int
    name: str
    kind: str
    regency: str
    address: str


class AssessorIn(In):
    login: str = Field(..., max_length=254, description="the assessor's phone number or email")
    name: str = Field("", max_length=150)
    registration_number: str = Field(..., max_length=40)


class AssessorOut(Schema):
    id: int
    name: str
    registration_number: str


class LspOut(Schema):
    code: str
    name: str
    schemes: list[SchemeOut]
    venues: list[VenueOut]
    assessors: list[AssessorOut]


class CourseCertificatesOut(Schema):
    course: str | None
    title: str
    issued: int
    revoked: int
