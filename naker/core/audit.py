"""Writing and reading the audit log. Every app records through `record`."""

from __future__ import annotations

from collections.abc import Iterable
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


def record_for_each(
    *,
    action: str,
    actor: User | AnonymousUser | None,
    subject_ids: Iterable[int | None],
    organization_code: str = "",
    detail: str = "",
    request: HttpRequest | None = None,
    batch_size: int = 2000,
) -> int:
    """One entry per person named in something (a downloaded file names thousands): written in
    batches, so a 100,000-row export costs 50 inserts, not 100,000. Returns how many were written."""
    actor_id = None if actor is None or isinstance(actor, AnonymousUser) else actor.pk
    ip = client_ip(request)
    written = 0
    batch: list[AuditEvent] = []
    seen: set[int] = set()
    for subject_id in subject_ids:
        if subject_id is None or subject_id in seen:
            continue
        seen.add(subject_id)
        batch.append(
            AuditEvent(
                action=action,
                actor_id=actor_id,
                subject_id=subject_id,
                organization_code=organization_code,
                detail=detail[:255],
                ip_address=ip,
            )
        )
        if len(batch) >= batch_size:
            AuditEvent.objects.bulk_create(batch)
            written += len(batch)
            batch = []
    if batch:
        AuditEvent.objects.bulk_create(batch)
        written += len(batch)
    return written


def trail_of(subject: User) -> QuerySet[AuditEvent]:
    """What was done with this person's data, newest first (their own "who saw my data")."""
    return AuditEvent.objects.filter(subject=subject).select_related("actor")
