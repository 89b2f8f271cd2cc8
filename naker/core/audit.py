"""Writing and reading the audit log. Every app records through `record`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from naker.core.models import AuditEvent

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from naker.accounts.models import User  # type only: core imports no domain app at run time


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    *,
    action: str,
    actor: User | AnonymousUser | None,
    subject: User | None = None,
    organization_code: str = "",
    detail: str = "",
    request: HttpRequest | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        action=action,
        actor=None if actor is None or isinstance(actor, AnonymousUser) else actor,
        subject=subject,
        organization_code=organization_code,
        detail=detail[:255],
        ip_address=client_ip(request),
    )


def trail_of(subject: User) -> QuerySet[AuditEvent]:
    """What was done with this person's data, newest first (their own "who saw my data")."""
    return AuditEvent.objects.filter(subject=subject).select_related("actor")
