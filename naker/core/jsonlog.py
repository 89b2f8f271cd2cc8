"""Structured logs without personal data: one JSON object a line, one line per request.

- `RequestLogMiddleware` gives each request an id (nginx's X-Request-ID when it sends a sane one),
  returns it in the X-Request-ID header and logs, on the `naker.request` logger, the request id, the
  user id, the route *pattern* (never the path or query string, which can hold a name or a NIK),
  the method, the status and the duration.
- `JsonFormatter` writes a record as JSON with those fields. It never writes an exception's message
  or local values (a database error quotes the row it refused): only its type and where it was
  raised. Whatever message remains is scrubbed of anything shaped like a NIK, a phone number, an
  email address or a bearer token.

settings.py switches it on with NAKER_LOG_FORMAT=json (the default in production).
"""

from __future__ import annotations

import json
import logging
import re
import time
import traceback
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse

from naker.core import metrics

request_id_var: ContextVar[str] = ContextVar("naker_request_id", default="")
logger = logging.getLogger("naker.request")

_SANE_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")
FIELDS = ("request_id", "user_id", "route", "method", "status", "duration_ms")
REDACTIONS = [
    (re.compile(r"(?i)bearer\s+[A-Za-z0-9._~+/=-]+"), "Bearer [token]"),
    (re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"), "[email]"),
    (re.compile(r"(?<!\d)\d{16}(?!\d)"), "[nik]"),
    (re.compile(r"(?<![\w])(?:\+?62|0)8[\d\s-]{7,14}\d(?!\d)"), "[phone]"),
]


def scrub(text: str) -> str:
    for pattern, replacement in REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": scrub(record.getMessage()),
        }
        request_id = getattr(record, "request_id", None) or request_id_var.get()
        if request_id:
            entry["request_id"] = request_id
        for field in FIELDS[1:]:
            value = getattr(record, field, None)
            if value is not None:
                entry[field] = value
        if record.exc_info and record.exc_info[0] is not None:
            exc_type, _exc, tb = record.exc_info
            entry["exception"] = exc_type.__name__
            entry["where"] = [f"{f.filename}:{f.lineno} {f.name}" for f in traceback.extract_tb(tb)][-5:]
        return json.dumps(entry, ensure_ascii=False)


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SANE_ID.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        started = time.monotonic()
        try:
            with metrics.database_timer() as db_spent:
                response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        match = getattr(request, "resolver_match", None)
        user_id = _user_id(request)
        route = "/" + match.route if match is not None else "(unresolved)"
        duration = time.monotonic() - started
        metrics.observe_request(
            route=route,
            method=str(request.method),
            status=response.status_code,
            seconds=duration,
            db_seconds=db_spent[0],
        )
        logger.info(
            "request",
            extra={
                "request_id": request_id,
                "user_id": user_id,
                "route": route,
                "method": request.method,
                "status": response.status_code,
                "duration_ms": round(duration * 1000, 1),
            },
        )
        return response


def _user_id(request: HttpRequest) -> int | None:
    """The signed-in user's id, if the request looked it up (or can: the session may be in a database
    that is down, and the log line must still be written)."""
    user = getattr(request, "user", None)
    try:
        return user.pk if user is not None and user.is_authenticated else None
    except DatabaseError:
        return None
