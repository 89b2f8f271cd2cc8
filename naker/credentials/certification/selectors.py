"""Reads of competency certification, scoped to the viewer: a worker sees their own applications,
an LSP's staff the applications to their LSP, an assessor only the candidates assigned to them."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Max, Prefetch, Q, QuerySet
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from naker.credentials.certification import errors
from naker.credentials.certification.models import (
    Application,
    Assessor,
    Evidence,
    Scheme,
    Step,
    UnitResult,
    Venue,
)
from naker.credentials.models import Credential
from naker.learning import selectors as learning_selectors
from naker.organizations import selectors as org_selectors
from naker.skills.models import Skill, UnitElement

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from naker.accounts.models import User
    from naker.learning.models import Course
    from naker.organizations.models import Organization

    Viewer = User | AnonymousUser

OPEN_STATUSES = (
    Application.Status.SUBMITTED,
    Application.Status.NEEDS_MORE,
    Application.Status.ACCEPTED,
    Application.Status.SCHEDULED,
    Application.Status.ASSESSED,
    Application.Status.APPEALED,
)

# --- schemes -------------------------------------------------------------------------------------


def open_schemes() -> QuerySet[Scheme]:
    """Schemes a worker may apply to, with their LSP and units."""
    return (
        Scheme.objects.filter(is_open=True)
        .select_related("lsp")
        .prefetch_related(Prefetch("units", queryset=Skill.objects.order_by("code")))
        .order_by("lsp__name", "code")
    )


def schemes_covering(skill_codes: Iterable[str]) -> list[dict[str, str]]:
    """The open schemes whose units include any of these skills, those covering the most first: what
    a learning path (jobs) offers as the certification at its end."""
    codes = set(skill_codes)
    if not codes:
        return []
    found = (
        Scheme.objects.filter(is_open=True, units__in=codes)
        .select_related("lsp")
        .annotate(covered=Count("units", distinct=True))
        .order_by("-covered", "lsp__name", "code")[:3]
    )
    return [
        {"code": s.code, "name": s.name, "lsp": s.lsp.name, "url": reverse("certification:scheme", args=[s.pk])}
        for s in found
    ]


def scheme(scheme_id: int) -> Scheme:
    found = open_schemes().filter(pk=scheme_id).first()
    if found is None:
        raise errors.SchemeNotFound()
    return found


def unit_elements(codes: Iterable[str]) -> dict[str, list[UnitElement]]:
    found: dict[str, list[UnitElement]] = {}
    for element in UnitElement.objects.filter(skill_id__in=list(codes)).order_by("skill_id", "position"):
        found.setdefault(element.skill_id, []).append(element)
    return found


def is_lsp_staff(viewer: Viewer, lsp: Organization) -> bool:
    return org_selectors.role_in(viewer, lsp) is not None


def lsp_for_staff(viewer: Viewer, lsp_code: str) -> Organization:
    """The certification body, if the viewer is its staff (or a platform admin)."""
    org = org_selectors.get_organization(lsp_code)
    if org.kind != org.Kind.CERTIFICATION_BODY or not is_lsp_staff(viewer, org):
        raise errors.NotLspStaff()
    return org


def lsps_of(viewer: Viewer) -> list[Organization]:
    """The certification bodies where the viewer is staff (for menus)."""
    return [o for o in org_selectors.managed_by(viewer) if o.kind == o.Kind.CERTIFICATION_BODY]


def schemes_of_lsp(lsp: Organization) -> QuerySet[Scheme]:
    return Scheme.objects.filter(lsp=lsp).prefetch_related("units").order_by("code")


def venues_of(lsp: Organization) -> QuerySet[Venue]:
    return Venue.objects.filter(lsp=lsp).select_related("regency").order_by("name")


def assessors_of(lsp: Organization) -> QuerySet[Assessor]:
    return Assessor.objects.filter(lsp=lsp, active=True).order_by("name")


def assessor_roles(viewer: Viewer) -> QuerySet[Assessor]:
    if not viewer.is_authenticated:
        return Assessor.objects.none()
    return Assessor.objects.filter(user_id=viewer.pk, active=True).select_related("lsp")


# --- applications --------------------------------------------------------------------------------


def _applications() -> QuerySet[Application]:
    return Application.objects.select_related(
        "scheme", "scheme__lsp", "worker", "venue", "venue__regency", "assessor", "certificate"
    )


def applications_of(viewer: Viewer) -> QuerySet[Application]:
    """The viewer's own applications, newest first."""
    if not viewer.is_authenticated:
        return Application.objects.none()
    return _applications().filter(worker_id=viewer.pk).order_by("-submitted_at", "-id")


def applications_for_lsp(viewer: Viewer, lsp_code: str, status: str = "") -> QuerySet[Application]:
    lsp = lsp_for_staff(viewer, lsp_code)
    rows = _applications().filter(scheme__lsp=lsp).order_by("-submitted_at", "-id")
    if status:
        rows = rows.filter(status=status)
    return rows


def applications_for_assessor(viewer: Viewer) -> QuerySet[Application]:
    """Only the candidates assigned to the viewer as assessor."""
    if not viewer.is_authenticated:
        return Application.objects.none()
    return _applications().filter(assessor__user_id=viewer.pk, assessor__active=True).order_by("assessment_at", "id")


@dataclass(frozen=True)
class Access:
    application: Application
    as_worker: bool
    as_staff: bool
    as_assessor: bool


def application_for(viewer: Viewer, application_id: int) -> Access:
    """The application if the viewer is its worker, its LSP's staff or its assigned assessor;
    anyone else learns nothing (not found)."""
    if not viewer.is_authenticated:
        raise errors.ApplicationNotFound()
    application = _applications().filter(pk=application_id).first()
    if application is None:
        raise errors.ApplicationNotFound()
    as_worker = application.worker_id == viewer.pk
    as_assessor = application.assessor is not None and application.assessor.user_id == viewer.pk
    as_staff = is_lsp_staff(viewer, application.scheme.lsp)
    if not (as_worker or as_assessor or as_staff):
        raise errors.ApplicationNotFound()
    return Access(application, as_worker, as_staff, as_assessor)


def evidence_for(viewer: Viewer, evidence_id: int) -> Evidence:
    """An evidence item, for the worker, the LSP's staff and the assigned assessor only."""
    evidence = Evidence.objects.filter(pk=evidence_id).first()
    if evidence is None:
        raise errors.EvidenceNotFound()
    try:
        application_for(viewer, evidence.application_id)
    except errors.ApplicationNotFound:
        raise errors.EvidenceNotFound() from None
    return evidence


# --- what an application screen shows ------------------------------------------------------------


@dataclass
class UnitRow:
    unit: UnitResult
    elements: list[UnitElement]
    courses: list[Course] = field(default_factory=list)  # BK: courses that teach this unit


@dataclass
class ApplicationScreen:
    access: Access
    units: list[UnitRow]
    evidence: list[Evidence]
    steps: list[Step]
    next_step: str
    appeal_open: bool


def next_step_text(application: Application, now: datetime.datetime | None = None) -> str:
    """What happens next, in the worker's words."""
    now = now or timezone.now()
    status = application.status
    S = Application.Status
    if status == S.SUBMITTED:
        return _("The LSP checks your application and evidence. You will see the result here.")
    if status == S.NEEDS_MORE:
        return _("Add what the LSP asks for (see the note), then send the application again.")
    if status == S.REFUSED:
        return _("The application was refused. Read the reasons; you may apply again when you meet the requirements.")
    if status == S.ACCEPTED:
        return _("Your application is complete. The LSP will set the date, place and assessor of your assessment.")
    if status == S.SCHEDULED:
        return _("Come to the assessment on the date and at the place shown, with your ID card and evidence.")
    if status == S.ASSESSED:
        if application.appeal_until and now < application.appeal_until:
            return _("The assessor has recorded the result. You may appeal until %(date)s; then the LSP decides.") % {
                "date": timezone.localtime(application.appeal_until).strftime("%d/%m/%Y")
            }
        return _("The LSP's decision meeting decides on your certificate.")
    if status == S.APPEALED:
        return _("The LSP reviews your appeal and then decides.")
    if status == S.CERTIFIED:
        return _("Your competency certificate is issued. Find it under My certificates.")
    if status == S.NOT_YET_COMPETENT:
        return _("Follow the development plan for the units not yet competent, then apply again.")
    return ""


def application_screen(viewer: Viewer, application_id: int) -> ApplicationScreen:
    access = application_for(viewer, application_id)
    application = access.application
    units = list(application.units.select_related("skill").order_by("skill_id"))
    elements = unit_elements(u.skill_id for u in units)
    not_yet = [u.skill_id for u in units if u.result == UnitResult.Result.NOT_YET]
    teaching = courses_teaching(not_yet) if not_yet else {}
    rows = [UnitRow(u, elements.get(u.skill_id, []), teaching.get(u.skill_id, [])) for u in units]
    now = timezone.now()
    return ApplicationScreen(
        access=access,
        units=rows,
        evidence=list(application.evidence.select_related("skill", "credential")),
        steps=list(application.steps.all()),
        next_step=next_step_text(application, now),
        appeal_open=application.status == Application.Status.ASSESSED
        and application.appeal_until is not None
        and now < application.appeal_until,
    )


def courses_teaching(skill_codes: list[str]) -> dict[str, list[Course]]:
    """Published courses whose skills include each unit: the development plan of BK units."""
    found: dict[str, list[Course]] = {}
    for course in learning_selectors.published_courses().filter(skills__in=skill_codes).distinct():
        for code in course.skills.values_list("code", flat=True):
            if code in skill_codes:
                found.setdefault(code, []).append(course)
    return found


def course_certificates_covering(user: User, skill_codes: Iterable[str]) -> list[tuple[Credential, list[str]]]:
    """The user's valid course certificates whose course teaches any of these units, each with the
    units it covers: offered as evidence automatically."""
    codes = set(skill_codes)
    found = []
    rows = (
        Credential.objects.filter(holder_id=user.pk, kind=Credential.Kind.COURSE, revoked_at__isnull=True)
        .filter(course__skills__in=codes)
        .distinct()
        .prefetch_related("course__skills")
    )
    for credential in rows:
        covered = sorted(s.code for s in credential.course.skills.all() if s.code in codes) if credential.course else []
        if covered:
            found.append((credential, covered))
    return found


def renewable_certificate(user: User, scheme_obj: Scheme) -> Credential | None:
    """The user's latest competency certificate of this scheme (valid or expired, not revoked)."""
    return (
        Credential.objects.filter(
            holder_id=user.pk,
            kind=Credential.Kind.COMPETENCY,
            revoked_at__isnull=True,
            application__scheme=scheme_obj,
        )
        .order_by("-issued_at")
        .first()
    )


# --- for other apps: verified skills, counts -----------------------------------------------------


def _valid_competency() -> Q:
    now = timezone.now()
    return Q(certificate__isnull=False, certificate__revoked_at__isnull=True) & (
        Q(certificate__valid_until__isnull=True) | Q(certificate__valid_until__gt=now)
    )


def verified_unit_skills(user_ids: Iterable[int]) -> dict[int, set[str]]:
    """user id -> skill ids (SKKNI unit codes) of the units of their valid competency certificates."""
    found: dict[int, set[str]] = {}
    rows = UnitResult.objects.filter(
        application__worker_id__in=list(user_ids),
        result=UnitResult.Result.COMPETENT,
        application__in=Application.objects.filter(_valid_competency()),
    )
    for worker_id, skill_id in rows.values_list("application__worker_id", "skill_id"):
        found.setdefault(worker_id, set()).add(skill_id)
    return found


def unit_skills_of_certificates(credential_ids: list[int]) -> dict[int, tuple[str, ...]]:
    """credential id -> the unit skill codes it certifies."""
    found: dict[int, list[str]] = {}
    for cid, code in (
        UnitResult.objects.filter(application__certificate_id__in=credential_ids, result=UnitResult.Result.COMPETENT)
        .order_by("skill_id")
        .values_list("application__certificate_id", "skill_id")
    ):
        found.setdefault(cid, []).append(code)
    return {k: tuple(v) for k, v in found.items()}


def status_labels() -> dict[str, str]:
    return {value: str(label) for value, label in Application.Status.choices}


def application_counts(
    *, province: str = "", regency: str = "", user_ids: Iterable[int] | QuerySet[Any] | None = None
) -> list[dict[str, Any]]:
    """Applications by scheme and status among people or in a place (unsuppressed: the caller
    suppresses what it shows)."""
    rows = Application.objects.all()
    if regency:
        rows = rows.filter(worker__worker__regency_id=regency)
    elif province:
        rows = rows.filter(worker__worker__province_id=province)
    if user_ids is not None:
        rows = rows.filter(worker_id__in=user_ids)
    return list(
        rows.values("scheme__code", "scheme__name", "scheme__lsp__name", "status")
        .annotate(n=Count("pk"))
        .order_by("scheme__lsp__name", "scheme__code", "status")
    )


def credentials_since(after_id: int) -> tuple[list[dict[str, Any]], int]:
    """Certificates issued with id above `after_id`, by day, kind, the holder's regency and the
    issuer (provider or LSP); with the highest id read."""
    rows = Credential.objects.filter(pk__gt=after_id)
    top = rows.aggregate(m=Max("pk"))["m"] or after_id
    grouped = list(
        rows.filter(pk__lte=top)
        .annotate(day=TruncDate("issued_at"))
        .values("day", "kind", "holder__worker__province_id", "holder__worker__regency_id", "issuer_org__code")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return grouped, top


def member_credentials_between(after_id: int, up_to_id: int) -> list[dict[str, Any]]:
    """Certificates with id in (after_id, up_to_id], by day, kind and each organisation the holder is
    a member of: what a union's dashboard counts as its members' certifications."""
    return list(
        Credential.objects.filter(pk__gt=after_id, pk__lte=up_to_id, holder__memberships__role="member")
        .values("kind", day=TruncDate("issued_at"), organization_code=F("holder__memberships__organization__code"))
        .annotate(n=Count("pk"))
        .order_by()
    )


def certificates_per_course(viewer: Viewer, provider_code: str) -> list[dict[str, Any]]:
    """A provider's courses with the certificates issued for each (and how many revoked), for its staff."""
    provider = learning_selectors.provider_for_staff(viewer, provider_code)
    return list(
        Credential.objects.filter(issuer_org=provider, kind=Credential.Kind.COURSE)
        .values("course__code", "title")
        .annotate(issued=Count("pk"), revoked=Count("pk", filter=Q(revoked_at__isnull=False)))
        .order_by("-issued", "title")
    )
