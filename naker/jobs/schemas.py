"""API shapes of the jobs app."""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import BaseModel

from naker.core.schemas import Date, In, PositiveInt32
from naker.core.validation import INT32_MAX, INT64_MAX

Money = int  # bounded by Field where used


class SkillWantedIn(In):
    code: str = Field(..., max_length=40)
    required: bool = True
    level: int = Field(default=1, ge=1, le=3, description="1 basic, 2 intermediate, 3 advanced")


class OpportunityIn(In):
    kind: Literal["job", "apprenticeship", "side_gig", "abroad"]
    title: str = Field(..., max_length=160)
    description: str = Field(..., max_length=8000)
    closes_on: Date
    regency_code: str = Field(default="", max_length=8, description="e.g. 32.75; empty when remote or abroad")
    remote: bool = False
    employment: Literal["", "full_time", "part_time", "contract"] = ""
    education: str = Field(default="", max_length=16, description="minimum: sd, smp, sma, smk, diploma, bachelor…")
    experience_years: int = Field(default=0, ge=0, le=60)
    openings: int = Field(default=1, ge=1, le=100_000)
    pay_min: int | None = Field(default=None, ge=0, le=INT64_MAX)
    pay_max: int | None = Field(default=None, ge=0, le=INT64_MAX)
    currency: str = Field(default="IDR", max_length=3, description="IDR, or the destination's currency abroad")
    pay_basis: Literal["", "month", "piece", "project"] = ""
    destination_country: str = Field(default="", max_length=2, description="abroad: ISO 3166-1 alpha-2")
    language_requirement: str = Field(default="", max_length=200)
    placement_costs: str = Field(default="", max_length=2000, description="abroad: the costs and who pays them")
    worker_costs_idr: int | None = Field(
        default=None, ge=0, le=INT64_MAX, description="abroad: placement costs charged to the worker (capped at 0)"
    )
    skills: list[SkillWantedIn] = Field(default_factory=list, max_length=30)
    preferred_courses: list[str] = Field(default_factory=list, max_length=20, description="course codes")
    preferred_scheme_codes: list[str] = Field(default_factory=list, max_length=20, description="BNSP scheme codes")


class SkillWantedOut(Schema):
    code: str
    name: str
    level: int
    required: bool


class LicenceOut(Schema):
    number: str
    valid_from: datetime.date
    valid_until: datetime.date
    valid_today: bool


class CommitmentOut(Schema):
    interview_by: datetime.date
    courses: list[str]
    sponsored_course: str | None
    sponsored_seats: int


class OpportunityCard(Schema):
    id: int
    kind: str
    title: str
    employer: str
    employer_code: str
    regency: str | None
    province: str | None
    remote: bool
    pay_min: int | None
    pay_max: int | None
    currency: str
    pay_basis: str
    closes_on: datetime.date
    open: bool
    vouched_by: str | None
    destination_country: str


class OpportunityDetail(OpportunityCard):
    status: str
    description: str
    employment: str
    education: str
    experience_years: int
    openings: int
    skills: list[SkillWantedOut]
    preferred_courses: list[str]
    preferred_scheme_codes: list[str]
    language_requirement: str
    placement_costs: str
    worker_costs_idr: int | None
    licence: LicenceOut | None
    commitment: CommitmentOut | None
    review_reason: str
    published_at: datetime.datetime | None
    reported_to_karirhub_on: datetime.date | None


class OpportunityPage(Schema):
    count: int
    page: int
    pages: int
    items: list[OpportunityCard]


class ReviewIn(In):
    decision: Literal["publish", "reject"]
    reason: str = Field(default="", max_length=500)


class ApplyIn(In):
    credential_ids: list[str] = Field(default_factory=list, max_length=20, description="your certificates' ids")
    message: str = Field(default="", max_length=2000)


# The employer's lists and the steps are plain pydantic models, not ninja's `Schema`, which validates
# each row through its DjangoGetter (a third of the applicants API's own time): the rows are dicts
# already (issue 13, as organizations' PersonOut).
class StepOut(BaseModel):
    stage: str
    at: datetime.datetime
    note: str


class ApplicationOut(Schema):
    id: int
    opportunity_id: int
    opportunity: str
    employer: str
    stage: str
    source: str
    applied_at: datetime.datetime
    steps: list[StepOut]


class CredentialShown(BaseModel):
    id: str
    title: str
    issuer: str
    url: str


class ApplicantOut(BaseModel):
    id: int
    name: str
    phone: str | None
    email: str | None
    regency: str | None
    education: str
    stage: str
    source: str
    message: str
    applied_at: datetime.datetime
    certificates: list[CredentialShown]
    steps: list[StepOut]
    # this applicant's place in the list: `?after=<cursor>` of the last one shown gives the next page
    cursor: str


class StageIn(In):
    stage: Literal["shortlisted", "interview", "offered", "hired", "not_selected"]
    note: str = Field(default="", max_length=500)


class PostOut(BaseModel):
    opportunity: OpportunityCard
    status: str
    applicants: int
    hires: int
    by_stage: dict[str, int]
    reported_to_karirhub_on: datetime.date | None
    # this post's place in the list: `?after=<cursor>` of the last one shown gives the next page
    cursor: str


class LicenceIn(In):
    number: str = Field(..., max_length=64)
    valid_from: Date
    valid_until: Date


class VouchIn(In):
    chamber_code: str = Field(default="", max_length=64)


class FlagIn(In):
    reason: str = Field(..., max_length=2000)
    opportunity_id: int | None = Field(default=None, ge=1, le=INT64_MAX)
    union_code: str = Field(default="", max_length=64)


class FlagOut(Schema):
    id: int
    employer: str
    employer_code: str
    union: str
    opportunity_id: int | None
    reason: str
    created_at: datetime.datetime
    resolved_at: datetime.datetime | None
    resolution: str


class ResolveIn(In):
    resolution: str = Field(..., max_length=500)


class ReportedIn(In):
    reported_on: Date | None = None


class CommitmentIn(In):
    course_codes: list[str] = Field(..., max_length=20)
    interview_by: Date
    sponsored_course_code: str = Field(default="", max_length=80)
    sponsored_seats: PositiveInt32 = 0


class AutoApplyOut(Schema):
    opportunity_id: int
    requested: bool
    application_id: int | None


class DashboardOut(Schema):
    employer: str
    posts_by_status: dict[str, int]
    applicants_by_stage: dict[str, int]
    median_days_to_hire: float | None
    hires: int
    hires_by_course: list[tuple[str, int]]


class CellOut(Schema):
    label: str
    count: int | None = Field(..., description="null: fewer than 5 (hidden); else rounded to 5")


class PlacementReportOut(Schema):
    scope: str
    scope_name: str
    scopes: list[str]
    applications: int | None
    placements: int | None
    applications_by_region: list[CellOut]
    placements_by_region: list[CellOut]
    applications_by_kind: list[CellOut]
    placements_by_kind: list[CellOut]
    placements_by_sector: list[CellOut]
    opportunities: list[CellOut]
    abroad: list[CellOut]


class SearchQuery(In):
    q: str = Field(default="", max_length=200)
    kind: str = Field(default="", max_length=16)
    regency: str = Field(default="", max_length=8)
    province: str = Field(default="", max_length=2)
    remote: bool = False
    page: int = Field(default=1, ge=1, le=INT32_MAX)
