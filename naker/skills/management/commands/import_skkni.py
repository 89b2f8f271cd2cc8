"""manage.py import_skkni FILE [--sector C]: loads a published SKKNI register (CSV or XLSX), one
row per performance criterion (see naker.skills.register), as units of the skills taxonomy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from naker.skills import services
from naker.skills.register import RegisterError, read_register


class Command(BaseCommand):
    help = "Imports SKKNI units, their elements and performance criteria from a CSV or XLSX register."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--sector", default=None, help="KBLI section of the units (e.g. C)")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            units = read_register(path)  # parsed outside any transaction
        except RegisterError as exc:
            raise CommandError(f"{path.name}: {exc}") from exc
        count, elements = services.save_units(units, sector_code=options["sector"])
        self.stdout.write(f"{count} units, {elements} elements imported from {path.name}.")
