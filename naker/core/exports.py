"""Every table people download or open in a spreadsheet: CSV (UTF-8 with BOM, so Excel reads it) or
XLSX. The one place that writes them, so that no cell can become a formula (issue 8, item 12).

A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be read by Excel,
LibreOffice or Google Sheets as a formula (`=HYPERLINK(...)`, `@SUM(...)`, DDE): such a cell is
written with a `'` in front, as OWASP advises, so that it shows as the text it was. Numbers stay
numbers; a text that is only a signed number (`-5`, `+6281234567890`) is no formula and stays as is.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import IO, Any

from django.http import HttpResponse

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+([.,][0-9]+)*\Z")


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet must store it: a text that could start a formula gets a `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(c) for c in row]


class SafeWriter:
    """`csv.writer` whose every cell goes through `safe_cell`."""

    def __init__(self, out: IO[str], **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: Any, **options: Any) -> SafeWriter:
    """A CSV writer for files people open in a spreadsheet (options as for `csv.writer`)."""
    return SafeWriter(out, **options)


def csv_text(rows: Iterable[Iterable[Any]], **options: Any) -> str:
    buffer = io.StringIO()
    csv_writer(buffer, **options).writerows(rows)
    return buffer.getvalue()


def xlsx_bytes(rows: Iterable[Iterable[Any]], sheet: str = "data") -> bytes:
    # openpyxl is imported here, not at the top: only an XLSX download needs it (it is slow to load).
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    page = book.create_sheet(sheet[:31])
    for row in rows:
        cells = []
        for value in safe_row(row):
            cell = WriteOnlyCell(page, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text, never a formula, whatever it starts with
            cells.append(cell)
        page.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def table_response(rows: list[list[Any]], fmt: str, filename: str, sheet: str = "data") -> HttpResponse:
    """The rows as a download, `filename` without its extension."""
    if fmt == "csv":
        response = HttpResponse("\ufeff" + csv_text(rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(xlsx_bytes(rows, sheet), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
