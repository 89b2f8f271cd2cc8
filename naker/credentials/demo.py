"""Demo data: the demo worker's certificates for the courses they completed, one of them revoked.

Called by seed_demo after the learning demo; idempotent (issuing is unique per enrolment).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from naker.accounts import selectors as account_selectors
from naker.credentials import services
from naker.credentials.models import Credential

if TYPE_CHECKING:
    from naker.accounts.models import User

DEMO_WORKER_LOGIN = "+6281100000002"
DEMO_REVOCATION = "Diterbitkan karena salah data (contoh demo)."


def seed_credentials(worker: User | None = None) -> list[Credential]:
    """Issues the missing certificates of the demo worker (or `worker`); with two or more, the
    oldest is revoked so the demo shows both states."""
    worker = worker or account_selectors.user_by_login(DEMO_WORKER_LOGIN)
    if worker is None:
        return []
    issued = services.issue_missing_course_certificates(user=worker)
    if len(issued) >= 2 and not any(c.revoked_at for c in issued):
        services.revoke_by_platform(public_id=issued[0].public_id, reason=DEMO_REVOCATION)
    return issued
