"""Static files under hashed names (whitenoise's manifest storage), with a fallback for the places
that serve the apps' folders directly.

`collectstatic` (make run, the production layout) writes each file under a name holding a hash of its
content (`site.3f2a9c01b7d4.css`) plus a manifest, pre-compressed (.gz, and .br where brotli is
installed); those names are cached for a year and never revalidated, so a second visit downloads the
HTML alone. Where nothing was collected (the tests, `make dev`: WHITENOISE_USE_FINDERS), the
templates name the plain files, which whitenoise serves from the apps' folders: a fresh clone needs no
collectstatic for `make test`, and an edited file is never hidden behind an old manifest in var/static.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


def _from_apps() -> bool:
    return bool(getattr(settings, "WHITENOISE_USE_FINDERS", False))


class ManifestStaticStorage(CompressedManifestStaticFilesStorage):
    def load_manifest(self) -> tuple[dict[str, Any], str]:
        if _from_apps():
            return {}, ""
        hashed, manifest_hash = super().load_manifest()
        return hashed, manifest_hash

    def stored_name(self, name: str) -> str:
        if _from_apps():
            return name
        return str(super().stored_name(name))
