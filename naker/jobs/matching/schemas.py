"""Shapes of matching in the API."""

from __future__ import annotations

import datetime
from typing import Literal

from ninja import Field, Schema

from naker.core.schemas import Id, In

KindName = Literal["job", "apprenticeship", "side_gig", "abroad"]


class SkillCodeIn(In):
    code: str = Field(max_length=40)


class EvidenceOut(Schema):
    source: str
    label: str
    since: datetime.datetime


class SkillLineOut(Schema):
    code: str
    name: str
    strongest: str
    proven: bool
    verified: bool
    evidence: list[EvidenceOut]


class PreferencesIn(In):
    kinds: list[KindName] = Field(default_factory=list, max_length=4)
    regency_codes: list[str] = Field(default_factory=list, max_length=50)
    willing_to_relocate: bool = False
    abroad: bool = False
    remote: bool = False
    findable: bool = False
    automated_matching: bool = True
    show_union: bool = False


class PreferencesOut(Schema):
    kinds: list[str]
    regency_codes: list[str]
    willing_to_relocate: bool
    abroad: bool
    remote: bool
    findable: bool
    automated_matching: bool
    show_union: bool


class FiltersIn(In):
    region: str = Field(default="", max_length=5, description="a province (32) or regency (32.16) code")
    kind: KindName | Literal[""] = ""
    verified_only: bool = False


class NearIn(In):
    near: bool = Field(default=False, description="prefer in-class courses with a class near the worker")


class SkillRef(Schema):
    code: str
    name: str


class CourseStepOut(Schema):
    code: str
    title: str
    provider: str
    hours: float
    price_idr: int
    free: bool
    mode: str
    teaches: list[str]
    near: str


class OpportunityBrief(Schema):
    id: int
    title: str
    kind: str
    employer: str
    regency: str | None
    remote: bool
    pay_min: int | None
    pay_max: int | None
    currency: str
    closes_on: datetime.date


class MatchOut(Schema):
    opportunity: OpportunityBrief
    score: float
    required_covered: int
    required_total: int
    missing_skills: list[SkillRef]
    reasons: list[str]
    path: list[CourseStepOut]


class MatchesOut(Schema):
    objecting: bool = Field(description="the worker objects to automated matching: nothing is ranked")
    items: list[MatchOut]


class ContactOut(Schema):
    name: str
    phone: str
    email: str


class CandidateSkillOut(Schema):
    code: str
    name: str
    strongest: str


class CandidateOut(Schema):
    candidate_id: int
    label: str
    regency: str
    score: float
    required_covered: int
    required_total: int
    skills: list[CandidateSkillOut]
    missing_skills: list[SkillRef]
    reasons: list[str]
    path: list[CourseStepOut]
    contact: ContactOut | None = Field(description="only once the worker applied or accepted an invitation")
    unions: list[str] | None = Field(description="only when the worker chose to show them")
    invitation: str
    applied: bool


class InviteIn(In):
    worker_id: Id
    message: str = Field(default="", max_length=1000)


class InvitationOut(Schema):
    id: int
    opportunity: OpportunityBrief
    status: str
    message: str
    created_at: datetime.datetime
    application_id: int | None


class LearningPathOut(Schema):
    title: str
    opportunity_id: int | None
    missing_skills: list[SkillRef]
    courses: list[CourseStepOut]
    untaught_skills: list[SkillRef]
    hours: float
    price_idr: int
    explanation: str
    schemes: list[dict[str, str]]


class EnrolledOut(Schema):
    enrolled: list[str]
