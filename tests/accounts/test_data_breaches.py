"""A data breach record (UU PDP art. 46): platform admins only; both notices drafted in Bahasa
Indonesia from what was recorded, editable until sent, due 3×24 hours after discovery; the people's
notice emailed to the affected people and offered as texts for their mobile numbers, streamed."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from naker.accounts.models import DataBreach
from naker.core.models import AuditEvent
from tests.factories import UserFactory, make_worker

pytestmark = pytest.mark.django_db

HAPPENED = "Berkas ekspor anggota terkirim ke alamat email yang salah pada 28 November."
CONTAINED = "Penerima menghapus berkas; akses ekspor dibatasi; kata sandi pengurus diganti."


@pytest.fixture
def admin(client):
    user = UserFactory(is_staff=True, full_name="Admin Platform")
    client.force_login(user)
    return user


def _record(client, **changes):
    data = {
        "discovered_at": "2026-11-29T09:30",
        "what_happened": HAPPENED,
        "data_kinds": ["name", "phone", "nik"],
        "scope": "list",
        "people": "",
        "containment": CONTAINED,
        **changes,
    }
    return client.post("/akun/privasi/insiden/baru/", data)


def test_bad_input_names_each_field(client, admin):
    response = _record(client, data_kinds=[], what_happened="", people="081299999999")
    assert response.status_code == 422
    page = response.content.decode()
    for field in ("data_kinds", "what_happened", "people"):
        assert f'id="id_{field}' in page
    assert page.count('class="errorlist') == 3
    assert not DataBreach.objects.exists()


def test_a_discovery_in_the_future_is_refused(client, admin):
    later = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    assert _record(client, discovered_at=later, people="").status_code == 422


def test_the_notices_are_drafted_in_indonesian_with_what_the_law_asks(client, admin):
    a = make_worker(phone="+6281211110001", email="a@contoh.id")
    b = make_worker(phone="+6281211110002", email=None)
    make_worker(phone="+6281211110003")  # not affected
    response = _record(client, people="0812-1111-0001\n\n+62 812 1111 0002\n")
    breach = DataBreach.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/akun/privasi/insiden/{breach.pk}/"
    assert breach.people_affected == 2 and set(breach.people.all()) == {a, b}
    assert breach.due_at == breach.discovered_at + datetime.timedelta(hours=72)
    for notice in (breach.notice_people, breach.notice_authority):
        assert "Data pribadi yang terungkap: Nama, Nomor HP, NIK." in notice
        assert "29 November 2026, 09.30 WIB" in notice
        assert HAPPENED in notice and CONTAINED in notice
        assert "Pasal 46" in notice
    assert "2 orang" in breach.notice_authority
    assert "2 Desember 2026, 09.30 WIB" in breach.notice_authority
    page = client.get(f"/akun/privasi/insiden/{breach.pk}/").content.decode()
    assert "2 Des 2026 09:30" in page  # the due time shown


def test_notices_are_editable_until_sent_then_kept_as_sent(
    client, admin, mailoutbox, django_capture_on_commit_callbacks
):
    a = make_worker(phone="+6281211110001", email="a@contoh.id")
    b = make_worker(phone="+6281211110002", email=None)
    _record(client, people="+6281211110001\n+6281211110002")
    breach = DataBreach.objects.get()
    url = f"/akun/privasi/insiden/{breach.pk}/"
    edited = client.post(url, {"notice_people": "Teks untuk orang.", "notice_authority": "Teks untuk lembaga."})
    assert edited.status_code == 302
    empty = client.post(url, {"notice_people": "", "notice_authority": "Teks untuk lembaga."})
    assert empty.status_code == 422
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(f"{url}kirim/people/")
    assert sent.status_code == 302
    breach.refresh_from_db()
    assert breach.notice_people == "Teks untuk orang." and breach.people_notice_sent_at is not None
    assert [m.to for m in mailoutbox] == [["a@contoh.id"]] and mailoutbox[0].body == "Teks untuk orang."
    assert breach.people_emailed == 1 and breach.authority_notice_sent_at is None
    told = set(AuditEvent.objects.filter(action=AuditEvent.Action.BREACH_NOTIFIED).values_list("subject", flat=True))
    assert told == {a.pk, b.pk}

    client.post(url, {"notice_people": "Diubah sesudah terkirim.", "notice_authority": "Teks lembaga 2."})
    breach.refresh_from_db()
    assert breach.notice_people == "Teks untuk orang." and breach.notice_authority == "Teks lembaga 2."
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{url}kirim/people/")  # again: nothing twice
        client.post(f"{url}kirim/authority/")
    breach.refresh_from_db()
    assert len(mailoutbox) == 1 and breach.authority_notice_sent_at is not None
    assert AuditEvent.objects.filter(action=AuditEvent.Action.BREACH_NOTIFIED).count() == 2


def test_the_texts_for_mobile_numbers_are_streamed_and_audited(client, admin):
    a = make_worker(phone="+6281211110001")
    _record(client, people="+6281211110001")
    breach = DataBreach.objects.get()
    response = client.get(f"/akun/privasi/insiden/{breach.pk}/pemberitahuan.csv")
    assert response.status_code == 200 and response.streaming
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "+6281211110001" in body and "Data pribadi yang terungkap" in body
    assert AuditEvent.objects.filter(action=AuditEvent.Action.NAMED_IN_DOWNLOAD, subject=a, actor=admin).exists()


def test_a_breach_by_scope_counts_the_workers_there(client, admin):
    make_worker("31.71")
    make_worker("31.72")
    make_worker("32.73")
    _record(client, scope="province", scope_code="31")
    assert DataBreach.objects.get().people_affected == 2
    assert _record(client, scope="regency", scope_code="99.99").status_code == 422


def test_workers_see_no_breach(client):
    client.force_login(make_worker())
    assert client.get("/akun/privasi/insiden/").status_code == 403
    assert client.get("/akun/privasi/insiden/baru/").status_code == 403
    assert _record(client, people="").status_code == 403
    assert not DataBreach.objects.exists()
