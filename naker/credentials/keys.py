"""The keys that sign credentials, and the public key set anyone verifies them with.

Where they come from: `NAKER_SIGNING_KEY_PEM` (environment, read by settings) holds one or more PEM
keys, one after the other. The first must be a private key: it signs. Every other one (private or
public) is a retired key: it no longer signs, but credentials it signed still verify, and it stays
in the published key set. Rotation is therefore: put the new private key first, keep the old one
(its public half is enough) after it.

In development, when the variable is empty, a key is generated once into `var/credential-keys.pem`
(mode 0600, never committed: var/ is ignored); `manage.py rotate_signing_key` puts a new one in front
of it. In production an empty variable refuses to sign (SigningKeyMissing) rather than invent a key.

Private keys never leave this module: `public_jwks()` exports public members only.
RS256 is what the Open Badges 3.0 specification requires every implementation to support (§8.2,
"JSON Web Token Proof Format": the `alg` MUST be RS256 as a minimum); an Ed25519 key, if one is
configured, signs with EdDSA.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
from django.conf import settings
from joserfc.jwk import OKPKey, RSAKey, thumbprint

from naker.credentials.errors import SigningKeyMissing

DEV_KEY_FILE = "credential-keys.pem"
_PEM_BLOCK = re.compile(r"-----BEGIN [A-Z ]+-----.+?-----END [A-Z ]+-----", re.S)
_lock = threading.Lock()


@dataclass(frozen=True)
class SigningKey:
    kid: str
    alg: str
    key: Any  # joserfc RSAKey / OKPKey
    can_sign: bool


@dataclass(frozen=True)
class KeyRing:
    current: SigningKey | None
    by_kid: dict[str, SigningKey]


def _alg_of(key: Any) -> str:
    return "EdDSA" if isinstance(key, OKPKey) else "RS256"


def _import(pem: str) -> SigningKey:
    data = pem.encode()
    key: Any = OKPKey.import_key(data) if _is_ed25519(data) else RSAKey.import_key(data)
    kid = thumbprint(key.as_dict(private=False))
    return SigningKey(kid=kid, alg=_alg_of(key), key=key, can_sign=key.is_private)


def _is_ed25519(data: bytes) -> bool:
    try:
        loaded: Any = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        try:
            loaded = serialization.load_pem_public_key(data)
        except ValueError:
            return False
    return isinstance(loaded, ed25519.Ed25519PrivateKey | ed25519.Ed25519PublicKey)


def generate_rsa_pem() -> str:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def _dev_key_path() -> Path:
    return Path(settings.VAR_DIR) / DEV_KEY_FILE


def _dev_pem() -> str:
    path = _dev_key_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(generate_rsa_pem())
        path.chmod(0o600)
    return path.read_text()


def rotate_dev_key() -> str:
    """Development: a new signing key in front of the old ones. Returns the new key's id."""
    with _lock:
        old = _dev_pem()
        new = generate_rsa_pem()
        _dev_key_path().write_text(new + "\n" + old)
        _cache.clear()
    return _import(new).kid


_cache: dict[str, KeyRing] = {}


def _configured_pem() -> str:
    pem = getattr(settings, "NAKER_SIGNING_KEY_PEM", "") or ""
    if pem.strip():
        return pem
    if getattr(settings, "PRODUCTION", False):
        return ""
    return _dev_pem()


def keyring() -> KeyRing:
    pem = _configured_pem()
    ring = _cache.get(pem)
    if ring is None:
        keys = [_import(block) for block in _PEM_BLOCK.findall(pem)]
        current = keys[0] if keys and keys[0].can_sign else None
        ring = KeyRing(current=current, by_kid={k.kid: k for k in keys})
        with _lock:
            _cache.clear()
            _cache[pem] = ring
    return ring


def current_key() -> SigningKey:
    key = keyring().current
    if key is None:
        raise SigningKeyMissing()
    return key


def key_for(kid: str) -> SigningKey | None:
    return keyring().by_kid.get(kid)


def public_jwks() -> dict[str, Any]:
    """The public key set: the current key first, then the retired ones. Public members only."""
    ring = keyring()
    keys = []
    for k in ring.by_kid.values():
        jwk = dict(k.key.as_dict(private=False))
        jwk.update({"kid": k.kid, "alg": k.alg, "use": "sig"})
        keys.append(jwk)
    return {"keys": keys}
