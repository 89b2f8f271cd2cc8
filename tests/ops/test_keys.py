"""Key rotation: after it, the old field key can go and the NIK still reads; a new hash key still finds it."""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import call_command

from naker.accounts.models import WorkerProfile
from naker.core import crypto
from tests.factories import make_worker

pytestmark = pytest.mark.django_db
NIK = "3171015708900001"


def test_rotating_the_field_key_and_the_hash_key(settings: Any) -> None:
    worker = make_worker(nik=NIK)
    old_key = settings.NAKER_FIELD_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.NAKER_FIELD_KEYS = [new_key, old_key]
    settings.NAKER_HASH_KEY = "a-new-hash-key-for-the-nik-lookup"

    call_command("rotate_keys", "--rehash")

    settings.NAKER_FIELD_KEYS = [new_key]  # the old key is gone
    profile = WorkerProfile.objects.get(pk=worker.pk)
    assert crypto.decrypt(profile.nik_encrypted) == NIK
    assert profile.nik_hash == crypto.keyed_hash(NIK)
    settings.NAKER_FIELD_KEYS = [old_key]
    with pytest.raises(InvalidToken):
        crypto.decrypt(profile.nik_encrypted)
