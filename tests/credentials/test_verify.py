"""Anyone checks a certificate: by its page, or by posting the signed JWT. Every kind of fake or
stale credential is refused with a reason that names what failed; bad input never breaks it."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import jwt as pyjwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.utils import timezone

from naker.accounts.events import AccountErased
from naker.core.events import publish
from naker.credentials import openbadges, services

pytestmark = pytest.mark.django_db


def verify(client, token):
    response = client.post("/api/v1/credentials/verify", {"jwt": token}, content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()


def b64(data) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def other_rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def test_a_genuine_credential_is_valid(client, credential):
    answer = verify(client, credential.jwt)
    assert answer["valid"] is True and answer["status"] == "valid" and answer["reason"] == ""
    assert answer["credential"]["id"] == f"urn:uuid:{credential.public_id}"


def test_a_tampered_payload_is_refused(client, credential):
    header, _payload, signature = credential.jwt.split(".")
    claims = dict(credential.payload, name="Sertifikat Palsu")
    answer = verify(client, f"{header}.{b64(claims)}.{signature}")
    assert answer == {**answer, "valid": False, "status": "invalid", "reason": "bad_signature", "credential": None}


def test_a_credential_signed_with_another_key_under_our_kid_is_refused(client, credential):
    forged = pyjwt.encode(credential.payload, other_rsa_key(), algorithm="RS256", headers={"kid": credential.kid})
    assert verify(client, forged)["reason"] == "bad_signature"


def test_an_unknown_kid_is_refused(client, credential):
    forged = pyjwt.encode(credential.payload, other_rsa_key(), algorithm="RS256", headers={"kid": "not-ours"})
    answer = verify(client, forged)
    assert (answer["valid"], answer["reason"]) == (False, "unknown_kid")


def test_alg_none_is_refused(client, credential):
    unsigned = f"{b64({'alg': 'none', 'typ': 'JWT', 'kid': credential.kid})}.{b64(credential.payload)}."
    answer = verify(client, unsigned)
    assert (answer["valid"], answer["reason"]) == (False, "alg_none")
    hs = pyjwt.encode(
        credential.payload, "secret-secret-secret-secret-32by", algorithm="HS256", headers={"kid": credential.kid}
    )
    assert verify(client, hs)["reason"] == "alg_not_allowed"


def test_claims_that_disagree_with_the_credential_are_refused(client, credential):
    key = openbadges.keys.current_key()
    from joserfc import jwt as jose_jwt

    claims = dict(credential.payload, jti="urn:uuid:00000000-0000-0000-0000-000000000000")
    token = jose_jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key.key)
    assert verify(client, token)["reason"] == "claims_mismatch"


def test_a_revoked_credential_is_refused_with_its_date_and_reason(client, credential, admin):
    services.revoke_credential(actor=admin, public_id=credential.public_id, reason="Data peserta salah")
    answer = verify(client, credential.jwt)
    assert (answer["valid"], answer["status"], answer["reason"]) == (False, "revoked", "revoked")
    assert answer["revocation_reason"] == "Data peserta salah" and answer["revoked_at"]


def test_an_expired_credential_is_refused(client, worker, course):
    earlier = timezone.now() - timedelta(days=400)
    achievement = openbadges.Achievement(
        id="https://example.test/a",
        name="A",
        description="A",
        criteria="Done",
        achievement_type="Certification",
        creator_id="https://example.test/lsp",
        creator_name="LSP",
    )
    credential = services.issue_credential(
        source="test:expired",
        kind="competency",
        holder=worker,
        issuer_org=course.provider,
        title="A",
        achievement=achievement,
        achieved_at=earlier,
        valid_until=earlier + timedelta(days=30),
    )
    answer = verify(client, credential.jwt)
    assert (answer["valid"], answer["status"], answer["reason"]) == (False, "expired", "expired")
    page = client.get(f"/verify/{credential.public_id}")
    assert b"Kedaluwarsa" in page.content or b"Expired" in page.content


@pytest.mark.parametrize(
    "token",
    [
        "",
        "abc",
        "a.b.c",
        "a.b",
        "....",
        "eyJhbGciOiJSUzI1NiJ9.e30.",
        "x" * 70_000,
        "ey.ey.ey",
        b64([1]) + ".e30.x",
        b64({"alg": "RS256", "kid": 5}) + ".e30.x",
        "ä.ö.ü",
    ],
)
def test_malformed_tokens_answer_200_invalid(client, db, token):
    answer = verify(client, token)
    assert answer["valid"] is False and answer["status"] == "invalid" and answer["reason"]


def test_the_verify_page_shows_a_valid_certificate(client, credential):
    response = client.get(f"/verify/{credential.public_id}", HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 200
    body = response.content.decode()
    assert credential.holder_name in body and credential.title in body and credential.issuer_name in body
    assert "Sah" in body and "Periksa sertifikat" in body
    assert len(response.content) < 60_000
    assert "<script" not in body.split("</head>")[1]


def test_the_verify_page_speaks_english_too(client, credential):
    client.cookies["django_language"] = "en"
    body = client.get(f"/verify/{credential.public_id}").content.decode()
    assert "Check a certificate" in body and "Valid" in body


def test_an_unknown_certificate_is_unknown(client, db):
    response = client.get("/verify/00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404 and b'id="status"' in response.content


def test_an_erased_account_revokes_and_hides_everything_personal(client, credential, worker):
    name = credential.holder_name
    publish(AccountErased(user=worker))
    credential.refresh_from_db()
    assert credential.revoked_at is not None and credential.revocation_reason == "account erased"
    body = client.get(f"/verify/{credential.public_id}").content.decode()
    assert name not in body and 'id="holder"' not in body
    assert credential.jwt == "" and credential.payload == {} and credential.holder_id is None


def test_the_paste_a_jwt_page_checks_without_javascript(client, credential):
    assert client.get("/verify/").status_code == 200
    body = client.post("/verify/", {"jwt": credential.jwt}).content.decode()
    assert 'id="status"' in body and "Sah" in body and f"/verify/{credential.public_id}" in body
    body = client.post("/verify/", {"jwt": "bukan.jwt.ini"}).content.decode()
    assert "Tidak sah" in body


def test_the_status_list_as_plain_json(client, credential):
    data = client.get("/credentials/status/1?format=json").json()
    assert data["credentialSubject"]["type"] == "BitstringStatusList"
    assert data["credentialSubject"]["encodedList"].startswith("u")
    assert client.get("/credentials/status/0").status_code == 404
