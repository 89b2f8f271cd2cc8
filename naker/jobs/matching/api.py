"""Matching API: a worker's skills, preferences, ranked opportunities and learning paths; an employer's
ranked candidates and invitations to apply. As thin as the pages: both call the same selectors and
services."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from naker.accounts.requests import AuthedRequest
from naker.core import fragments
from naker.core.schemas import Id, Text, responses
from naker.jobs.matching import selectors, services
from naker.jobs.matching.schemas import (
    CandidateOut,
    EnrolledOut,
    FiltersIn,
    InvitationOut,
    InviteIn,
    LearningPathOut,
    MatchesOut,
    NearIn,
    PreferencesIn,
    PreferencesOut,
    SkillCodeIn,
    SkillLineOut,
)
from naker.jobs.models import JobInvitation, JobPreference, Opportunity
from naker.jobs.selectors import SHARED_SECONDS

router = Router(tags=["matching"])


def _filters(q: FiltersIn) -> selectors.Filters:
    return selectors.Filters(region=q.region, kind=q.kind, verified_only=q.verified_only)


def brief(o: Opportunity) -> dict[str, Any]:
    return {
        "id": o.pk,
        "title": o.title,
        "kind": o.kind,
        "employer": o.employer.name,
        "regency": o.regency.name if o.regency else None,
        "remote": o.remote,
        "pay_min": o.pay_min,
        "pay_max": o.pay_max,
        "currency": o.currency,
        "closes_on": o.closes_on,
    }


def _steps(steps: list[selectors.CourseStep]) -> list[dict[str, Any]]:
    return [
        {
            "code": s.code,
            "title": s.title,
            "provider": s.provider,
            "hours": float(s.hours),
            "price_idr": s.price_idr,
            "free": s.free,
            "mode": s.mode,
            "teaches": s.teaches,
            "near": s.near,
        }
        for s in steps
    ]


def _refs(pairs: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"code": c, "name": n} for c, n in pairs]


def _skills(lines: list[selectors.SkillLine]) -> list[dict[str, Any]]:
    return [
        {
            "code": s.code,
            "name": s.name,
            "strongest": s.best,
            "proven": s.proven,
            "verified": s.verified,
            "evidence": [{"source": e.source, "label": e.label, "since": e.since} for e in s.evidence],
        }
        for s in lines
    ]


def _preferences(p: JobPreference) -> dict[str, Any]:
    return {
        "kinds": list(p.kinds),
        "regency_codes": [r.pk for r in selectors.preference_regencies(p)],
        "willing_to_relocate": p.willing_to_relocate,
        "abroad": p.abroad,
        "remote": p.remote,
        "findable": p.findable,
        "automated_matching": p.automated_matching,
        "show_union": p.show_union,
    }


def _invitation(i: JobInvitation) -> dict[str, Any]:
    return {
        "id": i.pk,
        "opportunity": brief(i.opportunity),
        "status": i.status,
        "message": i.message,
        "created_at": i.created_at,
        "application_id": i.application_id,
    }


def _path(p: selectors.LearningPath) -> dict[str, Any]:
    return {
        "title": p.title,
        "opportunity_id": p.opportunity.pk if p.opportunity else None,
        "missing_skills": _refs(p.missing),
        "courses": _steps(p.steps),
        "untaught_skills": _refs(p.untaught),
        "hours": float(p.hours),
        "price_idr": p.price_idr,
        "explanation": p.explanation,
        "schemes": [dict(s) for s in p.schemes],
    }


# --- the worker's skills and preferences ------------------------------------------------------------


@router.get("/me/skills", response=responses({200: list[SkillLineOut]}))
def my_skills(request: HttpRequest) -> list[dict[str, Any]]:
    """The worker's skills, strongest evidence first, each with where it came from: competency
    certificates (verified), completed courses, and skills they declared (never counted as proven)."""
    return _skills(selectors.skill_profile(request.user))


@router.post("/me/skills", response=responses({201: list[SkillLineOut]}, 422))
def declare_skill(request: AuthedRequest, payload: SkillCodeIn) -> Status:
    """Declares a skill by its code (see GET /skills)."""
    services.declare_skill(worker=request.user, code=payload.code)
    return Status(201, _skills(selectors.skill_profile(request.user)))


@router.delete("/me/skills/{code}", response=responses({204: None}))
def remove_declared_skill(request: AuthedRequest, code: Text) -> Status:
    """Takes back a declared skill; evidence from courses and certificates stays."""
    services.remove_declared_skill(worker=request.user, code=code)
    return Status(204, None)


@router.get("/me/job-preferences", response=responses({200: PreferencesOut}))
def my_preferences(request: HttpRequest) -> dict[str, Any]:
    """What the worker looks for; `findable` (off until they choose) lets employers find them;
    `automated_matching: false` objects to ranking altogether."""
    return _preferences(selectors.preferences_of(request.user))


@router.put("/me/job-preferences", response=responses({200: PreferencesOut}, 422))
def set_preferences(request: AuthedRequest, payload: PreferencesIn) -> dict[str, Any]:
    """Sets the worker's job preferences (the whole set)."""
    services.set_job_preferences(worker=request.user, **payload.dict())
    return _preferences(selectors.preferences_of(request.user))


# --- matches, candidates ----------------------------------------------------------------------------


@router.get("/me/matches", response=responses({200: MatchesOut}))
def my_matches(request: HttpRequest, query: Query[FiltersIn]) -> MatchesOut:
    """The 20 open opportunities that fit the worker best, each with why (in plain words), the
    required skills proven ("x of y": a declared skill never counts), what is missing and the courses
    that teach it. Empty, with `objecting`, for a worker who objects to automated matching."""
    question = selectors.match_question(request.user, _filters(query))

    def answer() -> MatchesOut:
        found = selectors.matches_for(request.user, question=question)
        return MatchesOut.model_validate(
            {
                "objecting": found.objecting,
                "items": [
                    {
                        "opportunity": brief(m.opportunity),
                        "score": m.fit.score,
                        "required_covered": m.fit.required_covered,
                        "required_total": m.fit.required_total,
                        "missing_skills": _refs(m.missing),
                        "reasons": m.reasons,
                        "path": _steps(m.path),
                    }
                    for m in found.items
                ],
            }
        )

    # Kept under the worker's question (issue 13), validated once: django-ninja does not validate
    # again an instance of the response's schema.
    return fragments.remember(fragments.key(question.key, "api"), SHARED_SECONDS, answer)


@router.get("/opportunities/{opportunity_id}/candidates", response=responses({200: list[CandidateOut]}, 404))
def candidates(request: AuthedRequest, opportunity_id: Id, query: Query[FiltersIn]) -> list[dict[str, Any]]:
    """To the employer's staff: the 50 consenting workers (findable, not objecting to automated
    matching) who fit best, explained as their matches are. Contact details only of those who applied
    or accepted an invitation; union membership only where the worker chose to show it."""
    found = selectors.candidates_for(request.user, opportunity_id, _filters(query))
    released = [c.worker_id for c in found.items if c.contact is not None]
    if released:
        services.record_contacts_seen(
            actor=request.user, opportunity=found.opportunity, worker_ids=released, request=request
        )
    return [
        {
            "candidate_id": c.worker_id,
            "label": c.label,
            "regency": c.regency,
            "score": c.fit.score,
            "required_covered": c.fit.required_covered,
            "required_total": c.fit.required_total,
            "skills": [{"code": code, "name": name, "strongest": src} for code, name, src in c.skills],
            "missing_skills": _refs(c.missing),
            "reasons": c.reasons,
            "path": _steps(c.path),
            "contact": None if c.contact is None else vars(c.contact),
            "unions": c.unions,
            "invitation": c.invitation,
            "applied": c.applied,
        }
        for c in found.items
    ]


# --- invitations --------------------------------------------------------------------------------------


@router.post("/opportunities/{opportunity_id}/invitations", response=responses({201: InvitationOut}, 404, 409))
def invite(request: AuthedRequest, opportunity_id: Id, payload: InviteIn) -> Status:
    """The employer's staff invite a candidate (`candidate_id` of the candidates list) to apply."""
    invitation = services.invite(
        actor=request.user, opportunity_id=opportunity_id, worker_id=payload.worker_id, message=payload.message
    )
    return Status(201, _invitation(invitation))


@router.get("/me/invitations", response=responses({200: list[InvitationOut]}))
def my_invitations(request: HttpRequest) -> list[dict[str, Any]]:
    """The worker's invitations to apply, newest first."""
    return [_invitation(i) for i in selectors.invitations_of(request.user)]


@router.post("/invitations/{invitation_id}/accept", response=responses({200: InvitationOut}, 404, 409))
def accept_invitation(request: AuthedRequest, invitation_id: Id) -> dict[str, Any]:
    """The worker accepts: an application is made, and the employer sees their contact details."""
    return _invitation(services.accept_invitation(worker=request.user, invitation_id=invitation_id))


@router.post("/invitations/{invitation_id}/decline", response=responses({200: InvitationOut}, 404, 409))
def decline_invitation(request: AuthedRequest, invitation_id: Id) -> dict[str, Any]:
    """The worker declines; the employer learns nothing more."""
    return _invitation(services.decline_invitation(worker=request.user, invitation_id=invitation_id))


# --- learning paths -----------------------------------------------------------------------------------


@router.get("/opportunities/{opportunity_id}/learning-path", response=responses({200: LearningPathOut}, 404))
def opportunity_path(request: HttpRequest, opportunity_id: Id, query: Query[NearIn]) -> dict[str, Any]:
    """The worker's missing required skills for the opportunity, the fewest hours of published courses
    that teach them (free first when equal; with `near`, in-class courses with a class near the worker
    first), and the BNSP schemes that would certify them."""
    return _path(selectors.learning_path_for_opportunity(request.user, opportunity_id, near=query.near))


@router.post("/opportunities/{opportunity_id}/learning-path/enrol", response=responses({200: EnrolledOut}, 404))
def enrol_opportunity_path(request: AuthedRequest, opportunity_id: Id, query: Query[NearIn]) -> dict[str, Any]:
    """Enrols the worker in every course of the path at once."""
    done = services.enrol_in_path(worker=request.user, opportunity_id=opportunity_id, near=query.near)
    return {"enrolled": [e.course.code for e in done]}


@router.get("/occupations/{code}/learning-path", response=responses({200: LearningPathOut}, 404))
def occupation_path(request: HttpRequest, code: Text, query: Query[NearIn]) -> dict[str, Any]:
    """The same for an occupation (KBJI major group) the worker wants: the skills its courses teach."""
    return _path(selectors.learning_path_for_occupation(request.user, code, near=query.near))


@router.post("/occupations/{code}/learning-path/enrol", response=responses({200: EnrolledOut}, 404))
def enrol_occupation_path(request: AuthedRequest, code: Text, query: Query[NearIn]) -> dict[str, Any]:
    """Enrols the worker in every course of the occupation's path at once."""
    done = services.enrol_in_path(worker=request.user, occupation_code=code, near=query.near)
    return {"enrolled": [e.course.code for e in done]}
