from __future__ import annotations

from functools import cache
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST, require_safe

from naker.core import operations as ops
from naker.core.errors import Forbidden

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


@login_required
def operations(request: HttpRequest) -> HttpResponse:
    """The platform admin's operations page: task queues, periodic jobs' last runs, failed tasks."""
    if not request.user.is_staff:
        raise Forbidden()
    backend, queues, outbox = ops.queues()
    context = {
        "backend": backend,
        "queues": queues,
        "outbox": outbox,
        "runs": ops.periodic_runs(),
        "failed": ops.failed_tasks(),
    }
    return render(request, "core/operations.html", context)


@login_required
@require_POST
def retry_task(request: HttpRequest, task_id: str) -> HttpResponse:
    if not request.user.is_staff:
        raise Forbidden()
    ops.retry_failed_task(task_id)
    messages.success(request, _("The task is queued again."))
    return redirect("core:operations")


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


def floor(request: HttpRequest) -> HttpResponse:
    """The framework's floor: a bare view through the same middleware as every page, with no
    database, template or session work. `make bench` reports each page as a multiple of it."""
    return HttpResponse(b"ok", content_type="text/plain")
