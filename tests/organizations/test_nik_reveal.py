"""Who may see a whole NIK (issue 9, broken step 3): an officer of the worker's own union, or of a
union above it, with a stated reason that the audit log keeps; a chamber (Kadin) officer never,
not even for a worker who belongs to no organisation. The registration page says the same."""

from __future__ import annotations

import pytest

from naker.core.models import AuditEvent
from naker.organizations.models import Organization
from tests.factories import add_member, make_org, make_worker, officer_of

pytestmark = pytest.mark.django_db
CHAMBER = Organization.Kind.CHAMBER
NIK = "3171015708900001"


@pytest.fixture
def world():
    ksbsi = make_org("ksbsi")
    dki = make_org("ksbsi-dki", parent=ksbsi)
    kadin = make_org("kadin", kind=CHAMBER, level=Organization.Level.NATIONAL)
    kadin_dki = make_org("kadin-dki", kind=CHAMBER, parent=kadin, level=Organization.Level.PROVINCE, province_id="31")
    member = make_worker(nik=NIK, regency_code="31.71")
    add_member(member, dki)
    loner = make_worker(regency_code="31.71")  # in no organisation at all
    return {
        "member": member,
        "loner": loner,
        "union_officer": officer_of(dki),
        "confederation_officer": officer_of(ksbsi),
        "chamber_officer": officer_of(kadin_dki),
        "national_chamber_officer": officer_of(kadin),
    }


def nik_url(org, user, reason="member asked to check the KTP"):
    return f"/api/v1/orgs/{org}/members/{user.pk}/nik" + (f"?reason={reason}" if reason is not None else "")


@pytest.mark.parametrize("officer", ["union_officer", "confederation_officer"])
def test_a_union_officer_of_the_worker_or_above_reveals_it_with_the_reason_audited(client, token_for, world, officer):
    org = "ksbsi-dki" if officer == "union_officer" else "ksbsi"
    response = client.get(nik_url(org, world["member"]), **token_for(world[officer]))
    assert response.status_code == 200
    assert response.json()["nik"] == NIK
    event = AuditEvent.objects.get(action="nik_viewed")
    assert (event.actor, event.subject, event.detail) == (
        world[officer],
        world["member"],
        "member asked to check the KTP",
    )


@pytest.mark.parametrize("reason", [None, "", "   ", "ok"])
def test_without_a_reason_nothing_is_revealed(client, token_for, world, reason):
    response = client.get(nik_url("ksbsi-dki", world["member"], reason), **token_for(world["union_officer"]))
    assert response.status_code == 422
    assert response.json()["code"] == "reason_required"
    assert response.json()["errors"][0]["field"] == "reason"
    assert NIK.encode() not in response.content
    assert not AuditEvent.objects.filter(action="nik_viewed").exists()


@pytest.mark.parametrize("officer", ["chamber_officer", "national_chamber_officer"])
@pytest.mark.parametrize("person", ["member", "loner"])
def test_a_chamber_officer_never_sees_a_whole_nik(client, token_for, world, officer, person):
    org = "kadin-dki" if officer == "chamber_officer" else "kadin"
    headers = token_for(world[officer])
    listed = client.get(f"/api/v1/orgs/{org}/members", **headers).json()
    assert world[person].pk in {row["id"] for row in listed["items"]}  # masked in the list …
    response = client.get(nik_url(org, world[person]), **headers)
    assert response.status_code == 403  # … never whole
    assert response.json()["code"] == "not_their_organization"
    assert b"3171015708900001" not in response.content
    assert not AuditEvent.objects.filter(action="nik_viewed").exists()


def test_the_chamber_page_offers_no_reveal_and_refuses_one(client, world):
    client.force_login(world["chamber_officer"])
    page = client.get("/organisasi/kadin-dki/").content.decode()
    assert "3171********0001" in page
    assert "/nik/" not in page
    for method in ("get", "post"):
        response = getattr(client, method)(
            f"/organisasi/kadin-dki/anggota/{world['loner'].pk}/nik/", {"reason": "just curious, sorry"}
        )
        assert response.status_code == 403
        assert "Hanya pengurus serikat pekerja itu sendiri" in response.content.decode()
    assert not AuditEvent.objects.filter(action="nik_viewed").exists()


def test_the_union_page_asks_for_a_reason_first(client, world):
    client.force_login(world["union_officer"])
    url = f"/organisasi/ksbsi-dki/anggota/{world['member'].pk}/nik/"
    assert f'href="{url}"' in client.get("/organisasi/ksbsi-dki/").content.decode()
    refused = client.post(url, {"reason": "ok"})
    assert refused.status_code == 422
    assert NIK not in refused.content.decode()
    shown = client.post(url, {"reason": "KTP check for a certificate"})
    assert NIK in shown.content.decode()
    assert AuditEvent.objects.get(action="nik_viewed").detail == "KTP check for a certificate"


def test_the_registration_page_promises_the_same_rule(client):
    html = client.get("/akun/daftar/").content.decode()
    assert "Pengurus Kadin hanya melihat angka per wilayah" in html
    assert "Hanya pengurus serikat Anda sendiri (atau serikat di atasnya)" in html
