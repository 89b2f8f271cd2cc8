"""Every write of the credentials app: issuing, revoking, forgetting a person.

Issuing happens inside the transaction that completes the course (learning publishes
CourseCompleted there): the record and its VC-JWT signature (a few milliseconds of RSA) are written
with the completion or not at all, and the unique `source` makes a second completion, or a retried
call, return the certificate already issued. The PDF is not made here: it is rendered on demand from
the stored record (see naker.credentials.pdf), so no write transaction ever waits for it and no file
is left to forget when a person erases their account.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from naker.core.events import publish
from naker.credentials import errors, openbadges
from naker.credentials.certification import selectors as cert_selectors
from naker.credentials.events import CompetencyWithdrawn
from naker.credentials.models import Credential
from naker.credentials.selectors import ACCOUNT_ERASED
from naker.learning import selectors as learning_selectors
from naker.organizations import selectors as org_selectors

if TYPE_CHECKING:
    from naker.accounts.events import AccountErased
    from naker.accounts.models import User
    from naker.learning.events import CourseCompleted
    from naker.learning.models import Course
    from naker.organizations.models import Organization


logger = logging.getLogger(__name__)


def _hours(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{value.normalize():f}"


def _sign_into(
    credential: Credential, achievement: openbadges.Achievement, issuer: dict[str, Any] | None = None
) -> None:
    status_list, status_index = credential.status_list_position
    prefix = "SKK" if credential.kind == Credential.Kind.COMPETENCY else "NKR"
    credential.number = f"{prefix}-{credential.issued_at:%Y}-{credential.pk:07d}"
    payload = openbadges.build_credential(
        credential_id=f"urn:uuid:{credential.public_id}",
        subject_id=credential.subject_id,
        holder_name=credential.holder_name,
        title=credential.title,
        achievement=achievement,
        valid_from=credential.achieved_at,
        valid_until=credential.valid_until,
        status_list=status_list,
        status_index=status_index,
        issuer=issuer,
    )
    token, kid, claims = openbadges.sign(payload)
    credential.payload, credential.jwt, credential.kid = claims, token, kid
    credential.save(update_fields=["number", "payload", "jwt", "kid"])


@transaction.atomic
def issue_credential(
    *,
    source: str,
    kind: str,
    holder: User,
    issuer_org: Organization,
    title: str,
    achievement: openbadges.Achievement,
    achieved_at: datetime,
    course: Course | None = None,
    hours: Decimal | None = None,
    skills: list[str] | None = None,
    valid_until: datetime | None = None,
    issuer: dict[str, Any] | None = None,
    issued_at: datetime | None = None,
) -> Credential:
    """Issues one credential for `source`; the same source again returns the one already issued.
    `issuer` is the signed credential's issuer profile (the platform's unless given)."""
    existing = Credential.objects.filter(source=source).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            credential = Credential.objects.create(
                source=source,
                kind=kind,
                holder=holder,
                holder_name=holder.full_name,
                subject_id=f"urn:uuid:{uuid.uuid4()}",
                issuer_org=issuer_org,
                issuer_name=issuer_org.name,
                course=course,
                title=title,
                hours=hours,
                skills=skills or [],
                achieved_at=achieved_at,
                valid_until=valid_until,
                issued_at=issued_at or timezone.now(),
            )
    except IntegrityError:
        # issued meanwhile by a concurrent call for the same source
        return Credential.objects.get(source=source)
    _sign_into(credential, achievement, issuer)
    return credential


def issue_course_certificate(*, enrolment_id: int, completed_at: datetime | None = None) -> Credential:
    """The completion certificate of a completed enrolment (once). `completed_at` comes with the
    CourseCompleted event, which may arrive before the enrolment row says it is complete."""
    existing = Credential.objects.filter(source=f"enrolment:{enrolment_id}").first()
    if existing is not None:
        return existing
    enrolment = learning_selectors.enrolment_for_certificate(enrolment_id)
    if enrolment is None:
        raise errors.NotCompleted()
    completed = enrolment.status == enrolment.Status.COMPLETED and enrolment.completed_at
    achieved_at = (enrolment.completed_at if completed else None) or completed_at
    if achieved_at is None:
        raise errors.NotCompleted()
    course = enrolment.course
    provider = course.provider
    skills = [s.name for s in course.skills.all()]
    hours = _hours(course.estimated_hours)
    criteria = f"Menyelesaikan semua pelajaran dan lulus semua kuis kursus “{course.title}”" + (
        f" ({hours} jam belajar)." if hours else "."
    )
    achievement = openbadges.Achievement(
        id=openbadges.public_url(f"/kursus/{course.code}/"),
        name=course.title,
        description=course.summary,
        criteria=criteria,
        achievement_type="CertificateOfCompletion",
        creator_id=openbadges.public_url(f"/credentials/issuers/{provider.code}"),
        creator_name=provider.name,
        human_code=course.code,
        tags=tuple(skills),
    )
    return issue_credential(
        source=f"enrolment:{enrolment_id}",
        kind=Credential.Kind.COURSE,
        holder=enrolment.user,
        issuer_org=provider,
        title=course.title,
        achievement=achievement,
        achieved_at=achieved_at,
        course=course,
        hours=course.estimated_hours,
        skills=skills,
    )


def issue_missing_course_certificates(*, user: User | None = None) -> list[Credential]:
    """Certificates for completions that have none yet (one person's, or everyone's when `user` is
    None): completions from before this app, or made while no signing key was configured."""
    issued = set(Credential.objects.filter(source__startswith="enrolment:").values_list("source", flat=True))
    return [
        issue_course_certificate(enrolment_id=eid)
        for eid in learning_selectors.completed_enrolment_ids(user)
        if user is not None or f"enrolment:{eid}" not in issued
    ]


def on_course_completed(event: CourseCompleted) -> None:
    """Subscriber of learning's CourseCompleted: runs inside the completing transaction.

    A platform without a signing key (a misconfigured production; the system check says so at
    start) must not stop people completing courses: the completion stands, the certificate is
    issued later by `manage.py issue_missing_certificates`.
    """
    try:
        issue_course_certificate(enrolment_id=event.enrolment_id, completed_at=event.completed_at)
    except errors.SigningKeyMissing:
        logger.error("No signing key: certificate of enrolment %s not issued yet", event.enrolment_id)


# --- revocation ----------------------------------------------------------------------------------


def _revoke(credential: Credential, *, reason: str, by: User | None) -> Credential:
    credential.revoked_at = timezone.now()
    credential.revocation_reason = reason
    credential.revoked_by = by
    credential.save(update_fields=["revoked_at", "revocation_reason", "revoked_by"])
    if credential.kind == Credential.Kind.COMPETENCY:
        announce_withdrawn([credential])
    return credential


def announce_withdrawn(credentials: list[Credential]) -> None:
    """Tells the apps above (jobs) that these competency certificates no longer count."""
    units = cert_selectors.unit_skills_of_certificates([c.pk for c in credentials])
    for c in credentials:
        if c.holder_id is not None:
            publish(CompetencyWithdrawn(user_id=c.holder_id, certificate_id=c.pk, skill_ids=units.get(c.pk, ())))


@transaction.atomic
def revoke_credential(*, actor: User, public_id: uuid.UUID | str, reason: str) -> Credential:
    """The issuer's staff (a provider for its own courses) or a platform admin revokes, with a reason."""
    credential = Credential.objects.select_for_update().select_related("issuer_org").filter(public_id=public_id).first()
    if credential is None:
        raise errors.CredentialNotFound()
    if org_selectors.role_in(actor, credential.issuer_org) is None:
        raise errors.NotIssuerStaff()
    reason = (reason or "").strip()
    if not reason:
        msg = _("Say why the certificate is revoked.")
        raise errors.ReasonRequired(msg, field_errors={"reason": msg})
    if credential.revoked_at is not None:
        raise errors.AlreadyRevoked()
    return _revoke(credential, reason=reason[:500], by=actor)


@transaction.atomic
def revoke_by_platform(*, public_id: uuid.UUID | str, reason: str) -> Credential:
    """Revocation the platform itself decides (demo data, operations scripts); no actor to check."""
    credential = Credential.objects.select_for_update().get(public_id=public_id)
    if credential.revoked_at is not None:
        return credential
    return _revoke(credential, reason=reason, by=None)


def forget_holder(event: AccountErased) -> None:
    """Subscriber of AccountErased: the person's credentials are revoked ("account erased") and lose
    everything personal (name, subject identifiers, the signed copy); title, issuer and dates stay."""
    now = timezone.now()
    rows = Credential.objects.filter(holder_id=event.user.pk)
    announce_withdrawn(list(rows.filter(revoked_at__isnull=True, kind=Credential.Kind.COMPETENCY)))
    rows.filter(revoked_at__isnull=True).update(revoked_at=now, revocation_reason=ACCOUNT_ERASED)
    rows.update(holder=None, holder_name="", subject_id="", payload={}, jwt="")
