"""Each issued credential is an OB 3.0 OpenBadgeCredential, checked against a schema written from the
specification, and verifies with an independent JOSE library (PyJWT) against the served key set."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema_rs  # comes with schemathesis (requirements-dev.txt)
import jwt as pyjwt
import pytest
from django.utils import timezone

from naker.credentials import keys
from naker.credentials.models import Credential
from tests.credentials.conftest import complete

pytestmark = pytest.mark.django_db

SCHEMA = json.loads((Path(__file__).parent / "data" / "ob_v3p0_achievementcredential.schema.json").read_text())
VALIDATOR = jsonschema_rs.validator_for(SCHEMA)


def served_key(client, token):
    kid = pyjwt.get_unverified_header(token)["kid"]
    jwks = client.get("/.well-known/jwks.json").json()
    return next(pyjwt.PyJWK(k) for k in jwks["keys"] if k["kid"] == kid)


def independent_decode(client, token):
    key = served_key(client, token)
    return pyjwt.decode(token, key=key.key, algorithms=["RS256"], options={"verify_aud": False})


def test_the_issued_payload_follows_the_ob3_data_model(credential):
    errors = [e.message for e in VALIDATOR.iter_errors(credential.payload)]
    assert errors == []


def test_the_schema_refuses_what_the_spec_refuses(credential):
    broken = json.loads(json.dumps(credential.payload))
    del broken["credentialSubject"]["achievement"]["criteria"]
    assert not VALIDATOR.is_valid(broken)
    broken = json.loads(json.dumps(credential.payload))
    broken["@context"] = broken["@context"][::-1]
    assert not VALIDATOR.is_valid(broken)
    broken = json.loads(json.dumps(credential.payload))
    broken["type"] = ["VerifiableCredential"]
    assert not VALIDATOR.is_valid(broken)


def test_pyjwt_verifies_the_jwt_against_the_served_key_set(client, credential):
    header = pyjwt.get_unverified_header(credential.jwt)
    assert header["alg"] == "RS256" and header["kid"]
    claims = independent_decode(client, credential.jwt)
    assert claims["iss"] == claims["issuer"]["id"]
    assert claims["jti"] == claims["id"] == f"urn:uuid:{credential.public_id}"
    assert claims["sub"] == claims["credentialSubject"]["id"]
    assert claims["nbf"] == int(credential.achieved_at.replace(microsecond=0).timestamp())
    assert claims == credential.payload


def test_the_key_set_has_public_keys_only_and_no_secret_in_responses(client, credential):
    response = client.get("/.well-known/jwks.json")
    assert response.status_code == 200
    for key in response.json()["keys"]:
        assert not {"d", "p", "q", "dp", "dq", "qi"} & set(key)
        assert key["use"] == "sig" and key["alg"] in ("RS256", "EdDSA")
    assert b"PRIVATE" not in response.content


def test_the_contexts_are_served_locally(client):
    for name in ("ob-v3p0-context-3.0.3.json", "credentials-v2-context.json"):
        response = client.get(f"/credentials/contexts/{name}")
        assert response.status_code == 200
        assert "@context" in json.loads(b"".join(response.streaming_content))
    assert client.get("/credentials/contexts/..%2Fmodels.py").status_code == 404


def test_a_credential_signed_with_a_retired_key_still_verifies(client, settings, worker, course, publish_course):
    old, new = keys.generate_rsa_pem(), keys.generate_rsa_pem()
    settings.NAKER_SIGNING_KEY_PEM = old
    first = Credential.objects.get(source=f"enrolment:{complete(worker, course).pk}")
    # rotation: the new key signs, the old one stays in the set (here by its public half only)
    from cryptography.hazmat.primitives import serialization

    old_public = (
        serialization.load_pem_private_key(old.encode(), None)
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    settings.NAKER_SIGNING_KEY_PEM = new + "\n" + old_public
    from tests.credentials.conftest import WELDING

    second = Credential.objects.get(source=f"enrolment:{complete(worker, publish_course(WELDING)).pk}")
    assert first.kid != second.kid
    kids = [k["kid"] for k in client.get("/.well-known/jwks.json").json()["keys"]]
    assert kids == [second.kid, first.kid]
    assert independent_decode(client, first.jwt)["jti"] == first.payload["jti"]
    for c in (first, second):
        answer = client.post("/api/v1/credentials/verify", {"jwt": c.jwt}, content_type="application/json").json()
        assert answer["valid"] is True, answer


def test_the_status_list_is_referenced_and_served(client, credential):
    entry = credential.payload["credentialStatus"]
    assert entry["statusListCredential"].endswith("/credentials/status/1")
    response = client.get("/credentials/status/1")
    assert response.status_code == 200 and response["Content-Type"] == "application/vc+jwt"
    claims = independent_decode(client, response.content.decode())
    assert claims["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert timezone.now().year == int(claims["validFrom"][:4])
