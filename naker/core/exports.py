"""Tables people download: CSV (UTF-8 with BOM, so Excel reads it) or XLSX."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.http import HttpResponse

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_response(rows: list[list[Any]], fmt: str, filename: str, sheet: str = "data") -> HttpResponse:
    """The rows as a download, `filename` without its extension."""
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        page = book.create_sheet(sheet[:31])
        for row in rows:
            page.append(row)
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
