"""Member imports: upload, map the columns, run in batches (resumable), the refused rows' file,
and the invitations imported members get."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.validators import validate_email
from django.db import reset_queries, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from naker.accounts import selectors as account_selectors
from naker.accounts import services as account_services
from naker.accounts.nik import NikError, NikInfo, parse_nik
from naker.accounts.phone import PhoneError, normalize_phone
from naker.core import crypto
from naker.core.exports import csv_writer
from naker.organizations import selectors as org_selectors
from naker.organizations import services as org_services
from naker.outreach import cells, errors, reading
from naker.outreach.models import ImportMapping, ImportRowResult, Invitation, MemberImport
from naker.regions import matching
from naker.regions.selectors import current_nik_prefixes

BATCH_SIZE = 1000
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
Outcome = ImportRowResult.Outcome


def _union_overseen_by(actor: Any, org_code: str) -> Any:
    org = org_selectors.organization_overseen_by(actor, org_code)
    if org.kind != org.Kind.UNION:
        raise errors.NotAUnionOfficer()
    return org


def _format_of(name: str, head: bytes) -> str:
    lower = name.lower()
    if lower.endswith(".xlsx"):
        if not head.startswith(b"PK"):
            raise errors.BadFile(
                _("This .xlsx file is damaged or is not an Excel file."), field_errors={"file": _("Not an Excel file.")}
            )
        return "xlsx"
    if lower.endswith(".csv") or lower.endswith(".txt"):
        return "csv"
    msg = _("Upload the member list as CSV or XLSX (Excel). Old .xls files: open them in Excel and save as .xlsx.")
    raise errors.BadFile(msg, field_errors={"file": msg})


@transaction.atomic
def upload(*, actor: Any, org_code: str, uploaded: Any) -> MemberImport:
    """Stores the file, reads its header and first rows, and guesses the columns (remembering the
    organisation's last mapping)."""
    org = _union_overseen_by(actor, org_code)
    if uploaded.size > MAX_UPLOAD_BYTES:
        msg = _("The file is larger than 50 MB. Split it into parts.")
        raise errors.BadFile(msg, field_errors={"file": msg})
    head = uploaded.read(8)
    uploaded.seek(0)
    file_format = _format_of(uploaded.name, head)
    imp = MemberImport(organization=org, uploaded_by=actor, original_name=uploaded.name[:255], file_format=file_format)
    imp.file.save(f"{org.code}-{timezone.now():%Y%m%d%H%M%S}.{file_format}", File(uploaded), save=False)
    try:
        sniffed, headers, _preview, count = reading.describe(Path(imp.file.path), file_format)
    except Exception as exc:  # noqa: BLE001 - a damaged file in any of the ways openpyxl or csv can find
        msg = _("The file could not be read: %(error)s") % {"error": exc}
        raise errors.BadFile(msg, field_errors={"file": msg}) from None
    if not headers:
        msg = _("The file is empty.")
        raise errors.BadFile(msg, field_errors={"file": msg})
    imp.encoding, imp.delimiter, imp.headers, imp.total_rows = sniffed.encoding, sniffed.delimiter, headers, count
    remembered = ImportMapping.objects.filter(organization=org).values_list("mapping", flat=True).first()
    imp.mapping = reading.guess_mapping(headers, remembered)
    imp.save()
    return imp


def preview(imp: MemberImport) -> list[list[str]]:
    return reading.describe(Path(imp.file.path), imp.file_format)[2]


def get_import(*, actor: Any, import_id: int) -> MemberImport:
    imp = MemberImport.objects.select_related("organization").filter(pk=import_id).first()
    if imp is None or not org_selectors.can_oversee(actor, imp.organization):
        raise errors.ImportNotFound()
    return imp


def _check_mapping(imp: MemberImport, mapping: dict[str, str]) -> dict[str, str]:
    clean = {str(k): v for k, v in mapping.items() if v}
    problems: dict[str, str] = {}
    if any(v not in reading.FIELDS for v in clean.values()) or any(
        not k.isdigit() or int(k) >= len(imp.headers) for k in clean
    ):
        problems["mapping"] = _("Choose a field of the list for each column, or leave it out.")
    chosen = list(clean.values())
    for field in set(chosen):
        if chosen.count(field) > 1:
            problems[field] = _("Only one column can be %(field)s.") % {"field": field}
    for field in reading.REQUIRED_FIELDS:
        if field not in chosen:
            problems[field] = _("Choose the column that holds %(field)s.") % {"field": field}
    if problems:
        raise errors.MappingInvalid(_("The columns are not all clear yet."), field_errors=problems)
    return clean


@transaction.atomic
def confirm(*, actor: Any, import_id: int, mapping: dict[str, str], consent_attested: bool) -> MemberImport:
    """The officer confirms the columns and attests the members' consent; the run is queued."""
    imp = get_import(actor=actor, import_id=import_id)
    if imp.status != MemberImport.Status.UPLOADED:
        return imp
    clean = _check_mapping(imp, mapping)
    if not consent_attested:
        msg = _("Confirm that the members agreed to be registered (the union's attestation).")
        raise errors.ConsentNotAttested(msg, field_errors={"consent_attested": msg})
    imp.mapping = clean
    imp.consent_attested_at = timezone.now()
    imp.status = MemberImport.Status.QUEUED
    imp.save(update_fields=["mapping", "consent_attested_at", "status"])
    remembered = {reading.normalise_header(imp.headers[int(k)]): v for k, v in clean.items()}
    ImportMapping.objects.update_or_create(organization=imp.organization, defaults={"mapping": remembered})
    transaction.on_commit(lambda: enqueue(imp.pk))
    return imp


def enqueue(import_id: int) -> None:
    from naker.outreach.tasks import run_import_task

    run_import_task.enqueue(import_id)


# --- the run ------------------------------------------------------------------------------------


@dataclass
class CheckedRow:
    row_number: int
    full_name: str
    nik: NikInfo
    nik_hash: str
    phone: str
    email: str | None
    regency: Any


def _value(row: list[Any], mapping: dict[str, str], field: str) -> Any:
    for index, name in mapping.items():
        if name == field:
            i = int(index)
            return row[i] if i < len(row) else None
    return None


def check_row(
    row: list[Any], mapping: dict[str, str], index: matching.RegencyIndex, prefixes: frozenset[str]
) -> CheckedRow | str:
    """The row's values, or the reasons it is refused (all of them, joined)."""
    reasons: list[str] = []
    full_name = " ".join(str(_value(row, mapping, "full_name") or "").split())
    if len(full_name) < 2:
        reasons.append(_("Name is empty."))
    nik = None
    try:
        nik = parse_nik(cells.nik_text(_value(row, mapping, "nik")), current_prefixes=prefixes)
    except (NikError, cells.CellError) as exc:
        reasons.append(_("NIK: %(reason)s") % {"reason": exc})
    phone = ""
    try:
        phone = normalize_phone(cells.phone_text(_value(row, mapping, "phone")))
    except PhoneError as exc:
        reasons.append(_("Mobile number: %(reason)s") % {"reason": exc})
    regency = None
    raw_regency = str(_value(row, mapping, "regency") or "").strip()
    try:
        regency = matching.match(raw_regency, index)
    except matching.AmbiguousRegency as exc:
        reasons.append(
            _('Regency/city "%(value)s" could be %(options)s: write which one.')
            % {"value": raw_regency, "options": _(" or ").join(r.name for r in exc.candidates)}
        )
    except matching.UnknownRegency:
        reasons.append(_('Regency/city "%(value)s" is not known.') % {"value": raw_regency})
    try:
        born = cells.parse_date(_value(row, mapping, "birth_date"))
        if born and nik and born != nik.birth_date:
            reasons.append(_("Date of birth %(date)s does not match the NIK.") % {"date": born.strftime("%d/%m/%Y")})
    except cells.CellError as exc:
        reasons.append(_("Date of birth: %(reason)s") % {"reason": exc})
    email = str(_value(row, mapping, "email") or "").strip().lower() or None
    if email:
        try:
            validate_email(email)
        except ValidationError:
            reasons.append(_("Email %(value)s is not valid.") % {"value": email})
    if reasons or nik is None or regency is None:
        return " ".join(reasons)
    return CheckedRow(0, full_name, nik, crypto.keyed_hash(nik.nik), phone, email, regency)


def _data_rows(imp: MemberImport, start_after: int) -> Any:
    rows = reading.rows_of(Path(imp.file.path), imp.file_format, imp.encoding, imp.delimiter)
    next(rows, None)  # the header
    for number, row in enumerate(rows, start=1):
        if number > start_after:
            yield number, row


def _settle_batch(imp: MemberImport, batch: list[tuple[int, list[Any]]], context: dict[str, Any]) -> None:
    """Decides every row of the batch and writes it all, with the checkpoint, in one transaction."""
    results: list[ImportRowResult] = []
    checked: list[CheckedRow] = []
    for number, row in batch:
        outcome = check_row(row, imp.mapping, context["regencies"], context["prefixes"])
        if isinstance(outcome, str):
            results.append(
                ImportRowResult(member_import=imp, row_number=number, outcome=Outcome.REFUSED, reason=outcome[:300])
            )
        else:
            outcome.row_number = number
            checked.append(outcome)
    with transaction.atomic():
        registered = account_selectors.worker_ids_by_nik_hash([c.nik_hash for c in checked])
        phone_owners = account_selectors.owners_of_phones([c.phone for c in checked])
        to_create: list[CheckedRow] = []
        linked: list[tuple[CheckedRow, int]] = []
        claimed: dict[str, str] = {}  # phone → NIK hash, within this batch
        for person in checked:
            if person.nik_hash in registered:
                linked.append((person, registered[person.nik_hash]))
            elif person.phone in phone_owners or claimed.get(person.phone, person.nik_hash) != person.nik_hash:
                msg = _("Mobile number %(phone)s already belongs to someone with another NIK.") % {
                    "phone": person.phone
                }
                results.append(
                    ImportRowResult(
                        member_import=imp, row_number=person.row_number, outcome=Outcome.REFUSED, reason=msg
                    )
                )
            elif person.nik_hash in claimed.values():
                linked.append((person, 0))  # the same person twice in the file: linked to the first
            else:
                claimed[person.phone] = person.nik_hash
                to_create.append(person)
        people = [account_services.ImportedWorker(r.full_name, r.phone, r.email, r.nik, r.regency) for r in to_create]
        users = account_services.register_imported_workers(people=people, attested_at=imp.consent_attested_at)
        user_of_hash = {r.nik_hash: u.pk for r, u in zip(to_create, users, strict=True)}
        for person, user in zip(to_create, users, strict=True):
            results.append(
                ImportRowResult(member_import=imp, row_number=person.row_number, outcome=Outcome.CREATED, user=user)
            )
        for person, user_id in linked:
            uid = user_id or user_of_hash[person.nik_hash]
            results.append(
                ImportRowResult(member_import=imp, row_number=person.row_number, outcome=Outcome.LINKED, user_id=uid)
            )
        member_ids = [r.user_id for r in results if r.outcome != Outcome.REFUSED and r.user_id]
        org_services.add_union_members(
            user_ids=member_ids, union=imp.organization, consent_at=context["attested_at"], attested_by=imp.uploaded_by
        )
        _invite(imp, users, to_create)
        ImportRowResult.objects.bulk_create(results)
        counts = {o: sum(r.outcome == o for r in results) for o in Outcome.values}
        MemberImport.objects.filter(pk=imp.pk).update(
            processed_rows=batch[-1][0],
            created_count=imp.created_count + counts[Outcome.CREATED],
            linked_count=imp.linked_count + counts[Outcome.LINKED],
            refused_count=imp.refused_count + counts[Outcome.REFUSED],
            heartbeat_at=timezone.now(),
        )
        imp.refresh_from_db()


def invitation_link(user: Any, *, pattern: str | None = None) -> str:
    """The one-time link to set a password. `pattern` (from invitation_pattern) saves a URL lookup per row."""
    pattern = pattern or invitation_pattern()
    return pattern.replace("UID", urlsafe_base64_encode(force_bytes(user.pk))).replace(
        "TOKEN", default_token_generator.make_token(user)
    )


def invitation_pattern() -> str:
    path = reverse("outreach:accept", kwargs={"uidb64": "UID", "token": "TOKEN"})
    return settings.NAKER_PUBLIC_URL.rstrip("/") + path


def _invite(imp: MemberImport, users: list[Any], rows: list[CheckedRow]) -> None:
    invitations = []
    pattern = invitation_pattern()
    for user, row in zip(users, rows, strict=True):
        link = invitation_link(user, pattern=pattern)
        text = _(
            "Hello %(name)s, %(union)s registered you on Kadin for Naker, for free training and certificates. "
            "Set your password here: %(link)s"
        ) % {"name": row.full_name.split(" ")[0], "union": imp.organization.name, "link": link}
        invitations.append(
            Invitation(
                user=user, organization=imp.organization, member_import=imp, channel="sms", address=row.phone, text=text
            )
        )
        if row.email:
            invitations.append(
                Invitation(
                    user=user,
                    organization=imp.organization,
                    member_import=imp,
                    channel="email",
                    address=row.email,
                    text=text,
                )
            )
    Invitation.objects.bulk_create(invitations)


def run(*, import_id: int, stop_after_batches: int | None = None) -> MemberImport:
    """Runs (or resumes) an import from its checkpoint: every row ends created, linked or refused,
    exactly once. `stop_after_batches` is for tests that stop a run half-way."""
    imp = MemberImport.objects.select_related("organization", "uploaded_by").get(pk=import_id)
    if imp.status in (MemberImport.Status.DONE, MemberImport.Status.UPLOADED):
        return imp
    if imp.consent_attested_at is None:
        raise errors.ConsentNotAttested()
    MemberImport.objects.filter(pk=imp.pk).update(
        status=MemberImport.Status.RUNNING, started_at=imp.started_at or timezone.now(), heartbeat_at=timezone.now()
    )
    context = {
        "regencies": matching.build_index(),
        "prefixes": current_nik_prefixes(),
        "attested_at": imp.consent_attested_at,
    }
    batch: list[tuple[int, list[Any]]] = []
    done_batches = 0
    for number, row in _data_rows(imp, imp.processed_rows):
        batch.append((number, row))
        if len(batch) == BATCH_SIZE:
            _settle_batch(imp, batch, context)
            reset_queries()  # with DEBUG on, Django would keep every batch's SQL: memory must stay flat
            batch, done_batches = [], done_batches + 1
            if stop_after_batches is not None and done_batches >= stop_after_batches:
                return imp
    if batch:
        _settle_batch(imp, batch, context)
    return finish(imp)


def finish(imp: MemberImport) -> MemberImport:
    """Writes the refused rows as they were, with a reason column, and closes the run."""
    reasons = dict(imp.results.filter(outcome=Outcome.REFUSED).values_list("row_number", "reason"))
    path = Path(imp.file.path).with_name(f"ditolak-{imp.pk}.csv")
    delimiter = imp.delimiter or ";"
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv_writer(out, delimiter=delimiter)
        writer.writerow([*imp.headers, _("Reason refused")])
        if reasons:
            for number, row in _data_rows(imp, 0):
                if number in reasons:
                    writer.writerow([*(cells_display(c) for c in row), reasons[number]])
    MemberImport.objects.filter(pk=imp.pk).update(
        status=MemberImport.Status.DONE,
        refused_file=str(path),
        finished_at=timezone.now(),
        total_rows=imp.processed_rows or imp.total_rows,
    )
    # The uploaded list holds every member's NIK; once every row has its fate it is not needed.
    Path(imp.file.path).unlink(missing_ok=True)
    imp.refresh_from_db()
    transaction.on_commit(lambda: _send_email_invitations(imp.pk))
    return imp


def cells_display(cell: Any) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime.datetime | datetime.date):
        return cell.strftime("%d/%m/%Y")
    return "" if cell is None else str(cell)


def _send_email_invitations(import_id: int) -> None:
    from naker.outreach.tasks import send_invitations_task

    send_invitations_task.enqueue(import_id)


def send_email_invitations(*, import_id: int) -> int:
    from django.core.mail import send_mass_mail

    pending = list(Invitation.objects.filter(member_import_id=import_id, channel="email", sent_at__isnull=True)[:5000])
    subject = _("Your Kadin for Naker account is ready")
    send_mass_mail([(subject, i.text, settings.DEFAULT_FROM_EMAIL, [i.address]) for i in pending], fail_silently=False)
    Invitation.objects.filter(pk__in=[i.pk for i in pending]).update(sent_at=timezone.now())
    return len(pending)


def resume_stalled(*, older_than: datetime.timedelta = datetime.timedelta(minutes=2)) -> list[int]:
    """Queues again the runs whose worker stopped (no heartbeat for a while)."""
    cutoff = timezone.now() - older_than
    stalled = list(
        MemberImport.objects.filter(status=MemberImport.Status.RUNNING, heartbeat_at__lt=cutoff).values_list(
            "pk", flat=True
        )
    )
    for pk in stalled:
        MemberImport.objects.filter(pk=pk).update(status=MemberImport.Status.QUEUED, heartbeat_at=timezone.now())
        enqueue(pk)
    return stalled


def summary(imp: MemberImport) -> dict[str, Any]:
    return {
        "rows": imp.processed_rows,
        "created": imp.created_count,
        "linked": imp.linked_count,
        "refused": imp.refused_count,
        "refused_file": imp.refused_file,
    }


# --- adoption targets ---------------------------------------------------------------------------


@transaction.atomic
def set_target(
    *,
    actor: Any,
    name: str,
    scope: str,
    scope_code: str,
    metric: str,
    goal: int,
    start_date: datetime.date,
    due_date: datetime.date,
) -> Any:
    """A target for a scope the actor oversees (a platform admin: any)."""
    from naker.insights.selectors import scope_for
    from naker.outreach.models import AdoptionTarget

    problems: dict[str, str] = {}
    if scope not in AdoptionTarget.Scope.values:
        problems["scope"] = _("Choose the nation, a province, a regency/city or an organisation.")
    if metric not in AdoptionTarget.Metric.values:
        problems["metric"] = _("Choose what is counted.")
    if goal < 1:
        problems["goal"] = _("The target is at least 1.")
    if due_date <= start_date:
        problems["due_date"] = _("The due date comes after the start.")
    if problems:
        raise errors.MappingInvalid(_("Some fields need fixing."), field_errors=problems)
    key = "nation" if scope == "nation" else f"{scope}:{scope_code}"
    scope_for(actor, key)  # refuses scopes outside the actor's
    return AdoptionTarget.objects.create(
        name=name,
        scope=scope,
        scope_code="" if scope == "nation" else scope_code,
        metric=metric,
        goal=goal,
        start_date=start_date,
        due_date=due_date,
        created_by=actor,
    )


def targets_visible_to(actor: Any) -> list[Any]:
    """The targets whose scope the actor may see: their own scopes and everything below them."""
    from naker.core.errors import DomainError
    from naker.insights.selectors import scope_for
    from naker.outreach.models import AdoptionTarget

    visible = []
    for target in AdoptionTarget.objects.all():
        key = "nation" if target.scope == "nation" else f"{target.scope}:{target.scope_code}"
        try:
            scope_for(actor, key)
        except DomainError:
            continue
        visible.append(target)
    return visible


# --- referral codes and socialisation events ------------------------------------------------------


def referral_code_for(*, actor: Any, org_code: str, personal: bool) -> Any:
    """The organisation's link (or the officer's own), made on first use."""
    import secrets as _secrets

    from naker.outreach.models import ReferralCode

    org = org_selectors.organization_overseen_by(actor, org_code)
    officer = actor if personal else None
    code = ReferralCode.objects.filter(organization=org, officer=officer, event__isnull=True).first()
    if code is None:
        code = ReferralCode.objects.create(
            organization=org, officer=officer, code=f"{org.code[:12]}-{_secrets.token_hex(3)}"
        )
    return code


def record_referral(*, user: Any, code: str) -> None:
    """Attributes a new worker to the link they came through (unknown codes are ignored)."""
    from naker.outreach.models import Referral, ReferralCode

    found = ReferralCode.objects.filter(code=code).select_related("event").first()
    if found is None or Referral.objects.filter(user=user).exists():
        return
    Referral.objects.create(user=user, code=found)
    if found.event_id:
        from naker.outreach.models import EventAttendance

        EventAttendance.objects.get_or_create(
            event_id=found.event_id, user=user, defaults={"how": EventAttendance.How.ON_THE_SPOT}
        )


@transaction.atomic
def plan_event(
    *,
    actor: Any,
    title: str,
    organizer_codes: list[str],
    starts_at: datetime.datetime,
    venue: str,
    regency_code: str,
    partners: str = "",
) -> Any:
    """A socialisation event of one or more organisations the actor oversees (a union and a chamber
    together, for instance); it gets its own sign-up link."""
    import secrets as _secrets

    from naker.outreach.models import ReferralCode, SocialisationEvent
    from naker.regions.selectors import regency as find_regency

    organizers = [org_selectors.get_organization(c) for c in organizer_codes]
    if not organizers or not any(org_selectors.can_oversee(actor, o) for o in organizers):
        raise errors.NotAUnionOfficer(_("Plan events for an organisation you are an officer of."))
    place = find_regency(regency_code)
    if place is None:
        msg = _("Choose the regency or city of the venue.")
        raise errors.MappingInvalid(msg, field_errors={"regency_code": msg})
    event = SocialisationEvent.objects.create(
        title=title, starts_at=starts_at, venue=venue, regency=place, partners=partners, created_by=actor
    )
    event.organizers.set(organizers)
    ReferralCode.objects.create(organization=organizers[0], event=event, code=f"ev-{_secrets.token_hex(4)}")
    return event


@transaction.atomic
def record_event_attendance(*, actor: Any, event_id: int, code: str) -> Any:
    """An organiser scans a worker's code at the event."""
    from naker.learning.services import attendance_code_owner
    from naker.outreach.models import EventAttendance, SocialisationEvent

    event = SocialisationEvent.objects.filter(pk=event_id).prefetch_related("organizers").first()
    if event is None or not any(org_selectors.can_oversee(actor, o) for o in event.organizers.all()):
        raise errors.EventNotFound()
    person = attendance_code_owner(code)
    attendance, _created = EventAttendance.objects.get_or_create(
        event=event, user=person, defaults={"how": EventAttendance.How.SCANNED}
    )
    return attendance


def event_results(event: Any) -> dict[str, int]:
    """Sign-ups, enrolments and completions that followed the event."""
    from naker.learning.selectors import learning_counts_of
    from naker.outreach.models import EventAttendance, Referral

    signed_up = Referral.objects.filter(code__event=event).values("user_id")
    people = EventAttendance.objects.filter(event=event).values("user_id")
    counts = learning_counts_of(people)
    return {"attended": EventAttendance.objects.filter(event=event).count(), "signed_up": signed_up.count(), **counts}


def referral_counts(org: Any) -> list[tuple[Any, int]]:
    from django.db.models import Count

    from naker.outreach.models import ReferralCode

    return [
        (c, c.n)
        for c in ReferralCode.objects.filter(organization=org)
        .annotate(n=Count("referrals"))
        .select_related("officer", "event")
    ]


def forget_person(*, user: Any) -> None:
    """On erasure: invitations carry the name and phone, so they go; attendances stay as counts."""
    Invitation.objects.filter(user=user).delete()
