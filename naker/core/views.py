from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from naker.core import operations as ops
from naker.core.errors import Forbidden


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
