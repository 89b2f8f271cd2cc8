"""Where signing keys come from, and what happens without one."""

from __future__ import annotations

import jwt as pyjwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from django.core.management import call_command

from naker.credentials import checks, keys
from naker.credentials.models import Credential
from naker.learning.models import Enrolment
from tests.credentials.conftest import complete

pytestmark = pytest.mark.django_db


def test_development_generates_a_key_into_var_once(settings, tmp_path):
    settings.NAKER_SIGNING_KEY_PEM = ""
    settings.VAR_DIR = tmp_path
    first = keys.current_key().kid
    path = tmp_path / keys.DEV_KEY_FILE
    assert path.exists() and oct(path.stat().st_mode & 0o777) == "0o600"
    assert keys.current_key().kid == first
    call_command("rotate_signing_key", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert keys.current_key().kid != first
    assert first in {k["kid"] for k in keys.public_jwks()["keys"]}


def test_production_without_a_key_is_flagged_and_completion_still_stands(settings, worker, course):
    settings.PRODUCTION = True
    settings.NAKER_SIGNING_KEY_PEM = ""
    assert [e.id for e in checks.signing_key_configured()] == ["credentials.E001"]
    enrolment = complete(worker, course)
    assert Enrolment.objects.get(pk=enrolment.pk).status == Enrolment.Status.COMPLETED
    assert not Credential.objects.exists()
    settings.PRODUCTION = False
    settings.NAKER_SIGNING_KEY_PEM = keys.generate_rsa_pem()
    call_command("issue_missing_certificates", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Credential.objects.filter(source=f"enrolment:{enrolment.pk}").count() == 1


def test_an_ed25519_key_signs_with_eddsa(client, settings, worker, course):
    pem = (
        ed25519.Ed25519PrivateKey.generate()
        .private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        .decode()
    )
    settings.NAKER_SIGNING_KEY_PEM = pem
    enrolment = complete(worker, course)
    credential = Credential.objects.get(source=f"enrolment:{enrolment.pk}")
    assert pyjwt.get_unverified_header(credential.jwt)["alg"] == "EdDSA"
    [jwk] = client.get("/.well-known/jwks.json").json()["keys"]
    assert "d" not in jwk
    claims = pyjwt.decode(credential.jwt, key=pyjwt.PyJWK(jwk).key, algorithms=["EdDSA"])
    assert claims["jti"] == f"urn:uuid:{credential.public_id}"
    answer = client.post("/api/v1/credentials/verify", {"jwt": credential.jwt}, content_type="application/json")
    assert answer.json()["valid"] is True


def test_the_catch_up_task_issues_what_is_missing(settings, worker, course):
    from naker.credentials.tasks import issue_missing_certificates_task

    settings.PRODUCTION, settings.NAKER_SIGNING_KEY_PEM = True, ""
    complete(worker, course)
    settings.PRODUCTION = False
    settings.NAKER_SIGNING_KEY_PEM = keys.generate_rsa_pem()
    issue_missing_certificates_task.enqueue()
    assert Credential.objects.filter(holder=worker).count() == 1
