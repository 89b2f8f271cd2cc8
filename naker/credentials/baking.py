"""Baked badge images: a PNG or SVG that carries its own signed credential (Open Badges 3.0 §5.3 "Baking").

The image is the QR code of the verification page; the VC-JWT goes into an `iTXt` chunk with the
keyword `openbadgecredential`, uncompressed, placed before the image's end (IEND), as the
specification's PNG baking describes. In an SVG the JWT is the text of an `openbadges:credential`
element (namespace https://purl.imsglobal.org/ob/v3p0) placed first inside the root `svg`. A
wallet or backpack that imports the image reads the JWT from there and verifies it like any other.
"""

from __future__ import annotations

import io
import re
import struct
import zlib
from xml.sax.saxutils import escape

import segno

KEYWORD = b"openbadgecredential"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def bake_png(image_text: str, token: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(image_text, error="m").save(buffer, kind="png", scale=8, border=3, dark="#1b2a3a")
    png = buffer.getvalue()
    # iTXt: keyword, NUL, compression flag 0, compression method 0, language tag NUL, translated NUL, text
    itxt = _chunk(b"iTXt", KEYWORD + b"\x00\x00\x00\x00\x00" + token.encode("utf-8"))
    end = png.rindex(b"IEND") - 4
    return png[:end] + itxt + png[end:]


def unbake_png(png: bytes) -> str | None:
    """The credential baked into a PNG, or None."""
    if not png.startswith(PNG_SIGNATURE):
        return None
    pos = len(PNG_SIGNATURE)
    while pos + 8 <= len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind = png[pos + 4 : pos + 8]
        data = png[pos + 8 : pos + 8 + length]
        if kind == b"iTXt" and data.startswith(KEYWORD + b"\x00"):
            rest = data[len(KEYWORD) + 3 :]  # NUL, compression flag, method
            _lang, _sep, rest = rest.partition(b"\x00")
            _translated, _sep, text = rest.partition(b"\x00")
            return text.decode("utf-8")
        pos += 12 + length
    return None


SVG_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
_SVG_CREDENTIAL = re.compile(r"<openbadges:credential>([^<]*)</openbadges:credential>")


def bake_svg(image_text: str, token: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(image_text, error="m").save(buffer, kind="svg", scale=8, border=3, dark="#1b2a3a", xmldecl=False)
    svg = buffer.getvalue().decode("utf-8")
    opening = svg.index(">", svg.index("<svg")) + 1
    head = svg[:opening].replace("<svg ", f'<svg xmlns:openbadges="{SVG_NAMESPACE}" ', 1)
    element = f"<openbadges:credential>{escape(token)}</openbadges:credential>"
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + head + element + svg[opening:]).encode("utf-8")


def unbake_svg(svg: bytes) -> str | None:
    """The credential baked into an SVG, or None."""
    found = _SVG_CREDENTIAL.search(svg.decode("utf-8", errors="replace"))
    return found.group(1).strip() if found else None
