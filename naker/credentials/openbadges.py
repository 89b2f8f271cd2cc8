"""Open Badges 3.0 credentials as VC-JWT: building, signing and checking them. No database here.

The shape follows the Open Badges Specification 3.0 (1EdTech), data model §B (OpenBadgeCredential,
Profile, AchievementSubject, Achievement, Criteria, IdentityObject) on the W3C Verifiable
Credentials Data Model 2.0, and its JSON Web Token proof format (§8.2): the credential itself is the
JWT payload, with the registered claims `iss` (issuer.id), `nbf` (validFrom), `jti` (id), `sub`
(credentialSubject.id) and, when the credential ends, `exp` (validUntil); the JOSE header carries
`alg` (RS256, which every implementation must support), `typ` "JWT" and `kid`.

Revocation is a W3C Bitstring Status List v1.0 entry (`credentialStatus`) pointing at a status list
credential this platform serves.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from joserfc import jwt
from joserfc.errors import JoseError

from naker.credentials import keys

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_SCHEMA = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
SCHEMA_TYPE = "1EdTechJsonSchemaValidator2019"
ALGORITHMS = ("RS256", "EdDSA")
MAX_JWT_LENGTH = 64_000


def public_url(path: str) -> str:
    return settings.NAKER_PUBLIC_URL.rstrip("/") + path


def issuer_profile() -> dict[str, Any]:
    """The platform issues on behalf of providers (named in each achievement as its creator)."""
    return {
        "id": public_url("/credentials/issuer"),
        "type": ["Profile"],
        "name": "Kadin for Naker",
        "url": public_url("/"),
        "description": "Platform pelatihan vokasi Kadin Indonesia dan serikat pekerja.",
    }


def org_profile(code: str, name: str) -> dict[str, Any]:
    """The public Profile of a provider or certification body (served at /credentials/issuers/<code>)."""
    return {"id": public_url(f"/credentials/issuers/{code}"), "type": ["Profile"], "name": name}


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def hashed_identity(value: str, salt: str | None = None) -> dict[str, Any]:
    """OB 3.0 IdentityObject with `hashed: true`: "sha256$" + hex SHA-256 of the value and the salt."""
    salt = salt or secrets.token_hex(8)
    digest = hashlib.sha256((value + salt).encode()).hexdigest()
    return {
        "type": "IdentityObject",
        "hashed": True,
        "identityHash": f"sha256${digest}",
        "identityType": "name",
        "salt": salt,
    }


@dataclass(frozen=True)
class Achievement:
    id: str
    name: str
    description: str
    criteria: str
    achievement_type: str  # OB 3.0 AchievementType: "CertificateOfCompletion", "Certification", ...
    creator_id: str
    creator_name: str
    human_code: str = ""
    tags: tuple[str, ...] = ()


def build_credential(
    *,
    credential_id: str,
    subject_id: str,
    holder_name: str,
    title: str,
    achievement: Achievement,
    valid_from: datetime,
    valid_until: datetime | None,
    status_list: int,
    status_index: int,
    issuer: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The OpenBadgeCredential. `issuer` is the platform's profile unless given: a competency
    certificate is issued by the certification body (LSP) itself, never by the platform."""
    issuer = issuer or issuer_profile()
    list_url = public_url(f"/credentials/status/{status_list}")
    achieved: dict[str, Any] = {
        "id": achievement.id,
        "type": ["Achievement"],
        "achievementType": achievement.achievement_type,
        "name": achievement.name,
        "description": achievement.description or achievement.name,
        "criteria": {"narrative": achievement.criteria},
        "creator": {"id": achievement.creator_id, "type": ["Profile"], "name": achievement.creator_name},
    }
    if achievement.human_code:
        achieved["humanCode"] = achievement.human_code
    if achievement.tags:
        achieved["tag"] = list(achievement.tags)
    credential: dict[str, Any] = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer,
        "validFrom": iso(valid_from),
        "name": title,
        "credentialSubject": {
            "id": subject_id,
            "type": ["AchievementSubject"],
            "identifier": [hashed_identity(holder_name)],
            "achievement": achieved,
        },
        "credentialSchema": [{"id": OB_SCHEMA, "type": SCHEMA_TYPE}],
        "credentialStatus": {
            "id": f"{list_url}#{status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(status_index),
            "statusListCredential": list_url,
        },
    }
    if valid_until is not None:
        credential["validUntil"] = iso(valid_until)
    return credential


def _epoch(value: str) -> int:
    return int(datetime.fromisoformat(value).timestamp())  # Python 3.11 reads the "Z" of UTC itself


def jwt_claims(credential: dict[str, Any]) -> dict[str, Any]:
    """The credential with the registered claims that must agree with it (OB 3.0 §8.2.4)."""
    claims = dict(credential)
    claims["iss"] = credential["issuer"]["id"]
    claims["jti"] = credential["id"]
    claims["nbf"] = _epoch(credential["validFrom"])
    subject_id = credential.get("credentialSubject", {}).get("id")
    if subject_id:
        claims["sub"] = subject_id
    if credential.get("validUntil"):
        claims["exp"] = _epoch(credential["validUntil"])
    return claims


def sign(credential: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    """(compact JWT, kid, claims) signed with the current key."""
    key = keys.current_key()
    claims = jwt_claims(credential)
    token = jwt.encode({"alg": key.alg, "typ": "JWT", "kid": key.kid}, claims, key.key, algorithms=[key.alg])
    return token, key.kid, claims


# --- checking ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Checked:
    """What the signature and claims say, before the platform's own records are asked."""

    ok: bool
    reason: str = ""  # stable code of what failed
    claims: dict[str, Any] | None = None
    kid: str = ""


def _b64json(part: str) -> Any:
    padded = part + "=" * (-len(part) % 4)
    return json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))


def check(token: Any) -> Checked:
    """Signature, algorithm, key and the agreement of the registered claims with the credential.

    Never raises for bad input: every failure is a reason code.
    """
    if not isinstance(token, str) or not token.strip() or len(token) > MAX_JWT_LENGTH:
        return Checked(False, "malformed")
    token = token.strip()
    parts = token.split(".")
    if len(parts) != 3:
        return Checked(False, "malformed")
    try:
        header = _b64json(parts[0])
        _b64json(parts[1])
    except (ValueError, UnicodeError):
        return Checked(False, "malformed")
    if not isinstance(header, dict):
        return Checked(False, "malformed")
    alg = header.get("alg")
    if not isinstance(alg, str) or alg.lower() == "none":
        return Checked(False, "alg_none")
    if alg not in ALGORITHMS:
        return Checked(False, "alg_not_allowed")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        return Checked(False, "kid_missing")
    key = keys.key_for(kid)
    if key is None:
        return Checked(False, "unknown_kid", kid=kid)
    if key.alg != alg:
        return Checked(False, "alg_not_allowed", kid=kid)
    try:
        decoded = jwt.decode(token, key.key, algorithms=[key.alg])
    except JoseError:
        return Checked(False, "bad_signature", kid=kid)
    except (ValueError, TypeError):
        return Checked(False, "malformed", kid=kid)
    claims = decoded.claims
    if not isinstance(claims, dict):
        return Checked(False, "malformed", kid=kid)
    if "OpenBadgeCredential" not in (claims.get("type") or []) and "AchievementCredential" not in (
        claims.get("type") or []
    ):
        return Checked(False, "not_a_badge", kid=kid)
    try:
        expected = jwt_claims({k: v for k, v in claims.items() if k not in ("iss", "jti", "nbf", "sub", "exp")})
    except (KeyError, TypeError, ValueError, AttributeError):
        return Checked(False, "claims_mismatch", kid=kid)
    for name in ("iss", "jti", "nbf", "sub", "exp"):
        if claims.get(name) != expected.get(name):
            return Checked(False, "claims_mismatch", kid=kid)
    return Checked(True, claims=claims, kid=kid)


# --- status lists --------------------------------------------------------------------------------


def encode_bitstring(size: int, set_indexes: list[int]) -> str:
    """Bitstring Status List v1.0 §3.1: index 0 is the left-most bit; GZIP, then base64url with the
    multibase prefix "u" and no padding."""
    bits = bytearray(size // 8)
    for index in set_indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode().rstrip("=")


def decode_bitstring(encoded: str) -> bytes:
    data = encoded[1:] if encoded.startswith("u") else encoded
    return gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))


def status_list_credential(list_number: int, encoded_list: str, valid_from: datetime) -> dict[str, Any]:
    url = public_url(f"/credentials/status/{list_number}")
    return {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_profile()["id"],
        "validFrom": iso(valid_from),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_list,
        },
    }


def sign_plain(credential: dict[str, Any]) -> str:
    """A status list credential as a JWT (its issuer is a plain URL)."""
    key = keys.current_key()
    claims = {
        **credential,
        "iss": credential["issuer"],
        "jti": credential["id"],
        "nbf": _epoch(credential["validFrom"]),
    }
    return jwt.encode({"alg": key.alg, "typ": "JWT", "kid": key.kid}, claims, key.key, algorithms=[key.alg])
