"""Writes of matching: skill evidence (completed courses, competency certificates, declared skills),
job preferences (which keep the index skill → consenting workers current), invitations to apply, and
enrolling in a whole learning path. One transaction per use case."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from naker.accounts import selectors as account_selectors
from naker.core import audit
from naker.core.models import AuditEvent
from naker.credentials import selectors as credential_selectors
from naker.jobs import services as jobs_services
from naker.jobs.matching import errors, selectors
from naker.jobs.models import (
    Application,
    JobInvitation,
    JobPreference,
    Opportunity,
    WorkerSkill,
)
from naker.learning import selectors as learning_selectors
from naker.learning import services as learning_services
from naker.skills import selectors as skill_selectors

if TYPE_CHECKING:
    from naker.accounts.events import AccountErased
    from naker.accounts.models import User
    from naker.credentials.events import CompetencyCertified, CompetencyWithdrawn
    from naker.learning.events import CourseCompleted
    from naker.learning.models import Enrolment

logger = logging.getLogger(__name__)

KINDS = [k for k, _label in Opportunity.Kind.choices]


def _findable(worker_id: int) -> bool:
    """Whether the worker's evidence belongs in the index skill → consenting workers."""
    return JobPreference.objects.filter(worker_id=worker_id, findable=True, automated_matching=True).exists()


def _add_evidence(*, worker_id: int, skill_ids: Iterable[str], source: str, source_id: int | None, label: str) -> int:
    known = set(skill_selectors.skills_by_code(set(skill_ids)))
    findable = _findable(worker_id)
    rows = [
        WorkerSkill(
            worker_id=worker_id,
            skill_id=code,
            source=source,
            source_id=source_id,
            source_label=label[:200],
            level=2 if source == WorkerSkill.Source.COMPETENCY else 1,
            findable=findable,
        )
        for code in sorted(known)
    ]
    WorkerSkill.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


# --- evidence -----------------------------------------------------------------------------------------


@transaction.atomic
def record_course_evidence(*, user_id: int, course_id: int) -> int:
    """The skills a completed course teaches become the worker's, with the course as evidence."""
    label, skill_ids = learning_selectors.course_evidence(course_id)
    return _add_evidence(
        worker_id=user_id, skill_ids=skill_ids, source=WorkerSkill.Source.COURSE, source_id=course_id, label=label
    )


def on_course_completed(event: CourseCompleted) -> None:
    """Subscriber of learning's CourseCompleted (in the completing transaction)."""
    record_course_evidence(user_id=event.user_id, course_id=event.course_id)


@transaction.atomic
def record_competency_evidence(*, user_id: int, certificate_id: int, skill_ids: Iterable[str], label: str) -> int:
    """The units of a competency certificate (verified by an LSP) become the worker's strongest evidence.
    Skill entries may be codes or names as the certificate lists them; unknown ones are left out."""
    codes = set(skill_selectors.skill_codes_named([str(s) for s in skill_ids]).values())
    return _add_evidence(
        worker_id=user_id,
        skill_ids=codes,
        source=WorkerSkill.Source.COMPETENCY,
        source_id=certificate_id,
        label=label,
    )


@transaction.atomic
def on_competency_certified(event: CompetencyCertified) -> None:
    record_competency_evidence(
        user_id=event.user_id,
        certificate_id=event.certificate_id,
        skill_ids=event.skill_ids,
        label=credential_selectors.certificate_label(event.certificate_id),
    )


def on_competency_withdrawn(event: CompetencyWithdrawn) -> None:
    withdraw_competency_evidence(user_id=event.user_id, certificate_id=event.certificate_id)


def withdraw_competency_evidence(*, user_id: int, certificate_id: int) -> int:
    """A certificate revoked or withdrawn: its units stop counting."""
    deleted, _rows = WorkerSkill.objects.filter(
        worker_id=user_id, source=WorkerSkill.Source.COMPETENCY, source_id=certificate_id
    ).delete()
    return deleted


@transaction.atomic
def declare_skill(*, worker: User, code: str) -> WorkerSkill:
    """The worker says they have a skill (weighted lowest; never counted as proven)."""
    selectors.worker_of(worker)
    skill = selectors.skill_named(code)
    found = WorkerSkill.objects.filter(worker=worker, skill=skill, source=WorkerSkill.Source.DECLARED).first()
    if found is not None:
        return found
    return WorkerSkill.objects.create(
        worker=worker,
        skill=skill,
        source=WorkerSkill.Source.DECLARED,
        source_label="",
        findable=_findable(worker.pk),
    )


@transaction.atomic
def remove_declared_skill(*, worker: User, code: str) -> None:
    """Takes back a declared skill (evidence from courses and certificates stays)."""
    selectors.worker_of(worker)
    WorkerSkill.objects.filter(worker=worker, skill_id=code, source=WorkerSkill.Source.DECLARED).delete()


@transaction.atomic
def build_skill_profiles(*, user_id: int | None = None) -> dict[str, int]:
    """Back-fill: evidence from every completed course and every valid competency certificate (one
    person's, or everyone's). Idempotent."""
    courses = certificates = 0
    labels: dict[int, tuple[str, list[str]]] = {}
    for uid, course_id in learning_selectors.completions(user_id):
        if course_id not in labels:
            labels[course_id] = learning_selectors.course_evidence(course_id)
        label, skill_ids = labels[course_id]
        _add_evidence(
            worker_id=uid, skill_ids=skill_ids, source=WorkerSkill.Source.COURSE, source_id=course_id, label=label
        )
        courses += 1
    for uid, certificate_id, label, skills in credential_selectors.competency_evidence(user_id):
        record_competency_evidence(user_id=uid, certificate_id=certificate_id, skill_ids=skills, label=label)
        certificates += 1
    return {"courses": courses, "certificates": certificates}


# --- preferences ----------------------------------------------------------------------------------------


@transaction.atomic
def set_job_preferences(
    *,
    worker: User,
    kinds: Iterable[str] = (),
    regency_codes: Iterable[str] = (),
    willing_to_relocate: bool = False,
    abroad: bool = False,
    remote: bool = False,
    findable: bool = False,
    automated_matching: bool = True,
    show_union: bool = False,
) -> JobPreference:
    """What the worker looks for and whether employers may find them. The index skill → consenting
    workers follows at once: findable and not objecting, or out of it."""
    selectors.worker_of(worker)
    kinds = list(dict.fromkeys(kinds))
    wrong = [k for k in kinds if k not in KINDS]
    if wrong:
        msg = _("Unknown kind of work: %(kinds)s.") % {"kinds": ", ".join(wrong)}
        raise errors.InvalidKind(msg, field_errors={"kinds": msg})
    regencies = selectors.regencies_named(regency_codes)
    pref, _created = JobPreference.objects.select_for_update().get_or_create(worker=worker)
    pref.kinds = kinds
    pref.willing_to_relocate = willing_to_relocate
    pref.abroad = abroad
    pref.remote = remote
    pref.findable = findable
    pref.automated_matching = automated_matching
    pref.show_union = show_union
    pref.updated_at = timezone.now()
    pref.save()
    pref.regencies.set(regencies)
    WorkerSkill.objects.filter(worker=worker).update(findable=findable and automated_matching)
    return pref


# --- invitations to apply ------------------------------------------------------------------------------


@transaction.atomic
def invite(*, actor: User, opportunity_id: int, worker_id: int, message: str = "") -> JobInvitation:
    """The employer's staff invite a consenting candidate to apply. Inviting again changes nothing."""
    opp = selectors.opportunity_for_staff(actor, opportunity_id)
    if opp.status != Opportunity.Status.PUBLISHED or opp.closes_on < timezone.localdate():
        raise errors.OpportunityClosed()
    if not selectors.is_candidate(worker_id, opp):
        msg = _("This person is not among the candidates who may be found.")
        raise errors.NotACandidate(msg, field_errors={"worker_id": msg})
    invitation, _created = JobInvitation.objects.get_or_create(
        opportunity=opp, worker_id=worker_id, defaults={"invited_by": actor, "message": message}
    )
    return invitation


@transaction.atomic
def accept_invitation(*, worker: User, invitation_id: int) -> JobInvitation:
    """The worker accepts: an application (source: invitation) is made, and the employer sees their
    contact details from now on."""
    invitation = selectors.invitation_of(worker, invitation_id)
    if invitation.status == JobInvitation.Status.ACCEPTED:
        return invitation
    if invitation.status != JobInvitation.Status.PENDING:
        raise errors.InvitationDecided()
    opp = invitation.opportunity
    if opp.status != Opportunity.Status.PUBLISHED or opp.closes_on < timezone.localdate():
        raise errors.OpportunityClosed()
    invitation.application = jobs_services.apply(worker=worker, opportunity=opp, source=Application.Source.INVITATION)
    invitation.status, invitation.decided_at = JobInvitation.Status.ACCEPTED, timezone.now()
    invitation.save(update_fields=["application", "status", "decided_at"])
    return invitation


@transaction.atomic
def decline_invitation(*, worker: User, invitation_id: int) -> JobInvitation:
    invitation = selectors.invitation_of(worker, invitation_id)
    if invitation.status == JobInvitation.Status.DECLINED:
        return invitation
    if invitation.status != JobInvitation.Status.PENDING:
        raise errors.InvitationDecided()
    invitation.status, invitation.decided_at = JobInvitation.Status.DECLINED, timezone.now()
    invitation.save(update_fields=["status", "decided_at"])
    return invitation


def record_contacts_seen(
    *, actor: User, opportunity: Opportunity, worker_ids: Iterable[int], request: HttpRequest | None = None
) -> None:
    """The employer's staff saw these candidates' contact details: each worker's "who saw my data"."""
    for person in account_selectors.users().filter(pk__in=list(worker_ids)):
        audit.record(
            action=AuditEvent.Action.CANDIDATE_CONTACT_SEEN,
            actor=actor,
            subject=person,
            organization_code=opportunity.employer.code,
            detail=f"opportunity {opportunity.pk}",
            request=request,
        )


# --- learning paths -----------------------------------------------------------------------------------


@transaction.atomic
def enrol_in_path(
    *, worker: User, opportunity_id: int | None = None, occupation_code: str = "", near: bool = False
) -> list[Enrolment]:
    """Enrols the worker in every course of the path at once (enrolling again changes nothing)."""
    if opportunity_id is not None:
        path = selectors.learning_path_for_opportunity(worker, opportunity_id, near=near)
    else:
        path = selectors.learning_path_for_occupation(worker, occupation_code, near=near)
    return [learning_services.enrol(worker=worker, course_code=step.code) for step in path.steps]


# --- erasure ----------------------------------------------------------------------------------------------


def forget_worker(event: AccountErased) -> None:
    """Subscriber of AccountErased: the worker leaves every index and list of matching at once."""
    WorkerSkill.objects.filter(worker_id=event.user.pk).delete()
    JobPreference.objects.filter(worker_id=event.user.pk).delete()
    JobInvitation.objects.filter(worker_id=event.user.pk).delete()
