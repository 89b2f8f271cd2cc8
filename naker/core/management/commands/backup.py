"""manage.py backup [--to DIR] [--keep N]: a consistent backup of the database and media, with a manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from naker.core import backup


class Command(BaseCommand):
    help = (
        "Writes a timestamped backup (SQLite online backup or pg_dump custom format, media, manifest with "
        "row counts and checksums). The secrets are not in it: keep them apart (docs/deploy.md)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--to", default=str(settings.NAKER_BACKUP_DIR), help="folder of the backups")
        parser.add_argument("--keep", type=int, default=0, help="then delete all but the newest N backups")

    def handle(self, *args: Any, **options: Any) -> None:
        destination = Path(options["to"])
        try:
            folder = backup.backup(destination)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = backup.read_manifest(folder)
        rows = sum(manifest["tables"].values())
        self.stdout.write(f"{folder}  ({len(manifest['tables'])} tables, {rows} rows)")
        if options["keep"]:
            for old in backup.prune(destination, keep=options["keep"]):
                self.stdout.write(f"deleted {old}")
