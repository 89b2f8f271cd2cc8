"""Files with personal data have a life span: the invitation texts are never written, and the
refused rows' file goes with its import, after the retention period, and when a person in it is erased."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from naker.accounts.events import AccountErased
from naker.core import events
from naker.outreach.member_import import services
from naker.outreach.member_import.handlers import delete_refused_rows_of_erased
from naker.outreach.models import ImportRowResult, MemberImport
from tests.factories import make_org, make_worker, officer_of

pytestmark = pytest.mark.django_db
CSV = (
    "Nama;NIK;No HP;Kabupaten/Kota\n"
    "Asep;3216011708850201;081234567201;Kab. Bekasi\n"
    "Budi;3216011708850202;081234567202;Kota Antah\n"  # refused: the place is not known
)


@pytest.fixture
def officer(db):
    return officer_of(make_org("ksbsi-jabar"))


def finished_import(officer):
    imp = services.upload_member_list(
        actor=officer, org_code="ksbsi-jabar", uploaded=SimpleUploadedFile("a.csv", CSV.encode())
    )
    services.confirm_import(actor=officer, import_id=imp.pk, mapping=imp.mapping, consent_attested=True)
    return services.run_import(import_id=imp.pk)


def test_the_invitation_texts_stream_and_no_file_is_written(client, officer):
    imp = finished_import(officer)
    folder = Path(imp.refused_file).parent
    before = set(folder.iterdir())
    client.force_login(officer)
    response = client.get(f"/impor/{imp.pk}/undangan.csv")
    assert response.streaming
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body.startswith("Nomor HP;Pesan") and "+6281234567201;Halo Asep" in body
    assert set(folder.iterdir()) == before  # it used to leave undangan-<id>.csv behind, for ever


def test_an_import_takes_its_refused_rows_file_with_it(officer):
    imp = finished_import(officer)
    refused = Path(imp.refused_file)
    assert refused.exists()
    imp.delete()
    assert not refused.exists()


def test_imports_past_the_retention_period_are_purged_with_their_files(officer, settings):
    settings.NAKER_IMPORT_RETENTION_DAYS = 30
    old = finished_import(officer)
    recent = finished_import(officer)
    MemberImport.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=31))
    call_command("purge_expired_imports", stdout=io.StringIO())
    assert list(MemberImport.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not Path(old.refused_file).exists() and Path(recent.refused_file).exists()
    assert not ImportRowResult.objects.filter(member_import_id=old.pk).exists()


def test_a_running_import_is_not_purged(officer, settings):
    imp = services.upload_member_list(
        actor=officer, org_code="ksbsi-jabar", uploaded=SimpleUploadedFile("a.csv", CSV.encode())
    )
    MemberImport.objects.filter(pk=imp.pk).update(
        status="running", heartbeat_at=timezone.now(), created_at=timezone.now() - datetime.timedelta(days=40)
    )
    assert services.purge_expired_imports() == 0


def test_erasing_a_person_named_in_a_refused_rows_file_deletes_the_file(officer):
    budi = make_worker(nik="3216011708850202", phone="+6281299990000")  # registered himself later, same NIK
    imp = finished_import(officer)
    assert imp.refused_count == 1 and Path(imp.refused_file).exists()
    assert delete_refused_rows_of_erased in events.subscribers(AccountErased)
    events.publish(AccountErased(user=budi))
    imp.refresh_from_db()
    assert imp.refused_file == ""
    assert not list(Path(imp.file.storage.location).rglob(f"ditolak-{imp.pk}.csv"))
    assert ImportRowResult.objects.get(member_import=imp, outcome="refused").reason == ""


def test_erasing_someone_else_keeps_the_file(officer):
    stranger = make_worker(phone="+6281299990001")
    imp = finished_import(officer)
    events.publish(AccountErased(user=stranger))
    imp.refresh_from_db()
    assert imp.refused_file and Path(imp.refused_file).exists()


def test_downloads_naming_workers_appear_in_their_who_saw_my_data(client, officer):
    from naker.core.audit import trail_of

    budi = make_worker(nik="3216011708850202", phone="+6281299990002")  # named by a refused row
    imp = finished_import(officer)
    asep = imp.invitations.get().user
    client.force_login(officer)
    b"".join(client.get(f"/impor/{imp.pk}/undangan.csv").streaming_content)
    b"".join(client.get(f"/impor/{imp.pk}/ditolak.csv").streaming_content)
    assert [(e.action, e.actor_id) for e in trail_of(asep)] == [("named_in_download", officer.pk)]
    assert [(e.action, e.actor_id) for e in trail_of(budi)] == [("named_in_download", officer.pk)]
    client.force_login(asep)
    page = client.get("/akun/saya/").content.decode()
    assert "Mengunduh berkas yang memuat nama Anda" in page


def test_auditing_a_large_download_is_a_few_bulk_inserts(officer, django_assert_max_num_queries):
    from naker.core.audit import record_for_each
    from naker.core.models import AuditEvent

    people = [make_worker(regency_code="32.16").pk for _ in range(30)]
    with django_assert_max_num_queries(4):  # 30 people, 10 a batch: 3 inserts
        written = record_for_each(
            action="named_in_download", actor=officer, subject_ids=iter(people + people), batch_size=10
        )
    assert written == 30 and AuditEvent.objects.filter(subject_id__in=people).count() == 30
