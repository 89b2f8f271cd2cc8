"""The JSON a worker downloads: everything the platform holds about them."""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog

from naker.accounts.events import PersonalDataRequested
from naker.accounts.models import User
from naker.accounts.selectors import profile_of
from naker.core import audit, crypto, events


def _profile(user: User) -> dict[str, Any] | None:
    worker = getattr(user, "worker", None)
    if worker is None:
        return None
    return {
        "nik": crypto.decrypt(worker.nik_encrypted) if worker.nik_encrypted else None,
        "birth_date": worker.birth_date.isoformat() if worker.birth_date else None,
        "sex": worker.sex,
        "province": {"code": worker.province_id, "name": worker.province.name},
        "regency": {"code": worker.regency_id, "name": worker.regency.name, "type": worker.regency.type},
        "education": worker.education,
        "employment_status": worker.employment_status,
        "occupation": worker.occupation_id,
        "sector": worker.sector_id,
        "goals": list(worker.goals or []),
        "consent": {"version": worker.consent_version, "at": worker.consent_at.isoformat()},
        "registered_at": worker.created_at.isoformat(),
    }


def _login_history(user: User) -> dict[str, list[dict[str, Any]]]:
    """django-axes' records under the person's phone and email: logins and failed logins."""
    logins = [key for key in (user.phone, user.email) if key]

    def rows(model: type[AccessLog] | type[AccessFailureLog]) -> list[dict[str, Any]]:
        return [
            {"at": r.attempt_time.isoformat(), "login": r.username, "address": r.ip_address, "browser": r.user_agent}
            for r in model.objects.filter(username__in=logins).order_by("-attempt_time")
        ]

    failed = [
        {**row, "failures": a.failures_since_start}
        for a in AccessAttempt.objects.filter(username__in=logins).order_by("-attempt_time")
        for row in [
            {"at": a.attempt_time.isoformat(), "login": a.username, "address": a.ip_address, "browser": a.user_agent}
        ]
    ]
    return {"logins": rows(AccessLog), "failed_logins": failed + rows(AccessFailureLog)}


def _other_apps(user: User) -> dict[str, Any]:
    """The sections of the apps above accounts (organizations, learning, outreach…), each answering
    PersonalDataRequested with `(section, data)`; accounts does not know which apps there are."""
    return dict(events.collect(PersonalDataRequested(user=user)))


def personal_data(user: User) -> dict[str, Any]:
    user = profile_of(user)
    others = _other_apps(user)
    return {
        "format": "kadin-for-naker/personal-data/1",
        "account": {
            "id": user.pk,
            "full_name": user.full_name,
            "phone": user.phone,
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
        },
        "worker_profile": _profile(user),
        "memberships": others.pop("memberships", []),
        "api_tokens": [
            {"name": t.name, "created_at": t.created_at.isoformat(), "revoked": t.revoked_at is not None}
            for t in user.api_tokens.all()
        ],
        **others,
        "privacy_requests": [
            {
                "kind": r.kind,
                "details": r.details,
                "proposed_nik": crypto.decrypt(r.proposed_nik_encrypted) if r.proposed_nik_encrypted else None,
                "received_at": r.received_at.isoformat(),
                "due_at": r.due_at.isoformat(),
                "answered_at": r.answered_at.isoformat() if r.answered_at else None,
                "outcome": r.outcome,
                "answer": r.answer,
                "refusal_reason": r.refusal_reason,
            }
            for r in user.privacy_requests.order_by("received_at")
        ],
        "login_history": _login_history(user),
        "who_saw_my_data": [
            {
                "at": e.at.isoformat(),
                "action": e.action,
                "by": e.actor.full_name if e.actor else None,
                "organization": e.organization_code,
            }
            for e in audit.trail_of(user)
        ],
    }
