"""What the signature check answers for each token a verifier may paste, and the status list's bits,
without the database: openbadges.check and the Bitstring Status List helpers. Every refusal names the
failing part by its stable reason code (which the verify page turns into words)."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from joserfc import jwt

from naker.credentials import keys, openbadges

ACHIEVEMENT = openbadges.Achievement(
    id="https://example.test/achievements/las",
    name="Las SMAW Dasar",
    description="",
    criteria="Lulus uji praktik",
    achievement_type="Certification",
    creator_id="https://example.test/lsp",
    creator_name="LSP Logam",
    human_code="C.25",
    tags=("las",),
)
ISSUED = datetime(2026, 3, 1, 8, 30, 15, 999, tzinfo=UTC)
ENDS = datetime(2029, 3, 1, tzinfo=UTC)


def credential(**changes: object) -> dict:
    made = openbadges.build_credential(
        credential_id="urn:uuid:7b0c3a56-1f5e-4c2b-9a7d-3e1f2a4b5c6d",
        subject_id="urn:uuid:11111111-2222-3333-4444-555555555555",
        holder_name="Siti Aminah",
        title="Sertifikat Kompetensi Las SMAW",
        achievement=ACHIEVEMENT,
        valid_from=ISSUED,
        valid_until=ENDS,
        status_list=2,
        status_index=17,
    )
    made.update(changes)
    return made


def b64(data: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def signed(claims: dict, **header: object) -> str:
    key = keys.current_key()
    return jwt.encode({"alg": key.alg, "kid": key.kid, **header}, claims, key.key, algorithms=[key.alg])


def test_a_genuine_credential_passes_with_its_claims_and_key() -> None:
    token, kid, claims = openbadges.sign(credential())
    checked = openbadges.check(token)
    assert checked == openbadges.Checked(True, "", claims, kid)
    assert claims["iss"] == openbadges.public_url("/credentials/issuer")
    assert claims["jti"] == "urn:uuid:7b0c3a56-1f5e-4c2b-9a7d-3e1f2a4b5c6d"
    assert claims["sub"] == "urn:uuid:11111111-2222-3333-4444-555555555555"
    assert claims["nbf"] == int(datetime(2026, 3, 1, 8, 30, 15, tzinfo=UTC).timestamp())
    assert claims["exp"] == int(ENDS.timestamp())
    assert claims["validFrom"] == "2026-03-01T08:30:15Z"
    # pasted with the spaces and the line break a copy from an e-mail brings
    assert openbadges.check(f"  {token}\n").ok
    # a letter outside base64 in front is refused before the key is looked up
    assert openbadges.check("é" + token) == openbadges.Checked(False, "malformed")
    assert openbadges.check("éééé" + token) == openbadges.Checked(False, "malformed")
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert header == {"alg": keys.current_key().alg, "typ": "JWT", "kid": kid}


def test_a_platform_signing_with_an_ed25519_key_checks_its_eddsa_tokens(settings) -> None:
    settings.NAKER_SIGNING_KEY_PEM = (
        ed25519.Ed25519PrivateKey.generate()
        .private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        .decode()
    )
    token, kid, claims = openbadges.sign(credential())
    assert json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))["alg"] == "EdDSA"
    assert openbadges.check(token) == openbadges.Checked(True, "", claims, kid)
    status = openbadges.sign_plain(openbadges.status_list_credential(1, "uH4sI", ISSUED))
    assert jwt.decode(status, keys.current_key().key, algorithms=["EdDSA"]).claims["jti"].endswith("/status/1")


def test_a_credential_without_end_or_subject_has_no_exp_or_sub() -> None:
    made = credential()
    del made["validUntil"]
    made["credentialSubject"] = {**made["credentialSubject"], "id": ""}
    claims = openbadges.jwt_claims(made)
    assert "exp" not in claims and "sub" not in claims
    token, _kid, _claims = openbadges.sign(made)
    assert openbadges.check(token).ok
    del made["credentialSubject"]
    assert "sub" not in openbadges.jwt_claims(made)


def test_the_platform_names_itself_as_issuer_under_its_public_address(settings) -> None:
    settings.NAKER_PUBLIC_URL = "https://kadin.example/"
    assert openbadges.public_url("/verify/") == "https://kadin.example/verify/"
    assert openbadges.issuer_profile() == {
        "id": "https://kadin.example/credentials/issuer",
        "type": ["Profile"],
        "name": "Kadin for Naker",
        "url": "https://kadin.example/",
        "description": "Platform pelatihan vokasi Kadin Indonesia dan serikat pekerja.",
    }
    assert openbadges.org_profile("lsp-logam", "LSP Logam") == {
        "id": "https://kadin.example/credentials/issuers/lsp-logam",
        "type": ["Profile"],
        "name": "LSP Logam",
    }


def test_the_achievement_is_described_as_the_badge_standard_says() -> None:
    made = credential()
    achieved = made["credentialSubject"]["achievement"]
    assert achieved["description"] == "Las SMAW Dasar"  # no description: the name stands in
    assert achieved == {
        "id": "https://example.test/achievements/las",
        "type": ["Achievement"],
        "achievementType": "Certification",
        "name": "Las SMAW Dasar",
        "description": "Las SMAW Dasar",  # no description: the name stands in
        "criteria": {"narrative": "Lulus uji praktik"},
        "creator": {"id": "https://example.test/lsp", "type": ["Profile"], "name": "LSP Logam"},
        "humanCode": "C.25",
        "tag": ["las"],
    }
    plain = openbadges.Achievement(
        "https://example.test/a", "A", "B", "C", "Certification", "https://example.test/l", "L"
    )
    built = openbadges.build_credential(
        credential_id="urn:uuid:1",
        subject_id="urn:uuid:2",
        holder_name="X",
        title="T",
        achievement=plain,
        valid_from=ISSUED,
        valid_until=None,
        status_list=1,
        status_index=0,
    )
    assert "humanCode" not in built["credentialSubject"]["achievement"]
    assert "tag" not in built["credentialSubject"]["achievement"]
    assert made["credentialStatus"]["statusListIndex"] == "17"
    assert made["credentialStatus"]["id"].endswith("/credentials/status/2#17")
    identity = made["credentialSubject"]["identifier"][0]
    assert identity == openbadges.hashed_identity("Siti Aminah", identity["salt"])
    # a verifier who is told the holder's name recomputes the hash from the salt the credential holds
    expected = hashlib.sha256(("Siti Aminah" + identity["salt"]).encode()).hexdigest()
    assert identity["identityHash"] == f"sha256${expected}"
    assert identity["identityHash"] != openbadges.hashed_identity("Siti Aminah ", identity["salt"])["identityHash"]
    assert identity["identityHash"].startswith("sha256$") and len(identity["identityHash"]) == 7 + 64


@pytest.mark.parametrize("token", [None, 5, b"a.b.c", "", "   ", "a.b", "a.b.c.d", "!!.e30.x", b64([1]) + ".e30.x"])
def test_what_is_not_a_jwt_is_malformed(token: object) -> None:
    assert openbadges.check(token) == openbadges.Checked(False, "malformed")


def test_a_token_longer_than_64000_characters_is_malformed_before_anything_is_decoded() -> None:
    token, _kid, _claims = openbadges.sign(credential())
    assert openbadges.check(token + " " * (64_000 - len(token))).ok
    assert openbadges.check(token + " " * (64_001 - len(token))).reason == "malformed"


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        ({"alg": "none", "kid": "k"}, "alg_none"),
        ({"alg": "NONE", "kid": "k"}, "alg_none"),
        ({"kid": "k"}, "alg_none"),
        ({"alg": "HS256", "kid": "k"}, "alg_not_allowed"),
        ({"alg": "RS256"}, "kid_missing"),
        ({"alg": "RS256", "kid": ""}, "kid_missing"),
        ({"alg": "RS256", "kid": 7}, "kid_missing"),
    ],
)
def test_a_header_that_is_unsigned_foreign_or_nameless_is_refused(header: dict, reason: str) -> None:
    token = f"{b64(header)}.{b64(openbadges.jwt_claims(credential()))}.c2ln"
    assert openbadges.check(token) == openbadges.Checked(False, reason)


def test_a_key_this_platform_never_published_or_another_algorithm_under_our_key_is_refused() -> None:
    claims = b64(openbadges.jwt_claims(credential()))
    assert openbadges.check(f"{b64({'alg': 'RS256', 'kid': 'not-ours'})}.{claims}.c2ln") == openbadges.Checked(
        False, "unknown_kid", kid="not-ours"
    )
    key = keys.current_key()
    other = "EdDSA" if key.alg == "RS256" else "RS256"
    assert openbadges.check(f"{b64({'alg': other, 'kid': key.kid})}.{claims}.c2ln") == openbadges.Checked(
        False, "alg_not_allowed", kid=key.kid
    )


def test_a_changed_payload_is_a_bad_signature() -> None:
    token, kid, claims = openbadges.sign(credential())
    header, _payload, signature = token.split(".")
    forged = f"{header}.{b64({**claims, 'name': 'Sertifikat Palsu'})}.{signature}"
    assert openbadges.check(forged) == openbadges.Checked(False, "bad_signature", kid=kid)


def test_a_signed_token_that_is_no_badge_is_refused() -> None:
    kid = keys.current_key().kid
    for kinds in (["VerifiableCredential"], None):
        claims = openbadges.jwt_claims(credential(type=kinds))
        assert openbadges.check(signed(claims)) == openbadges.Checked(False, "not_a_badge", kid=kid)
    # the older name of the same type is a badge too
    achievement = openbadges.jwt_claims(credential(type=["VerifiableCredential", "AchievementCredential"]))
    assert openbadges.check(signed(achievement)).ok


@pytest.mark.parametrize("claim", ["iss", "jti", "nbf", "sub", "exp"])
def test_a_registered_claim_that_disagrees_with_the_credential_is_refused(claim: str) -> None:
    claims = openbadges.jwt_claims(credential())
    claims[claim] = 1 if claim in ("nbf", "exp") else "urn:uuid:00000000-0000-0000-0000-000000000000"
    checked = openbadges.check(signed(claims))
    assert (checked.ok, checked.reason, checked.kid) == (False, "claims_mismatch", keys.current_key().kid)


def test_a_badge_without_an_issuer_is_a_claims_mismatch_not_an_error() -> None:
    claims = openbadges.jwt_claims(credential())
    del claims["issuer"]
    assert openbadges.check(signed(claims)) == openbadges.Checked(False, "claims_mismatch", kid=keys.current_key().kid)


def test_a_sub_or_exp_the_credential_does_not_carry_is_a_claims_mismatch() -> None:
    made = credential()
    del made["validUntil"]
    made["credentialSubject"] = {**made["credentialSubject"], "id": ""}
    claims = openbadges.jwt_claims(made)
    assert openbadges.check(signed(claims)).ok
    assert openbadges.check(signed({**claims, "sub": "urn:uuid:99"})).reason == "claims_mismatch"
    assert openbadges.check(signed({**claims, "exp": 4_000_000_000})).reason == "claims_mismatch"


def test_the_status_list_sets_the_bit_of_each_revoked_index_left_to_right() -> None:
    encoded = openbadges.encode_bitstring(24, [0, 9, 17, 23])
    expected = bytes([0b1000_0000, 0b0100_0000, 0b0100_0001])
    assert openbadges.decode_bitstring(encoded) == expected
    assert openbadges.decode_bitstring(encoded[1:]) == expected
    # GZIP without a time stamp (the same list is the same text whenever it is built), base64url, no padding
    assert encoded == "u" + base64.urlsafe_b64encode(gzip.compress(expected, mtime=0)).decode().rstrip("=")
    assert "=" not in encoded
    assert base64.urlsafe_b64encode(gzip.compress(expected, mtime=0)).endswith(b"=")  # padding there was dropped
    for size in range(8, 8 * 12, 8):  # every length of text decodes, whatever padding it lacked
        assert openbadges.decode_bitstring(openbadges.encode_bitstring(size, [size - 1]))[-1] == 1


def test_the_status_list_credential_is_signed_with_its_own_claims() -> None:
    made = openbadges.status_list_credential(3, "uH4sI", ISSUED)
    assert made["@context"] == ["https://www.w3.org/ns/credentials/v2"]
    assert made["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert made["id"].endswith("/credentials/status/3")
    assert made["credentialSubject"] == {
        "id": made["id"] + "#list",
        "type": "BitstringStatusList",
        "statusPurpose": "revocation",
        "encodedList": "uH4sI",
    }
    assert made["validFrom"] == "2026-03-01T08:30:15Z"
    token = openbadges.sign_plain(made)
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert header == {"alg": keys.current_key().alg, "typ": "JWT", "kid": keys.current_key().kid}
    claims = jwt.decode(token, keys.current_key().key).claims
    assert (claims["iss"], claims["jti"], claims["nbf"]) == (
        made["issuer"],
        made["id"],
        int(datetime(2026, 3, 1, 8, 30, 15, tzinfo=UTC).timestamp()),
    )
