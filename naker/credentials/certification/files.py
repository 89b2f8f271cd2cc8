"""Evidence files: checked by their content (not their name), bounded in size, stored outside the
web root (NAKER_EVIDENCE_DIR, by default var/evidence, which no URL serves) under a random name,
and read back only through a view that checks who asks."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import FileSystemStorage

MAX_BYTES = 5 * 1024 * 1024
# What a scanned document or a phone photo is: by their first bytes ("magic numbers").
SIGNATURES: list[tuple[bytes, str, str]] = [
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
]


@dataclass(frozen=True)
class Kind:
    content_type: str
    extension: str


def max_bytes() -> int:
    return int(getattr(settings, "NAKER_EVIDENCE_MAX_BYTES", MAX_BYTES))


def storage() -> FileSystemStorage:
    location = getattr(settings, "NAKER_EVIDENCE_DIR", None) or Path(settings.VAR_DIR) / "evidence"
    return FileSystemStorage(location=location, directory_permissions_mode=0o700, file_permissions_mode=0o600)


def sniff(head: bytes) -> Kind | None:
    for magic, content_type, extension in SIGNATURES:
        if head.startswith(magic):
            return Kind(content_type, extension)
    return None


def save(upload: File, kind: Kind) -> str:
    upload.seek(0)
    name = f"{uuid.uuid4().hex}{kind.extension}"
    return storage().save(name, upload)


def open_file(name: str) -> IO[bytes] | None:
    store = storage()
    if not name or not store.exists(name):
        return None
    return store.open(name, "rb")


def delete(name: str) -> None:
    if name:
        storage().delete(name)
