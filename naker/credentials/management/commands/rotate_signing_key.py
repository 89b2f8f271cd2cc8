"""manage.py rotate_signing_key: development only. Production keys come from NAKER_SIGNING_KEY_PEM."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from naker.credentials import keys


class Command(BaseCommand):
    help = (
        "Development: puts a new signing key in front of var/credential-keys.pem; the old keys stay "
        "in the public key set, so credentials they signed still verify. In production, put the new "
        "private key first in NAKER_SIGNING_KEY_PEM and keep the old one (its public half) after it."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION or settings.NAKER_SIGNING_KEY_PEM:
            raise CommandError("Keys come from NAKER_SIGNING_KEY_PEM here: rotate them there (see --help).")
        kid = keys.rotate_dev_key()
        self.stdout.write(f"New signing key {kid}; the previous ones still verify.")
