"""The provider revokes its own courses' certificates (a platform admin any), with a reason; the
status list a verifier downloads then has the credential's bit set."""

from __future__ import annotations

import pytest

from naker.credentials import openbadges
from naker.credentials.models import Credential
from naker.organizations.models import Organization
from tests.factories import make_org, officer_of

pytestmark = pytest.mark.django_db


def revoke(client, token_for, who, credential, reason="Peserta tidak hadir ujian"):
    return client.post(
        f"/api/v1/credentials/{credential.public_id}/revoke",
        {"reason": reason},
        content_type="application/json",
        **token_for(who),
    )


def bit(client, credential) -> int:
    import jwt as pyjwt

    token = client.get("/credentials/status/1").content.decode()
    claims = pyjwt.decode(token, options={"verify_signature": False})
    bits = openbadges.decode_bitstring(claims["credentialSubject"]["encodedList"])
    index = int(credential.payload["credentialStatus"]["statusListIndex"])
    return (bits[index // 8] >> (7 - index % 8)) & 1


def test_the_provider_revokes_its_own_courses_certificate(client, token_for, credential, staff):
    assert bit(client, credential) == 0
    response = revoke(client, token_for, staff, credential)
    assert response.status_code == 200 and response.json()["status"] == "revoked"
    credential.refresh_from_db()
    assert credential.revocation_reason == "Peserta tidak hadir ujian" and credential.revoked_by == staff
    assert bit(client, credential) == 1


def test_a_platform_admin_revokes_any(client, token_for, credential, admin):
    assert revoke(client, token_for, admin, credential).status_code == 200


def test_another_provider_the_holder_or_an_officer_may_not(client, token_for, credential, worker):
    other = make_org("lpk-lain", kind=Organization.Kind.PROVIDER, level=Organization.Level.SINGLE)
    for who in (officer_of(other), worker, officer_of(make_org("ksbsi"))):
        response = revoke(client, token_for, who, credential)
        assert response.status_code == 403 and response.json()["code"] == "not_issuer_staff"
    assert Credential.objects.get(pk=credential.pk).revoked_at is None


def test_a_reason_is_required_and_revoking_twice_is_refused(client, token_for, credential, staff):
    response = revoke(client, token_for, staff, credential, reason="   ")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "reason"
    assert revoke(client, token_for, staff, credential).status_code == 200
    assert revoke(client, token_for, staff, credential).status_code == 409


def test_the_revoke_page_for_provider_staff(client, credential, staff):
    client.force_login(staff)
    url = f"/sertifikat/{credential.public_id}/cabut/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "Salah nama"})
    assert response.status_code == 302
    credential.refresh_from_db()
    assert credential.revoked_at is not None
    page = client.get(f"/verify/{credential.public_id}").content.decode()
    assert "Salah nama" in page


def test_the_revoke_page_refuses_others(client, credential, worker):
    client.force_login(worker)
    assert client.post(f"/sertifikat/{credential.public_id}/cabut/", {"reason": "x"}).status_code == 403
    assert Credential.objects.get(pk=credential.pk).revoked_at is None


def test_the_verify_page_offers_revocation_to_the_issuer_only(client, credential, staff, worker):
    url = f"/verify/{credential.public_id}"
    revoke_link = f"/sertifikat/{credential.public_id}/cabut/".encode()
    assert revoke_link not in client.get(url).content
    client.force_login(worker)
    assert revoke_link not in client.get(url).content
    client.force_login(staff)
    assert revoke_link in client.get(url).content
