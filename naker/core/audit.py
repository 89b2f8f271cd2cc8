"""Writing and reading the audit log. Every app records through `record`."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from naker.core.models import AuditEvent

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from naker.accounts.models import User  # type only: core imports no domain app at run time


def client_ip(request: HttpRequest | None) -> str | None:
    """The address of the person making the request (audit trail, login throttling, registration limits).

    Behind `NAKER_PROXY_COUNT` proxies on this machine (production: nginx, which appends the address it
    saw to X-Forwarded-For) it is the entry that many from the end of X-Forwarded-For: what a client
    writes in the header itself stays to its left and is never believed. Without it every person would
    share nginx's 127.0.0.1, and one address's limits would apply to the whole site (issue 14: 30
    registrations in 10 minutes for everyone on a launch day).
    """
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    count = getattr(settings, "NAKER_PROXY_COUNT", 0)
    if not count or remote is None or not _is_loopback(remote):
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def _is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


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
    return trail_of_id(subject.pk)


def trail_of_id(subject_id: int) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(subject_id=subject_id).select_related("actor")
