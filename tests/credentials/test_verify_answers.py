"""What a verifier reads after pasting a certificate's JWT: the status, the reason code and the
sentence in Indonesian, for every way a certificate can fail, and the exact edges of its dates."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone
from joserfc import jwt

from naker.credentials import keys, openbadges, selectors, services
from naker.credentials.models import Credential

pytestmark = pytest.mark.django_db

ACHIEVEMENT = openbadges.Achievement(
    id="https://example.test/a",
    name="Las SMAW",
    description="Las SMAW",
    criteria="Lulus",
    achievement_type="Certification",
    creator_id="https://example.test/lsp",
    creator_name="LSP Logam",
)


def verify(client, token) -> dict:
    response = client.post("/api/v1/credentials/verify", {"jwt": token}, content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()


def issue(worker, course, achieved_at: datetime, valid_until: datetime | None = None):
    return services.issue_credential(
        source=f"test:{achieved_at.timestamp()}",
        kind="competency",
        holder=worker,
        issuer_org=course.provider,
        title="Las SMAW",
        achievement=ACHIEVEMENT,
        achieved_at=achieved_at,
        valid_until=valid_until,
    )


def at(moment: datetime, monkeypatch) -> None:
    monkeypatch.setattr(timezone, "now", lambda: moment)


def signed(claims: dict) -> str:
    key = keys.current_key()
    return jwt.encode({"alg": key.alg, "kid": key.kid}, claims, key.key, algorithms=[key.alg])


@pytest.mark.parametrize(
    ("token", "reason", "message"),
    [
        ("bukan jwt", "malformed", "Isi ini bukan JWT yang benar."),
        ("eyJhbGciOiJub25lIn0.e30.", "alg_none", "Token ini tidak ditandatangani (alg none)."),
        ("eyJhbGciOiJIUzI1NiJ9.e30.x", "alg_not_allowed", "Cara tanda tangan token ini tidak diterima."),
        ("eyJhbGciOiJSUzI1NiJ9.e30.x", "kid_missing", "Kepala token tidak menyebut kuncinya (kid)."),
        (
            "eyJhbGciOiJSUzI1NiIsImtpZCI6ImJ1a2FuLWt1bmNpIn0.e30.x",
            "unknown_kid",
            "Token menyebut kunci (kid) yang tidak pernah diterbitkan platform ini.",
        ),
    ],
)
def test_each_refusal_is_said_in_words(client, token: str, reason: str, message: str) -> None:
    answer = verify(client, token)
    assert (answer["valid"], answer["status"], answer["reason"], answer["message"]) == (
        False,
        "invalid",
        reason,
        message,
    )
    assert answer["credential"] is None


def test_a_signed_token_that_was_changed_is_no_badge_or_disagrees_is_said_in_words(client, credential) -> None:
    header, _payload, signature = credential.jwt.split(".")
    changed = base64.urlsafe_b64encode(json.dumps({**credential.payload, "name": "Palsu"}).encode()).decode()
    no_badge = signed(openbadges.jwt_claims({**credential.payload, "type": ["VerifiableCredential"]}))
    disagrees = signed({**credential.payload, "jti": "urn:uuid:00000000-0000-0000-0000-000000000000"})
    said = {
        "bad_signature": "Tanda tangan tidak cocok: token sudah diubah atau ditandatangani dengan kunci lain.",
        "not_a_badge": "Token ini bukan kredensial Open Badges.",
        "claims_mismatch": "Klaim JWT iss, jti, nbf, sub atau exp tidak sama dengan isi kredensial.",
    }
    for token, reason in (
        (f"{header}.{changed.rstrip('=')}.{signature}", "bad_signature"),
        (no_badge, "not_a_badge"),
        (disagrees, "claims_mismatch"),
    ):
        answer = verify(client, token)
        assert (answer["valid"], answer["status"], answer["reason"], answer["message"]) == (
            False,
            "invalid",
            reason,
            said[reason],
        )


def test_a_well_signed_credential_this_platform_never_issued_is_unknown(client, credential) -> None:
    for jti in ("urn:uuid:00000000-0000-0000-0000-000000000000", "urn:uuid:bukan-uuid"):
        claims = openbadges.jwt_claims({**credential.payload, "id": jti})
        answer = verify(client, signed(claims))
        assert (answer["valid"], answer["status"], answer["reason"]) == (False, "invalid", "unknown_credential")
        assert answer["message"] == "Tanda tangan sah, tetapi platform ini tidak punya catatan kredensial ini."
        assert answer["credential"]["jti"] == jti  # what was checked is shown back


def test_a_valid_credential_has_no_message_and_shows_its_claims(client, credential) -> None:
    answer = verify(client, credential.jwt)
    assert (answer["valid"], answer["status"], answer["reason"], answer["message"]) == (True, "valid", "", "")
    assert answer["credential"]["jti"] == f"urn:uuid:{credential.public_id}"
    assert answer["revoked_at"] is None and answer["revocation_reason"] == ""


def test_a_revoked_credential_says_so_and_an_erased_holder_shows_nothing(client, credential, admin) -> None:
    services.revoke_credential(actor=admin, public_id=credential.public_id, reason="Data peserta salah")
    answer = verify(client, credential.jwt)
    assert (answer["status"], answer["message"], answer["revocation_reason"]) == (
        "revoked",
        "Kredensial ini sudah dicabut.",
        "Data peserta salah",
    )
    assert answer["credential"]["jti"] == f"urn:uuid:{credential.public_id}"
    token = credential.jwt
    credential.revocation_reason = selectors.ACCOUNT_ERASED
    credential.save(update_fields=["revocation_reason"])
    answer = verify(client, token)
    assert (answer["status"], answer["credential"], answer["revocation_reason"]) == (
        "revoked",
        None,
        "Akun sudah dihapus.",
    )


def test_a_credential_starts_counting_a_minute_early_and_not_sooner(worker, course, monkeypatch) -> None:
    starts = datetime(2026, 5, 4, 9, 0, 0, tzinfo=UTC)
    credential = issue(worker, course, starts)
    token = credential.jwt
    at(starts - timedelta(seconds=60), monkeypatch)  # a verifier's clock a minute behind
    assert selectors.verify_token(token).valid is True
    at(starts - timedelta(seconds=61), monkeypatch)
    early = selectors.verify_token(token)
    assert (early.valid, early.status, early.reason, early.message) == (
        False,
        "invalid",
        "not_yet_valid",
        "Kredensial ini belum berlaku.",
    )
    # the verify page still shows which certificate it is
    assert (early.public_id, early.credential["jti"]) == (str(credential.public_id), f"urn:uuid:{credential.public_id}")


def test_a_credential_ends_at_its_last_second(worker, course, monkeypatch) -> None:
    starts = datetime(2026, 5, 4, 9, 0, 0, tzinfo=UTC)
    ends = starts + timedelta(days=365)
    credential = issue(worker, course, starts, ends)
    token = credential.jwt
    at(ends - timedelta(seconds=1), monkeypatch)
    assert selectors.verify_token(token).status == "valid"
    at(ends, monkeypatch)
    ended = selectors.verify_token(token)
    assert (ended.valid, ended.status, ended.reason, ended.message) == (
        False,
        "expired",
        "expired",
        "Kredensial ini sudah kedaluwarsa.",
    )
    assert (ended.public_id, ended.credential["jti"]) == (str(credential.public_id), f"urn:uuid:{credential.public_id}")


def test_status_lists_exist_from_one_to_a_million(client, db) -> None:
    assert client.get("/credentials/status/1?format=json").status_code == 200
    last = client.get("/credentials/status/1000000?format=json")
    assert last.status_code == 200 and last.json()["id"].endswith("/credentials/status/1000000")
    assert client.get("/credentials/status/0").status_code == 404
    assert client.get("/credentials/status/1000001").status_code == 404


def test_the_status_list_marks_only_the_revoked_credential(client, credential, worker, course, admin) -> None:
    other = issue(worker, course, datetime(2026, 5, 4, tzinfo=UTC))
    services.revoke_credential(actor=admin, public_id=other.public_id, reason="Salah cetak")
    encoded = client.get("/credentials/status/1?format=json").json()["credentialSubject"]["encodedList"]
    bits = openbadges.decode_bitstring(encoded)
    assert len(bits) * 8 == 131_072

    def bit(c) -> int:
        index = int(c.payload["credentialStatus"]["statusListIndex"])
        return (bits[index // 8] >> (7 - index % 8)) & 1

    assert (bit(credential), bit(other)) == (0, 1)
    assert sum(bin(b).count("1") for b in bits) == 1
    # the second list (certificates 131,073 to 262,144) holds none of these
    second = client.get("/credentials/status/2?format=json").json()["credentialSubject"]["encodedList"]
    assert not any(openbadges.decode_bitstring(second))


def test_certificate_131077_is_the_fifth_bit_of_the_second_list(client, credential, admin) -> None:
    services.revoke_credential(actor=admin, public_id=credential.public_id, reason="Salah cetak")
    Credential.objects.filter(pk=credential.pk).update(id=131_072 + 5)

    def bits(number: int) -> bytes:
        answer = client.get(f"/credentials/status/{number}?format=json").json()
        return openbadges.decode_bitstring(answer["credentialSubject"]["encodedList"])

    assert not any(bits(1))
    second = bits(2)
    assert second[0] == 0b0000_1000 and not any(second[1:])
