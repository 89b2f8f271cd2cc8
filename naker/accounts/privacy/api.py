"""Privacy operations API: a person's own requests (/me/privacy-requests) and the platform admins'
queue (/privacy/requests). The same services as the pages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Router, Status

from naker.accounts.privacy import selectors, services
from naker.accounts.privacy.schemas import AnswerIn, PrivacyRequestIn, PrivacyRequestOut, QueuedRequestOut, QueueOut
from naker.core.schemas import responses

if TYPE_CHECKING:
    from naker.accounts.models import PrivacyRequest, User

router = Router(tags=["privacy"])
QUEUE_PAGE_SIZE = 50


def _caller(request: HttpRequest) -> User:
    return cast("User", request.user)


def request_payload(found: PrivacyRequest) -> dict[str, Any]:
    return {
        "id": found.pk,
        "kind": found.kind,
        "kind_label": found.get_kind_display(),
        "details": found.details,
        "proposed_nik_masked": found.proposed_nik_masked,
        "received_at": found.received_at,
        "due_at": found.due_at,
        "overdue": found.is_overdue,
        "status": "open" if found.is_open else "answered",
        "outcome": found.outcome,
        "outcome_label": found.get_outcome_display() if found.outcome else "",
        "answer": found.answer,
        "refusal_reason": found.refusal_reason,
        "answered_at": found.answered_at,
    }


def _queued(found: PrivacyRequest) -> dict[str, Any]:
    person = found.requester
    worker = getattr(person, "worker", None)
    return {
        **request_payload(found),
        "requester": {
            "id": person.pk,
            "full_name": person.full_name,
            "phone": person.phone,
            "nik_masked": worker.nik_masked if worker else "",
        },
    }


@router.get("/me/privacy-requests", response=responses({200: list[PrivacyRequestOut]}))
def my_requests(request: HttpRequest) -> list[dict[str, Any]]:
    """The caller's requests about their data, newest first, with their status and answer."""
    return [request_payload(r) for r in selectors.requests_of(_caller(request))]


@router.post("/me/privacy-requests", response=responses({201: PrivacyRequestOut}, 429))
def file_request(request: HttpRequest, payload: PrivacyRequestIn) -> Status[dict[str, Any]]:
    """Files a request the person cannot serve themselves (NIK correction, objection, complaint,
    other). Answered within 3×24 hours."""
    found = services.file_request(user=_caller(request), kind=payload.kind, details=payload.details, nik=payload.nik)
    return Status(201, request_payload(found))


@router.get("/privacy/requests", response=responses({200: QueueOut}))
def queue(request: HttpRequest, answered: bool = False, page: int = 1) -> dict[str, Any]:
    """Platform admins: open requests, overdue first then due soonest (or the answered ones)."""
    viewer = _caller(request)
    found = Paginator(selectors.request_queue(viewer, answered=answered), QUEUE_PAGE_SIZE).get_page(page)
    return {
        "count": found.paginator.count,
        "overdue": selectors.overdue_count(viewer),
        "page": found.number,
        "pages": found.paginator.num_pages,
        "items": [_queued(r) for r in found],
    }


@router.post("/privacy/requests/{request_id}/answer", response=responses({200: QueuedRequestOut}, 404, 409))
def answer(request: HttpRequest, request_id: int, payload: AnswerIn) -> dict[str, Any]:
    """Platform admins: answers a request with what was done and the outcome; for a NIK correction,
    `apply_nik` applies the corrected NIK (one account per NIK)."""
    services.answer_request(admin=_caller(request), request_id=request_id, **payload.dict(), http_request=request)
    return _queued(selectors.request_for_admin(_caller(request), request_id))
