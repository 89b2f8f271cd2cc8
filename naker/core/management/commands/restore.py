"""manage.py restore FOLDER: restores a backup into an empty database and verifies it against its manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from naker.core import backup


class Command(BaseCommand):
    help = (
        "Restores a backup made by `manage.py backup` into a new, empty database (and empty media folder), "
        "checking the files' checksums first and every table's row count afterwards."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("folder", help="a backup folder (naker-<time>)")
        parser.add_argument("--verify-only", action="store_true", help="only check the checksums")

    def handle(self, *args: Any, **options: Any) -> None:
        folder = Path(options["folder"])
        try:
            if options["verify_only"]:
                manifest = backup.read_manifest(folder)
                self.stdout.write(f"{folder}: checksums match ({len(manifest['tables'])} tables)")
                return
            manifest = backup.restore(folder)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(f"restored {folder}: {len(manifest['tables'])} tables, {rows} rows, as in the manifest")
