"""Credentials API: a worker's certificates, their PDF, revocation, and verification for anyone."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from ninja import Router

from naker.accounts.requests import AuthedRequest
from naker.core.schemas import responses
from naker.credentials import pdf, selectors, services
from naker.credentials.models import Credential
from naker.credentials.openbadges import public_url
from naker.credentials.schemas import CredentialDetail, CredentialOut, RevokeIn, VerifyIn, VerifyOut

router = Router(tags=["credentials"])


def _out(c: Credential) -> dict[str, Any]:
    return {
        "id": str(c.public_id),
        "number": c.number or "",
        "kind": c.kind,
        "status": c.status,
        "title": c.title,
        "issuer": c.issuer_name,
        "achieved_at": c.achieved_at,
        "issued_at": c.issued_at,
        "valid_until": c.valid_until,
        "revoked_at": c.revoked_at,
        "verify_url": pdf.verify_url(c),
    }


def _detail(c: Credential) -> dict[str, Any]:
    return {
        **_out(c),
        "holder_name": c.holder_name,
        "hours": float(c.hours) if c.hours is not None else None,
        "skills": list(c.skills or []),
        "revocation_reason": c.revocation_reason,
        "jwt": c.jwt,
        "credential": c.payload,
        "pdf_url": public_url(f"/api/v1/credentials/{c.public_id}/pdf"),
    }


@router.get("/me/credentials", response=responses({200: list[CredentialOut]}))
def my_credentials(request: HttpRequest) -> list[dict[str, Any]]:
    """The caller's certificates, newest first, each with its status."""
    return [_out(c) for c in selectors.certificate_list(request.user)]


@router.post("/credentials/verify", response=responses({200: VerifyOut}, authenticated=False), auth=None)
def verify(request: HttpRequest, payload: VerifyIn) -> dict[str, Any]:
    """Anyone: checks a VC-JWT (signature, key, claims, revocation, dates). Always 200 for a JWT,
    well-formed or not; `valid` and `reason` say what was found."""
    result = selectors.verify_token(payload.jwt)
    return {
        "valid": result.valid,
        "status": result.status,
        "reason": result.reason,
        "message": result.message,
        "revoked_at": result.revoked_at,
        "revocation_reason": result.revocation_reason,
        "credential": result.credential,
    }


@router.get("/credentials/{credential_id}", response=responses({200: CredentialDetail}, 404))
def credential_detail(request: HttpRequest, credential_id: UUID) -> dict[str, Any]:
    """To its holder: the certificate with its signed credential (JWT and JSON)."""
    return _detail(selectors.credential_of_holder(request.user, credential_id))


@router.get(
    "/credentials/{credential_id}/pdf",
    response=responses({200: None}, 404),
    openapi_extra={"responses": {200: {"description": "PDF", "content": {"application/pdf": {}}}}},
)
def credential_pdf(request: HttpRequest, credential_id: UUID, layout: str = "a4") -> HttpResponse:
    """To its holder: the certificate as PDF, `layout=a4` (print) or `layout=phone`."""
    credential = selectors.credential_of_holder(request.user, credential_id)
    body = pdf.render(credential, layout="phone" if layout == "phone" else "a4")
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{credential.number}.pdf"'
    return response


@router.post("/credentials/{credential_id}/revoke", response=responses({200: CredentialOut}, 403, 404, 409))
def revoke(request: AuthedRequest, credential_id: UUID, payload: RevokeIn) -> dict[str, Any]:
    """The issuer's staff (a provider, for its own courses) or a platform admin revokes, with a reason."""
    return _out(services.revoke_credential(actor=request.user, public_id=credential_id, reason=payload.reason))
