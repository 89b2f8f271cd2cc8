"""Every write of competency certification, one function per use case, each one short transaction.

The way of an application (FR.APL.01 and FR.APL.02 as BNSP's forms call them):
submitted → (needs_more → submitted) | refused | accepted → scheduled → assessed
→ [appealed → scheduled again] → certified | not_yet_competent.
The LSP's decision issues the competency certificate as a signed credential whose issuer is the
LSP; the platform never issues one in its own name.
"""

from __future__ import annotations

import datetime
import logging
from typing import TYPE_CHECKING, Any

from django.core.files import File
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from naker.accounts import selectors as account_selectors
from naker.core.events import publish
from naker.credentials import openbadges
from naker.credentials import services as credential_services
from naker.credentials.certification import errors, files, selectors
from naker.credentials.certification.models import (
    Application,
    Assessor,
    Evidence,
    ExpiryNotice,
    Scheme,
    Step,
    UnitResult,
    Venue,
)
from naker.credentials.events import CompetencyCertified
from naker.credentials.models import Credential
from naker.regions import selectors as region_selectors
from naker.skills import selectors as skill_selectors

if TYPE_CHECKING:
    from naker.accounts.models import User

logger = logging.getLogger(__name__)
S = Application.Status
METHODS = ("observation", "demonstration", "oral_questions", "written_questions", "portfolio", "interview")
REMINDER_DAYS = (90, 30)


def _step(application: Application, *, actor: User | None, note: str = "") -> None:
    Step.objects.create(application=application, status=application.status, note=note, actor=actor)


def _locked(application_id: int) -> Application:
    application = (
        Application.objects.select_for_update()
        .select_related("scheme", "scheme__lsp")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        raise errors.ApplicationNotFound()
    return application


def _as_staff(actor: User, application_id: int) -> Application:
    application = _locked(application_id)
    if not selectors.is_lsp_staff(actor, application.scheme.lsp):
        # the worker and the assessor may see it, but this step is the LSP's
        assessor = application.assessor
        if application.worker_id == actor.pk or (assessor is not None and assessor.user_id == actor.pk):
            raise errors.NotLspStaff()
        raise errors.ApplicationNotFound()
    return application


def _as_worker(actor: User, application_id: int) -> Application:
    application = _locked(application_id)
    if application.worker_id != actor.pk:
        raise errors.ApplicationNotFound()
    return application


def _stage(application: Application, *allowed: str) -> None:
    if application.status not in allowed:
        raise errors.WrongStage()


def _problem(field: str, message: str) -> errors.ApplicationInvalid:
    return errors.ApplicationInvalid(message, field_errors={field: message})


# --- what an LSP publishes -----------------------------------------------------------------------


@transaction.atomic
def create_scheme(
    *,
    actor: User,
    lsp_code: str,
    code: str,
    name: str,
    kind: str,
    unit_codes: list[str],
    kkni_level: int | None = None,
    requirements: str = "",
    fee: int = 0,
    validity_years: int = 3,
    appeal_days: int = 14,
) -> Scheme:
    lsp = selectors.lsp_for_staff(actor, lsp_code)
    problems: dict[str, str] = {}
    code, name = code.strip(), name.strip()
    if not code:
        problems["code"] = _("Give the scheme's code.")
    elif Scheme.objects.filter(lsp=lsp, code=code).exists():
        problems["code"] = _("This LSP already has a scheme with this code.")
    if not name:
        problems["name"] = _("Give the scheme's name.")
    if kind not in Scheme.Kind.values:
        problems["kind"] = _("Choose KKNI level, occupation or cluster.")
    if kind == Scheme.Kind.KKNI and not (kkni_level and 1 <= kkni_level <= 9):
        problems["kkni_level"] = _("A KKNI scheme needs its level, 1 to 9.")
    units = skill_selectors.skills_by_code(unit_codes)
    unknown = [c for c in unit_codes if c not in units or units[c].kind != "skkni_unit"]
    if not unit_codes:
        problems["unit_codes"] = _("A scheme needs at least one SKKNI unit.")
    elif unknown:
        problems["unit_codes"] = _("These are not SKKNI units of the register: %(codes)s") % {
            "codes": ", ".join(unknown[:5])
        }
    if not 1 <= validity_years <= 10:
        problems["validity_years"] = _("Give 1 to 10 years.")
    if not 1 <= appeal_days <= 90:
        problems["appeal_days"] = _("Give 1 to 90 days.")
    if problems:
        raise errors.ApplicationInvalid(_("Some fields need fixing."), field_errors=problems)
    scheme = Scheme.objects.create(
        lsp=lsp,
        code=code,
        name=name,
        kind=kind,
        kkni_level=kkni_level if kind == Scheme.Kind.KKNI else None,
        requirements=requirements,
        fee=fee,
        validity_years=validity_years,
        appeal_days=appeal_days,
    )
    scheme.units.set(list(units.values()))
    return scheme


@transaction.atomic
def add_venue(*, actor: User, lsp_code: str, name: str, kind: str, regency_code: str, address: str = "") -> Venue:
    lsp = selectors.lsp_for_staff(actor, lsp_code)
    problems: dict[str, str] = {}
    if not name.strip():
        problems["name"] = _("Give the venue's name.")
    if kind not in Venue.Kind.values:
        problems["kind"] = _("Choose workplace, temporary or standing.")
    if region_selectors.regency(regency_code) is None:
        problems["regency_code"] = _("No regency or city has this code.")
    if problems:
        raise errors.ApplicationInvalid(_("Some fields need fixing."), field_errors=problems)
    return Venue.objects.create(lsp=lsp, name=name.strip(), kind=kind, regency_id=regency_code, address=address)


@transaction.atomic
def add_assessor(*, actor: User, lsp_code: str, login: str, name: str, registration_number: str) -> Assessor:
    """An assessor of the LSP, with the account they log in with (found by phone or email)."""
    lsp = selectors.lsp_for_staff(actor, lsp_code)
    problems: dict[str, str] = {}
    user = account_selectors.user_by_login(login)
    if user is None:
        problems["login"] = _("No account has this phone number or email. The assessor registers first.")
    if not registration_number.strip():
        problems["registration_number"] = _("Give the assessor's registration number (MET).")
    if problems:
        raise errors.ApplicationInvalid(_("Some fields need fixing."), field_errors=problems)
    assert user is not None
    assessor, _created = Assessor.objects.update_or_create(
        lsp=lsp,
        user=user,
        defaults={
            "name": name.strip() or user.full_name,
            "registration_number": registration_number.strip(),
            "active": True,
        },
    )
    return assessor


# --- the worker ----------------------------------------------------------------------------------


def personal_data(worker: User) -> dict[str, Any]:
    """FR.APL.01's personal part, prefilled from the worker's profile (the NIK masked)."""
    profile = account_selectors.profile_of(worker)
    wp = getattr(profile, "worker", None)
    return {
        "full_name": worker.full_name,
        "nik_masked": wp.nik_masked if wp else "",
        "birth_date": wp.birth_date.isoformat() if wp and wp.birth_date else "",
        "sex": wp.get_sex_display() if wp and wp.sex else "",
        "regency": wp.regency.name if wp else "",
        "education": wp.get_education_display() if wp and wp.education else "",
        "phone": worker.phone or "",
        "email": worker.email or "",
    }


@transaction.atomic
def apply(
    *,
    worker: User,
    scheme_id: int,
    purpose: str = Application.Purpose.NEW,
    competent_elements: list[int] | None = None,
) -> Application:
    """FR.APL.01 and FR.APL.02: the application with the self-assessment per unit and element
    (`competent_elements`: the elements the worker judges competent; the others "not yet").
    Course certificates earned here that cover a unit, and for re-certification the previous
    certificate, are attached as evidence."""
    if not hasattr(worker, "worker"):
        raise errors.NotAWorker()
    scheme = selectors.scheme(scheme_id)
    if purpose not in Application.Purpose.values:
        raise _problem("purpose", _("Choose new certification, re-certification or RPL."))
    if Application.objects.filter(worker=worker, scheme=scheme, status__in=selectors.OPEN_STATUSES).exists():
        raise errors.AlreadyApplied()
    previous = None
    if purpose == Application.Purpose.RECERTIFICATION:
        previous = selectors.renewable_certificate(worker, scheme)
        if previous is None:
            raise errors.NoCertificateToRenew()
    units = list(scheme.units.all())
    elements = selectors.unit_elements(u.code for u in units)
    known = {e.pk: e.skill_id for rows in elements.values() for e in rows}
    chosen = set(competent_elements or [])
    unknown = sorted(chosen - set(known))
    if unknown:
        raise _problem(
            "competent_elements",
            _("These elements are not in this scheme: %(ids)s") % {"ids": ", ".join(map(str, unknown[:5]))},
        )
    application = Application.objects.create(
        worker=worker, scheme=scheme, purpose=purpose, personal=personal_data(worker), previous_certificate=previous
    )
    UnitResult.objects.bulk_create(
        [
            UnitResult(
                application=application,
                skill=unit,
                self_assessment={str(e.pk): e.pk in chosen for e in elements.get(unit.code, [])},
            )
            for unit in units
        ]
    )
    offered = [
        Evidence(application=application, kind=Evidence.Kind.COURSE_CERTIFICATE, credential=credential, skill_id=code)
        for credential, codes in selectors.course_certificates_covering(worker, [u.code for u in units])
        for code in codes
    ]
    if previous is not None:
        offered.append(Evidence(application=application, kind=Evidence.Kind.PREVIOUS_CERTIFICATE, credential=previous))
    Evidence.objects.bulk_create(offered)
    _step(application, actor=worker)
    return application


def add_evidence(
    *, actor: User, application_id: int, upload: File, name: str, size: int, skill_code: str = ""
) -> Evidence:
    """An evidence file for the worker's application: its size and its content (PDF, PNG, JPEG by
    their first bytes, whatever the name says) are checked before anything is stored."""
    limit = files.max_bytes()
    if size > limit:
        msg = _("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)}
        raise errors.EvidenceRefused(msg, field_errors={"file": msg})
    upload.seek(0)
    kind = files.sniff(upload.read(16))
    if kind is None:
        msg = _("Send a PDF, PNG or JPEG file (the file's content is none of these).")
        raise errors.EvidenceRefused(msg, field_errors={"file": msg})
    with transaction.atomic():
        application = _as_worker(actor, application_id)
        _stage(application, S.SUBMITTED, S.NEEDS_MORE, S.ACCEPTED)
        if skill_code and not application.units.filter(skill_id=skill_code).exists():
            raise _problem("skill_code", _("This unit is not in the application's scheme."))
    stored = files.save(upload, kind)  # written outside the transaction, removed again if it fails
    try:
        with transaction.atomic():
            return Evidence.objects.create(
                application_id=application_id,
                kind=Evidence.Kind.FILE,
                skill_id=skill_code or None,
                file_name=stored,
                original_name=(name or "bukti")[-200:],
                content_type=kind.content_type,
                size=size,
            )
    except Exception:
        files.delete(stored)
        raise


@transaction.atomic
def resubmit(*, actor: User, application_id: int) -> Application:
    application = _as_worker(actor, application_id)
    _stage(application, S.NEEDS_MORE)
    application.status = S.SUBMITTED
    application.save(update_fields=["status"])
    _step(application, actor=actor)
    return application


@transaction.atomic
def appeal(*, actor: User, application_id: int, text: str) -> Application:
    application = _as_worker(actor, application_id)
    _stage(application, S.ASSESSED)
    if application.appeal_until is None or timezone.now() >= application.appeal_until:
        raise errors.AppealClosed()
    text = (text or "").strip()
    if not text:
        raise _problem("text", _("Say why you appeal."))
    application.status = S.APPEALED
    application.appeal_text = text[:2000]
    application.save(update_fields=["status", "appeal_text"])
    _step(application, actor=actor, note=text[:2000])
    return application


# --- the LSP and its assessors -------------------------------------------------------------------


@transaction.atomic
def check_application(*, actor: User, application_id: int, outcome: str, note: str = "") -> Application:
    """The LSP's check of an application: complete, needs more (say what) or refused (say why)."""
    application = _as_staff(actor, application_id)
    _stage(application, S.SUBMITTED)
    outcomes = {"complete": S.ACCEPTED, "needs_more": S.NEEDS_MORE, "refused": S.REFUSED}
    if outcome not in outcomes:
        raise _problem("outcome", _("Choose complete, needs more or refused."))
    note = (note or "").strip()
    if outcome != "complete" and not note:
        raise _problem("note", _("Say what is missing or why the application is refused."))
    application.status = outcomes[outcome]
    application.check_note = note[:2000]
    application.checked_at = timezone.now()
    application.save(update_fields=["status", "check_note", "checked_at"])
    _step(application, actor=actor, note=note[:2000])
    return application


@transaction.atomic
def schedule_assessment(
    *, actor: User, application_id: int, at: datetime.datetime, venue_id: int, assessor_id: int
) -> Application:
    application = _as_staff(actor, application_id)
    _stage(application, S.ACCEPTED, S.SCHEDULED, S.APPEALED)
    problems: dict[str, str] = {}
    if at <= timezone.now():
        problems["at"] = _("The assessment date must be in the future.")
    venue = Venue.objects.filter(pk=venue_id, lsp=application.scheme.lsp).select_related("regency").first()
    if venue is None:
        problems["venue_id"] = _("Choose one of the LSP's assessment venues (TUK).")
    assessor = Assessor.objects.filter(pk=assessor_id, lsp=application.scheme.lsp, active=True).first()
    if assessor is None:
        problems["assessor_id"] = _("Choose one of the LSP's assessors.")
    elif assessor.user_id == application.worker_id:
        problems["assessor_id"] = _("An assessor cannot assess their own application.")
    if problems:
        raise errors.ApplicationInvalid(_("Some fields need fixing."), field_errors=problems)
    assert venue is not None and assessor is not None
    application.status = S.SCHEDULED
    application.assessment_at, application.venue, application.assessor = at, venue, assessor
    application.save(update_fields=["status", "assessment_at", "venue", "assessor"])
    when = timezone.localtime(at).strftime("%d/%m/%Y %H:%M")
    _step(application, actor=actor, note=f"{when}, {venue.name} ({venue.regency.name}), {assessor.name}")
    return application


@transaction.atomic
def record_assessment(*, actor: User, application_id: int, results: dict[str, dict[str, Any]]) -> Application:
    """The assigned assessor records K or BK per unit with the methods used (and a note).
    The candidate may then appeal within the scheme's appeal period."""
    application = _locked(application_id)
    assessor = application.assessor
    if assessor is None or assessor.user_id != actor.pk:
        if application.worker_id == actor.pk or selectors.is_lsp_staff(actor, application.scheme.lsp):
            raise errors.NotAssignedAssessor()
        raise errors.ApplicationNotFound()
    _stage(application, S.SCHEDULED)
    units = {u.skill_id: u for u in application.units.all()}
    problems: dict[str, str] = {}
    for code in units:
        given = results.get(code)
        if not given:
            problems[f"results.{code}"] = _("Record K or BK for this unit.")
            continue
        if given.get("result") not in UnitResult.Result.values:
            problems[f"results.{code}.result"] = _("Choose K (competent) or BK (not yet competent).")
        methods = given.get("methods") or []
        if not methods or any(m not in METHODS for m in methods):
            problems[f"results.{code}.methods"] = _("Choose the assessment methods used.")
    for code in results:
        if code not in units:
            problems[f"results.{code}"] = _("This unit is not in the application's scheme.")
    if problems:
        raise errors.ApplicationInvalid(_("Some fields need fixing."), field_errors=problems)
    for code, unit in units.items():
        unit.result = results[code]["result"]
        unit.methods = list(dict.fromkeys(results[code]["methods"]))
        unit.note = str(results[code].get("note") or "")[:2000]
    UnitResult.objects.bulk_update(list(units.values()), ["result", "methods", "note"])
    now = timezone.now()
    application.status = S.ASSESSED
    application.assessed_at = now
    application.appeal_until = now + datetime.timedelta(days=application.scheme.appeal_days)
    application.save(update_fields=["status", "assessed_at", "appeal_until"])
    competent = sum(1 for u in units.values() if u.result == UnitResult.Result.COMPETENT)
    _step(application, actor=actor, note=_("%(k)d of %(n)d units competent") % {"k": competent, "n": len(units)})
    return application


@transaction.atomic
def decide(
    *, actor: User, application_id: int, note: str = "", decided_at: datetime.datetime | None = None
) -> Application:
    """The LSP's decision meeting: every unit K issues the competency certificate (once; a repeated
    decision returns the application as it is), else the outcome is "not yet competent".
    `decided_at` records a meeting held earlier (an LSP bringing its past decisions; the demo)."""
    application = _as_staff(actor, application_id)
    if application.status in (S.CERTIFIED, S.NOT_YET_COMPETENT):
        return application  # decided already: issuing is idempotent
    _stage(application, S.ASSESSED, S.APPEALED)
    now = timezone.now()
    if decided_at is not None and decided_at < now:
        now = decided_at
    if application.status == S.ASSESSED and application.appeal_until and now < application.appeal_until:
        raise errors.AppealPeriodOpen()
    units = list(application.units.select_related("skill").order_by("skill_id"))
    application.decided_at = now
    if all(u.result == UnitResult.Result.COMPETENT for u in units):
        credential = _issue_certificate(application, units, now)
        application.status = S.CERTIFIED
        application.certificate = credential
    else:
        application.status = S.NOT_YET_COMPETENT
    application.save(update_fields=["status", "decided_at", "certificate"])
    Step.objects.create(
        application=application, status=application.status, note=(note or "").strip()[:2000], actor=actor, at=now
    )
    return application


def _add_years(moment: datetime.datetime, years: int) -> datetime.datetime:
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year + years, day=28)


def _issue_certificate(application: Application, units: list[UnitResult], now: datetime.datetime) -> Credential:
    scheme, lsp = application.scheme, application.scheme.lsp
    unit_names = [f"{u.skill_id} {u.skill.name_id}" for u in units]
    achievement = openbadges.Achievement(
        id=openbadges.public_url(f"/sertifikasi/skema/{scheme.pk}/"),
        name=scheme.name,
        description=_("Competency certification scheme %(code)s of %(lsp)s, under BNSP.")
        % {"code": scheme.code, "lsp": lsp.name},
        criteria="Dinyatakan kompeten (K) pada semua unit kompetensi SKKNI skema ini oleh asesor kompetensi "
        "dan ditetapkan dalam rapat keputusan LSP: " + "; ".join(unit_names) + ".",
        achievement_type="Certification",
        creator_id=openbadges.public_url(f"/credentials/issuers/{lsp.code}"),
        creator_name=lsp.name,
        human_code=scheme.code,
        tags=tuple(u.skill_id for u in units),
    )
    credential = credential_services.issue_credential(
        source=f"certification:{application.pk}",
        kind=Credential.Kind.COMPETENCY,
        holder=application.worker,
        issuer_org=lsp,
        title=scheme.name,
        achievement=achievement,
        achieved_at=min(application.assessed_at or now, now),
        skills=unit_names,
        valid_until=_add_years(now, scheme.validity_years),
        issuer=openbadges.org_profile(lsp.code, lsp.name),
        issued_at=now,
    )
    publish(
        CompetencyCertified(
            user_id=application.worker_id, certificate_id=credential.pk, skill_ids=tuple(u.skill_id for u in units)
        )
    )
    return credential


# --- the periodic job ----------------------------------------------------------------------------


def _tell(user: User | None, subject: str, body: str) -> None:
    if user is not None and user.email:
        send_mail(subject, body, None, [user.email], fail_silently=True)


def send_expiry_reminders() -> str:
    """Reminds holders 90 and 30 days before their competency certificate ends, and announces the
    ones that ended (CompetencyWithdrawn). Each notice once (ExpiryNotice), so reruns do nothing."""
    now = timezone.now()
    sent = {90: 0, 30: 0, 0: 0}
    live = Credential.objects.filter(
        kind=Credential.Kind.COMPETENCY, revoked_at__isnull=True, valid_until__isnull=False
    ).select_related("holder")
    for days, after in ((90, 30), (30, 0)):
        # the 90-day reminder only while more than 30 days remain: then the 30-day one is due
        window_start = now + datetime.timedelta(days=after)
        due = live.filter(valid_until__gt=window_start, valid_until__lte=now + datetime.timedelta(days=days)).exclude(
            pk__in=ExpiryNotice.objects.filter(days=days).values("credential_id")
        )
        for credential in due:
            with transaction.atomic():
                _notice, created = ExpiryNotice.objects.get_or_create(credential=credential, days=days)
            if created:
                sent[days] += 1
                assert credential.valid_until is not None
                _tell(
                    credential.holder,
                    _("Your competency certificate ends on %(date)s")
                    % {"date": credential.valid_until.strftime("%d/%m/%Y")},
                    _(
                        "Your certificate %(number)s (%(title)s) ends on %(date)s. "
                        "Start re-certification from My certificates."
                    )
                    % {
                        "number": credential.number,
                        "title": credential.title,
                        "date": credential.valid_until.strftime("%d/%m/%Y"),
                    },
                )
    ended = live.filter(valid_until__lte=now).exclude(
        pk__in=ExpiryNotice.objects.filter(days=0).values("credential_id")
    )
    for credential in ended:
        with transaction.atomic():
            _notice, created = ExpiryNotice.objects.get_or_create(credential=credential, days=0)
            if created:
                credential_services.announce_withdrawn([credential])
                sent[0] += 1
    return f"{sent[90]} reminders at 90 days, {sent[30]} at 30 days, {sent[0]} expired"
