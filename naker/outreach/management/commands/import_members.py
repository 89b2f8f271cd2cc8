"""manage.py import_members --org CODE FILE --consent-attested [--json]

The same import as the web page, for large files: the columns are recognised by their names (or
as mapped last time on the page); the run is resumable (--resume ID)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError

from naker.accounts.selectors import user_by_login, users
from naker.core import planner
from naker.core.errors import DomainError
from naker.outreach.member_import import selectors, services
from naker.outreach.member_import.tasks import send_invitations_task
from naker.outreach.models import MemberImport

# From this many new or linked people on, the command refreshes the planner's statistics.
LARGE_IMPORT = 10_000


class Command(BaseCommand):
    help = "Imports a union's member list (CSV or XLSX). Needs --consent-attested: the union's attestation."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", nargs="?", type=Path)
        parser.add_argument("--org", help="the union's code, e.g. ksbsi-dki")
        parser.add_argument(
            "--consent-attested", action="store_true", help="the union attests that the members agreed to be registered"
        )
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")
        parser.add_argument("--resume", type=int, metavar="ID", help="resume an import stopped half-way")
        parser.add_argument("--as-user", default=None, help="officer's email or phone (default: a platform admin)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["resume"]:
            imp = self._run(options["resume"])
            return self._report(imp, options["json"])
        if not options["consent_attested"]:
            raise CommandError("Refused: pass --consent-attested to attest that the members agreed to be registered.")
        if not options["file"] or not options["org"]:
            raise CommandError("Give the file and --org CODE.")
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"No such file: {path}")
        actor = self._actor(options["as_user"])
        try:
            with path.open("rb") as fh:
                uploaded = (
                    SimpleUploadedFile(path.name, fh.read()) if path.stat().st_size < 5_000_000 else _Streamed(path)
                )
                imp = services.upload_member_list(actor=actor, org_code=options["org"], uploaded=uploaded)
            imp = services.confirm_import(actor=actor, import_id=imp.pk, mapping=imp.mapping, consent_attested=True)
            imp = self._run(imp.pk)
        except DomainError as exc:
            problems = "; ".join(f"{k}: {v}" for k, v in exc.field_errors.items())
            raise CommandError(f"{exc.message} {problems}".strip()) from None
        if imp.created_count + imp.linked_count >= LARGE_IMPORT:
            planner.refresh_statistics()  # many new rows: the planner's statistics are stale
        self._report(imp, options["json"])

    def _run(self, import_id: int) -> MemberImport:
        imp = services.run_import(import_id=import_id)
        if imp.status == MemberImport.Status.DONE:
            send_invitations_task.enqueue(imp.pk)
        elif imp.status == MemberImport.Status.RUNNING:
            # The run is claimed by another runner (the task worker, or this command started twice).
            self.stderr.write(f"Import {imp.pk} is being run by another runner: nothing done here.")
        return imp

    def _actor(self, login: str | None) -> Any:
        actor = user_by_login(login) if login else users().filter(is_staff=True).order_by("pk").first()
        if actor is None:
            raise CommandError("No officer to act as: pass --as-user, or create a platform admin.")
        return actor

    def _report(self, imp: MemberImport, as_json: bool) -> None:
        summary = selectors.import_summary(imp)
        if as_json:
            self.stdout.write(json.dumps(summary))
        else:
            self.stdout.write(
                f"{summary['rows']} rows: {summary['created']} created, {summary['linked']} linked, "
                f"{summary['refused']} refused ({summary['refused_file']})"
            )


class _Streamed:
    """A file on disk passed to the upload service without reading it into memory."""

    def __init__(self, path: Path):
        self._fh = path.open("rb")
        self.name = path.name
        self.size = path.stat().st_size

    def read(self, n: int = -1) -> bytes:
        return self._fh.read(n)

    def seek(self, pos: int) -> int:
        return self._fh.seek(pos)

    def chunks(self, chunk_size: int = 1 << 20) -> Any:
        self._fh.seek(0)
        while data := self._fh.read(chunk_size):
            yield data

    def __iter__(self) -> Any:
        return self.chunks()
