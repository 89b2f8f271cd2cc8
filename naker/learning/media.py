"""Lesson media uploaded by a provider's staff: an image shown in a lesson, or the recording of an
audio lesson (issue 9, issue 12 item 3).

A file is checked before anything is written: its size against the bound of its kind, and its type
from its first bytes (never from its name or the browser's word). It is stored under
media/public/lessons/ with a random name and served at /media/public/... (nginx in production,
naker.core.views.public_media otherwise), cached for a week: a lesson's content is public to anyone
who can read the lesson, and the name is not guessable. Reading and storing happen outside any
transaction; the lesson is changed afterwards in a short one (services).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import IO, Protocol

from django.core.files import File
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from naker.learning import errors

IMAGE_MAX_BYTES = 1024 * 1024  # a lesson image is read on a phone's data plan
AUDIO_MAX_BYTES = 20 * 1024 * 1024  # about 20 minutes of speech at 128 kbit/s
FOLDER = "public/lessons"
URL_PREFIX = "/media/"


class Uploaded(Protocol):
    name: str | None
    size: int | None

    def read(self, n: int = ...) -> bytes: ...
    def seek(self, offset: int) -> int: ...


@dataclass(frozen=True)
class Stored:
    kind: str  # "image" or "audio"
    name: str  # in the default storage
    url: str
    size: int


def sniff(head: bytes) -> tuple[str, str] | None:
    """(kind, extension) of a file from its first bytes, for the types a lesson may hold."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image", ".jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image", ".png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image", ".webp"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio", ".wav"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "audio", ".mp3"
    if head.startswith(b"OggS"):
        return "audio", ".ogg"
    if head[4:8] == b"ftyp" and head[8:12] in (b"M4A ", b"M4B ", b"mp42", b"isom", b"mp41", b"dash"):
        return "audio", ".m4a"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "audio", ".webm"
    return None


def _refuse(message: str) -> errors.CourseInvalid:
    return errors.CourseInvalid(message, field_errors={"upload": message})


def store(uploaded: Uploaded) -> Stored:
    size = uploaded.size or 0
    if size == 0:
        raise _refuse(_("The file is empty."))
    head = uploaded.read(16)
    uploaded.seek(0)
    found = sniff(head)
    if found is None:
        raise _refuse(
            _("This file is not an image (JPEG, PNG, WebP) or a recording (MP3, M4A, OGG, WebM, WAV) we can play.")
        )
    kind, extension = found
    limit = IMAGE_MAX_BYTES if kind == "image" else AUDIO_MAX_BYTES
    if size > limit:
        what = _("An image") if kind == "image" else _("A recording")
        raise _refuse(
            _("%(what)s may be at most %(limit)s; this file is %(size)s.")
            % {"what": what, "limit": filesizeformat(limit), "size": filesizeformat(size)}
        )
    name = default_storage.save(f"{FOLDER}/{secrets.token_urlsafe(12)}{extension}", File(_as_io(uploaded)))
    return Stored(kind=kind, name=name, url=URL_PREFIX + name, size=size)


def _as_io(uploaded: Uploaded) -> IO[bytes]:
    return uploaded  # type: ignore[return-value]  # Django's UploadedFile is file-like


def discard(stored: Stored) -> None:
    """A stored file whose lesson change was refused."""
    default_storage.delete(stored.name)
