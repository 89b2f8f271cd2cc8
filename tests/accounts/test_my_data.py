"""A worker's own data: profile with the NIK masked, the JSON export, erasure, the audit trail."""

from __future__ import annotations

import pytest

from naker.accounts.models import User, WorkerProfile
from naker.core.models import AuditEvent
from naker.organizations.models import Membership
from tests.factories import PASSWORD, add_member, make_org, make_worker, officer_of

pytestmark = pytest.mark.django_db


def test_me_shows_the_nik_masked(client, token_for):
    worker = make_worker(nik="3171015708900001")
    body = client.get("/api/v1/me", **token_for(worker)).json()
    assert body["nik_masked"] == "3171********0001"
    assert "3171015708900001" not in str(body)


def test_me_needs_a_token(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_the_export_holds_everything_and_is_written_to_the_trail(client, token_for):
    worker = make_worker(nik="3171015708900001", email="siti@contoh.id")
    add_member(worker, make_org("ksbsi"))
    data = client.get("/api/v1/me/export", **token_for(worker)).json()
    assert data["account"]["email"] == "siti@contoh.id"
    assert data["worker_profile"]["nik"] == "3171015708900001"
    assert data["worker_profile"]["consent"]["version"]
    assert [m["organization"] for m in data["memberships"]] == ["ksbsi"]
    assert AuditEvent.objects.filter(subject=worker, action=AuditEvent.Action.DATA_EXPORTED).count() == 1


def test_the_worker_sees_who_viewed_their_nik(client, token_for):
    union = make_org("ksbsi-dki")
    worker = make_worker()
    add_member(worker, union)
    officer = officer_of(union)
    client.get(f"/api/v1/orgs/ksbsi-dki/members/{worker.pk}/nik?reason=member+asked", **token_for(officer))
    trail = client.get("/api/v1/me/export", **token_for(worker)).json()["who_saw_my_data"]
    assert {"action": "nik_viewed", "by": officer.full_name, "organization": "ksbsi-dki"}.items() <= trail[-1].items()


def test_erasure_needs_the_password(client, token_for):
    worker = make_worker()
    response = client.delete("/api/v1/me", {"password": "salah"}, content_type="application/json", **token_for(worker))
    assert response.status_code == 422
    assert "password" in {e["field"] for e in response.json()["errors"]}
    assert User.objects.get(pk=worker.pk).erased_at is None


def test_erasure_removes_personal_fields_and_keeps_anonymous_counts(client, token_for):
    union = make_org("ksbsi")
    worker = make_worker(regency_code="32.75", email="hapus@contoh.id")
    add_member(worker, union)
    headers = token_for(worker)
    assert (
        client.delete("/api/v1/me", {"password": PASSWORD}, content_type="application/json", **headers).status_code
        == 204
    )
    user = User.objects.get(pk=worker.pk)
    assert (user.full_name, user.phone, user.email, user.is_active) == ("", None, None, False)
    profile = WorkerProfile.objects.get(user=user)
    assert (profile.nik_encrypted, profile.nik_hash, profile.nik_masked, profile.birth_date) == ("", None, "", None)
    # the anonymous counts: one more worker in Kota Bekasi; union membership is sensitive, it goes
    # (issue 8 item 11)
    assert WorkerProfile.objects.filter(regency_id="32.75").count() == 1
    assert Membership.objects.filter(organization=union).count() == 0
    # the token died with the account, and the NIK may be registered again
    assert client.get("/api/v1/me", **headers).status_code == 401


def test_an_erased_worker_disappears_from_the_member_list(client, token_for):
    union = make_org("ksbsi")
    officer = officer_of(union)
    worker = make_worker()
    add_member(worker, union)
    client.delete("/api/v1/me", {"password": PASSWORD}, content_type="application/json", **token_for(worker))
    listed = client.get("/api/v1/orgs/ksbsi/members", **token_for(officer)).json()
    assert worker.pk not in [p["id"] for p in listed["items"]]


def test_the_export_includes_learning_and_how_the_worker_was_brought_in(client, token_for):
    from naker.outreach.models import Invitation

    worker = make_worker()
    Invitation.objects.create(
        user=worker, organization=make_org("ksbsi"), channel="sms", address=worker.phone, text="Halo"
    )
    data = client.get("/api/v1/me/export", **token_for(worker)).json()
    assert data["learning"] == {"enrolments": [], "quiz_attempts": [], "class_seats": []}
    assert data["outreach"]["invitations"][0]["address"] == worker.phone


def test_erasure_deletes_the_invitations_that_carry_name_and_phone(client, token_for):
    from naker.outreach.models import Invitation

    worker = make_worker()
    Invitation.objects.create(
        user=worker, organization=make_org("ksbsi"), channel="sms", address=worker.phone, text="Halo"
    )
    client.delete("/api/v1/me", {"password": PASSWORD}, content_type="application/json", **token_for(worker))
    assert not Invitation.objects.exists()


def test_a_worker_changes_their_data_but_not_the_nik(client, token_for):
    worker = make_worker(regency_code="31.71", nik="3171015708900001")
    body = {
        "full_name": "Siti Rahayu",
        "email": "siti@contoh.id",
        "regency_code": "32.75",
        "education": "smk",
        "employment_status": "looking",
        "sector_code": "C",
        "occupation_code": "7",
        "goals": ["industry", "work_abroad"],
    }
    response = client.put("/api/v1/me", body, content_type="application/json", **token_for(worker))
    assert response.status_code == 200, response.content
    me = response.json()
    assert (me["regency"]["code"], me["province"]["code"], me["goals"], me["nik_masked"]) == (
        "32.75",
        "32",
        ["industry", "work_abroad"],
        "3171********0001",
    )
    bad = client.put(
        "/api/v1/me",
        {**body, "regency_code": "99.99", "goals": ["astrology"]},
        content_type="application/json",
        **token_for(worker),
    )
    assert {e["field"] for e in bad.json()["errors"]} == {"regency_code", "goals"}


def test_the_profile_page_saves_changes_without_javascript(client):
    worker = make_worker(regency_code="31.71")
    client.force_login(worker)
    page = client.post(
        "/akun/saya/ubah/", {"full_name": worker.full_name, "province": "65", "action": "choose_province"}
    )
    assert "Kota Tarakan" in page.content.decode()
    client.post(
        "/akun/saya/ubah/",
        {"full_name": "Nama Baru", "province": "65", "regency_code": "65.71", "goals": ["career"], "action": "save"},
    )
    worker.refresh_from_db()
    assert (worker.full_name, worker.worker.regency_id, worker.worker.goals) == ("Nama Baru", "65.71", ["career"])
