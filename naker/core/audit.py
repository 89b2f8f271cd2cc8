"""Writing and reading the audit log. Every app records through `record`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest

from naker.core.models import AuditEvent

if TYPE_CHECKING:
    from django.db.models import QuerySet


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    *,
    action: str,
    actor: Any,
    subject: Any = None,
    organization_code: str = "",
    detail: str = "",
    request: HttpRequest | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        action=action,
        actor=actor if getattr(actor, "pk", None) else None,
        subject=subject,
        organization_code=organization_code,
        detail=detail[:255],
        ip_address=client_ip(request),
    )


def trail_of(subject: Any) -> QuerySet[AuditEvent]:
    """What was done with this person's data, newest first (their own "who saw my data")."""
    return AuditEvent.objects.filter(subject=subject).select_related("actor")
