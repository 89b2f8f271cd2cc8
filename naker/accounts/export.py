"""The JSON a worker downloads: everything the platform holds about them."""

from __future__ import annotations

from typing import Any

from naker.accounts.models import User
from naker.core import audit, crypto


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
        "consent": {"version": worker.consent_version, "at": worker.consent_at.isoformat()},
        "registered_at": worker.created_at.isoformat(),
    }


def _other_apps(user: User) -> dict[str, Any]:
    from naker.learning.selectors import personal_learning_data
    from naker.outreach.selectors import personal_outreach_data

    return {"learning": personal_learning_data(user), "outreach": personal_outreach_data(user)}


def personal_data(user: User) -> dict[str, Any]:
    from naker.accounts.selectors import profile_of

    user = profile_of(user)
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
        "memberships": [
            {
                "organization": m.organization.code,
                "organization_name": m.organization.name,
                "role": m.role,
                "joined_at": m.joined_at.isoformat(),
                "consent_at": m.consent_at.isoformat() if m.consent_at else None,
                "show_to_employers": m.show_to_employers,
            }
            for m in user.memberships.all()
        ],
        "api_tokens": [
            {"name": t.name, "created_at": t.created_at.isoformat(), "revoked": t.revoked_at is not None}
            for t in user.api_tokens.all()
        ],
        **_other_apps(user),
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
