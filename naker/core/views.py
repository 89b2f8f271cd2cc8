from __future__ import annotations

from functools import cache
from pathlib import Path

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

FAVICON = Path(__file__).resolve().parent / "static" / "core" / "favicon.ico"
# Uploaded lesson media are public by design (a random name, the lesson's own content); everything
# else under media/ (member lists, refused rows) is never served from here.
PUBLIC_MEDIA = "public"
PUBLIC_MEDIA_TYPES = {
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".ogg": "audio/ogg",
    ".webm": "audio/webm",
    ".wav": "audio/wav",
}


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@cache
def _favicon() -> bytes:
    return FAVICON.read_bytes()


@require_safe
@cache_control(public=True, max_age=7 * 24 * 3600)
def favicon(request: HttpRequest) -> HttpResponse:
    """The 136-byte icon browsers ask for on their own (a 404 page would cost 10 KB each time)."""
    return HttpResponse(_favicon(), content_type="image/x-icon")


@require_safe
@cache_control(public=True, max_age=7 * 24 * 3600)
def public_media(request: HttpRequest, path: str) -> FileResponse:
    """An uploaded lesson image or recording, where nginx does not serve media/public/ itself
    (`make run`, the tests). Names are random and never reused, so they are cached for a week."""
    suffix = Path(path).suffix.lower()
    if ".." in path.split("/") or path.startswith("/") or "\\" in path or suffix not in PUBLIC_MEDIA_TYPES:
        raise Http404
    name = f"{PUBLIC_MEDIA}/{path}"
    if not default_storage.exists(name):
        raise Http404
    response = FileResponse(default_storage.open(name, "rb"), content_type=PUBLIC_MEDIA_TYPES[suffix])
    return response
