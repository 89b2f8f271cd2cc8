"""manage.py rotate_keys [--rehash]: re-encrypt personal data with the newest field key (docs/deploy.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from naker.core import keys


class Command(BaseCommand):
    help = (
        "Re-encrypts every *_encrypted field with the first key of NAKER_FIELD_KEYS; with --rehash also "
        "recomputes each *_hash beside it with the current NAKER_HASH_KEY. Safe to run again."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--rehash", action="store_true", help="recompute the lookup hashes too")
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args: Any, **options: Any) -> None:
        for label, count in keys.rotate(rehash=options["rehash"], batch_size=options["batch_size"]).items():
            self.stdout.write(f"{label}: {count} values")
