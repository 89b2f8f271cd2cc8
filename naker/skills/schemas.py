"""Shapes of the skills taxonomy in the API."""

from __future__ import annotations

from ninja import Field, Schema

from naker.core.schemas import In
from naker.core.validation import INT32_MAX


class SkillQuery(In):
    q: str = Field(default="", max_length=200)
    sector: str = Field(default="", max_length=8)
    page: int = Field(default=1, ge=1, le=INT32_MAX)


class SkillOut(Schema):
    code: str
    name: str
    name_id: str
    name_en: str
    kind: str
    sector: str | None


class SkillPage(Schema):
    count: int
    page: int
    pages: int
    items: list[SkillOut]
