"""Jobs API: opportunities (post, review, browse), applications and their stages, licences, vouching,
flags, train-to-hire, the Karirhub report, the employer's dashboard and the placements report."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from naker.accounts.api_auth import optional_user
from naker.accounts.requests import AuthedRequest
from naker.core import fragments
from naker.core.exports import table_response
from naker.core.schemas import Id, Text, json_time, responses
from naker.jobs import selectors, services
from naker.jobs.schemas import (
    ApplicantOut,
    ApplicationOut,
    ApplyIn,
    AutoApplyOut,
    CommitmentIn,
    CommitmentOut,
    DashboardOut,
    FlagIn,
    FlagOut,
    LicenceIn,
    LicenceOut,
    OpportunityDetail,
    OpportunityIn,
    OpportunityPage,
    PlacementReportOut,
    PostOut,
    ReportedIn,
    ResolveIn,
    ReviewIn,
    SearchQuery,
    StageIn,
    VouchIn,
)

if TYPE_CHECKING:
    from naker.jobs.models import Application, Opportunity, PosterFlag

router = Router(tags=["jobs"])


def data_of(payload: OpportunityIn) -> services.OpportunityData:
    body = payload.dict()
    skills = [services.SkillWanted(**s) for s in body.pop("skills")]
    return services.OpportunityData(**body, skills=skills)


def card(o: Opportunity) -> dict[str, Any]:
    return {
        "id": o.pk,
        "kind": o.kind,
        "title": o.title,
        "employer": o.employer.name,
        "employer_code": o.employer.code,
        "regency": o.regency.name if o.regency else None,
        "province": o.province.name if o.province else None,
        "remote": o.remote,
        "pay_min": o.pay_min,
        "pay_max": o.pay_max,
        "currency": o.currency,
        "pay_basis": o.pay_basis,
        "closes_on": o.closes_on,
        "open": selectors.is_open(o),
        "vouched_by": o.vouched_by.name if o.vouched_by else None,
        "destination_country": o.destination_country,
    }


def detail(o: Opportunity) -> dict[str, Any]:
    commitment = selectors.commitment_of(o)
    licence = o.licence
    return {
        **card(o),
        "status": o.status,
        "description": o.description,
        "employment": o.employment,
        "education": o.education,
        "experience_years": o.experience_years,
        "openings": o.openings,
        "skills": [
            {"code": s.skill_id, "name": s.skill.name, "level": s.level, "required": s.required} for s in o.skills.all()
        ],
        "preferred_courses": [c.code for c in o.preferred_courses.all()],
        "preferred_scheme_codes": list(o.preferred_scheme_codes or []),
        "language_requirement": o.language_requirement,
        "placement_costs": o.placement_costs,
        "worker_costs_idr": o.worker_costs_idr,
        "licence": (
            {
                "number": licence.number,
                "valid_from": licence.valid_from,
                "valid_until": licence.valid_until,
                "valid_today": licence.is_valid_on(selectors.today()),
            }
            if licence
            else None
        ),
        "commitment": (
            {
                "interview_by": commitment.interview_by,
                "courses": [c.code for c in commitment.courses.all()],
                "sponsored_course": commitment.sponsored_course.code if commitment.sponsored_course else None,
                "sponsored_seats": commitment.sponsored_seats,
            }
            if commitment
            else None
        ),
        "review_reason": o.review_reason,
        "published_at": o.published_at,
        "reported_to_karirhub_on": o.reported_to_karirhub_on,
    }


def steps(a: Application) -> list[dict[str, Any]]:
    return [{"stage": s.stage, "at": s.at, "note": s.note} for s in a.steps.all()]


def application_out(a: Application) -> dict[str, Any]:
    return {
        "id": a.pk,
        "opportunity_id": a.opportunity_id,
        "opportunity": a.opportunity.title,
        "employer": a.opportunity.employer.name,
        "stage": a.stage,
        "source": a.source,
        "applied_at": a.applied_at,
        "steps": steps(a),
    }


def applicant_out(a: selectors.ApplicantRow) -> dict[str, Any]:
    return {
        "id": a.pk,
        "name": a.name,
        "phone": a.phone,
        "email": a.email,
        "regency": a.regency if a.has_profile else None,
        "education": a.education if a.has_profile else "",
        "stage": a.stage,
        "source": a.source,
        "message": a.message,
        "applied_at": a.applied_at,
        "certificates": a.certificates,
        "steps": a.steps,
        "cursor": a.cursor,
    }


def applicants_json(rows: list[selectors.ApplicantRow]) -> str:
    """`list[ApplicantOut]` of the rows as ninja would write it (validated, dumped and encoded by its
    `NinjaJSONEncoder`; a test holds the two equal), made directly from them: the rows are already the
    schema's types, and validating and encoding a hundred through pydantic cost more than reading them
    (issue 13). The declared response still makes the OpenAPI schema."""
    return json.dumps(
        [
            {
                **applicant_out(a),
                "applied_at": json_time(a.applied_at),
                "steps": [{"stage": s["stage"], "at": json_time(s["at"]), "note": s["note"]} for s in a.steps],
            }
            for a in rows
        ]
    )


def flag_out(f: PosterFlag) -> dict[str, Any]:
    return {
        "id": f.pk,
        "employer": f.employer.name,
        "employer_code": f.employer.code,
        "union": f.union.name,
        "opportunity_id": f.opportunity_id,
        "reason": f.reason,
        "created_at": f.created_at,
        "resolved_at": f.resolved_at,
        "resolution": f.resolution,
    }


# --- opportunities -------------------------------------------------------------------------------------


@router.get("/opportunities", response=responses({200: OpportunityPage}, authenticated=False), auth=None)
def search_opportunities(request: HttpRequest, query: Query[SearchQuery]) -> OpportunityPage:
    """Open opportunities, newest first, 20 a page. `q` matches title and description (Indonesian
    affixes understood); `kind`, `regency` (code), `province` (code), `remote` narrow the list."""
    filters = selectors.OpportunityFilters(**query.dict())

    def answer() -> OpportunityPage:
        page = selectors.search_opportunities(filters)
        return OpportunityPage.model_validate(
            {
                "count": page.paginator.count,
                "page": page.number,
                "pages": page.paginator.num_pages,
                "items": [card(o) for o in page.object_list],
            }
        )

    # The same for everyone who asks the same: kept a short time (selectors.SHARED_SECONDS, issue 13),
    # validated once (django-ninja does not validate again an instance of the response's schema).
    return fragments.remember(selectors.shared_key("api-opportunities", filters), selectors.SHARED_SECONDS, answer)


@router.get(
    "/opportunities/{opportunity_id}", response=responses({200: OpportunityDetail}, 404, authenticated=False), auth=None
)
def opportunity_detail(request: HttpRequest, opportunity_id: Id) -> dict[str, Any]:
    """A published opportunity (to anyone); a pending, rejected or closed one to its company's staff."""
    return detail(selectors.opportunity_for(optional_user(request), opportunity_id))


@router.post("/employers/{code}/opportunities", response=responses({201: OpportunityDetail}, 403, 404))
def post_opportunity(request: AuthedRequest, code: Text, payload: OpportunityIn) -> Status[dict[str, Any]]:
    """The company's staff post an opportunity; it shows once a platform admin publishes it. A
    work-abroad post needs the agency's valid SIP3MI licence."""
    o = services.post_opportunity(actor=request.user, employer_code=code, data=data_of(payload))
    return Status(201, detail(selectors.opportunity_for(request.user, o.pk)))


@router.get("/employers/{code}/opportunities", response=responses({200: list[PostOut]}, 403, 404))
def employer_posts(request: AuthedRequest, code: Text, after: Text = "") -> list[dict[str, Any]]:
    """The company's posts, newest first, 100 at a time, with their status, applicants per stage and
    Karirhub reporting status; `after=<cursor>` of the last one gives the next 100."""
    org, rows = selectors.posts_of(request.user, code, after)
    return [
        {
            "opportunity": {
                "id": r.pk,
                "kind": r.kind,
                "title": r.title,
                "employer": org.name,
                "employer_code": org.code,
                "regency": r.regency,
                "province": r.province,
                "remote": r.remote,
                "pay_min": r.pay_min,
                "pay_max": r.pay_max,
                "currency": r.currency,
                "pay_basis": r.pay_basis,
                "closes_on": r.closes_on,
                "open": r.open,
                "vouched_by": r.vouched_by,
                "destination_country": r.destination_country,
            },
            "status": r.status,
            "applicants": r.applicants,
            "hires": r.hires,
            "by_stage": r.by_stage,
            "reported_to_karirhub_on": r.reported_to_karirhub_on,
            "cursor": r.cursor,
        }
        for r in rows
    ]


@router.put("/opportunities/{opportunity_id}", response=responses({200: OpportunityDetail}, 403, 404, 409))
def edit_opportunity(request: AuthedRequest, opportunity_id: Id, payload: OpportunityIn) -> dict[str, Any]:
    """The staff change a post; it goes back to review."""
    o = services.edit_opportunity(actor=request.user, opportunity_id=opportunity_id, data=data_of(payload))
    return detail(selectors.opportunity_for(request.user, o.pk))


@router.post("/opportunities/{opportunity_id}/close", response=responses({200: OpportunityDetail}, 403, 404))
def close_opportunity(request: AuthedRequest, opportunity_id: Id) -> dict[str, Any]:
    """The staff close a post: it stops taking applications at once."""
    o = services.close_opportunity(actor=request.user, opportunity_id=opportunity_id)
    return detail(selectors.opportunity_for(request.user, o.pk))


@router.post("/opportunities/{opportunity_id}/review", response=responses({200: OpportunityDetail}, 403, 404, 409))
def review(request: AuthedRequest, opportunity_id: Id, payload: ReviewIn) -> dict[str, Any]:
    """A platform admin publishes a post or rejects it with a reason."""
    o = services.review_opportunity(
        actor=request.user, opportunity_id=opportunity_id, decision=payload.decision, reason=payload.reason
    )
    return detail(selectors.opportunity_for(request.user, o.pk))


@router.post("/opportunities/{opportunity_id}/vouch", response=responses({200: OpportunityDetail}, 403, 404, 409))
def vouch(request: AuthedRequest, opportunity_id: Id, payload: VouchIn) -> dict[str, Any]:
    """An officer of the Kadin chapter whose region holds the member company vouches for its post."""
    o = services.vouch(actor=request.user, opportunity_id=opportunity_id, chamber_code=payload.chamber_code)
    return detail(selectors.opportunity_for(request.user, o.pk))


@router.post("/opportunities/{opportunity_id}/karirhub-report", response=responses({200: OpportunityDetail}, 403, 404))
def mark_reported(request: AuthedRequest, opportunity_id: Id, payload: ReportedIn) -> dict[str, Any]:
    """The staff record that the post was reported to SIAPkerja/Karirhub (today, or the day given)."""
    o = services.mark_reported(actor=request.user, opportunity_id=opportunity_id, reported_on=payload.reported_on)
    return detail(selectors.opportunity_for(request.user, o.pk))


@router.put("/opportunities/{opportunity_id}/commitment", response=responses({200: CommitmentOut}, 403, 404))
def set_commitment(request: AuthedRequest, opportunity_id: Id, payload: CommitmentIn) -> dict[str, Any]:
    """Train to hire: the employer will interview everyone who completes the path by a date."""
    c = services.set_commitment(actor=request.user, opportunity_id=opportunity_id, **payload.dict())
    return {
        "interview_by": c.interview_by,
        "courses": [course.code for course in c.courses.all()],
        "sponsored_course": c.sponsored_course.code if c.sponsored_course else None,
        "sponsored_seats": c.sponsored_seats,
    }


@router.post("/opportunities/{opportunity_id}/auto-apply", response=responses({200: AutoApplyOut}, 403, 404, 409))
def auto_apply(request: AuthedRequest, opportunity_id: Id) -> dict[str, Any]:
    """The worker asks to be applied automatically once they complete the path (at once if done)."""
    services.ask_auto_apply(worker=request.user, opportunity_id=opportunity_id)
    o = selectors.opportunity_for(request.user, opportunity_id)
    found = selectors.application_of_worker(request.user, o)
    return {"opportunity_id": o.pk, "requested": True, "application_id": found.pk if found else None}


# --- applications ------------------------------------------------------------------------------------------


@router.post(
    "/opportunities/{opportunity_id}/applications",
    response=responses({200: ApplicationOut, 201: ApplicationOut}, 403, 404, 409),
)
def apply(request: AuthedRequest, opportunity_id: Id, payload: ApplyIn) -> Status[dict[str, Any]]:
    """The worker applies with their profile and chosen certificates. Applying again answers the same
    application (200)."""
    application, created = services.apply_to(
        worker=request.user,
        opportunity_id=opportunity_id,
        credential_ids=payload.credential_ids,
        message=payload.message,
    )
    return Status(201 if created else 200, application_out(selectors.application_of(request.user, application.pk)))


@router.get("/me/applications", response=responses({200: list[ApplicationOut]}))
def my_applications(request: AuthedRequest) -> list[dict[str, Any]]:
    """The worker's applications, newest first, with each step and its date."""
    return [application_out(a) for a in selectors.applications_of(request.user)]


@router.delete("/applications/{application_id}", response=responses({200: ApplicationOut}, 404, 409))
def withdraw(request: AuthedRequest, application_id: Id) -> dict[str, Any]:
    """The worker withdraws their application."""
    services.withdraw(worker=request.user, application_id=application_id)
    return application_out(selectors.application_of(request.user, application_id))


@router.get("/opportunities/{opportunity_id}/applications", response=responses({200: list[ApplicantOut]}, 403, 404))
def applicants(request: AuthedRequest, opportunity_id: Id, after: Text = "") -> HttpResponse:
    """The post's applicants with their contact and chosen certificates: its company's staff only. At
    most 100 in the order they applied; `after=<applied µs>.<id>` of the last one gives the next."""
    _o, rows = selectors.applicants_for(request.user, opportunity_id, after, steps=True)
    return HttpResponse(applicants_json(rows), content_type="application/json; charset=utf-8")


@router.post("/applications/{application_id}/stage", response=responses({200: ApplicantOut}, 403, 404, 409))
def move(request: AuthedRequest, application_id: Id, payload: StageIn) -> dict[str, Any]:
    """The employer moves an application to its next stage (hiring records a placement)."""
    services.move_application(actor=request.user, application_id=application_id, stage=payload.stage, note=payload.note)
    return applicant_out(selectors.applicant(request.user, application_id))


# --- employers: licence, flags, Karirhub, dashboard ---------------------------------------------------------


@router.put("/employers/{code}/licence", response=responses({200: LicenceOut}, 403, 404))
def record_licence(request: AuthedRequest, code: Text, payload: LicenceIn) -> dict[str, Any]:
    """A platform admin records a placement agency's SIP3MI licence number and validity."""
    licence = services.record_licence(actor=request.user, employer_code=code, **payload.dict())
    return {
        "number": licence.number,
        "valid_from": licence.valid_from,
        "valid_until": licence.valid_until,
        "valid_today": licence.is_valid_on(selectors.today()),
    }


@router.post("/employers/{code}/flags", response=responses({201: FlagOut}, 403, 404))
def flag(request: AuthedRequest, code: Text, payload: FlagIn) -> Status[dict[str, Any]]:
    """A union officer flags a poster as abusive or fake: it hides nothing, the admin reviews it."""
    return Status(201, flag_out(services.flag_poster(actor=request.user, employer_code=code, **payload.dict())))


@router.get("/flags", response=responses({200: list[FlagOut]}, 403))
def flags(request: AuthedRequest) -> list[dict[str, Any]]:
    """The admin's queue of unresolved flags, oldest first."""
    return [flag_out(f) for f in selectors.open_flags(request.user)]


@router.post("/flags/{flag_id}/resolution", response=responses({200: FlagOut}, 403, 404, 409))
def resolve(request: AuthedRequest, flag_id: Id, payload: ResolveIn) -> dict[str, Any]:
    """A platform admin closes a flag with what was found and done."""
    f = services.resolve_flag(actor=request.user, flag_id=flag_id, resolution=payload.resolution)
    return flag_out(selectors.flag(f.pk) or f)


@router.get(
    "/employers/{code}/karirhub",
    response=responses({200: None}, 403, 404),
    openapi_extra={
        "responses": {200: {"description": "CSV or XLSX", "content": {"text/csv": {}, "application/vnd.ms-excel": {}}}}
    },
)
def karirhub(request: AuthedRequest, code: Text, format: str = "csv") -> HttpResponse:
    """Every post of the company in the fields of the SIAPkerja/Karirhub vacancy report (Perpres
    57/2023), as CSV (`format=csv`) or XLSX (`format=xlsx`)."""
    org, rows = selectors.karirhub_rows(request.user, code)
    return table_response(rows, "xlsx" if format == "xlsx" else "csv", f"karirhub-{org.code}", sheet="lowongan")


@router.get("/employers/{code}/dashboard", response=responses({200: DashboardOut}, 403, 404))
def dashboard(request: AuthedRequest, code: Text) -> dict[str, Any]:
    """The company's posts, applicants per stage, median days to hire, hires by source course."""
    d = selectors.employer_dashboard(request.user, code)  # kept per company (selectors.board_of)
    return {
        "employer": d.employer.name,
        "posts_by_status": d.posts_by_status,
        "applicants_by_stage": d.applicants_by_stage,
        "median_days_to_hire": d.median_days_to_hire,
        "hires": d.hires,
        "hires_by_course": d.hires_by_course,
    }


@router.get("/placements/report", response=responses({200: PlacementReportOut}, 403))
def placement_report(request: AuthedRequest, scope: Text = "") -> dict[str, Any]:
    """Union and chamber officers: applications and placements in their scope by region, kind and
    sector, the opportunities people were placed in, abroad by destination and agency. Counts under
    5 are null (hidden); the others are rounded to 5."""
    r = selectors.placement_report(request.user, scope or None)

    def cells(rows: list[tuple[str, int | None]]) -> list[dict[str, Any]]:
        return [{"label": label, "count": n} for label, n in rows]

    return {
        "scope": r.scope.key,
        "scope_name": r.scope.name,
        "scopes": [s.key for s in r.scopes],
        "applications": r.totals["applications"],
        "placements": r.totals["placements"],
        "applications_by_region": cells(r.applications_by_region),
        "placements_by_region": cells(r.placements_by_region),
        "applications_by_kind": cells(r.applications_by_kind),
        "placements_by_kind": cells(r.placements_by_kind),
        "placements_by_sector": cells(r.placements_by_sector),
        "opportunities": cells(r.opportunities),
        "abroad": cells(r.abroad),
    }
