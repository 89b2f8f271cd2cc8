"""API shapes of the credentials app."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Field, Schema


class CredentialOut(Schema):
    id: str
    number: str
    kind: str
    status: str
    title: str
    issuer: str
    achieved_at: datetime
    issued_at: datetime
    valid_until: datetime | None
    revoked_at: datetime | None
    verify_url: str


class CredentialDetail(CredentialOut):
    holder_name: str
    hours: float | None
    skills: list[str]
    revocation_reason: str
    jwt: str
    credential: dict[str, Any]
    pdf_url: str


class RevokeIn(Schema):
    reason: str = Field(..., max_length=500)


class VerifyIn(Schema):
    jwt: str


class VerifyOut(Schema):
    valid: bool
    status: str = Field(..., description="valid | revoked | expired | invalid")
    reason: str = Field(..., description="empty when valid; else the stable code of what failed")
    message: str
    revoked_at: datetime | None = None
    revocation_reason: str = ""
    credential: dict[str, Any] | None = None
