"""Baked badge images: a PNG that carries its own signed credential (Open Badges 3.0 §5.3 "Baking").

The image is the QR code of the verification page; the VC-JWT goes into an `iTXt` chunk with the
keyword `openbadgecredential`, uncompressed, placed before the image's end (IEND), as the
specification's PNG baking describes. A wallet or backpack that imports the image reads the JWT
from that chunk and verifies it like any other.
"""

from __future__ import annotations

import io
import struct
import zlib

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
