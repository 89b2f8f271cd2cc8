"""The printable certificate (A4 landscape) and its phone-screen layout, with reportlab and segno.

Rendered on demand from the stored record, never inside a write transaction: the record is
already signed and does not change (except revocation, which the PDF then shows), so the file is a
pure function of it, nothing is stored that an erasure would have to find, and a batch of
issuances is never slowed by drawing.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import segno
from django.utils import formats, timezone
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from naker.credentials.openbadges import public_url

if TYPE_CHECKING:
    from naker.credentials.models import Credential

PHONE = (360.0, 720.0)  # points: a 1:2 portrait page that fills a phone screen
INK = HexColor("#1b2a3a")
ACCENT = HexColor("#b0252f")
MUTED = HexColor("#5a6470")


def verify_url(credential: Credential) -> str:
    return public_url(f"/verify/{credential.public_id}")


def _date(credential: Credential) -> str:
    return formats.date_format(timezone.localtime(credential.achieved_at), "j F Y")


def _draw_qr(canvas: Canvas, text: str, x: float, y: float, size: float) -> None:
    qr = segno.make(text, error="m")
    matrix = list(qr.matrix)
    border = 2
    cells = len(matrix) + 2 * border
    cell = size / cells
    canvas.setFillColor(HexColor("#ffffff"))
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColor(INK)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                canvas.rect(x + (c + border) * cell, y + size - (r + border + 1) * cell, cell, cell, stroke=0, fill=1)


def _fit(canvas: Canvas, text: str, font: str, size: float, width: float) -> float:
    while size > 8 and canvas.stringWidth(text, font, size) > width:
        size -= 1
    return size


def _lines(credential: Credential) -> list[tuple[str, str]]:
    rows = [
        ("Penyelenggara / Provider", credential.issuer_name),
        ("Tanggal selesai / Completed", _date(credential)),
    ]
    if credential.hours:
        rows.append(("Jam belajar / Hours", f"{credential.hours.normalize():f}"))
    if credential.skills:
        rows.append(("Keterampilan / Skills", ", ".join(credential.skills)[:160]))
    rows.append(("Nomor / Number", credential.number or ""))
    return rows


def _revoked_stamp(canvas: Canvas, credential: Credential, x: float, y: float) -> None:
    if credential.revoked_at is None:
        return
    canvas.saveState()
    canvas.setFillColor(ACCENT)
    canvas.setFont("Helvetica-Bold", 22)
    canvas.drawCentredString(x, y, "DICABUT / REVOKED")
    canvas.restoreState()


def render(credential: Credential, *, layout: str = "a4") -> bytes:
    buffer = io.BytesIO()
    url = verify_url(credential)
    heading = "SERTIFIKAT KOMPETENSI" if credential.kind == credential.Kind.COMPETENCY else "SERTIFIKAT PENYELESAIAN"
    sub = "Certificate of competency" if credential.kind == credential.Kind.COMPETENCY else "Certificate of completion"
    name = credential.holder_name or "—"
    if layout == "phone":
        width, height = PHONE
        canvas = Canvas(buffer, pagesize=PHONE)
        canvas.setTitle(f"{heading} {credential.number}")
        canvas.setFillColor(ACCENT)
        canvas.rect(0, height - 8, width, 8, stroke=0, fill=1)
        canvas.setFillColor(INK)
        canvas.setFont("Helvetica-Bold", 16)
        canvas.drawCentredString(width / 2, height - 50, heading)
        canvas.setFont("Helvetica", 11)
        canvas.setFillColor(MUTED)
        canvas.drawCentredString(width / 2, height - 66, sub)
        canvas.setFillColor(INK)
        canvas.setFont("Helvetica-Bold", _fit(canvas, name, "Helvetica-Bold", 22, width - 40))
        canvas.drawCentredString(width / 2, height - 110, name)
        canvas.setFont("Helvetica", 11)
        canvas.drawCentredString(width / 2, height - 132, "telah menyelesaikan / has completed")
        canvas.setFont("Helvetica-Bold", _fit(canvas, credential.title, "Helvetica-Bold", 15, width - 40))
        canvas.drawCentredString(width / 2, height - 156, credential.title)
        y = height - 195
        for label, value in _lines(credential):
            canvas.setFont("Helvetica", 9)
            canvas.setFillColor(MUTED)
            canvas.drawString(24, y, label)
            canvas.setFillColor(INK)
            canvas.setFont("Helvetica-Bold", _fit(canvas, value, "Helvetica-Bold", 11, width - 48))
            canvas.drawString(24, y - 14, value)
            y -= 36
        _draw_qr(canvas, url, (width - 180) / 2, 70, 180)
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(MUTED)
        canvas.drawCentredString(width / 2, 52, "Periksa keaslian / Verify:")
        canvas.drawCentredString(width / 2, 40, url)
        _revoked_stamp(canvas, credential, width / 2, height - 180)
    else:
        width, height = landscape(A4)
        canvas = Canvas(buffer, pagesize=landscape(A4))
        canvas.setTitle(f"{heading} {credential.number}")
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(3)
        canvas.rect(24, 24, width - 48, height - 48)
        canvas.setFillColor(ACCENT)
        canvas.rect(24, height - 36, width - 48, 12, stroke=0, fill=1)
        canvas.setFillColor(INK)
        canvas.setFont("Helvetica-Bold", 30)
        canvas.drawCentredString(width / 2, height - 100, heading)
        canvas.setFont("Helvetica", 14)
        canvas.setFillColor(MUTED)
        canvas.drawCentredString(width / 2, height - 122, sub)
        canvas.setFillColor(INK)
        canvas.setFont("Helvetica", 13)
        canvas.drawCentredString(width / 2, height - 165, "Diberikan kepada / Awarded to")
        canvas.setFont("Helvetica-Bold", _fit(canvas, name, "Helvetica-Bold", 32, width - 200))
        canvas.drawCentredString(width / 2, height - 205, name)
        canvas.setFont("Helvetica", 13)
        canvas.drawCentredString(width / 2, height - 235, "telah menyelesaikan kursus / has completed the course")
        canvas.setFont("Helvetica-Bold", _fit(canvas, credential.title, "Helvetica-Bold", 22, width - 200))
        canvas.drawCentredString(width / 2, height - 265, credential.title)
        y = height - 315
        for label, value in _lines(credential):
            canvas.setFont("Helvetica", 10)
            canvas.setFillColor(MUTED)
            canvas.drawString(70, y, label)
            canvas.setFillColor(INK)
            canvas.setFont("Helvetica-Bold", _fit(canvas, value, "Helvetica-Bold", 12, width - 420))
            canvas.drawString(230, y, value)
            y -= 22
        _draw_qr(canvas, url, width - 200, 60, 140)
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(MUTED)
        canvas.drawRightString(width - 60, 48, url)
        canvas.drawString(
            70, 48, "Diterbitkan oleh Kadin for Naker atas nama penyelenggara; periksa keaslian di tautan ini."
        )
        _revoked_stamp(canvas, credential, width / 2, height - 295)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
