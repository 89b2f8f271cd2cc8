"""One cell of a member list into a value, or a reason the row is refused, in plain Indonesian."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

EXCEL_EPOCH = datetime.date(1899, 12, 30)


class CellError(ValueError):
    pass


def nik_text(cell: Any) -> str:
    """The NIK's 16 digits from a cell: text (with or without the leading apostrophe Excel users type)
    or a number (exact in XLSX). A CSV that shows `3.17401E+15` has lost the last digits for good."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        raise CellError(_("The NIK is not a number."))
    if isinstance(cell, int):
        return str(cell)
    if isinstance(cell, float):
        if cell.is_integer() and cell < 1e16:
            return str(int(cell))
        raise CellError(_("The NIK was stored as a rounded number."))
    text = str(cell).strip().lstrip("'").strip()
    if re.fullmatch(r"\d+([.,]\d+)?[eE]\+?\d+", text):
        raise CellError(
            _(
                "The NIK shows as %(value)s: the spreadsheet turned it into a number and lost its last digits. "
                "Format the NIK column as Text in Excel, type the NIKs again (or from the original), "
                "then save and upload again."
            )
            % {"value": text}
        )
    return re.sub(r"[\s.\-]", "", text)


def phone_text(cell: Any) -> str:
    """A phone cell as text; a number cell (the leading zero lost) keeps its digits."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def parse_date(cell: Any) -> datetime.date | None:
    """`17/08/1985`, `17-08-85`, `1985-08-17`, an Excel serial number or a date cell."""
    if cell is None or cell == "":
        return None
    if isinstance(cell, datetime.datetime):
        return cell.date()
    if isinstance(cell, datetime.date):
        return cell
    if isinstance(cell, int | float) and not isinstance(cell, bool) and 1 <= cell < 100000:
        return _from_serial(float(cell))
    text = str(cell).strip()
    try:
        serial = Decimal(text)
    except InvalidOperation:
        serial = None
    if serial is not None and serial.is_finite() and 1 <= serial < 100000:
        return _from_serial(float(serial))
    match = re.fullmatch(r"(\d{1,2})[/\-. ](\d{1,2})[/\-. ](\d{2}|\d{4})", text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        if year < 100:
            # Two-digit years: the latest century that is not in the future.
            this = datetime.date.today().year
            year += 2000 if 2000 + year <= this else 1900
        return _date(year, month, day, text)
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return _date(year, month, day, text)
    raise CellError(_("The date %(value)s is not in a known form (for example 17/08/1985).") % {"value": text})


def _from_serial(serial: float) -> datetime.date:
    return EXCEL_EPOCH + datetime.timedelta(days=int(serial))


def _date(year: int, month: int, day: int, text: str) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise CellError(_("The date %(value)s does not exist.") % {"value": text}) from None


def display(cell: Any) -> str:
    """A cell as the officer typed it, for the refused rows' file."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime.datetime | datetime.date):
        return cell.strftime("%d/%m/%Y")
    return "" if cell is None else str(cell)
