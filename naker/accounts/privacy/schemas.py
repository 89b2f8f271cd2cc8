from __future__ import annotations

import datetime

from ninja import Field, Schema

from naker.core.schemas import In


class PrivacyRequestIn(In):
    kind: str = Field(max_length=24, description="nik_correction, identity_correction, objection, complaint, other")
    details: str = Field(max_length=4000, description="What is wrong and what the person asks for (10–2000 characters)")
    nik: str = Field(default="", max_length=32, description="For nik_correction: the correct NIK (16 digits)")


class PrivacyRequestOut(Schema):
    id: int
    kind: str
    kind_label: str
    details: str
    proposed_nik_masked: str
    received_at: datetime.datetime
    due_at: datetime.datetime
    overdue: bool
    status: str  # "open" or "answered"
    outcome: str
    outcome_label: str
    answer: str
    refusal_reason: str
    answered_at: datetime.datetime | None


class RequesterOut(Schema):
    id: int
    full_name: str
    phone: str | None
    nik_masked: str


class QueuedRequestOut(PrivacyRequestOut):
    requester: RequesterOut


class QueueOut(Schema):
    count: int
    overdue: int
    page: int
    pages: int
    items: list[QueuedRequestOut]


class AnswerIn(In):
    outcome: str = Field(max_length=10, description="done, partly or refused")
    answer: str = Field(max_length=8000, description="What was done")
    refusal_reason: str = Field(default="", max_length=8000, description="Needed for refused and partly")
    apply_nik: bool = Field(default=False, description="NIK correction: apply the corrected NIK")
    corrected_nik: str = Field(
        default="", max_length=32, description="The NIK to apply; empty: the one the person gave"
    )
