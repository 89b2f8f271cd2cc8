"""Reading a published SKKNI register (CSV or XLSX) into units, elements and performance criteria.

One row per performance criterion (kriteria unjuk kerja), as registers are usually tabulated:

    kode_unit; judul_unit; keputusan; no_elemen; elemen; kuk

`judul_unit_en` (an English title) is optional. A unit's code, title and decree, and an element's
title, are repeated on each of its rows or left empty after the first (merged cells). The file is
read here, outside any transaction, and bounded (size and rows); every mistake names its row.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
UNIT_CODE = re.compile(r"^[A-Z0-9][A-Z0-9.\-/]{2,39}$")

HEADERS = {
    "code": {"kodeunit", "kode", "unitcode", "code"},
    "title": {"judulunit", "judul", "unittitle", "title"},
    "title_en": {"juduluniten", "judulunitinggris", "judulunitenglish", "titleen", "unittitleen", "judulen"},
    "decree": {"keputusan", "kepmen", "sk", "decree", "kepmenaker", "dasarhukum"},
    "element_no": {"noelemen", "nomorelemen", "elementno", "elementnumber", "no"},
    "element": {"elemen", "elemenkompetensi", "element"},
    "criterion": {"kuk", "kriteriaunjukkerja", "criterion", "performancecriteria", "criteria"},
}
REQUIRED = ("code", "title", "element", "criterion")


class RegisterError(ValueError):
    """A register that cannot be read; the message names the row (and column) at fault."""


@dataclass
class ParsedElement:
    position: int
    title: str
    criteria: list[str] = field(default_factory=list)


@dataclass
class ParsedUnit:
    code: str
    title: str
    title_en: str = ""
    decree: str = ""
    elements: list[ParsedElement] = field(default_factory=list)


def _norm(header: Any) -> str:
    return re.sub(r"[^0-9a-z]", "", str(header or "").lower())


def _rows(path: Path) -> list[list[Any]]:
    head = path.open("rb").read(4)
    if head.startswith(b"PK\x03\x04"):
        from openpyxl import load_workbook  # imported here: only XLSX registers need it

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise RegisterError(_("The file is not a readable XLSX workbook.")) from exc
        try:
            rows = []
            for row in book.worksheets[0].iter_rows(values_only=True):
                rows.append(list(row))
                if len(rows) > MAX_ROWS + 1:
                    raise RegisterError(_("The register has more than %(n)s rows.") % {"n": f"{MAX_ROWS:,}"})
            return rows
        finally:
            book.close()
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise RegisterError(_("The file is neither CSV nor XLSX."))
    delimiter = ";" if text.split("\n", 1)[0].count(";") >= text.split("\n", 1)[0].count(",") else ","
    rows = []
    for row in csv.reader(io.StringIO(text), delimiter=delimiter):
        rows.append(list(row))
        if len(rows) > MAX_ROWS + 1:
            raise RegisterError(_("The register has more than %(n)s rows.") % {"n": f"{MAX_ROWS:,}"})
    return rows


def read_register(path: Path) -> list[ParsedUnit]:
    """The units of a register file, in file order. Raises RegisterError naming the row."""
    if path.stat().st_size > MAX_BYTES:
        raise RegisterError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)})
    rows = _rows(path)
    if not rows:
        raise RegisterError(_("The file is empty."))
    columns: dict[str, int] = {}
    for index, header in enumerate(rows[0]):
        name = _norm(header)
        for key, names in HEADERS.items():
            if name in names and key not in columns:
                columns[key] = index
    missing = [key for key in REQUIRED if key not in columns]
    if missing:
        raise RegisterError(_("Row 1: the columns %(cols)s are missing.") % {"cols": ", ".join(missing)})

    def cell(row: list[Any], key: str) -> str:
        index = columns.get(key)
        if index is None or index >= len(row) or row[index] is None:
            return ""
        return " ".join(str(row[index]).split())

    units: dict[str, ParsedUnit] = {}
    unit: ParsedUnit | None = None
    element: ParsedElement | None = None
    for number, row in enumerate(rows[1:], start=2):
        if not any(str(v or "").strip() for v in row):
            continue
        code = cell(row, "code").upper()
        if code:
            if not UNIT_CODE.match(code):
                raise RegisterError(
                    _("Row %(row)d, kode_unit: “%(code)s” is not a unit code.") % {"row": number, "code": code[:50]}
                )
            if unit is None or unit.code != code:
                title = cell(row, "title")
                if code in units:
                    unit = units[code]
                else:
                    if not title:
                        raise RegisterError(_("Row %(row)d, judul_unit: the unit has no title.") % {"row": number})
                    unit = units[code] = ParsedUnit(
                        code, title[:200], cell(row, "title_en")[:200], cell(row, "decree")[:200]
                    )
                element = None
        if unit is None:
            raise RegisterError(_("Row %(row)d, kode_unit: the first row of a unit needs its code.") % {"row": number})
        title = cell(row, "element")
        if title and (element is None or element.title != title[:300]):
            given = cell(row, "element_no")
            try:
                position = int(float(given)) if given else len(unit.elements) + 1
            except ValueError:
                raise RegisterError(
                    _("Row %(row)d, no_elemen: “%(v)s” is not a number.") % {"row": number, "v": given[:20]}
                ) from None
            if not 1 <= position <= 999:
                raise RegisterError(_("Row %(row)d, no_elemen: give a number from 1 to 999.") % {"row": number})
            element = next((e for e in unit.elements if e.position == position), None)
            if element is None:
                element = ParsedElement(position, title[:300])
                unit.elements.append(element)
        if element is None:
            raise RegisterError(_("Row %(row)d, elemen: the criterion has no element.") % {"row": number})
        criterion = cell(row, "criterion")
        if not criterion:
            raise RegisterError(_("Row %(row)d, kuk: the performance criterion is empty.") % {"row": number})
        element.criteria.append(criterion[:500])
    if not units:
        raise RegisterError(_("The file has no units."))
    return list(units.values())
