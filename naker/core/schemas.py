"""Shapes every app's API shares: the one error body, the error answers each operation documents,
and the base and field types of every request schema (bounded, NUL-free)."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import AfterValidator, field_validator
from pydantic_core import PydanticCustomError

from naker.core.validation import INT32_MAX, INT64_MAX, MAX_YEAR, MIN_YEAR, has_nul, sane_year


class ErrorItem(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    code: str
    message: str
    errors: list[ErrorItem]


# Every operation may answer these: a body that is not JSON (400), a field of the wrong type (422).
COMMON_ERRORS = (400, 422)
# ... and these when it needs a login: no or a bad token (401), CSRF refused on a session (403).
AUTH_ERRORS = (401, 403)


def responses(ok: dict[int, Any], *codes: int, authenticated: bool = True) -> dict[int, Any]:
    """`{200: Out}` plus ErrorOut for the given codes and for those every operation may answer."""
    extra = set(codes) | set(COMMON_ERRORS) | (set(AUTH_ERRORS) if authenticated else set())
    return {**ok, **{code: ErrorOut for code in sorted(extra)}}


# --- input: one base for every request schema, and the types of bounded fields ---------------------
# (rules and limits in naker.core.validation; why in docs/decisions/0009-input-limits.md)


def _no_nul(value: Any) -> Any:
    if has_nul(value):
        raise PydanticCustomError("nul_character", "must not contain the character NUL")
    return value


def _sane_date(value: Any) -> Any:
    if value is not None and not sane_year(value):
        raise PydanticCustomError("date_out_of_range", "must lie between the years {lo} and {hi}", _YEARS)
    return value


_YEARS = {"lo": MIN_YEAR, "hi": MAX_YEAR}

# A string of a path or query parameter (request schemas' strings are checked by `In`).
Text = Annotated[str, AfterValidator(_no_nul)]
# Dates and datetimes the platform has any use for (years 1900–2100, in UTC too).
Date = Annotated[datetime.date, AfterValidator(_sane_date)]
DateTime = Annotated[datetime.datetime, AfterValidator(_sane_date)]
# Integers as the columns hold them: PositiveIntegerField (PostgreSQL integer) and ids (bigint).
PositiveInt32 = Annotated[int, Field(ge=0, le=INT32_MAX)]
Id = Annotated[int, Field(ge=1, le=INT64_MAX)]


class In(Schema):
    """Base of every request schema: no string anywhere in it (nested lists and dict keys included)
    holds a NUL character, which PostgreSQL cannot store and no person types."""

    @field_validator("*", mode="after")
    @classmethod
    def _refuse_nul(cls, value: Any) -> Any:
        return _no_nul(value)


def json_time(value: datetime.datetime) -> str:
    """A time as ninja's encoder (Django's `DjangoJSONEncoder`) writes it: ISO 8601, to the millisecond,
    UTC as "Z". For the answers written straight from rows, without validating them through their schema
    (issue 13: a test holds each equal to what ninja writes)."""
    text = value.isoformat()
    if value.microsecond:
        text = text[:23] + text[26:]
    if text.endswith("+00:00"):
        text = text.removesuffix("+00:00") + "Z"
    return text
