"""The limits every input meets before it reaches a service (docs/decisions/0009-input-limits.md).

Plain rules, shared by the API's schemas (naker.core.schemas), the page forms and the course
package check, so that one mistake gets one answer wherever it is made.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# What the database columns hold (PostgreSQL's integer / bigint; SQLite holds 64 bits).
INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1

# Dates and times the platform has any use for; outside these Python's date arithmetic overflows
# (a year 9999 with an offset) and no target, class or birth date is meant.
MIN_YEAR = 1900
MAX_YEAR = 2100

NUL_MESSAGE = _("This must not contain a NUL character (code 0).")
DATE_MESSAGE = _("Give a date between the years %(lo)d and %(hi)d.")


def has_nul(value: Any) -> bool:
    """Whether a NUL character is anywhere in the value (strings, and keys and items of containers).
    PostgreSQL cannot store it in a text column, and no person types it."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(has_nul(v) for v in value)
    return False


def sane_year(value: datetime.date) -> bool:
    """Whether a date (or a datetime, in UTC as well as in its own offset) lies in MIN_YEAR..MAX_YEAR."""
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        return False
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return MIN_YEAR <= value.astimezone(datetime.UTC).year <= MAX_YEAR
    return True


def date_message() -> str:
    return str(DATE_MESSAGE % {"lo": MIN_YEAR, "hi": MAX_YEAR})


def validate_sane_date(value: datetime.date | None) -> None:
    """Django validator for DateField / DateTimeField of the page forms."""
    if value is not None and not sane_year(value):
        raise ValidationError(date_message(), code="date_out_of_range")
