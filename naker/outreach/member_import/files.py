"""Reading member lists (the files) as unions keep them in Excel: CSV or XLSX, streamed row by row so that
memory does not grow with the file.

CSV: UTF-8 with or without BOM, or Windows-1252; `;` or `,` between fields (sniffed).
XLSX: the first sheet, values as Excel stores them (a NIK stored as a number is exact there).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from naker.core.exports import csv_writer

FIELDS = ("full_name", "nik", "phone", "regency", "birth_date", "email")
REQUIRED_FIELDS = ("full_name", "nik", "phone", "regency")

# Header names seen in unions' lists, normalised (lowercase, letters and digits only).
HEADER_SYNONYMS = {
    "full_name": {"nama", "namalengkap", "namaanggota", "name", "fullname", "namasesuaiktp"},
    "nik": {"nik", "noktp", "nomorktp", "ktp", "nomorindukkependudukan", "nonik", "niktp", "nikktp"},
    "phone": {
        "nohp",
        "nomorhp",
        "hp",
        "notelp",
        "notelepon",
        "telepon",
        "whatsapp",
        "wa",
        "nowa",
        "nomorwa",
        "nohpwa",
        "phone",
        "mobile",
        "handphone",
        "nohandphone",
        "phonenumber",
        "mobilenumber",
    },
    "regency": {
        "kabupatenkota",
        "kabkota",
        "kotakabupaten",
        "kabupaten",
        "kota",
        "domisili",
        "regency",
        "city",
        "regencycity",
        "kabkot",
    },
    "birth_date": {"tanggallahir", "tgllahir", "tanggalkelahiran", "dateofbirth", "birthdate", "dob", "tgllhr"},
    "email": {"email", "surel", "alamatemail", "emailaddress"},
}


def normalise_header(header: Any) -> str:
    return re.sub(r"[^0-9a-z]", "", str(header or "").lower())


# Parts that give a header away when it is written longer ("No HP / WhatsApp", "NIK (KTP)").
HEADER_PARTS = {
    "phone": ("whatsapp", "nohp", "nomorhp", "handphone", "telepon", "notelp"),
    "nik": ("nik", "ktp"),
    "birth_date": ("tanggallahir", "tgllahir", "birth"),
    "regency": ("kabupaten", "kabkota", "kotakab"),
    "email": ("email",),
    "full_name": ("namalengkap", "fullname"),
}


def guess_mapping(headers: list[str], remembered: dict[str, str] | None = None) -> dict[str, str]:
    """Column index (as text) → field: the organisation's remembered mapping first, then the known
    names, then names that contain a telling part; each field to one column at most."""
    remembered = remembered or {}
    keys = [normalise_header(h) for h in headers]
    mapping: dict[str, str] = {}

    def assign(index: int, field: str | None) -> None:
        if field and field not in mapping.values() and str(index) not in mapping:
            mapping[str(index)] = field

    for index, key in enumerate(keys):
        assign(index, remembered.get(key))
    for index, key in enumerate(keys):
        assign(index, next((f for f, names in HEADER_SYNONYMS.items() if key in names), None))
    for index, key in enumerate(keys):
        assign(index, next((f for f, parts in HEADER_PARTS.items() if any(p in key for p in parts)), None))
    return mapping


# Bounds on what a list may hold, checked before (XLSX) or while (CSV) it is read, so that a hostile or
# broken file is refused in a moment instead of holding a worker and its memory (issue 8, item 1).
# Each can be lowered through settings (tests do) under the name in brackets.
MAX_COLUMNS = 100  # [NAKER_IMPORT_MAX_COLUMNS] a member list has a dozen; empty columns at the end do not count
MAX_LINE_CHARS = 64 * 1024  # [NAKER_IMPORT_MAX_LINE_CHARS] one CSV line
MAX_XLSX_UNCOMPRESSED = 400 * 1024 * 1024  # [NAKER_IMPORT_MAX_XLSX_UNCOMPRESSED] all parts together
MAX_XLSX_PART = 256 * 1024 * 1024  # [NAKER_IMPORT_MAX_XLSX_PART] one sheet or sharedStrings.xml
MAX_XLSX_RATIO = 100  # [NAKER_IMPORT_MAX_XLSX_RATIO] uncompressed / compressed, for parts over 1 MB


def _bound(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


class FileTooLarge(ValueError):
    """The file is beyond one of the bounds above: it is refused without reading further."""


def check_xlsx_sizes(path: Path) -> None:
    """Refuses a zip bomb before any XML is parsed: the sizes the archive declares for its parts
    (Python's zipfile never inflates a part past its declared size, and a part that lies fails its
    CRC check) must stay under the bounds, in total, per part and in compression ratio."""
    max_total = _bound("NAKER_IMPORT_MAX_XLSX_UNCOMPRESSED", MAX_XLSX_UNCOMPRESSED)
    max_part = _bound("NAKER_IMPORT_MAX_XLSX_PART", MAX_XLSX_PART)
    max_ratio = _bound("NAKER_IMPORT_MAX_XLSX_RATIO", MAX_XLSX_RATIO)
    with zipfile.ZipFile(path) as archive:
        parts = archive.infolist()
    total = sum(p.file_size for p in parts)
    if total > max_total:
        raise FileTooLarge(
            _("Unpacked, it would be %(size)d MB; the limit is %(limit)d MB.")
            % {"size": total // 2**20, "limit": max_total // 2**20}
        )
    for part in parts:
        too_big = part.file_size > max_part
        ratio = part.file_size / max(part.compress_size, 1)
        if too_big or (part.file_size > 2**20 and ratio > max_ratio):
            raise FileTooLarge(
                _("Its part %(part)s unpacks to %(size)d MB (%(ratio)d times its packed size): too large.")
                % {"part": part.filename, "size": part.file_size // 2**20, "ratio": ratio}
            )


def _check_width(row: list[Any]) -> None:
    width = len(row)
    while width and row[width - 1] in (None, ""):
        width -= 1
    limit = _bound("NAKER_IMPORT_MAX_COLUMNS", MAX_COLUMNS)
    if width > limit:
        raise FileTooLarge(_("A row has more than %(limit)d columns.") % {"limit": limit})


def _bounded_lines(fh: io.TextIOBase) -> Iterable[str]:
    """The file's lines, refusing one longer than the bound without reading the rest of it."""
    limit = _bound("NAKER_IMPORT_MAX_LINE_CHARS", MAX_LINE_CHARS)
    while line := fh.readline(limit + 1):
        if len(line) > limit:
            raise FileTooLarge(_("A line is longer than %(limit)d characters.") % {"limit": limit})
        yield line


@dataclass
class Sniffed:
    encoding: str
    delimiter: str


def sniff_csv(head: bytes) -> Sniffed:
    if head.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    else:
        try:
            head.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError as exc:
            # A cut in the middle of a character at the end of the sample is still UTF-8.
            encoding = "utf-8" if exc.start >= len(head) - 3 else "cp1252"
    first_line = head.decode(encoding, errors="replace").splitlines()[0] if head else ""
    delimiter = ";" if first_line.count(";") >= first_line.count(",") and ";" in first_line else ","
    return Sniffed(encoding, delimiter)


def _csv_rows(path: Path, encoding: str, delimiter: str) -> Iterator[list[str]]:
    with path.open("r", encoding=encoding, newline="") as fh:
        yield from csv.reader(_bounded_lines(fh), delimiter=delimiter)


def _xlsx_rows(path: Path) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    check_xlsx_sizes(path)
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    finally:
        book.close()


def rows_of(path: Path, file_format: str, encoding: str = "", delimiter: str = "") -> Generator[list[Any]]:
    """Every row, the header first; completely empty rows skipped."""
    source = _xlsx_rows(path) if file_format == "xlsx" else _csv_rows(path, encoding or "utf-8", delimiter or ",")
    for row in source:
        _check_width(row)
        if any(cell not in (None, "") and str(cell).strip() for cell in row):
            yield row


def describe(path: Path, file_format: str) -> tuple[Sniffed, list[str], list[list[Any]], int]:
    """Encoding and separator, the header, the first five rows and the number of data rows."""
    sniffed = Sniffed("", "")
    if file_format == "csv":
        with path.open("rb") as fh:
            sniffed = sniff_csv(fh.read(64 * 1024))
    rows = rows_of(path, file_format, sniffed.encoding, sniffed.delimiter)
    header = [str(h or "").strip() for h in next(rows, [])]
    preview, count = [], 0
    for row in rows:
        if count < 5:
            preview.append([_display(c) for c in row])
        count += 1
    return sniffed, header, preview, count


def first_rows(path: Path, file_format: str, encoding: str, delimiter: str, n: int = 5) -> list[list[str]]:
    """The first `n` data rows, as text: what the mapping page shows, read on each visit without
    reading the rest of the file."""
    rows = rows_of(path, file_format, encoding, delimiter)
    next(rows, None)  # the header
    try:
        return [[_display(c) for c in row] for _, row in zip(range(n), rows, strict=False)]
    finally:
        rows.close()


def _display(cell: Any) -> str:
    return "" if cell is None else str(cell)


def to_csv_line(row: list[Any], delimiter: str) -> str:
    buffer = io.StringIO()
    csv_writer(buffer, delimiter=delimiter).writerow([_display(c) for c in row])
    return buffer.getvalue()
