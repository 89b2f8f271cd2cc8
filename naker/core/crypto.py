"""Field encryption and keyed hashing for personal data (NIK).

Fernet (AES-128-CBC + HMAC-SHA256) with MultiFernet, so keys can be rotated: the first key in
NAKER_FIELD_KEYS encrypts, every key decrypts. The lookup hash is an HMAC-SHA256 with its own key,
so that a stolen database alone does not let anyone test guessed NIKs.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in keys])


def encrypt(plain: str) -> str:
    return _fernet(tuple(settings.NAKER_FIELD_KEYS)).encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet(tuple(settings.NAKER_FIELD_KEYS)).decrypt(token.encode()).decode()


def keyed_hash(value: str) -> str:
    return hmac.new(settings.NAKER_HASH_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()
