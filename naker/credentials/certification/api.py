"""Competency certification API: schemes for anyone, a worker's applications, the LSP's checks,
schedules and decisions, the assessor's results, evidence files for those who may see them."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpRequest
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from naker.accounts.requests import AuthedRequest
from naker.core.schemas import Text, responses
from naker.credentials.certification import errors, files, selectors, services
from naker.credentials.certification.models import Application, Assessor, Evidence, Scheme, Venue
from naker.credentials.certification.schemas import (
    AppealIn,
    ApplicationDetail,
    ApplicationOut,
    ApplyIn,
    AssessmentIn,
    AssessorIn,
    AssessorOut,
    CheckIn,
    CourseCertificatesOut,
    DecisionIn,
    EvidenceOut,
    LspOut,
    ScheduleIn,
    SchemeIn,
    SchemeOut,
    VenueIn,
    VenueOut,
)

router = Router(tags=["certification"])


def scheme_out(scheme: Scheme) -> dict[str, Any]:
    units = list(scheme.units.all())
    elements = selectors.unit_elements(u.code for u in units)
    return {
        "id": scheme.pk,
        "code": scheme.code,
        "name": scheme.name,
        "kind": scheme.kind,
        "kkni_level": scheme.kkni_level,
        "lsp": scheme.lsp.name,
        "lsp_code": scheme.lsp.code,
        "requirements": scheme.requirements,
        "fee": scheme.fee,
        "validity_years": scheme.validity_years,
        "appeal_days": scheme.appeal_days,
        "units": [
            {
                "code": u.code,
                "title": u.name_id,
                "decree": u.decree,
                "elements": [
                    {"id": e.pk, "position": e.position, "title": e.title, "criteria": e.criteria}
                    for e in elements.get(u.code, [])
                ],
            }
            for u in units
        ],
    }


def application_out(a: Application) -> dict[str, Any]:
    return {
        "id": a.pk,
        "scheme_id": a.scheme_id,
        "scheme_code": a.scheme.code,
        "scheme_name": a.scheme.name,
        "lsp": a.scheme.lsp.name,
        "candidate": a.worker.full_name,
        "purpose": a.purpose,
        "status": a.status,
        "status_label": str(a.get_status_display()),
        "submitted_at": a.submitted_at,
        "next_step": selectors.next_step_text(a),
    }


def evidence_out(e: Evidence) -> dict[str, Any]:
    return {
        "id": e.pk,
        "kind": e.kind,
        "unit": e.skill_id,
        "name": e.original_name or (e.credential.title if e.credential else ""),
        "content_type": e.content_type,
        "size": e.size,
        "credential_id": str(e.credential.public_id) if e.credential else None,
    }


def application_detail(viewer: Any, application_id: int) -> dict[str, Any]:
    screen = selectors.application_screen(viewer, application_id)
    a = screen.access.application
    return {
        **application_out(a),
        "next_step": screen.next_step,
        "personal": a.personal,
        "check_note": a.check_note,
        "assessment_at": a.assessment_at,
        "venue": f"{a.venue.name}, {a.venue.regency.name}" if a.venue else None,
        "assessor": f"{a.assessor.name} ({a.assessor.registration_number})" if a.assessor else None,
        "appeal_until": a.appeal_until,
        "appeal_open": screen.appeal_open,
        "appeal_text": a.appeal_text,
        "certificate_id": str(a.certificate.public_id) if a.certificate else None,
        "units": [
            {
                "code": row.unit.skill_id,
                "title": row.unit.skill.name_id,
                "elements": [
                    {
                        "id": e.pk,
                        "title": e.title,
                        "criteria": e.criteria,
                        "self_competent": bool(row.unit.self_assessment.get(str(e.pk))),
                    }
                    for e in row.elements
                ],
                "result": row.unit.result,
                "methods": row.unit.methods,
                "note": row.unit.note,
                "courses": [{"code": c.code, "title": c.title} for c in row.courses],
            }
            for row in screen.units
        ],
        "evidence": [evidence_out(e) for e in screen.evidence],
        "steps": [
            {"at": s.at, "status": s.status, "label": str(Application.Status(s.status).label), "note": s.note}
            for s in screen.steps
        ],
    }


def _venue_out(v: Venue) -> dict[str, Any]:
    return {"id": v.pk, "name": v.name, "kind": v.kind, "regency": v.regency.name, "address": v.address}


def _assessor_out(a: Assessor) -> dict[str, Any]:
    return {"id": a.pk, "name": a.name, "registration_number": a.registration_number}


# --- schemes (anyone) ----------------------------------------------------------------------------


@router.get("/certification/schemes", response=responses({200: list[SchemeOut]}, authenticated=False), auth=None)
def schemes(request: HttpRequest) -> list[dict[str, Any]]:
    """Open certification schemes of every LSP, with their SKKNI units and elements."""
    return [scheme_out(s) for s in selectors.open_schemes()]


@router.get(
    "/certification/schemes/{scheme_id}", response=responses({200: SchemeOut}, 404, authenticated=False), auth=None
)
def scheme(request: HttpRequest, scheme_id: int) -> dict[str, Any]:
    return scheme_out(selectors.scheme(scheme_id))


# --- the worker ----------------------------------------------------------------------------------


@router.post(
    "/certification/schemes/{scheme_id}/applications", response=responses({201: ApplicationDetail}, 403, 404, 409)
)
def apply(request: AuthedRequest, scheme_id: int, payload: ApplyIn) -> Status[dict[str, Any]]:
    """FR.APL.01 (prefilled from the profile) and FR.APL.02 (the elements judged competent)."""
    application = services.apply(
        worker=request.user, scheme_id=scheme_id, purpose=payload.purpose, competent_elements=payload.competent_elements
    )
    return Status(201, application_detail(request.user, application.pk))


@router.get("/me/certification/applications", response=responses({200: list[ApplicationOut]}))
def my_applications(request: HttpRequest) -> list[dict[str, Any]]:
    return [application_out(a) for a in selectors.applications_of(request.user)]


@router.get("/certification/applications/{application_id}", response=responses({200: ApplicationDetail}, 404))
def application(request: HttpRequest, application_id: int) -> dict[str, Any]:
    """To the worker, the LSP's staff and the assigned assessor: every step with its date."""
    return application_detail(request.user, application_id)


@router.post(
    "/certification/applications/{application_id}/evidence", response=responses({201: EvidenceOut}, 404, 409, 413)
)
def add_evidence(
    request: AuthedRequest, application_id: int, file: File[UploadedFile], unit: Form[str] = ""
) -> Status[dict[str, Any]]:
    """An evidence file (PDF, PNG or JPEG, checked by content; 5 MB at most) for a unit or the whole application."""
    evidence = services.add_evidence(
        actor=request.user,
        application_id=application_id,
        upload=file,
        name=file.name or "",
        size=file.size or 0,
        skill_code=unit,
    )
    return Status(201, evidence_out(evidence))


@router.get(
    "/certification/evidence/{evidence_id}",
    response=responses({200: None}, 404),
    openapi_extra={"responses": {200: {"description": "the file", "content": {"application/octet-stream": {}}}}},
)
def evidence_file(request: HttpRequest, evidence_id: int) -> FileResponse:
    """The evidence file, to the worker, the LSP's staff and the assigned assessor only."""
    return evidence_response(request.user, evidence_id)


def evidence_response(viewer: Any, evidence_id: int) -> FileResponse:
    evidence = selectors.evidence_for(viewer, evidence_id)
    handle = files.open_file(evidence.file_name)
    if handle is None:
        raise errors.EvidenceFileMissing()
    response = FileResponse(
        handle, content_type=evidence.content_type, as_attachment=True, filename=evidence.original_name
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.post(
    "/certification/applications/{application_id}/resubmission", response=responses({200: ApplicationOut}, 404, 409)
)
def resubmit(request: AuthedRequest, application_id: int) -> dict[str, Any]:
    return application_out(services.resubmit(actor=request.user, application_id=application_id))


@router.post("/certification/applications/{application_id}/appeal", response=responses({200: ApplicationOut}, 404, 409))
def appeal(request: AuthedRequest, application_id: int, payload: AppealIn) -> dict[str, Any]:
    return application_out(services.appeal(actor=request.user, application_id=application_id, text=payload.text))


# --- the LSP's staff and assessors ---------------------------------------------------------------


@router.post(
    "/certification/applications/{application_id}/check", response=responses({200: ApplicationOut}, 403, 404, 409)
)
def check(request: AuthedRequest, application_id: int, payload: CheckIn) -> dict[str, Any]:
    """The LSP's staff: complete, needs more (with what) or refused (with reasons)."""
    a = services.check_application(
        actor=request.user, application_id=application_id, outcome=payload.outcome, note=payload.note
    )
    return application_out(a)


@router.post(
    "/certification/applications/{application_id}/schedule", response=responses({200: ApplicationOut}, 403, 404, 409)
)
def schedule(request: AuthedRequest, application_id: int, payload: ScheduleIn) -> dict[str, Any]:
    a = services.schedule_assessment(
        actor=request.user,
        application_id=application_id,
        at=payload.at,
        venue_id=payload.venue_id,
        assessor_id=payload.assessor_id,
    )
    return application_out(a)


@router.post(
    "/certification/applications/{application_id}/assessment", response=responses({200: ApplicationOut}, 403, 404, 409)
)
def assess(request: AuthedRequest, application_id: int, payload: AssessmentIn) -> dict[str, Any]:
    """The assigned assessor: K or BK per unit with the methods used."""
    results = {code: r.dict() for code, r in payload.results.items()}
    return application_out(
        services.record_assessment(actor=request.user, application_id=application_id, results=results)
    )


@router.post(
    "/certification/applications/{application_id}/decision", response=responses({200: ApplicationDetail}, 403, 404, 409)
)
def decide(request: AuthedRequest, application_id: int, payload: DecisionIn) -> dict[str, Any]:
    """The LSP's decision: every unit K issues the competency certificate (issuer: the LSP); once."""
    a = services.decide(actor=request.user, application_id=application_id, note=payload.note)
    return application_detail(request.user, a.pk)


@router.get("/me/assessments", response=responses({200: list[ApplicationOut]}))
def my_assessments(request: HttpRequest) -> list[dict[str, Any]]:
    """An assessor's candidates: only those assigned to them."""
    return [application_out(a) for a in selectors.applications_for_assessor(request.user)]


@router.get("/certification/lsps/{lsp_code}", response=responses({200: LspOut}, 403, 404))
def lsp(request: HttpRequest, lsp_code: Text) -> dict[str, Any]:
    org = selectors.lsp_for_staff(request.user, lsp_code)
    return {
        "code": org.code,
        "name": org.name,
        "schemes": [scheme_out(s) for s in selectors.schemes_of_lsp(org).select_related("lsp")],
        "venues": [_venue_out(v) for v in selectors.venues_of(org)],
        "assessors": [_assessor_out(a) for a in selectors.assessors_of(org)],
    }


@router.get("/certification/lsps/{lsp_code}/applications", response=responses({200: list[ApplicationOut]}, 403, 404))
def lsp_applications(request: HttpRequest, lsp_code: Text, status: Text = "") -> list[dict[str, Any]]:
    return [application_out(a) for a in selectors.applications_for_lsp(request.user, lsp_code, status)]


@router.post("/certification/lsps/{lsp_code}/schemes", response=responses({201: SchemeOut}, 403, 404))
def create_scheme(request: AuthedRequest, lsp_code: Text, payload: SchemeIn) -> Status[dict[str, Any]]:
    s = services.create_scheme(actor=request.user, lsp_code=lsp_code, **payload.dict())
    return Status(201, scheme_out(selectors.schemes_of_lsp(s.lsp).select_related("lsp").get(pk=s.pk)))


@router.post("/certification/lsps/{lsp_code}/venues", response=responses({201: VenueOut}, 403, 404))
def add_venue(request: AuthedRequest, lsp_code: Text, payload: VenueIn) -> Status[dict[str, Any]]:
    v = services.add_venue(actor=request.user, lsp_code=lsp_code, **payload.dict())
    return Status(201, _venue_out(v))


@router.post("/certification/lsps/{lsp_code}/assessors", response=responses({201: AssessorOut}, 403, 404))
def add_assessor(request: AuthedRequest, lsp_code: Text, payload: AssessorIn) -> Status[dict[str, Any]]:
    return Status(201, _assessor_out(services.add_assessor(actor=request.user, lsp_code=lsp_code, **payload.dict())))


# --- providers: certificates per course ----------------------------------------------------------


@router.get("/providers/{provider}/certificates", response=responses({200: list[CourseCertificatesOut]}, 403, 404))
def certificates_per_course(request: HttpRequest, provider: Text) -> list[dict[str, Any]]:
    """The provider's staff: course certificates issued (and revoked) per course."""
    return [
        {"course": r["course__code"], "title": r["title"], "issued": r["issued"], "revoked": r["revoked"]}
        for r in selectors.certificates_per_course(request.user, provider)
    ]
