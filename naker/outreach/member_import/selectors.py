"""Reads of member imports, scoped to the viewer (the officers of the union and those above it)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from naker.accounts import selectors as account_selectors
from naker.organizations import selectors as org_selectors
from naker.outreach import errors
from naker.outreach.member_import import files
from naker.outreach.models import MemberImport

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from naker.accounts.models import User
    from naker.organizations.models import Organization


def import_visible_to(viewer: User | AnonymousUser, import_id: int) -> MemberImport:
    """One import, if the viewer oversees its organisation; ImportNotFound else."""
    imp = MemberImport.objects.select_related("organization").filter(pk=import_id).first()
    if imp is None or not org_selectors.can_oversee(viewer, imp.organization):
        raise errors.ImportNotFound()
    return imp


def imports_of(
    viewer: User | AnonymousUser, org_code: str, *, limit: int = 20
) -> tuple[Organization, list[MemberImport]]:
    """The organisation (if the viewer oversees it) and its latest imports."""
    org = org_selectors.organization_overseen_by(viewer, org_code)
    return org, list(MemberImport.objects.filter(organization=org)[:limit])


def import_preview(imp: MemberImport) -> list[list[str]]:
    """The first five data rows of an uploaded list, as text (the rest of the file is not read)."""
    return files.first_rows(Path(imp.file.path), imp.file_format, imp.encoding, imp.delimiter)


def import_summary(imp: MemberImport) -> dict[str, Any]:
    return {
        "rows": imp.processed_rows,
        "created": imp.created_count,
        "linked": imp.linked_count,
        "refused": imp.refused_count,
        "refused_file": imp.refused_file,
    }


def refused_rows_file(viewer: User | AnonymousUser, import_id: int) -> tuple[MemberImport, Path]:
    """The import and its refused rows' file, if the viewer may have it and it is still kept."""
    imp = import_visible_to(viewer, import_id)
    if not imp.refused_file or not Path(imp.refused_file).exists():
        raise errors.RefusedRowsGone()
    return imp, Path(imp.refused_file)


def invitation_texts(imp: MemberImport) -> Iterator[tuple[str, str]]:
    """(mobile number, message) of each SMS/WhatsApp invitation of an import, streamed."""
    yield from imp.invitations.filter(channel="sms").values_list("address", "text").iterator()


def progress_for_metrics() -> list[tuple[tuple[str, ...], float]]:
    """Rows of the imports now queued or running (processed, total) and imports per status, for
    /metrics: counts only, never who or which union."""
    from django.db.models import Count, Sum

    active = MemberImport.objects.filter(status__in=[MemberImport.Status.QUEUED, MemberImport.Status.RUNNING])
    sums = active.aggregate(processed=Sum("processed_rows"), total=Sum("total_rows"))
    rows: list[tuple[tuple[str, ...], float]] = [
        (("processed", ""), float(sums["processed"] or 0)),
        (("total", ""), float(sums["total"] or 0)),
    ]
    for status, n in MemberImport.objects.values_list("status").annotate(n=Count("id")).order_by():
        rows.append((("imports", str(status)), float(n)))
    return rows


def people_named_in_invitations(imp: MemberImport) -> Iterator[int]:
    """The accounts the invitation texts file names (one line each), for the audit trail."""
    yield from imp.invitations.filter(channel="sms").values_list("user_id", flat=True).iterator(chunk_size=2000)


def people_named_in_refused_rows(imp: MemberImport) -> Iterator[int]:
    """The accounts that refused rows of an import name (by the row's account, or by its NIK: a
    person who registered by themselves), for the audit trail."""
    refused = imp.results.filter(outcome="refused")
    yield from refused.filter(user__isnull=False).values_list("user_id", flat=True).iterator(chunk_size=2000)
    hashes = refused.exclude(nik_hash="").values_list("nik_hash", flat=True)
    yield from (
        account_selectors.users()
        .filter(worker__nik_hash__in=hashes)
        .values_list("pk", flat=True)
        .iterator(chunk_size=2000)
    )


@dataclass(frozen=True)
class InvitedPerson:
    """What the invitation page shows its owner: the number to log in with, and what the union's
    list said of them (read from their NIK), to confirm."""

    phone: str  # local form, 0812 3456 7890
    birth_date: datetime.date | None
    sex: str
    union: str


def invited_person(user: User) -> InvitedPerson:
    loaded = account_selectors.profile_of(user)
    profile = getattr(loaded, "worker", None)
    local = "0" + user.phone[3:] if user.phone and user.phone.startswith("+62") else (user.phone or "")
    spaced = " ".join([local[:4], local[4:8], local[8:]]).strip()
    unions = [m.organization.name for m in loaded.memberships.all()]
    return InvitedPerson(
        phone=spaced,
        birth_date=profile.birth_date if profile else None,
        sex=profile.get_sex_display() if profile and profile.sex else "",
        union=unions[0] if unions else "",
    )
