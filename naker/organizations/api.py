"""Organisations API: people in the viewer's scope, officers, reset codes, NIK reveal (audited)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status

from naker.accounts.phone import mask_phone
from naker.core.schemas import In, Text, json_time, responses
from naker.core.validation import INT32_MAX
from naker.organizations import selectors, services
from naker.organizations.schemas import (
    NikOut,
    OfficerIn,
    OfficerOut,
    OrganizationOut,
    PersonPage,
    ResetCodeOut,
)

if TYPE_CHECKING:
    from naker.accounts.models import User

router = Router(tags=["organizations"])


class PageQuery(In):
    page: int = Field(default=1, ge=1, le=INT32_MAX, description="Page number (an offset: slower deep in a long list)")
    after: str = Field(
        default="",
        max_length=64,
        pattern=r"^(\d{1,19}\.\d{1,19}\.\d{1,19})?$",
        description="The `next` cursor of the page before (fast on any page); wins over `page`",
    )


class RevealQuery(Schema):
    reason: str = Field("", max_length=services.MAX_REASON_LENGTH, description="Why the whole NIK is needed (audited).")


def _caller(request: HttpRequest) -> User:
    # Every operation here requires authentication (the API's default auth): the caller is our User.
    return cast("User", request.user)


@router.get("/{code}", response=responses({200: OrganizationOut}, 404))
def organization(request: HttpRequest, code: Text) -> dict[str, Any]:
    org = selectors.organization_overseen_by(_caller(request), code)
    return {
        "code": org.code,
        "name": org.name,
        "kind": org.kind,
        "level": org.level,
        "parent": org.ancestor_codes[-2] if len(org.ancestor_codes) > 1 else None,
    }


@router.get("/{code}/members", response=responses({200: PersonPage}, 404))
def members(request: HttpRequest, code: Text, query: Query[PageQuery]) -> HttpResponse:
    """Members of this organisation and of every organisation below it (for a chamber: the workers of
    its region), newest first, 50 a page. Only for its officers, those above it, and platform admins.
    `count` is exact up to 1,000 people; above that it is an estimate from the dashboards' figures
    (`count_exact` false), not counted at all where those say 2,000 or more, and `pages` follows it.
    `next` is the cursor of the following page (pass it as `after`), null on the last page."""
    page = selectors.member_list(_caller(request), code, after=query.after, page=query.page, phone=True).page
    return HttpResponse(person_page_json(page), content_type="application/json; charset=utf-8")


def person_page_json(page: selectors.PeoplePage) -> str:
    """The `PersonPage` of a page of people, as ninja would render it (`PersonPage` validated, dumped
    and encoded by its `NinjaJSONEncoder`; a test holds the two equal), made directly from the rows:
    the rows are already the schema's types, and validating and encoding 50 of them through pydantic
    and the encoder's `default` per datetime cost more than the rest of the call (issue 13). The
    declared response (`PersonPage`) still makes the OpenAPI schema."""
    return json.dumps(
        {
            "count": page.count.value,
            "count_exact": page.count.exact,
            "page": page.number,
            "pages": page.pages,
            "next": page.next_cursor,
            "items": [
                {
                    "id": row["id"],
                    "full_name": row["full_name"],
                    "phone_masked": mask_phone(row["phone"] or ""),
                    "nik_masked": row["nik_masked"],
                    "regency": row["regency"],
                    "date_joined": json_time(row["date_joined"]),
                }
                for row in page.items
            ],
        }
    )


@router.get("/{code}/members/{user_id}/nik", response=responses({200: NikOut}, 404))
def reveal_nik(request: HttpRequest, code: Text, user_id: int, query: Query[RevealQuery]) -> dict[str, str]:
    """The member's whole NIK, for an officer of the member's union (or one above it) or a platform
    admin, with a stated `reason` (required). Chambers never see a whole NIK. Every call is written,
    with its reason, to the audit log the member can read."""
    nik = services.reveal_nik(
        actor=_caller(request), org_code=code, user_id=user_id, reason=query.reason, request=request
    )
    return {"nik": nik}


@router.post("/{code}/members/{user_id}/reset-code", response=responses({201: ResetCodeOut}, 404))
def reset_code(request: HttpRequest, code: Text, user_id: int) -> Status[dict[str, Any]]:
    """A one-time password reset code to hand to a member who has no email (audited)."""
    raw = services.hand_out_reset_code(actor=_caller(request), org_code=code, user_id=user_id, request=request)
    return Status(201, {"code": raw, "valid_minutes": settings.NAKER_RESET_CODE_TTL_MINUTES})


@router.post("/{code}/members/{user_id}/unlock", response=responses({204: None}, 404))
def unlock_member(request: HttpRequest, code: Text, user_id: int) -> Status[None]:
    """Lifts the login lock on a member's account (after too many wrong passwords)."""
    services.unlock_member(actor=_caller(request), org_code=code, user_id=user_id)
    return Status(204, None)


@router.get("/{code}/officers", response=responses({200: list[OfficerOut]}, 404))
def officers(request: HttpRequest, code: Text) -> list[dict[str, Any]]:
    org = selectors.organization_overseen_by(_caller(request), code)
    return [{"user_id": m.user_id, "full_name": m.user.full_name, "role": m.role} for m in selectors.officers_of(org)]


@router.post("/{code}/officers", response=responses({201: OfficerOut}, 404))
def add_officer(request: HttpRequest, code: Text, payload: OfficerIn) -> Status[dict[str, Any]]:
    m = services.add_officer(
        actor=_caller(request), org_code=code, login=payload.login, role=payload.role, request=request
    )
    return Status(201, {"user_id": m.user_id, "full_name": m.user.full_name, "role": m.role})


@router.delete("/{code}/officers/{user_id}", response=responses({204: None}, 404, 409))
def remove_officer(request: HttpRequest, code: Text, user_id: int) -> Status[None]:
    services.remove_officer(actor=_caller(request), org_code=code, user_id=user_id, request=request)
    return Status(204, None)
