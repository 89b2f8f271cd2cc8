"""Every write of the jobs app: posting and reviewing opportunities, licences, vouching and flags,
applications and their stages, placements, train-to-hire, the Karirhub reporting mark.

Each use case is one short transaction raising the app's own errors. The index skill → open
opportunities (OpportunitySkill.is_open / closes_on) is kept current here whenever a post is
published, rejected, closed or edited, and by the nightly `expire_opportunities` for closing dates
that pass; applying checks the date itself, so a post stops taking applications the moment it closes.
"""

from __future__ import annotations

import datetime
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from naker.accounts import selectors as account_selectors
from naker.core import events
from naker.jobs import errors, selectors
from naker.jobs.events import WorkerHired
from naker.jobs.models import (
    AgencyLicence,
    Application,
    ApplicationStep,
    AutoApplyRequest,
    Opportunity,
    OpportunitySkill,
    Placement,
    PosterFlag,
    TrainingCommitment,
    stage_counter,
)
from naker.learning import selectors as learning_selectors
from naker.organizations import selectors as org_selectors
from naker.organizations.models import Membership, Organization
from naker.regions import selectors as region_selectors
from naker.skills import selectors as skill_selectors

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from naker.accounts.events import AccountErased
    from naker.accounts.models import User
    from naker.learning.events import CourseCompleted

logger = logging.getLogger(__name__)

# UU 18/2017 on the Protection of Indonesian Migrant Workers, Pasal 30 ayat (1): a migrant worker
# may not be charged placement costs. The worker's share of placement costs is therefore capped at
# zero; personal documents the worker pays for themselves (passport, police record, medical check)
# are stated in `placement_costs` (docs/decisions/0014-jobs.md).
WORKER_PLACEMENT_COST_CAP_IDR = 0
MAX_SKILLS = 30
# WorkerProfile.Education's values (the worker's form and the post's minimum speak the same levels)
EDUCATION_LEVELS = ("none", "sd", "smp", "sma", "smk", "diploma", "bachelor", "postgraduate")
_CURRENCY = re.compile(r"[A-Z]{3}\Z")


@dataclass
class SkillWanted:
    code: str
    required: bool = True
    level: int = OpportunitySkill.Level.BASIC


@dataclass
class OpportunityData:
    """What an employer writes in a post (API body or page form)."""

    kind: str
    title: str
    description: str
    closes_on: datetime.date
    regency_code: str = ""
    remote: bool = False
    employment: str = ""
    education: str = ""
    experience_years: int = 0
    openings: int = 1
    pay_min: int | None = None
    pay_max: int | None = None
    currency: str = "IDR"
    pay_basis: str = ""
    destination_country: str = ""
    language_requirement: str = ""
    placement_costs: str = ""
    worker_costs_idr: int | None = None
    skills: list[SkillWanted] = field(default_factory=list)
    preferred_courses: list[str] = field(default_factory=list)
    preferred_scheme_codes: list[str] = field(default_factory=list)


def _now() -> datetime.datetime:
    return timezone.now()


def _today() -> datetime.date:
    return timezone.localdate()


def _is_worker(user: User) -> bool:
    return account_selectors.workers().filter(pk=user.pk).exists()


def _ensure_admin(actor: User | AnonymousUser) -> None:
    if not selectors.is_platform_admin(actor):
        raise errors.NotPlatformAdmin()


def _opportunity_locked(opportunity_id: int) -> Opportunity:
    # of=self: the licence is a nullable (outer) join, which PostgreSQL cannot lock
    found = (
        Opportunity.objects.select_for_update(of=("self",))
        .select_related("employer", "licence")
        .filter(pk=opportunity_id)
    )
    opportunity = found.first()
    if opportunity is None:
        raise errors.OpportunityNotFound()
    return opportunity


def _sync_index(opportunity: Opportunity) -> None:
    """The skill → open opportunities index follows the post: open while it takes applications."""
    OpportunitySkill.objects.filter(opportunity=opportunity).update(
        is_open=selectors.is_open(opportunity), closes_on=opportunity.closes_on
    )
    selectors.OPPORTUNITIES.bump()  # an update sends no signal: matches and lists kept in the cache change


# --- posting ------------------------------------------------------------------------------------------


@dataclass
class _Checked:
    regency: Any = None
    skills: dict[str, Any] = field(default_factory=dict)
    courses: list[Any] = field(default_factory=list)
    licence: AgencyLicence | None = None


def _check(org: Organization, data: OpportunityData) -> _Checked:
    """Every refusal at once, each naming its field."""
    problems: dict[str, str] = {}
    checked = _Checked()
    today = _today()
    if data.kind not in Opportunity.Kind.values:
        problems["kind"] = _("Choose job, apprenticeship, side gig or work abroad.")
    if not data.title.strip():
        problems["title"] = _("Give the opportunity a title.")
    if not data.description.strip():
        problems["description"] = _("Describe the work.")
    if data.closes_on < today:
        problems["closes_on"] = _("The closing date is in the past.")
    if data.openings < 1:
        problems["openings"] = _("At least one opening.")
    if data.pay_min is not None and data.pay_min < 0:
        problems["pay_min"] = _("Pay cannot be negative.")
    if data.pay_max is not None and data.pay_max < 0:
        problems["pay_max"] = _("Pay cannot be negative.")
    if data.pay_min is not None and data.pay_max is not None and data.pay_min > data.pay_max:
        problems["pay_min"] = _("The lowest pay is higher than the highest.")
    if data.employment and data.employment not in Opportunity.Employment.values:
        problems["employment"] = _("Choose full-time, part-time or contract.")
    if data.pay_basis and data.pay_basis not in Opportunity.PayBasis.values:
        problems["pay_basis"] = _("Choose per month, per piece or per project.")
    if data.education and data.education not in EDUCATION_LEVELS:
        problems["education"] = _("Choose a level of education from the list.")
    if not _CURRENCY.match(data.currency or "") or data.currency not in selectors.CURRENCIES:
        problems["currency"] = _("Give pay in rupiah (IDR) or the destination country's currency.")
    elif data.currency != "IDR" and data.kind != Opportunity.Kind.ABROAD:
        problems["currency"] = _("Pay for work in Indonesia is in rupiah (IDR).")
    if data.regency_code:
        checked.regency = region_selectors.regency(data.regency_code)
        if checked.regency is None:
            problems["regency_code"] = _("No regency or city has this code.")
    elif not data.remote and data.kind != Opportunity.Kind.ABROAD:
        problems["regency_code"] = _("Say where the work is, or mark it as remote.")
    # skills
    if not data.skills:
        problems["skills"] = _("Name at least one skill the work needs.")
    elif len(data.skills) > MAX_SKILLS:
        problems["skills"] = _("At most %(n)d skills.") % {"n": MAX_SKILLS}
    else:
        checked.skills = skill_selectors.skills_by_code([s.code for s in data.skills])
        seen: set[str] = set()
        for i, s in enumerate(data.skills):
            if s.code not in checked.skills:
                problems[f"skills.{i}.code"] = _("No skill has the code “%(code)s”.") % {"code": s.code}
            elif s.code in seen:
                problems[f"skills.{i}.code"] = _("This skill is named twice.")
            if s.level not in OpportunitySkill.Level.values:
                problems[f"skills.{i}.level"] = _("The level is 1 (basic), 2 (intermediate) or 3 (advanced).")
            seen.add(s.code)
    if data.preferred_courses:
        found = learning_selectors.published_courses_by_code(data.preferred_courses)
        missing = [c for c in data.preferred_courses if c not in found]
        if missing:
            problems["preferred_courses"] = _("No published course has the code “%(code)s”.") % {"code": missing[0]}
        checked.courses = list(found.values())
    if any(not c.strip() or len(c) > 64 for c in data.preferred_scheme_codes):
        problems["preferred_scheme_codes"] = _("A BNSP scheme code is 1 to 64 characters.")
    # work abroad: destination, costs, the agency's licence
    if data.kind == Opportunity.Kind.ABROAD:
        if data.destination_country not in selectors.DESTINATIONS:
            problems["destination_country"] = _("Choose the destination country from the list.")
        if not data.placement_costs.strip():
            problems["placement_costs"] = _("State the placement costs and who pays each of them.")
        if data.worker_costs_idr is not None and data.worker_costs_idr > WORKER_PLACEMENT_COST_CAP_IDR:
            problems["worker_costs_idr"] = _(
                "A migrant worker may not be charged placement costs (UU 18/2017, Pasal 30): set this to 0."
            )
        checked.licence = selectors.valid_licence(org)
        if checked.licence is None:
            problems["kind"] = str(errors.LicenceRequired.default_message)
    elif data.destination_country:
        problems["destination_country"] = _("Only a work-abroad post has a destination country.")
    if problems:
        if set(problems) == {"kind"} and data.kind == Opportunity.Kind.ABROAD:
            raise errors.LicenceRequired(field_errors=problems)
        raise errors.OpportunityInvalid(_("Some fields need fixing."), field_errors=problems)
    return checked


def _fill(opportunity: Opportunity, data: OpportunityData, checked: _Checked) -> None:
    abroad = data.kind == Opportunity.Kind.ABROAD
    opportunity.kind = data.kind
    opportunity.title = data.title.strip()
    opportunity.description = data.description.strip()
    opportunity.regency = checked.regency
    opportunity.province_id = checked.regency.province_id if checked.regency else None
    opportunity.remote = data.remote
    opportunity.employment = data.employment or (
        Opportunity.Employment.FULL_TIME if data.kind == Opportunity.Kind.JOB else ""
    )
    opportunity.education = data.education
    opportunity.experience_years = data.experience_years
    opportunity.openings = data.openings
    opportunity.pay_min, opportunity.pay_max = data.pay_min, data.pay_max
    opportunity.currency = data.currency
    opportunity.pay_basis = data.pay_basis or (
        Opportunity.PayBasis.PROJECT if data.kind == Opportunity.Kind.SIDE_GIG else Opportunity.PayBasis.MONTH
    )
    opportunity.closes_on = data.closes_on
    opportunity.destination_country = data.destination_country if abroad else ""
    opportunity.language_requirement = data.language_requirement.strip() if abroad else ""
    opportunity.placement_costs = data.placement_costs.strip() if abroad else ""
    opportunity.worker_costs_idr = (data.worker_costs_idr or 0) if abroad else None
    opportunity.licence = checked.licence
    opportunity.preferred_scheme_codes = [c.strip() for c in data.preferred_scheme_codes]


def _write_skills(opportunity: Opportunity, data: OpportunityData) -> None:
    OpportunitySkill.objects.filter(opportunity=opportunity).delete()
    OpportunitySkill.objects.bulk_create(
        [
            OpportunitySkill(
                opportunity=opportunity,
                skill_id=s.code,
                level=s.level,
                required=s.required,
                is_open=False,
                closes_on=opportunity.closes_on,
            )
            for s in data.skills
        ]
    )


@transaction.atomic
def post_opportunity(*, actor: User, employer_code: str, data: OpportunityData) -> Opportunity:
    """A company's staff post an opportunity; it waits for the platform admin's review."""
    org = selectors.employer_for_staff(actor, employer_code)
    checked = _check(org, data)
    opportunity = Opportunity(employer=org, created_by=actor, status=Opportunity.Status.PENDING)
    _fill(opportunity, data, checked)
    opportunity.save()
    opportunity.preferred_courses.set(checked.courses)
    _write_skills(opportunity, data)
    return opportunity


@transaction.atomic
def edit_opportunity(*, actor: User, opportunity_id: int, data: OpportunityData) -> Opportunity:
    """The staff change a post. A published post goes back to review (and leaves the list until then):
    what the admin checked is what shows. Applications already made stay."""
    opportunity = _opportunity_locked(opportunity_id)
    if not selectors.is_staff_of(actor, opportunity.employer):
        raise errors.NotEmployerStaff()
    if opportunity.status == Opportunity.Status.CLOSED:
        raise errors.WrongStatus(_("A closed post cannot be changed."))
    checked = _check(opportunity.employer, data)
    _fill(opportunity, data, checked)
    opportunity.status = Opportunity.Status.PENDING
    opportunity.review_reason = ""
    opportunity.save()
    opportunity.preferred_courses.set(checked.courses)
    _write_skills(opportunity, data)
    return opportunity


@transaction.atomic
def close_opportunity(*, actor: User, opportunity_id: int) -> Opportunity:
    opportunity = _opportunity_locked(opportunity_id)
    if not selectors.is_staff_of(actor, opportunity.employer):
        raise errors.NotEmployerStaff()
    opportunity.status = Opportunity.Status.CLOSED
    opportunity.save(update_fields=["status"])
    _sync_index(opportunity)
    return opportunity


@transaction.atomic
def review_opportunity(*, actor: User, opportunity_id: int, decision: str, reason: str = "") -> Opportunity:
    """The platform admin publishes a post or rejects it with a reason (a published one too: taken
    down). An abroad post is published only while its agency's licence is valid."""
    _ensure_admin(actor)
    opportunity = _opportunity_locked(opportunity_id)
    reason = (reason or "").strip()[:500]
    if decision not in ("publish", "reject"):
        msg = _("Decide “publish” or “reject”.")
        raise errors.ReviewInvalid(msg, field_errors={"decision": msg})
    now = _now()
    if decision == "publish":
        if opportunity.status != Opportunity.Status.PENDING:
            raise errors.WrongStatus(_("Only a post waiting for review can be published."))
        if opportunity.closes_on < _today():
            msg = _("The closing date is in the past.")
            raise errors.ReviewInvalid(msg, field_errors={"closes_on": msg})
        if opportunity.kind == Opportunity.Kind.ABROAD:
            licence = selectors.valid_licence(opportunity.employer)
            if licence is None:
                raise errors.LicenceRequired(field_errors={"kind": str(errors.LicenceRequired.default_message)})
            opportunity.licence = licence
        opportunity.status = Opportunity.Status.PUBLISHED
        opportunity.published_at = opportunity.published_at or now
    else:
        if not reason:
            msg = _("Say why the post is rejected: the employer reads it.")
            raise errors.ReviewInvalid(msg, field_errors={"reason": msg})
        if opportunity.status not in (Opportunity.Status.PENDING, Opportunity.Status.PUBLISHED):
            raise errors.WrongStatus(_("This post is not waiting for review or published."))
        opportunity.status = Opportunity.Status.REJECTED
    opportunity.review_reason = reason
    opportunity.reviewed_by, opportunity.reviewed_at = actor, now
    opportunity.save()
    _sync_index(opportunity)
    return opportunity


@transaction.atomic
def mark_reported(*, actor: User, opportunity_id: int, reported_on: datetime.date | None = None) -> Opportunity:
    """The staff say the post was reported to SIAPkerja/Karirhub (Perpres 57/2023), on a day."""
    opportunity = _opportunity_locked(opportunity_id)
    if not selectors.is_staff_of(actor, opportunity.employer):
        raise errors.NotEmployerStaff()
    day = reported_on or _today()
    if day > _today():
        msg = _("The report date cannot be in the future.")
        raise errors.OpportunityInvalid(msg, field_errors={"reported_on": msg})
    opportunity.reported_to_karirhub_on = day
    opportunity.save(update_fields=["reported_to_karirhub_on"])
    return opportunity


def expire_opportunities() -> str:
    """Periodic: posts past their closing date leave the skill index (applying already refuses them)."""
    today = _today()
    closed = OpportunitySkill.objects.filter(is_open=True, closes_on__lt=today).update(is_open=False)
    lapsed = OpportunitySkill.objects.filter(
        is_open=True,
        opportunity__kind=Opportunity.Kind.ABROAD,
        opportunity__licence__valid_until__lt=today,
    ).update(is_open=False)
    if closed or lapsed:
        selectors.OPPORTUNITIES.bump()
    return f"{closed + lapsed} skill rows of closed opportunities left the index"


# --- licences, vouching, flags ---------------------------------------------------------------------------


@transaction.atomic
def record_licence(
    *, actor: User, employer_code: str, number: str, valid_from: datetime.date, valid_until: datetime.date
) -> AgencyLicence:
    """The platform admin records (or renews) a placement agency's SIP3MI licence."""
    _ensure_admin(actor)
    org = selectors.employer(employer_code)
    number = (number or "").strip()
    problems = {}
    if not number:
        problems["number"] = _("Give the SIP3MI licence number.")
    if valid_until < valid_from:
        problems["valid_until"] = _("The licence ends before it starts.")
    if problems:
        raise errors.LicenceInvalid(_("Some fields need fixing."), field_errors=problems)
    licence, _created = AgencyLicence.objects.update_or_create(
        agency=org,
        defaults={
            "number": number[:64],
            "valid_from": valid_from,
            "valid_until": valid_until,
            "recorded_by": actor,
            "recorded_at": _now(),
        },
    )
    Opportunity.objects.filter(employer=org, kind=Opportunity.Kind.ABROAD).update(licence=licence)
    for opportunity in Opportunity.objects.filter(employer=org, kind=Opportunity.Kind.ABROAD).select_related("licence"):
        _sync_index(opportunity)
    return licence


@transaction.atomic
def vouch(*, actor: User, opportunity_id: int, chamber_code: str = "") -> Opportunity:
    """An officer of a Kadin chapter whose region holds a member company vouches for its post."""
    opportunity = _opportunity_locked(opportunity_id)
    company = opportunity.employer
    chambers = [
        c
        for c in selectors.chambers_of(actor)
        if (not chamber_code or c.code == chamber_code) and selectors.chamber_covers(c, company)
    ]
    if not chambers:
        raise errors.NotChamberOfficer()
    if not company.is_kadin_member:
        raise errors.WrongStatus(_("Only a Kadin member company's post can be vouched for."))
    # the nearest chapter vouches: a regency's before a province's before the nation's
    depth: dict[str, int] = {Organization.Level.REGENCY: 0, Organization.Level.PROVINCE: 1}
    chambers.sort(key=lambda c: depth.get(c.level, 2))
    opportunity.vouched_by, opportunity.vouched_at = chambers[0], _now()
    opportunity.save(update_fields=["vouched_by", "vouched_at"])
    return opportunity


@transaction.atomic
def flag_poster(
    *, actor: User, employer_code: str, reason: str, opportunity_id: int | None = None, union_code: str = ""
) -> PosterFlag:
    """A union officer reports a poster as abusive or fake. Hides nothing: the admin reviews it."""
    org = selectors.employer(employer_code)
    unions = [u for u in selectors.unions_of(actor) if not union_code or u.code == union_code]
    if not unions:
        raise errors.NotUnionOfficer()
    reason = (reason or "").strip()
    if len(reason) < 10:
        msg = _("Say in a sentence what is wrong (at least 10 characters).")
        raise errors.FlagInvalid(msg, field_errors={"reason": msg})
    opportunity = None
    if opportunity_id is not None:
        opportunity = Opportunity.objects.filter(pk=opportunity_id, employer=org).first()
        if opportunity is None:
            msg = str(errors.OpportunityNotFound.default_message)
            raise errors.FlagInvalid(msg, field_errors={"opportunity_id": msg})
    return PosterFlag.objects.create(
        employer=org, opportunity=opportunity, flagged_by=actor, union=unions[0], reason=reason[:2000]
    )


@transaction.atomic
def resolve_flag(*, actor: User, flag_id: int, resolution: str) -> PosterFlag:
    _ensure_admin(actor)
    flag = PosterFlag.objects.select_for_update().filter(pk=flag_id).first()
    if flag is None:
        raise errors.FlagNotFound()
    resolution = (resolution or "").strip()
    if not resolution:
        msg = _("Say what was found and done.")
        raise errors.FlagInvalid(msg, field_errors={"resolution": msg})
    if flag.resolved_at is not None:
        raise errors.WrongStatus(_("This flag is already resolved."))
    flag.resolved_at, flag.resolution = _now(), resolution[:500]
    flag.save(update_fields=["resolved_at", "resolution"])
    return flag


# --- applications ------------------------------------------------------------------------------------------


def _notify(application: Application, stage: str) -> None:
    """Tells the worker by email (where they gave one) once the step is saved; the step itself is
    what they see in the app."""
    worker = application.worker
    email = worker.email if worker is not None else None
    if not email:
        return
    opportunity = application.opportunity
    subject = _("Your application: %(title)s") % {"title": opportunity.title}
    body = _("Your application for “%(title)s” at %(employer)s is now: %(stage)s.") % {
        "title": opportunity.title,
        "employer": opportunity.employer.name,
        "stage": Application.Stage(stage).label,
    }
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email], fail_silently=True))


def _count(opportunity_id: int, *, leaving: str = "", entering: str = "") -> None:
    """The post's applications per stage (`Opportunity.applicants_<stage>`) follow an application that
    leaves a stage (moved on, or deleted) or enters one, in the caller's transaction (one UPDATE of
    the post's row, which holds its lock until the commit: concurrent changes add up)."""
    changes: dict[str, Any] = {}
    if leaving:
        changes[stage_counter(leaving)] = F(stage_counter(leaving)) - 1
    if entering:
        changes[stage_counter(entering)] = F(stage_counter(entering)) + 1
    if changes:
        Opportunity.objects.filter(pk=opportunity_id).update(**changes)


def application_deleted(application: Application) -> None:
    """Its post counts it no more (any deletion: an erasure, an account or a post deleted; apps.py)."""
    _count(application.opportunity_id, leaving=application.stage)


def _step(application: Application, stage: str, *, by: User | None, note: str = "") -> None:
    _count(application.opportunity_id, leaving=application.stage, entering=stage)
    now = _now()
    application.stage, application.stage_changed_at = stage, now
    application.save(update_fields=["stage", "stage_changed_at"])
    ApplicationStep.objects.create(application=application, stage=stage, at=now, by=by, note=note[:500])
    _notify(application, stage)


def _own_credentials(worker: User, credential_ids: Iterable[str]) -> list[str]:
    wanted = [str(c) for c in credential_ids]
    if not wanted:
        return []
    own = {public_id for public_id, _title in selectors.own_credentials(worker)}
    strangers = [c for c in wanted if c not in own]
    if strangers:
        msg = _("Choose only your own certificates.")
        raise errors.ApplicationInvalid(msg, field_errors={"credential_ids": msg})
    return list(dict.fromkeys(wanted))


def apply(
    *,
    worker: User,
    opportunity: Opportunity,
    credential_ids: Iterable[str] = (),
    source: str = Application.Source.DIRECT,
    message: str = "",
) -> Application:
    """The worker applies with their profile and the certificates they choose. One application per
    worker and opportunity: applying again returns the same one (a withdrawn one is reopened), also
    when two requests race (the unique constraint decides). Refused once the post has closed."""
    return apply_with_status(
        worker=worker, opportunity=opportunity, credential_ids=credential_ids, source=source, message=message
    )[0]


@transaction.atomic
def apply_with_status(
    *,
    worker: User,
    opportunity: Opportunity,
    credential_ids: Iterable[str] = (),
    source: str = Application.Source.DIRECT,
    message: str = "",
) -> tuple[Application, bool]:
    """`apply`, also saying whether the application is new."""
    if not _is_worker(worker):
        raise errors.NotAWorker()
    existing = Application.objects.filter(opportunity=opportunity, worker=worker).first()
    if existing is not None and existing.stage != Application.Stage.WITHDRAWN:
        return existing, False
    # read again: the caller's copy may predate a review, a closing or a licence change
    current = Opportunity.objects.select_related("licence").filter(pk=opportunity.pk).first()
    if current is None or not selectors.is_open(current):
        raise errors.OpportunityClosed()
    chosen = _own_credentials(worker, credential_ids)
    message = (message or "").strip()[:2000]
    if existing is not None:  # withdrawn: applying again reopens it
        existing.credential_ids, existing.message = chosen or existing.credential_ids, message or existing.message
        existing.save(update_fields=["credential_ids", "message"])
        _step(existing, Application.Stage.APPLIED, by=worker)
        return existing, True
    now = _now()
    try:
        with transaction.atomic():
            application = Application.objects.create(
                opportunity=opportunity,
                worker=worker,
                source=source,
                message=message,
                credential_ids=chosen,
                applied_at=now,
                stage_changed_at=now,
            )
    except IntegrityError:
        # applied meanwhile by a concurrent request for the same pair
        return Application.objects.get(opportunity=opportunity, worker=worker), False
    _count(opportunity.pk, entering=Application.Stage.APPLIED)
    ApplicationStep.objects.create(application=application, stage=Application.Stage.APPLIED, at=now, by=worker)
    return application, True


def apply_to(
    *, worker: User, opportunity_id: int, credential_ids: Iterable[str] = (), message: str = ""
) -> tuple[Application, bool]:
    """The worker applies to an opportunity by its number (API and pages)."""
    opportunity = selectors.opportunity_for(worker, opportunity_id)
    return apply_with_status(worker=worker, opportunity=opportunity, credential_ids=credential_ids, message=message)


@transaction.atomic
def withdraw(*, worker: User, application_id: int) -> Application:
    application = Application.objects.select_for_update().filter(pk=application_id, worker_id=worker.pk).first()
    if application is None:
        raise errors.ApplicationNotFound()
    if application.stage in selectors.FINAL_STAGES:
        raise errors.StageNotAllowed(_("This application has ended; it cannot be withdrawn."))
    _step(application, Application.Stage.WITHDRAWN, by=worker)
    return application


def _allowed(current: str, target: str) -> bool:
    if current in selectors.FINAL_STAGES or target == current:
        return False
    if target == Application.Stage.NOT_SELECTED:
        return True
    if target not in selectors.STAGE_ORDER:
        return False
    return selectors.STAGE_ORDER.index(target) > selectors.STAGE_ORDER.index(current)


@transaction.atomic
def move_application(*, actor: User, application_id: int, stage: str, note: str = "") -> Application:
    """The employer moves an application forward (applied → shortlisted → interview → offered →
    hired) or ends it (not selected). Hiring records a placement."""
    application = (
        Application.objects.select_for_update()
        .select_related("opportunity", "opportunity__employer", "worker")
        .filter(pk=application_id, worker__erased_at__isnull=True)
        .first()
    )
    if application is None:
        raise errors.ApplicationNotFound()
    if not selectors.is_staff_of(actor, application.opportunity.employer):
        raise errors.NotEmployerStaff()
    if stage not in Application.Stage.values or stage == Application.Stage.WITHDRAWN:
        msg = _("Choose shortlisted, interview, offered, hired or not selected.")
        raise errors.ApplicationInvalid(msg, field_errors={"stage": msg})
    if not _allowed(application.stage, stage):
        raise errors.StageNotAllowed()
    _step(application, stage, by=actor, note=note)
    if stage == Application.Stage.HIRED:
        _record_placement(application)
    return application


def _union_of(worker: User) -> Organization | None:
    """The union the worker is a member of (the deepest branch where there are several)."""
    unions = [
        m.organization
        for m in org_selectors.memberships_of(worker)
        if m.organization.kind == Organization.Kind.UNION and m.role == Membership.Role.MEMBER
    ]
    return max(unions, key=lambda o: len(o.path), default=None)


def source_course_id(worker_id: int, opportunity: Opportunity) -> int | None:
    """The most recent completed course that teaches a skill of the opportunity (its required skills
    first), or None: the course the hire is credited to (docs/decisions/0014-jobs.md)."""
    completed = learning_selectors.completed_courses_of(worker_id)
    if not completed:
        return None
    wanted = list(opportunity.skills.all())
    required = {s.skill_id for s in wanted if s.required}
    every = {s.skill_id for s in wanted}
    taught = learning_selectors.skill_codes_of_courses(completed)
    epoch = datetime.datetime.min.replace(tzinfo=datetime.UTC)
    for skills in (required, every):
        matching = [cid for cid in completed if taught.get(cid, set()) & skills]
        if matching:
            return max(matching, key=lambda cid: (completed[cid] or epoch, cid))
    return None


def _record_placement(application: Application) -> Placement:
    opportunity = application.opportunity
    worker = application.worker
    profile = getattr(account_selectors.profile_of(worker), "worker", None)
    union = _union_of(worker)
    placement = Placement.objects.create(
        application=application,
        worker=worker,
        opportunity=opportunity,
        employer=opportunity.employer,
        kind=opportunity.kind,
        regency_id=profile.regency_id if profile else None,
        province_id=profile.province_id if profile else None,
        sector_id=opportunity.employer.sector_id,
        union=union,
        source_course_id=source_course_id(worker.pk, opportunity),
        destination_country=opportunity.destination_country,
        hired_at=application.stage_changed_at,
    )
    events.publish(
        WorkerHired(
            placement_id=placement.pk,
            opportunity_id=opportunity.pk,
            employer_id=opportunity.employer_id,
            worker_id=worker.pk,
            kind=opportunity.kind,
            hired_at=placement.hired_at,
        )
    )
    return placement


# --- train to hire ---------------------------------------------------------------------------------------


@transaction.atomic
def set_commitment(
    *,
    actor: User,
    opportunity_id: int,
    course_codes: list[str],
    interview_by: datetime.date,
    sponsored_course_code: str = "",
    sponsored_seats: int = 0,
) -> TrainingCommitment:
    """The employer promises to interview everyone who completes the path by a date, optionally
    sponsoring seats of a priced course of the path."""
    opportunity = _opportunity_locked(opportunity_id)
    if not selectors.is_staff_of(actor, opportunity.employer):
        raise errors.NotEmployerStaff()
    problems: dict[str, str] = {}
    codes = list(dict.fromkeys(c.strip() for c in course_codes if c.strip()))
    found = learning_selectors.published_courses_by_code(codes)
    if not codes:
        problems["course_codes"] = _("Choose at least one course of the path.")
    elif len(found) != len(codes):
        missing = next(c for c in codes if c not in found)
        problems["course_codes"] = _("No published course has the code “%(code)s”.") % {"code": missing}
    if interview_by < _today():
        problems["interview_by"] = _("The interview date is in the past.")
    sponsored = None
    if sponsored_course_code:
        sponsored = found.get(sponsored_course_code)
        if sponsored is None:
            problems["sponsored_course_code"] = _("Sponsor a course of the path.")
        elif sponsored.is_free:
            problems["sponsored_course_code"] = _("This course is free: there is nothing to sponsor.")
        if sponsored_seats < 1:
            problems["sponsored_seats"] = _("Sponsor at least one seat.")
    elif sponsored_seats:
        problems["sponsored_course_code"] = _("Say which course the seats are of.")
    if problems:
        raise errors.CommitmentInvalid(_("Some fields need fixing."), field_errors=problems)
    commitment, _created = TrainingCommitment.objects.update_or_create(
        opportunity=opportunity,
        defaults={
            "interview_by": interview_by,
            "sponsored_course": sponsored,
            "sponsored_seats": sponsored_seats if sponsored else 0,
        },
    )
    commitment.courses.set(found.values())
    return commitment


@transaction.atomic
def ask_auto_apply(*, worker: User, opportunity_id: int) -> AutoApplyRequest:
    """The worker asks to be applied automatically once they complete the commitment's path (at
    once, if they already have)."""
    opportunity = selectors.opportunity_for(worker, opportunity_id)
    if not _is_worker(worker):
        raise errors.NotAWorker()
    commitment = selectors.commitment_of(opportunity)
    if commitment is None:
        raise errors.NoCommitment()
    request, _created = AutoApplyRequest.objects.get_or_create(commitment=commitment, worker=worker)
    _apply_if_path_done(request, set(learning_selectors.completed_courses_of(worker.pk)))
    return request


@transaction.atomic
def cancel_auto_apply(*, worker: User, opportunity_id: int) -> None:
    AutoApplyRequest.objects.filter(commitment__opportunity_id=opportunity_id, worker_id=worker.pk).delete()


def _apply_if_path_done(request: AutoApplyRequest, completed: set[int]) -> Application | None:
    commitment = request.commitment
    path = set(commitment.courses.values_list("pk", flat=True))
    opportunity = commitment.opportunity
    if not path or not path <= completed or not selectors.is_open(opportunity):
        return None
    return apply(worker=request.worker, opportunity=opportunity, source=Application.Source.TRAIN_TO_HIRE)


def on_course_completed(event: CourseCompleted) -> None:
    """Subscriber of learning's CourseCompleted (inside the completing transaction): applies the
    worker to each opportunity whose train-to-hire path they asked for and have now completed."""
    requests = AutoApplyRequest.objects.filter(
        worker_id=event.user_id, commitment__courses__id=event.course_id
    ).select_related("commitment", "commitment__opportunity", "commitment__opportunity__licence", "worker")
    if not requests:
        return
    completed = set(learning_selectors.completed_courses_of(event.user_id)) | {event.course_id}
    for request in requests:
        _apply_if_path_done(request, completed)


# --- erasure -----------------------------------------------------------------------------------------------


def forget_worker(event: AccountErased) -> None:
    """Subscriber of accounts' AccountErased: the person's applications, steps and requests go; their
    placements stay as anonymous counts (worker emptied); flags they raised lose their name."""
    user_id = event.user.pk
    selectors.BOARD_ERASURES.bump()  # their applications leave the employers' kept dashboards
    Placement.objects.filter(worker_id=user_id).update(worker=None, application=None)
    Application.objects.filter(worker_id=user_id).delete()
    AutoApplyRequest.objects.filter(worker_id=user_id).delete()
    PosterFlag.objects.filter(flagged_by_id=user_id).update(flagged_by=None)
