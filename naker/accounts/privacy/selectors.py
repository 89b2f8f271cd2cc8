"""Reads of privacy operations, each taking the viewer: a person sees their own requests; only a
platform admin sees the queue and the data breaches."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone

from naker.accounts.models import DataBreach, PrivacyRequest, User
from naker.accounts.selectors import is_platform_admin
from naker.core.errors import Forbidden, NotFound
from naker.core.kept_sql import Kept

if TYPE_CHECKING:
    Viewer = User | AnonymousUser


def _refuse_unless_admin(viewer: Viewer) -> None:
    if not is_platform_admin(viewer):
        raise Forbidden()


def requests_of(viewer: User) -> QuerySet[PrivacyRequest]:
    """The viewer's own requests, newest first."""
    return PrivacyRequest.objects.filter(requester=viewer).order_by("-received_at", "-id")


def _latest(requester_id: int) -> QuerySet[PrivacyRequest]:
    return PrivacyRequest.objects.filter(requester_id=requester_id).order_by("-received_at", "-id")[:LATEST]


LATEST = 3
# the account page's last requests: a statement made once per process (naker.core.kept_sql)
_LATEST: Kept[PrivacyRequest] = Kept(_latest, 2_000_000_023)


def latest_requests_of(viewer: User) -> list[PrivacyRequest]:
    """The viewer's last LATEST requests, newest first (`requests_of`'s first rows)."""
    return _LATEST.instances(viewer.pk)


def request_queue(viewer: Viewer, *, answered: bool = False) -> QuerySet[PrivacyRequest]:
    """Open requests, due soonest first (so overdue ones lead), or the answered ones, newest first."""
    _refuse_unless_admin(viewer)
    found = PrivacyRequest.objects.select_related("requester", "requester__worker", "answered_by")
    if answered:
        return found.filter(answered_at__isnull=False).order_by("-answered_at", "-id")
    return found.filter(answered_at__isnull=True).order_by("due_at", "id")


def overdue_count(viewer: Viewer) -> int:
    _refuse_unless_admin(viewer)
    return PrivacyRequest.objects.filter(answered_at__isnull=True, due_at__lte=timezone.now()).count()


def request_for_admin(viewer: Viewer, request_id: int) -> PrivacyRequest:
    _refuse_unless_admin(viewer)
    found = PrivacyRequest.objects.select_related("requester", "requester__worker", "answered_by")
    try:
        return found.get(pk=request_id)
    except PrivacyRequest.DoesNotExist:
        raise NotFound() from None


def overdue_unnotified() -> list[int]:
    """Ids of open requests past their due time whose admins were not yet told (the periodic job)."""
    return list(
        PrivacyRequest.objects.filter(
            answered_at__isnull=True, due_at__lte=timezone.now(), overdue_notified_at__isnull=True
        ).values_list("pk", flat=True)
    )


def platform_admin_emails() -> list[str]:
    return [
        e
        for e in User.objects.filter(is_staff=True, is_active=True, email__isnull=False).values_list("email", flat=True)
        if e
    ]


def breaches_visible_to(viewer: Viewer) -> QuerySet[DataBreach]:
    _refuse_unless_admin(viewer)
    return DataBreach.objects.all()


def breach_for(viewer: Viewer, breach_id: int) -> DataBreach:
    try:
        return breaches_visible_to(viewer).get(pk=breach_id)
    except DataBreach.DoesNotExist:
        raise NotFound() from None


def affected_people(breach: DataBreach) -> QuerySet[User]:
    """The (not erased) people a breach concerns: everyone, a province's or regency's workers, or its list."""
    people = User.objects.filter(erased_at__isnull=True)
    if breach.scope == DataBreach.Scope.LIST:
        return people.filter(pk__in=breach.people.values("pk"))
    people = people.filter(worker__isnull=False)
    if breach.scope == DataBreach.Scope.PROVINCE:
        return people.filter(worker__province_id=breach.scope_code)
    if breach.scope == DataBreach.Scope.REGENCY:
        return people.filter(worker__regency_id=breach.scope_code)
    return people


def notice_rows(viewer: Viewer, breach: DataBreach) -> Iterator[tuple[str, str]]:
    """(mobile number, the people's notice) for each affected person with a number, read in chunks."""
    _refuse_unless_admin(viewer)
    for phone in affected_people(breach).filter(phone__isnull=False).values_list("phone", flat=True).iterator(2000):
        yield phone or "", breach.notice_people


def people_named_in_notices(breach: DataBreach) -> Iterator[int]:
    return affected_people(breach).filter(phone__isnull=False).values_list("pk", flat=True).iterator(2000)
