"""Every write of privacy operations: one function per use case, each in one transaction."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from naker.accounts.models import PDP_DEADLINE_HOURS, DataBreach, PrivacyRequest, User, WorkerProfile
from naker.accounts.nik import NikError, read_nik, stored_nik
from naker.accounts.privacy import errors, selectors
from naker.accounts.selectors import user_by_login
from naker.accounts.services import notify_account
from naker.core import audit, crypto
from naker.core.errors import Forbidden, NotFound
from naker.core.models import AuditEvent
from naker.core.tasks import run_periodic_job_task
from naker.regions import selectors as region_selectors

if TYPE_CHECKING:
    from django.http import HttpRequest

DETAILS_MAX_LENGTH = 2000
ANSWER_MAX_LENGTH = 4000
BREACH_TEXT_MAX_LENGTH = 10000
NOTICE_MAX_LENGTH = 20000
# A person waits for at most this many answers at once: the queue is the admins' to empty in
# 3×24 hours, and one person cannot fill it.
MAX_OPEN_REQUESTS = 5
# A breach's list of people: one mobile number or email a line, at most this many lines (a larger
# breach is recorded by scope: every worker, a province or a regency).
MAX_LISTED_PEOPLE = 5000


def _due(received: datetime.datetime) -> datetime.datetime:
    return received + datetime.timedelta(hours=PDP_DEADLINE_HOURS)


def _text(value: str | None) -> str:
    return (value or "").strip()


# --- requests a person cannot serve themselves ----------------------------------------------------


@transaction.atomic
def file_request(*, user: User, kind: str, details: str, nik: str = "") -> PrivacyRequest:
    """Records a person's request, received now and due 3×24 hours later; names each wrong field."""
    problems: dict[str, str] = {}
    details = _text(details)
    if kind not in PrivacyRequest.Kind.values:
        problems["kind"] = _("Choose what you ask for.")
    if len(details) < 10:
        problems["details"] = _("Tell us in a few words what is wrong and what you ask for.")
    elif len(details) > DETAILS_MAX_LENGTH:
        problems["details"] = _("Write at most %(count)d characters.") % {"count": DETAILS_MAX_LENGTH}
    proposed = None
    if kind == PrivacyRequest.Kind.NIK_CORRECTION:
        worker = WorkerProfile.objects.filter(user=user).only("nik_hash").first()
        if worker is None:
            problems["kind"] = _("Only a worker with a NIK on record can ask to correct it.")
        else:
            try:
                proposed = read_nik(nik)
            except NikError as exc:
                problems["nik"] = str(exc)
            else:
                if worker.nik_hash and worker.nik_hash == crypto.keyed_hash(proposed.nik):
                    problems["nik"] = _("This is already the NIK on record. Write the correct one.")
    if problems:
        raise errors.PrivacyRequestInvalid(_("Some fields need fixing."), field_errors=problems)
    if PrivacyRequest.objects.filter(requester=user, answered_at__isnull=True).count() >= MAX_OPEN_REQUESTS:
        raise errors.TooManyOpenRequests(
            _("You already have %(count)d requests waiting for an answer. Wait for them to be answered.")
            % {"count": MAX_OPEN_REQUESTS}
        )
    now = timezone.now()
    stored = stored_nik(proposed) if proposed else None
    return PrivacyRequest.objects.create(
        requester=user,
        kind=kind,
        details=details,
        proposed_nik_encrypted=stored.encrypted if stored else "",
        proposed_nik_masked=stored.masked if stored else "",
        received_at=now,
        due_at=_due(now),
    )


def _apply_nik(*, admin: User, found: PrivacyRequest, corrected_nik: str, http_request: HttpRequest | None) -> None:
    typed = _text(corrected_nik)
    raw = typed or (crypto.decrypt(found.proposed_nik_encrypted) if found.proposed_nik_encrypted else "")
    try:
        nik = read_nik(raw)
    except NikError as exc:
        raise errors.PrivacyRequestInvalid(str(exc), field_errors={"corrected_nik": str(exc)}) from None
    stored = stored_nik(nik)
    taken = _("This NIK is already registered to another account: one account per NIK.")
    if WorkerProfile.objects.filter(nik_hash=stored.hash).exclude(user_id=found.requester_id).exists():
        raise errors.NikTaken(taken, field_errors={"corrected_nik": taken})
    try:
        with transaction.atomic():
            WorkerProfile.objects.filter(user_id=found.requester_id).update(
                **stored.as_fields(), birth_date=nik.birth_date, sex=nik.sex
            )
    except IntegrityError:  # another account took the NIK between the check and the write
        raise errors.NikTaken(taken, field_errors={"corrected_nik": taken}) from None
    audit.record(
        action=AuditEvent.Action.NIK_CORRECTED,
        actor=admin,
        subject=found.requester,
        detail=f"privacy request {found.pk}: now {stored.masked}",
        request=http_request,
    )
    found.nik_applied = True


@transaction.atomic
def answer_request(
    *,
    admin: User,
    request_id: int,
    outcome: str,
    answer: str,
    refusal_reason: str = "",
    apply_nik: bool = False,
    corrected_nik: str = "",
    http_request: HttpRequest | None = None,
) -> PrivacyRequest:
    """A platform admin's answer: what was done and the outcome (a refusal says why). For a NIK
    correction the corrected NIK is applied in the same transaction (one account per NIK)."""
    if not selectors.is_platform_admin(admin):
        raise Forbidden()
    found = PrivacyRequest.objects.select_for_update().select_related("requester").filter(pk=request_id).first()
    if found is None:
        raise NotFound()
    if found.answered_at is not None:
        raise errors.AlreadyAnswered(_("This request has already been answered."))
    answer, refusal_reason = _text(answer), _text(refusal_reason)
    problems: dict[str, str] = {}
    answerable = (PrivacyRequest.Outcome.DONE, PrivacyRequest.Outcome.PARTLY, PrivacyRequest.Outcome.REFUSED)
    if outcome not in answerable:
        problems["outcome"] = _("Choose the outcome.")
    if not answer:
        problems["answer"] = _("Write what was done.")
    elif len(answer) > ANSWER_MAX_LENGTH:
        problems["answer"] = _("Write at most %(count)d characters.") % {"count": ANSWER_MAX_LENGTH}
    if outcome in (PrivacyRequest.Outcome.REFUSED, PrivacyRequest.Outcome.PARTLY) and not refusal_reason:
        problems["refusal_reason"] = _("Say why the request is refused, or what was not done and why.")
    elif len(refusal_reason) > ANSWER_MAX_LENGTH:
        problems["refusal_reason"] = _("Write at most %(count)d characters.") % {"count": ANSWER_MAX_LENGTH}
    if apply_nik and found.kind != PrivacyRequest.Kind.NIK_CORRECTION:
        problems["apply_nik"] = _("Only a NIK correction can change the NIK.")
    elif apply_nik and outcome == PrivacyRequest.Outcome.REFUSED:
        problems["apply_nik"] = _("A refused request changes nothing.")
    if problems:
        raise errors.PrivacyRequestInvalid(_("Some fields need fixing."), field_errors=problems)
    if apply_nik:
        _apply_nik(admin=admin, found=found, corrected_nik=corrected_nik, http_request=http_request)
    found.outcome, found.answer, found.refusal_reason = outcome, answer, refusal_reason
    found.answered_at, found.answered_by = timezone.now(), admin
    found.proposed_nik_encrypted = ""  # answered: the NIK the person gave is not needed any more
    found.save()
    audit.record(
        action=AuditEvent.Action.PRIVACY_REQUEST_ANSWERED,
        actor=admin,
        subject=found.requester,
        detail=f"privacy request {found.pk}: {outcome}",
        request=http_request,
    )
    requester = found.requester
    subject = _("Your request about your data was answered")
    body = _answer_email(found)
    transaction.on_commit(lambda: notify_account(user=requester, subject=subject, body=body))
    return found


def _answer_email(found: PrivacyRequest) -> str:
    lines = [
        _("Your request of %(date)s (%(kind)s) was answered: %(outcome)s.")
        % {
            "date": date_format(timezone.localtime(found.received_at), "j F Y"),
            "kind": found.get_kind_display(),
            "outcome": found.get_outcome_display(),
        },
        "",
        found.answer,
    ]
    if found.refusal_reason:
        lines += ["", _("Why: %(reason)s") % {"reason": found.refusal_reason}]
    lines += ["", _('You can read the answer on your account page, under "Requests about my data".')]
    return "\n".join(lines)


def notify_overdue_requests() -> str:
    """The periodic job: tells the platform admins, once per request, that a request is overdue.

    Each request is claimed by a conditional update (`overdue_notified_at` was empty), so a repeated
    or concurrent run tells nobody twice. The email names request numbers and due times only."""
    now = timezone.now()
    claimed = [
        pk
        for pk in selectors.overdue_unnotified()
        if PrivacyRequest.objects.filter(pk=pk, overdue_notified_at__isnull=True).update(overdue_notified_at=now)
    ]
    if not claimed:
        return "0 overdue requests notified"
    recipients = selectors.platform_admin_emails()
    due = PrivacyRequest.objects.filter(pk__in=claimed).order_by("due_at").values_list("pk", "due_at")
    with translation.override("id"):
        lines = [
            _("Request #%(id)s was due %(due)s.") % {"id": pk, "due": date_format(timezone.localtime(at), "j F Y H:i")}
            for pk, at in due
        ]
        subject = _("Privacy requests overdue: %(count)d") % {"count": len(claimed)}
        body = "\n".join(
            [_("These requests about personal data passed their 3×24-hour due time without an answer:"), "", *lines]
        )
    if recipients:
        send_mail(subject, body, None, recipients, fail_silently=True)
    return f"{len(claimed)} overdue requests notified to {len(recipients)} admins"


# --- data breaches ---------------------------------------------------------------------------------


def _people_from_list(text: str, problems: dict[str, str]) -> list[int]:
    lines = [line.strip() for line in (text or "").splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        problems["people"] = _("List the people affected: one mobile number or email a line.")
        return []
    if len(lines) > MAX_LISTED_PEOPLE:
        problems["people"] = _("At most %(count)d lines; record a larger breach by its scope.") % {
            "count": MAX_LISTED_PEOPLE
        }
        return []
    found: list[int] = []
    unknown: list[str] = []
    for number, line in enumerate(lines, start=1):
        person = user_by_login(line)
        if person is None:
            unknown.append(str(number))
        else:
            found.append(person.pk)
    if unknown:
        problems["people"] = _("No account has the mobile number or email on line(s) %(lines)s.") % {
            "lines": ", ".join(unknown[:20])
        }
    return found


def _check_breach_text(name: str, value: str, problems: dict[str, str], empty_message: str) -> str:
    value = _text(value)
    if not value:
        problems[name] = empty_message
    elif len(value) > BREACH_TEXT_MAX_LENGTH:
        problems[name] = _("Write at most %(count)d characters.") % {"count": BREACH_TEXT_MAX_LENGTH}
    return value


@transaction.atomic
def record_breach(
    *,
    admin: User,
    discovered_at: datetime.datetime | None,
    what_happened: str,
    data_kinds: list[str],
    scope: str,
    scope_code: str = "",
    people: str = "",
    containment: str,
) -> DataBreach:
    """Records a data breach and drafts both notices (UU PDP art. 46) from the Indonesian templates."""
    if not selectors.is_platform_admin(admin):
        raise Forbidden()
    problems: dict[str, str] = {}
    now = timezone.now()
    if discovered_at is None:
        problems["discovered_at"] = _("Enter when the breach was discovered.")
    elif discovered_at > now + datetime.timedelta(minutes=5):
        problems["discovered_at"] = _("The time of discovery cannot be in the future.")
    what_happened = _check_breach_text(
        "what_happened", what_happened, problems, _("Say what happened: when and how the data was disclosed.")
    )
    containment = _check_breach_text(
        "containment", containment, problems, _("Say what was done to contain the breach and recover.")
    )
    kinds = list(dict.fromkeys(data_kinds or []))
    if not kinds:
        problems["data_kinds"] = _("Choose the kinds of personal data concerned.")
    elif any(k not in DataBreach.DataKind.values for k in kinds):
        problems["data_kinds"] = _("Choose among the options.")
    scope_code = _text(scope_code)
    listed: list[int] = []
    if scope not in DataBreach.Scope.values:
        problems["scope"] = _("Choose who is affected.")
    elif scope == DataBreach.Scope.PROVINCE and not region_selectors.provinces().filter(code=scope_code).exists():
        problems["scope_code"] = _("Enter a province code, for example 31.")
    elif scope == DataBreach.Scope.REGENCY and not region_selectors.regency(scope_code):
        problems["scope_code"] = _("Enter a regency or city code, for example 31.71.")
    elif scope == DataBreach.Scope.LIST:
        listed = _people_from_list(people, problems)
    if scope in (DataBreach.Scope.ALL, DataBreach.Scope.LIST):
        scope_code = ""
    if problems or discovered_at is None:
        raise errors.BreachInvalid(_("Some fields need fixing."), field_errors=problems)
    breach = DataBreach.objects.create(
        discovered_at=discovered_at,
        recorded_at=now,
        recorded_by=admin,
        what_happened=what_happened,
        data_kinds=kinds,
        scope=scope,
        scope_code=scope_code,
        containment=containment,
    )
    if listed:
        breach.people.set(listed)
    breach.people_affected = selectors.affected_people(breach).count()
    breach.notice_people, breach.notice_authority = draft_notices(breach)
    breach.save(update_fields=["people_affected", "notice_people", "notice_authority"])
    return breach


def draft_notices(breach: DataBreach) -> tuple[str, str]:
    """The notices to the people affected and to the authority, from the Indonesian templates (the
    law's language: a notice is written in Bahasa Indonesia whatever the admin reads the site in)."""
    with translation.override("id"):
        context = {
            "breach": breach,
            "discovered": date_format(timezone.localtime(breach.discovered_at), "j F Y, H.i") + " WIB",
            "due": date_format(timezone.localtime(breach.due_at), "j F Y, H.i") + " WIB",
            "kinds": ", ".join(str(DataBreach.DataKind(k).label) for k in breach.data_kinds),
            "count": breach.people_affected,
            "scope": str(DataBreach.Scope(breach.scope).label),
        }
        people = render_to_string("accounts/privacy/notice_people.txt", context).strip()
        authority = render_to_string("accounts/privacy/notice_authority.txt", context).strip()
    return people, authority


@transaction.atomic
def edit_notices(*, admin: User, breach_id: int, notice_people: str, notice_authority: str) -> DataBreach:
    """Changes the notices' texts; a notice already sent stays as it was sent."""
    breach = selectors.breaches_visible_to(admin).select_for_update().filter(pk=breach_id).first()
    if breach is None:
        raise NotFound()
    problems: dict[str, str] = {}
    for name, value, sent in (
        ("notice_people", notice_people, breach.people_notice_sent_at),
        ("notice_authority", notice_authority, breach.authority_notice_sent_at),
    ):
        value = _text(value)
        if sent is not None:
            continue
        if not value:
            problems[name] = _("The notice cannot be empty.")
        elif len(value) > NOTICE_MAX_LENGTH:
            problems[name] = _("Write at most %(count)d characters.") % {"count": NOTICE_MAX_LENGTH}
        else:
            setattr(breach, name, value)
    if problems:
        raise errors.BreachInvalid(_("Some fields need fixing."), field_errors=problems)
    breach.save(update_fields=["notice_people", "notice_authority"])
    return breach


@transaction.atomic
def mark_notice_sent(*, admin: User, breach_id: int, which: str) -> DataBreach:
    """Records that a notice went out, now. The people's notice is also emailed to each affected
    person who has an email and written to their "who saw my data" (a task, after the commit)."""
    breach = selectors.breaches_visible_to(admin).select_for_update().filter(pk=breach_id).first()
    if breach is None:
        raise NotFound()
    field = {"people": "people_notice_sent_at", "authority": "authority_notice_sent_at"}.get(which)
    if field is None:
        raise NotFound()
    if getattr(breach, field) is not None:
        raise errors.NoticeAlreadySent(_("This notice was already marked as sent."))
    setattr(breach, field, timezone.now())
    breach.save(update_fields=[field])
    if which == "people":
        # The emails go out on a task worker (the periodic job BREACH_NOTICES_JOB, run now and
        # every few minutes as a catch-up), never in this request.
        transaction.on_commit(lambda: run_periodic_job_task.enqueue(BREACH_NOTICES_JOB))
    return breach


BREACH_NOTICES_JOB = "accounts.breach_notices"


def send_pending_breach_notices() -> str:
    """The periodic job: for each breach whose people's notice was marked as sent and not yet
    emailed, emails the notice to each affected person with an email and writes it to every
    affected person's "who saw my data". Each breach is claimed by a conditional update: nothing twice."""
    total = 0
    pending = DataBreach.objects.filter(people_notice_sent_at__isnull=False, people_emailed_at__isnull=True)
    for breach in pending.order_by("pk"):
        if not DataBreach.objects.filter(pk=breach.pk, people_emailed_at__isnull=True).update(
            people_emailed_at=timezone.now()
        ):
            continue
        people = selectors.affected_people(breach)
        with translation.override("id"):
            subject = _("Notice of a personal data breach")
        # The trail first: every affected person reads it on their page even if the emailing stops.
        audit.record_for_each(
            action=AuditEvent.Action.BREACH_NOTIFIED,
            actor=None,
            subject_ids=people.values_list("pk", flat=True).iterator(2000),
            detail=f"data breach {breach.pk}",
        )
        sent = 0
        for email in people.filter(email__isnull=False).values_list("email", flat=True).iterator(2000):
            if email:
                sent += send_mail(subject, breach.notice_people, None, [email], fail_silently=True)
        DataBreach.objects.filter(pk=breach.pk).update(people_emailed=sent)
        total += sent
    return f"{total} breach notices emailed"
