"""Requests a person cannot serve themselves (UU PDP): filed with a 3×24-hour due time, queued for
the platform admins (overdue first), answered with a record of what was done, a NIK correction
applied in the same use case, overdue requests told to the admins once; erasure blanks the text."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from naker.accounts.models import PrivacyRequest, User, WorkerProfile
from naker.accounts.privacy import services
from naker.core import crypto, periodic
from naker.core.models import AuditEvent, PeriodicJobRun
from tests.factories import PASSWORD, UserFactory, make_nik, make_worker

pytestmark = pytest.mark.django_db

ASKS = "NIK saya salah satu angka, mohon diperbaiki sesuai KTP."


@pytest.fixture
def admin():
    return UserFactory(is_staff=True, full_name="Admin Platform", email="admin@naker.id")


def _file(client, headers, **body):
    return client.post("/api/v1/me/privacy-requests", body, content_type="application/json", **headers)


def _fields(response):
    return {e["field"] for e in response.json()["errors"]}


def test_bad_input_is_refused_naming_each_field(client, token_for):
    headers = token_for(make_worker())
    response = _file(client, headers, kind="hack", details="x")
    assert response.status_code == 422
    assert _fields(response) == {"kind", "details"}
    response = _file(client, headers, kind="nik_correction", details=ASKS, nik="1234")
    assert response.status_code == 422
    assert _fields(response) == {"nik"}
    assert PrivacyRequest.objects.count() == 0


def test_asking_for_the_nik_already_on_record_is_refused(client, token_for):
    worker = make_worker(nik="3171015708900001")
    response = _file(client, token_for(worker), kind="nik_correction", details=ASKS, nik="3171 0157 0890 0001")
    assert response.status_code == 422
    assert _fields(response) == {"nik"}


def test_a_request_is_due_three_times_24_hours_after_receipt_and_listed_for_its_owner_only(client, token_for):
    worker, other = make_worker(), make_worker()
    before = timezone.now()
    response = _file(
        client, token_for(worker), kind="objection", details="Saya keberatan data saya dipakai untuk iklan."
    )
    assert response.status_code == 201
    body = response.json()
    received = datetime.datetime.fromisoformat(body["received_at"])
    assert received >= before
    assert datetime.datetime.fromisoformat(body["due_at"]) - received == datetime.timedelta(hours=72)
    assert body["status"] == "open" and body["overdue"] is False
    mine = client.get("/api/v1/me/privacy-requests", **token_for(worker)).json()
    assert [r["id"] for r in mine] == [body["id"]]
    assert client.get("/api/v1/me/privacy-requests", **token_for(other)).json() == []


def test_a_person_waits_for_at_most_five_answers_at_once(client, token_for):
    headers = token_for(make_worker())
    for _ in range(services.MAX_OPEN_REQUESTS):
        assert _file(client, headers, kind="complaint", details="Keluhan yang sama lagi.").status_code == 201
    response = _file(client, headers, kind="complaint", details="Keluhan yang sama lagi.")
    assert response.status_code == 429 and response.json()["code"] == "too_many_open_requests"
    assert PrivacyRequest.objects.count() == services.MAX_OPEN_REQUESTS


def test_the_nik_given_is_kept_encrypted_and_shown_masked(client, token_for):
    worker = make_worker(nik="3171015708900001")
    nik = make_nik("31.71")
    body = _file(client, token_for(worker), kind="nik_correction", details=ASKS, nik=nik).json()
    found = PrivacyRequest.objects.get()
    assert nik not in found.proposed_nik_encrypted and crypto.decrypt(found.proposed_nik_encrypted) == nik
    assert body["proposed_nik_masked"] == nik[:4] + "********" + nik[-4:]
    assert nik not in str(body)


def _request(worker, *, received_hours_ago: float, kind=PrivacyRequest.Kind.COMPLAINT) -> PrivacyRequest:
    found = services.file_request(user=worker, kind=kind, details="Keluhan tentang data saya di platform ini.")
    received = timezone.now() - datetime.timedelta(hours=received_hours_ago)
    PrivacyRequest.objects.filter(pk=found.pk).update(
        received_at=received, due_at=received + datetime.timedelta(hours=72)
    )
    found.refresh_from_db()
    return found


def test_the_queue_puts_overdue_requests_first_then_the_soonest_due(client, token_for, admin):
    worker = make_worker()
    later = _request(worker, received_hours_ago=1)
    overdue = _request(worker, received_hours_ago=80)
    soon = _request(worker, received_hours_ago=60)
    answered = _request(worker, received_hours_ago=100)
    services.answer_request(admin=admin, request_id=answered.pk, outcome="done", answer="Sudah kami jawab.")

    body = client.get("/api/v1/privacy/requests", **token_for(admin)).json()
    assert [r["id"] for r in body["items"]] == [overdue.pk, soon.pk, later.pk]
    assert [r["overdue"] for r in body["items"]] == [True, False, False]
    assert body["overdue"] == 1 and body["count"] == 3
    assert body["items"][0]["requester"]["full_name"] == worker.full_name
    done = client.get("/api/v1/privacy/requests?answered=true", **token_for(admin)).json()
    assert [r["id"] for r in done["items"]] == [answered.pk]

    client.force_login(admin)
    page = client.get("/akun/privasi/permintaan/").content.decode()
    rows = page.split("<tbody>")[1]
    assert rows.index(f">{overdue.pk}</a>") < rows.index(f">{soon.pk}</a>") < rows.index(f">{later.pk}</a>")
    assert rows.count('class="overdue"') == 1
    assert 'id="overdue-count"' in page


def test_the_queue_says_when_nothing_waits(client, admin):
    client.force_login(admin)
    page = client.get("/akun/privasi/permintaan/").content.decode()
    assert 'id="empty"' in page and "<tbody>" not in page


def test_the_queue_is_paginated(client, admin):
    workers = [make_worker() for _ in range(6)]  # at most 5 open requests each
    for hours in range(27):
        _request(workers[hours % 6], received_hours_ago=hours)
    client.force_login(admin)
    first = client.get("/akun/privasi/permintaan/").content.decode()
    second = client.get("/akun/privasi/permintaan/?page=2").content.decode()
    assert first.split("<tbody>")[1].count("<tr") == 25
    assert second.split("<tbody>")[1].count("<tr") == 2
    assert "?page=2" in first


def test_answering_records_what_was_done_and_tells_the_person(
    client, token_for, admin, mailoutbox, django_capture_on_commit_callbacks
):
    worker = make_worker(email="wulan@contoh.id")
    found = _request(worker, received_hours_ago=2, kind=PrivacyRequest.Kind.OBJECTION)
    url = f"/api/v1/privacy/requests/{found.pk}/answer"
    headers = token_for(admin)
    refused = client.post(url, {"outcome": "refused", "answer": "Ditolak."}, content_type="application/json", **headers)
    assert refused.status_code == 422 and _fields(refused) == {"refusal_reason"}

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"outcome": "done", "answer": "Data Anda tidak lagi dipakai untuk rekomendasi."},
            content_type="application/json",
            **headers,
        )
    assert response.status_code == 200, response.content
    assert [m.to for m in mailoutbox] == [["wulan@contoh.id"]]
    assert "Data Anda tidak lagi dipakai untuk rekomendasi." in mailoutbox[0].body
    mine = client.get("/api/v1/me/privacy-requests", **token_for(worker)).json()
    assert mine[0]["status"] == "answered" and mine[0]["outcome"] == "done"
    assert mine[0]["answer"] == "Data Anda tidak lagi dipakai untuk rekomendasi."
    assert AuditEvent.objects.filter(subject=worker, action=AuditEvent.Action.PRIVACY_REQUEST_ANSWERED).exists()
    again = client.post(url, {"outcome": "done", "answer": "Lagi."}, content_type="application/json", **headers)
    assert again.status_code == 409

    client.force_login(worker)
    page = client.get("/akun/saya/privasi/").content.decode()
    assert "Data Anda tidak lagi dipakai untuk rekomendasi." in page


def test_a_nik_correction_is_applied_encrypted_hashed_and_audited(client, token_for, admin):
    worker = make_worker(nik="3171015708900001")
    right = "3171014408950002"  # a woman born 4 August 1995
    _file(client, token_for(worker), kind="nik_correction", details=ASKS, nik=right)
    found = PrivacyRequest.objects.get()
    response = client.post(
        f"/api/v1/privacy/requests/{found.pk}/answer",
        {"outcome": "done", "answer": "NIK diperbaiki sesuai KTP.", "apply_nik": True},
        content_type="application/json",
        **token_for(admin),
    )
    assert response.status_code == 200, response.content
    profile = WorkerProfile.objects.get(user=worker)
    assert profile.nik_hash == crypto.keyed_hash(right) and crypto.decrypt(profile.nik_encrypted) == right
    assert profile.nik_masked == "3171********0002"
    assert profile.birth_date == datetime.date(1995, 8, 4) and profile.sex == "female"
    assert right not in profile.nik_encrypted
    found.refresh_from_db()
    assert found.nik_applied and found.proposed_nik_encrypted == ""
    event = AuditEvent.objects.get(subject=worker, action=AuditEvent.Action.NIK_CORRECTED)
    assert event.actor == admin and right not in event.detail
    assert client.get("/api/v1/me", **token_for(worker)).json()["nik_masked"] == "3171********0002"


def test_a_nik_held_by_another_account_is_refused_and_nothing_changes(client, token_for, admin):
    worker = make_worker(nik="3171015708900001")
    make_worker(nik="3171014408950002")
    found = services.file_request(user=worker, kind="nik_correction", details=ASKS, nik="3171014408950002")
    response = client.post(
        f"/api/v1/privacy/requests/{found.pk}/answer",
        {"outcome": "done", "answer": "NIK diperbaiki.", "apply_nik": True},
        content_type="application/json",
        **token_for(admin),
    )
    assert response.status_code == 409
    assert response.json()["code"] == "nik_taken" and _fields(response) == {"corrected_nik"}
    assert WorkerProfile.objects.get(user=worker).nik_hash == crypto.keyed_hash("3171015708900001")
    found.refresh_from_db()
    assert found.is_open and not AuditEvent.objects.filter(action=AuditEvent.Action.NIK_CORRECTED).exists()


def test_a_typed_corrected_nik_is_checked(client, token_for, admin):
    worker = make_worker(nik="3171015708900001")
    found = services.file_request(user=worker, kind="nik_correction", details=ASKS, nik="3171014408950002")
    response = client.post(
        f"/api/v1/privacy/requests/{found.pk}/answer",
        {"outcome": "done", "answer": "NIK diperbaiki.", "apply_nik": True, "corrected_nik": "99"},
        content_type="application/json",
        **token_for(admin),
    )
    assert response.status_code == 422 and _fields(response) == {"corrected_nik"}


def test_overdue_requests_are_told_to_the_admins_once(admin, mailoutbox):
    worker = make_worker()
    UserFactory(is_staff=True, email="admin2@naker.id")
    UserFactory(email="bukan-admin@contoh.id")
    first = _request(worker, received_hours_ago=73)
    _request(worker, received_hours_ago=10)
    periodic.run("accounts.privacy_overdue")
    assert len(mailoutbox) == 1
    assert sorted(mailoutbox[0].to) == ["admin2@naker.id", "admin@naker.id"]
    assert f"#{first.pk}" in mailoutbox[0].body
    assert worker.full_name not in mailoutbox[0].body
    periodic.run("accounts.privacy_overdue")
    assert len(mailoutbox) == 1
    second = _request(worker, received_hours_ago=75)
    periodic.run("accounts.privacy_overdue")
    assert len(mailoutbox) == 2 and f"#{second.pk}" in mailoutbox[1].body and f"#{first.pk}" not in mailoutbox[1].body
    run = PeriodicJobRun.objects.get(name="accounts.privacy_overdue")
    assert run.runs == 3 and run.last_success_at is not None


def test_only_platform_admins_see_and_answer_the_queue(client, token_for):
    worker = make_worker()
    found = _request(worker, received_hours_ago=1)
    headers = token_for(worker)
    assert client.get("/api/v1/privacy/requests", **headers).status_code == 403
    answer = client.post(
        f"/api/v1/privacy/requests/{found.pk}/answer",
        {"outcome": "done", "answer": "Saya jawab sendiri."},
        content_type="application/json",
        **headers,
    )
    assert answer.status_code == 403
    client.force_login(worker)
    assert client.get("/akun/privasi/permintaan/").status_code == 403
    assert client.get(f"/akun/privasi/permintaan/{found.pk}/").status_code == 403
    found.refresh_from_db()
    assert found.is_open


def test_erasure_blanks_what_the_person_wrote_and_keeps_the_record(client, token_for, admin):
    worker = make_worker(nik="3171015708900001")
    answered = _request(worker, received_hours_ago=5)
    services.answer_request(admin=admin, request_id=answered.pk, outcome="done", answer="Sudah ditangani.")
    waiting = services.file_request(user=worker, kind="nik_correction", details=ASKS, nik="3171014408950002")
    response = client.delete("/api/v1/me", {"password": PASSWORD}, content_type="application/json", **token_for(worker))
    assert response.status_code == 204
    answered.refresh_from_db()
    waiting.refresh_from_db()
    assert answered.details == "" and answered.answer == "Sudah ditangani." and answered.outcome == "done"
    assert waiting.details == "" and waiting.proposed_nik_encrypted == "" and waiting.proposed_nik_masked == ""
    assert waiting.outcome == PrivacyRequest.Outcome.WITHDRAWN and waiting.answered_at is not None
    assert waiting.received_at and waiting.due_at and waiting.kind == "nik_correction"
    assert User.objects.get(pk=worker.pk).erased_at is not None


def test_the_export_holds_the_persons_requests(client, token_for):
    worker = make_worker()
    services.file_request(user=worker, kind="complaint", details="Keluhan saya tentang kursus.")
    data = client.get("/api/v1/me/export", **token_for(worker)).json()
    assert [r["details"] for r in data["privacy_requests"]] == ["Keluhan saya tentang kursus."]


def test_a_worker_files_a_request_from_the_page_and_a_mistake_names_the_field(client):
    worker = make_worker()
    client.force_login(worker)
    bad = client.post("/akun/saya/privasi/", {"kind": "complaint", "details": "x"})
    assert bad.status_code == 422
    assert 'id="id_details"' in bad.content.decode() and "errorlist" in bad.content.decode()
    ok = client.post("/akun/saya/privasi/", {"kind": "complaint", "details": "Nama saya salah dieja di sertifikat."})
    assert ok.status_code == 302
    assert "Nama saya salah dieja di sertifikat." in client.get("/akun/saya/privasi/").content.decode()
