"""The member import's use cases: upload a list, confirm its columns, run it in batches (resumable),
finish it with the refused rows' file and the invitations, and let its files go (retention, erasure).

Services never enqueue tasks themselves (tasks stand above services): a caller that wants the run in
the background passes `on_queued` (the view passes the task's `enqueue`), and the run's task queues
the invitation emails when the run is done.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol, cast

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import File
from django.core.mail import send_mass_mail
from django.db import reset_queries, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from naker.accounts import selectors as account_selectors
from naker.accounts import services as account_services
from naker.core import crypto
from naker.core.exports import csv_writer
from naker.organizations import selectors as org_selectors
from naker.organizations import services as org_services
from naker.outreach import errors
from naker.outreach.member_import import cells, files
from naker.outreach.member_import.rows import CheckedRow, check_row, person_hashes
from naker.outreach.member_import.selectors import import_visible_to
from naker.outreach.models import ImportMapping, ImportRowResult, Invitation, MemberImport
from naker.regions import matching
from naker.regions.selectors import current_nik_prefixes

if TYPE_CHECKING:
    from naker.accounts.models import User
    from naker.organizations.models import Organization

BATCH_SIZE = 1000
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
Outcome = ImportRowResult.Outcome


class Uploaded(Protocol):
    """What the upload needs of a file: Django's UploadedFile, or the command's file on disk."""

    @property
    def name(self) -> str | None: ...

    @property
    def size(self) -> int | None: ...

    def read(self, n: int = -1, /) -> bytes: ...

    def seek(self, pos: int, /) -> int: ...


def _union_overseen_by(actor: User, org_code: str) -> Organization:
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


def _unreadable(name: str, reason: object) -> errors.BadFile:
    msg = _("“%(name)s” could not be read: %(error)s") % {"name": name, "error": reason}
    return errors.BadFile(msg, field_errors={"file": msg})


def store_member_list(*, actor: User, org_code: str, uploaded: Uploaded) -> MemberImport:
    """The web request's half of an upload: checks the size and the kind of file, stores it and
    commits its row in state "reading" (one short transaction; nothing is parsed). The file is then
    described by `describe_member_list`, on the task worker (the caller queues it). Any failure
    deletes the row and the file (they name people)."""
    org = _union_overseen_by(actor, org_code)
    name = uploaded.name or ""
    if (uploaded.size or 0) > MAX_UPLOAD_BYTES:
        msg = _("The file is larger than 50 MB. Split it into parts.")
        raise errors.BadFile(msg, field_errors={"file": msg})
    head = uploaded.read(8)
    uploaded.seek(0)
    file_format = _format_of(name, head)
    imp = MemberImport(
        organization=org,
        uploaded_by=actor,
        original_name=name[:255],
        file_format=file_format,
        status=MemberImport.Status.READING,
    )
    stored = f"{org.code}-{timezone.now():%Y%m%d%H%M%S}.{file_format}"
    try:
        imp.file.save(stored, File(cast("IO[bytes]", uploaded)), save=False)  # File reads it by chunks()
        with transaction.atomic():
            imp.save()
    except BaseException:
        _discard(imp)
        raise
    return imp


def _discard(imp: MemberImport) -> None:
    if imp.pk:
        MemberImport.objects.filter(pk=imp.pk).delete()
    if imp.file.name:
        Path(imp.file.path).unlink(missing_ok=True)


def _refuse_reading(imp: MemberImport, reason: str) -> None:
    """The file could not be described: it goes (it names people); the row stays, failed, with the
    reason for its page."""
    if imp.file.name:
        Path(imp.file.path).unlink(missing_ok=True)
    imp.status, imp.error, imp.file.name = MemberImport.Status.FAILED, reason, ""
    with transaction.atomic():
        imp.save(update_fields=["status", "error", "file"])


def describe_member_list(*, import_id: int) -> MemberImport | None:
    """The background half of an upload: reads the stored file's header, first rows and row count
    and guesses the columns (remembering the organisation's last mapping). The import becomes
    "uploaded" (its columns to check), or "failed" with the reason in `error` and the file deleted.

    The file is read outside any transaction, within files.py's bounds; each write is a short
    transaction of its own. A compare-and-set on (reading, no heartbeat) claims the reading, so two
    task runs never read one file and a described file is left as it is. Returns None when the
    import is gone."""
    claimed = MemberImport.objects.filter(
        pk=import_id, status=MemberImport.Status.READING, heartbeat_at__isnull=True
    ).update(heartbeat_at=timezone.now())
    imp = MemberImport.objects.select_related("organization").filter(pk=import_id).first()
    if imp is None or not claimed:
        return imp
    try:
        try:
            sniffed, headers, _preview, count = files.describe(Path(imp.file.path), imp.file_format)
        except Exception as exc:  # noqa: BLE001 - a damaged file in any of the ways openpyxl or csv can find
            raise _unreadable(imp.original_name, exc) from None
        if not headers:
            msg = _("The file is empty.")
            raise errors.BadFile(msg, field_errors={"file": msg})
        imp.encoding, imp.delimiter, imp.headers, imp.total_rows = sniffed.encoding, sniffed.delimiter, headers, count
        remembered = (
            ImportMapping.objects.filter(organization=imp.organization).values_list("mapping", flat=True).first()
        )
        imp.mapping = files.guess_mapping(headers, remembered)
        imp.status = MemberImport.Status.UPLOADED
        with transaction.atomic():
            imp.save(update_fields=["encoding", "delimiter", "headers", "total_rows", "mapping", "status"])
    except errors.BadFile as exc:
        _refuse_reading(imp, str(exc.message))
    except Exception:
        msg = _("“%(name)s” could not be read. Upload it again; if this happens again, tell the administrator.")
        _refuse_reading(imp, msg % {"name": imp.original_name})
        raise
    return imp


def upload_member_list(*, actor: User, org_code: str, uploaded: Uploaded) -> MemberImport:
    """Stores and describes a list at once, for callers that wait for it (the command line, the
    demo): `store_member_list` then `describe_member_list`. A file that cannot be read raises
    BadFile with the reason, and leaves neither a row nor a file."""
    imp = store_member_list(actor=actor, org_code=org_code, uploaded=uploaded)
    try:
        described = describe_member_list(import_id=imp.pk)
    except BaseException:
        _discard(imp)
        raise
    if described is None or described.status != MemberImport.Status.UPLOADED:
        msg = described.error if described else _("The file is empty.")
        _discard(imp)
        raise errors.BadFile(msg, field_errors={"file": msg})
    return described


def fail_stalled_readings(*, older_than: datetime.timedelta | None = None) -> list[int]:
    """Readings whose worker stopped half-way (claimed, no result after a while) end failed, their
    files deleted: the officer is told to upload again. (Reading is bounded to seconds.)"""
    cutoff = timezone.now() - (older_than or STALLED_AFTER)
    stalled = MemberImport.objects.filter(status=MemberImport.Status.READING, heartbeat_at__lt=cutoff)
    ended = []
    for imp in stalled:
        msg = _("Reading “%(name)s” stopped before it was done. Upload it again.") % {"name": imp.original_name}
        _refuse_reading(imp, msg)
        ended.append(imp.pk)
    return ended


def _check_mapping(imp: MemberImport, mapping: dict[str, str]) -> dict[str, str]:
    clean = {str(k): v for k, v in mapping.items() if v}
    problems: dict[str, str] = {}
    if any(v not in files.FIELDS for v in clean.values()) or any(
        not k.isdigit() or int(k) >= len(imp.headers) for k in clean
    ):
        problems["mapping"] = _("Choose a field of the list for each column, or leave it out.")
    chosen = list(clean.values())
    for field in set(chosen):
        if chosen.count(field) > 1:
            problems[field] = _("Only one column can be %(field)s.") % {"field": field}
    for field in files.REQUIRED_FIELDS:
        if field not in chosen:
            problems[field] = _("Choose the column that holds %(field)s.") % {"field": field}
    if problems:
        raise errors.MappingInvalid(_("The columns are not all clear yet."), field_errors=problems)
    return clean


@transaction.atomic
def confirm_import(
    *,
    actor: User,
    import_id: int,
    mapping: dict[str, str],
    consent_attested: bool,
    on_queued: Callable[[int], object] | None = None,
) -> MemberImport:
    """The officer confirms the columns and attests the members' consent; the run is queued
    (`on_queued(import_id)` after the commit; confirming twice queues once)."""
    imp = import_visible_to(actor, import_id)
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
    remembered = {files.normalise_header(imp.headers[int(k)]): v for k, v in clean.items()}
    ImportMapping.objects.update_or_create(organization=imp.organization, defaults={"mapping": remembered})
    if on_queued is not None:
        queue = on_queued
        transaction.on_commit(lambda: queue(imp.pk))
    return imp


# --- the run ------------------------------------------------------------------------------------


def _data_rows(imp: MemberImport, start_after: int) -> Iterator[tuple[int, list[Any]]]:
    rows = files.rows_of(Path(imp.file.path), imp.file_format, imp.encoding, imp.delimiter)
    next(rows, None)  # the header
    for number, row in enumerate(rows, start=1):
        if number > start_after:
            yield number, row


def _refused(imp: MemberImport, number: int, reason: str, row: list[Any], *, nik_hash: str = "") -> ImportRowResult:
    nik_hash, phone_hash = person_hashes(row, imp.mapping, nik_hash=nik_hash)
    return ImportRowResult(
        member_import=imp,
        row_number=number,
        outcome=Outcome.REFUSED,
        reason=reason[:300],
        nik_hash=nik_hash,
        phone_hash=phone_hash,
    )


def _settle_batch(imp: MemberImport, batch: list[tuple[int, list[Any]]], context: dict[str, Any]) -> None:
    """Decides every row of the batch and writes it all, with the checkpoint, in one transaction."""
    results: list[ImportRowResult] = []
    checked: list[CheckedRow] = []
    raw: dict[int, list[Any]] = {}
    for number, row in batch:
        outcome = check_row(row, imp.mapping, context["regencies"], context["prefixes"])
        if isinstance(outcome, str):
            results.append(_refused(imp, number, outcome, row))
        else:
            outcome.row_number = number
            raw[number] = row
            checked.append(outcome)
    with transaction.atomic():
        registered = account_selectors.worker_ids_by_nik_hash([c.nik_hash for c in checked])
        phone_owners = account_selectors.owners_of_phones([c.phone for c in checked])
        to_create: list[CheckedRow] = []
        linked: list[tuple[CheckedRow, int]] = []
        claimed: dict[str, str] = {}  # phone → NIK hash, within this batch
        # A NIK on two rows of one file is one person given twice (with another phone, maybe): the
        # later row is refused naming the first, never linked with its phone dropped unseen.
        first_row = _rows_of_users_in_import(imp, registered.values())
        for person in checked:
            earlier = first_row.get(person.nik_hash) or first_row.get(registered.get(person.nik_hash, -1))
            if earlier:
                msg = _("The same NIK is already on row %(row)d of this file.") % {"row": earlier}
                results.append(_refused(imp, person.row_number, msg, raw[person.row_number], nik_hash=person.nik_hash))
                continue
            if person.nik_hash in registered:
                first_row[person.nik_hash] = person.row_number
                linked.append((person, registered[person.nik_hash]))
            elif person.phone in phone_owners or claimed.get(person.phone, person.nik_hash) != person.nik_hash:
                msg = _("Mobile number %(phone)s already belongs to someone with another NIK.") % {
                    "phone": person.phone
                }
                results.append(_refused(imp, person.row_number, msg, raw[person.row_number], nik_hash=person.nik_hash))
            else:
                first_row[person.nik_hash] = person.row_number
                claimed[person.phone] = person.nik_hash
                to_create.append(person)
        people = [
            account_services.ImportedWorker(r.full_name, r.phone, r.email, r.nik, r.stored_nik, r.regency)
            for r in to_create
        ]
        users = account_services.register_imported_workers(people=people, attested_at=imp.consent_attested_at)
        for person, user in zip(to_create, users, strict=True):
            results.append(
                ImportRowResult(member_import=imp, row_number=person.row_number, outcome=Outcome.CREATED, user=user)
            )
        for person, user_id in linked:
            results.append(
                ImportRowResult(
                    member_import=imp, row_number=person.row_number, outcome=Outcome.LINKED, user_id=user_id
                )
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


def _rows_of_users_in_import(imp: MemberImport, user_ids: Iterable[int]) -> dict[Any, int]:
    """User id → the row of this import (an earlier batch) that created or linked them."""
    found = ImportRowResult.objects.filter(member_import=imp, user_id__in=list(user_ids)).exclude(
        outcome=Outcome.REFUSED
    )
    return dict(found.order_by("-row_number").values_list("user_id", "row_number"))


def invitation_pattern() -> str:
    """The invitation link with UID and TOKEN to fill in (one URL lookup for a whole batch)."""
    path = reverse("outreach:accept", kwargs={"uidb64": "UID", "token": "TOKEN"})
    return settings.NAKER_PUBLIC_URL.rstrip("/") + path


def invitation_link(user: User, *, pattern: str | None = None) -> str:
    """The one-time link to set a password. `pattern` (from invitation_pattern) saves a URL lookup per row."""
    pattern = pattern or invitation_pattern()
    return pattern.replace("UID", urlsafe_base64_encode(force_bytes(user.pk))).replace(
        "TOKEN", default_token_generator.make_token(user)
    )


def _invite(imp: MemberImport, users: list[User], rows: list[CheckedRow]) -> None:
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


def run_import(*, import_id: int, stop_after_batches: int | None = None) -> MemberImport:
    """Runs (or resumes) an import from its checkpoint: every row ends created, linked or refused,
    exactly once. `stop_after_batches` is for tests that stop a run half-way."""
    imp = MemberImport.objects.select_related("organization", "uploaded_by").get(pk=import_id)
    if imp.status in (MemberImport.Status.DONE, MemberImport.Status.UPLOADED):
        return imp
    if imp.consent_attested_at is None:
        raise errors.ConsentNotAttested()
    if not _claim_run(imp):
        return imp  # another runner (the task worker or the command) has it: leave it to them
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
    return _finish_import(imp)


STALLED_AFTER = datetime.timedelta(minutes=2)


def _claim_run(imp: MemberImport) -> bool:
    """Takes the run with a compare-and-set on its status, so that two runners (the task worker and
    `manage.py import_members`, or two workers) never run one import together: only a queued run, or
    a running one whose runner stopped beating, can be claimed; the loser gets False."""
    now = timezone.now()
    claimable = Q(status=MemberImport.Status.QUEUED) | Q(
        status=MemberImport.Status.RUNNING, heartbeat_at__lt=now - STALLED_AFTER
    )
    claimed = MemberImport.objects.filter(claimable, pk=imp.pk).update(
        status=MemberImport.Status.RUNNING, started_at=imp.started_at or now, heartbeat_at=now
    )
    imp.refresh_from_db()
    return claimed == 1


def _finish_import(imp: MemberImport) -> MemberImport:
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
                    writer.writerow([*(cells.display(c) for c in row), reasons[number]])
    MemberImport.objects.filter(pk=imp.pk).update(
        status=MemberImport.Status.DONE,
        refused_file=str(path),
        finished_at=timezone.now(),
        total_rows=imp.processed_rows or imp.total_rows,
    )
    # The uploaded list holds every member's NIK; once every row has its fate it is not needed.
    Path(imp.file.path).unlink(missing_ok=True)
    imp.refresh_from_db()
    return imp


def send_invitation_emails(*, import_id: int) -> int:
    """Emails the invitations of an import that have an address and were not sent yet."""
    pending = list(Invitation.objects.filter(member_import_id=import_id, channel="email", sent_at__isnull=True)[:5000])
    subject = _("Your Kadin for Naker account is ready")
    send_mass_mail([(subject, i.text, settings.DEFAULT_FROM_EMAIL, [i.address]) for i in pending], fail_silently=False)
    Invitation.objects.filter(pk__in=[i.pk for i in pending]).update(sent_at=timezone.now())
    return len(pending)


def resume_stalled_imports(
    *,
    older_than: datetime.timedelta = STALLED_AFTER,
    on_queued: Callable[[int], object] | None = None,
) -> list[int]:
    """Queues again the runs whose worker stopped (no heartbeat for a while): `on_queued(id)` each."""
    cutoff = timezone.now() - older_than
    stalled = list(
        MemberImport.objects.filter(status=MemberImport.Status.RUNNING, heartbeat_at__lt=cutoff).values_list(
            "pk", flat=True
        )
    )
    for pk in stalled:
        MemberImport.objects.filter(pk=pk).update(status=MemberImport.Status.QUEUED, heartbeat_at=timezone.now())
        if on_queued is not None:
            on_queued(pk)
    return stalled


# --- the files' life span -----------------------------------------------------------------------


# An uploaded list nobody confirmed (or that could not be read) holds every member's NIK for nothing.
UNCONFIRMED_TTL = datetime.timedelta(hours=24)


@transaction.atomic
def purge_expired_imports(*, now: datetime.datetime | None = None) -> int:
    """Deletes the imports older than NAKER_IMPORT_RETENTION_DAYS, and the uploads never confirmed
    after UNCONFIRMED_TTL (24 h), with their row results and files (the list and the refused rows'
    file name people; models.py deletes the files with the row). A run still beating is left alone.
    Returns how many imports went."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.NAKER_IMPORT_RETENTION_DAYS)
    alive = Q(status=MemberImport.Status.RUNNING, heartbeat_at__gte=now - datetime.timedelta(hours=1))
    never_confirmed = Q(consent_attested_at__isnull=True, created_at__lt=now - UNCONFIRMED_TTL)
    expired = MemberImport.objects.filter(Q(created_at__lt=cutoff) | never_confirmed).exclude(alive)
    count = expired.count()
    for imp in expired:
        imp.delete()
    return count


@transaction.atomic
def forget_erased_person_in_imports(*, nik_hash: str | None, phone: str | None) -> int:
    """On erasure: every refused rows' file naming the person (by NIK or mobile number) is deleted,
    and their refused rows lose the reason (it may quote the number). Returns the files deleted."""
    match = Q(pk__in=[])
    if nik_hash:
        match |= Q(nik_hash=nik_hash)
    if phone:
        match |= Q(phone_hash=crypto.keyed_hash(phone))
    rows = ImportRowResult.objects.filter(match, outcome=Outcome.REFUSED)
    import_ids = set(rows.values_list("member_import_id", flat=True))
    rows.update(reason="", nik_hash="", phone_hash="")
    deleted = 0
    for imp in MemberImport.objects.filter(pk__in=import_ids).exclude(refused_file=""):
        Path(imp.refused_file).unlink(missing_ok=True)
        deleted += 1
    MemberImport.objects.filter(pk__in=import_ids).update(refused_file="")
    return deleted


def forget_erased_account(*, user_id: int) -> int:
    """`forget_erased_person_in_imports` for an account about to be erased (its NIK hash and number
    are read now: call it before they are wiped)."""
    found = account_selectors.users().filter(pk=user_id).values_list("phone", "worker__nik_hash").first()
    if found is None:
        return 0
    phone, nik_hash = found
    return forget_erased_person_in_imports(nik_hash=nik_hash, phone=phone)


def accept_invitation(*, user: User) -> None:
    """The invited worker agreed to the privacy notice and confirmed who they are."""
    account_services.confirm_invited_worker(user=user)
