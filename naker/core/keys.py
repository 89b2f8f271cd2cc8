"""Key rotation for personal data: re-encrypt every `<name>_encrypted` field with the first of
NAKER_FIELD_KEYS, and recompute every `<name>_hash` beside one from the decrypted value with the
current NAKER_HASH_KEY. Found by naming convention across all models, so core needs no app's import.
Batched, each batch in its own transaction; running it again does no harm.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cryptography.fernet import Fernet, MultiFernet
from django.apps import apps
from django.conf import settings
from django.db import models, transaction

from naker.core import crypto

SUFFIX = "_encrypted"


def encrypted_fields() -> Iterator[tuple[type[models.Model], str, str | None]]:
    """(model, encrypted field, its hash field or None) for every model of every app."""
    for model in apps.get_models():
        names = {f.name for f in model._meta.concrete_fields}
        for name in sorted(names):
            if name.endswith(SUFFIX):
                base = name.removesuffix(SUFFIX)
                yield model, name, f"{base}_hash" if f"{base}_hash" in names else None


def rotate(*, rehash: bool = False, batch_size: int = 1000) -> dict[str, int]:
    fernet = MultiFernet([Fernet(k.encode()) for k in settings.NAKER_FIELD_KEYS])
    done: dict[str, int] = {}
    for model, field, hash_field in encrypted_fields():
        label = f"{model._meta.label}.{field}"
        done[label] = 0
        pks = list(model._default_manager.exclude(**{field: ""}).order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), batch_size):
            with transaction.atomic():
                rows: list[Any] = list(
                    model._default_manager.select_for_update().filter(pk__in=pks[start : start + batch_size])
                )
                update = [field]
                for row in rows:
                    token = getattr(row, field)
                    setattr(row, field, fernet.rotate(token.encode()).decode())
                    if rehash and hash_field:
                        setattr(row, hash_field, crypto.keyed_hash(crypto.decrypt(token)))
                if rehash and hash_field:
                    update.append(hash_field)
                model._default_manager.bulk_update(rows, update)
                done[label] += len(rows)
    return done
