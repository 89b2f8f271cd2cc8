"""Shapes every app's API shares: the one error body, and the error answers each operation documents."""

from __future__ import annotations

from typing import Any

from ninja import Schema


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
