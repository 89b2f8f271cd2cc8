"""The import pages: upload, check the columns, see the progress, download what was refused."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from naker.core.models import AuditEvent
from naker.outreach.member_import import services
from naker.outreach.models import MemberImport
from tests.factories import make_org, make_worker, officer_of

pytestmark = pytest.mark.django_db
CSV = "Nama;NIK;No HP;Kabupaten/Kota\nAsep;3216011708850201;081234567201;Kab. Bekasi\nBudi;salah;0812;Bekasi\n"


@pytest.fixture
def officer(db):
    return officer_of(make_org("ksbsi-jabar"))


def test_upload_shows_the_first_rows_and_the_recognised_columns(client, officer):
    client.force_login(officer)
    response = client.post(
        "/organisasi/ksbsi-jabar/impor/", {"file": SimpleUploadedFile("anggota.csv", CSV.encode())}, follow=True
    )
    html = response.content.decode()
    assert "Periksa kolom" in html and "Asep" in html and "2 baris" in html
    assert 'value="nik" selected' in html


def test_confirming_without_the_attestation_says_so(client, officer):
    client.force_login(officer)
    imp = services.upload_member_list(
        actor=officer, org_code="ksbsi-jabar", uploaded=SimpleUploadedFile("a.csv", CSV.encode())
    )
    data = {"col_0": "full_name", "col_1": "nik", "col_2": "phone", "col_3": "regency"}
    html = client.post(f"/impor/{imp.pk}/", data).content.decode()
    assert "Nyatakan bahwa anggota sudah setuju" in html
    assert MemberImport.objects.get(pk=imp.pk).status == "uploaded"


def test_the_progress_page_counts_and_the_refused_rows_download_is_audited(client, officer):
    client.force_login(officer)
    imp = services.upload_member_list(
        actor=officer, org_code="ksbsi-jabar", uploaded=SimpleUploadedFile("a.csv", CSV.encode())
    )
    services.confirm_import(actor=officer, import_id=imp.pk, mapping=imp.mapping, consent_attested=True)
    services.run_import(import_id=imp.pk)
    html = client.get(f"/impor/{imp.pk}/").content.decode()
    assert 'value="100"' in html and 'id="created">1<' in html and 'id="refused">1<' in html
    download = client.get(f"/impor/{imp.pk}/ditolak.csv")
    body = b"".join(download.streaming_content).decode("utf-8-sig")
    assert "Budi;salah;0812;Bekasi" in body and "Alasan ditolak" in body
    assert AuditEvent.objects.filter(action="members_exported", actor=officer).exists()


def test_another_unions_officer_cannot_see_an_import(client, officer):
    imp = services.upload_member_list(
        actor=officer, org_code="ksbsi-jabar", uploaded=SimpleUploadedFile("a.csv", CSV.encode())
    )
    client.force_login(officer_of(make_org("kspsi")))
    assert client.get(f"/impor/{imp.pk}/").status_code == 404
    assert client.get(f"/impor/{imp.pk}/ditolak.csv").status_code == 404
    client.force_login(make_worker())
    assert client.get("/organisasi/ksbsi-jabar/impor/").status_code == 403


@pytest.fixture
def queue_only(settings, tmp_path):
    """Tasks are queued, not run: the page is seen while the task worker has not read the file yet.
    (Files go to a folder of the test.)"""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }


def test_the_upload_only_stores_the_file_and_its_page_says_it_is_being_read_until_it_is(client, officer, queue_only):
    client.force_login(officer)
    upload = SimpleUploadedFile("anggota.csv", CSV.encode())
    response = client.post("/organisasi/ksbsi-jabar/impor/", {"file": upload}, follow=True)
    imp = MemberImport.objects.get()
    assert (imp.status, imp.headers, imp.total_rows) == ("reading", [], 0)  # nothing read in the request
    html = response.content.decode()
    assert "Sedang membaca berkas…" in html
    assert '<meta http-equiv="refresh" content="2">' in html  # without JavaScript, the page reloads itself
    assert f'hx-get="/impor/{imp.pk}/"' in html and 'hx-trigger="every 1s"' in html
    polled = client.get(f"/impor/{imp.pk}/", headers={"HX-Request": "true", "HX-Target": "reading"})
    assert "Sedang membaca berkas…" in polled.content.decode() and "<html" not in polled.content.decode()

    services.describe_member_list(import_id=imp.pk)  # what the task worker does

    polled = client.get(f"/impor/{imp.pk}/", headers={"HX-Request": "true", "HX-Target": "reading"})
    assert polled["HX-Redirect"] == f"/impor/{imp.pk}/"  # htmx loads the whole page: the columns
    html = client.get(f"/impor/{imp.pk}/").content.decode()
    assert "Periksa kolom" in html and "Asep" in html and "2 baris" in html
    assert "refresh" not in html


def test_a_list_that_cannot_be_read_ends_in_a_refusal_with_its_reason_and_is_deleted(client, officer, queue_only):
    client.force_login(officer)
    wide = ";".join(f"k{i}" for i in range(150)) + "\n"
    client.post("/organisasi/ksbsi-jabar/impor/", {"file": SimpleUploadedFile("lebar.csv", wide.encode())})
    imp = MemberImport.objects.get()
    stored = Path(imp.file.path)
    assert stored.exists()
    services.describe_member_list(import_id=imp.pk)
    assert not stored.exists()
    html = client.get(f"/impor/{imp.pk}/").content.decode()
    assert "Berkas ditolak" in html and "lebar.csv" in html and "100 kolom" in html
    assert "refresh" not in html and "hx-get" not in html  # nothing more to wait for
    assert "Unggah berkas lain" in html
    # the refusal stays a refusal: another reading of it changes nothing, confirming it is impossible
    assert services.describe_member_list(import_id=imp.pk).status == "failed"
    data = {"col_0": "full_name", "consent_attested": "on"}
    client.post(f"/impor/{imp.pk}/", data)
    assert MemberImport.objects.get(pk=imp.pk).status == "failed"


def test_a_reading_whose_worker_stopped_ends_failed_and_its_file_goes(officer, queue_only):
    imp = services.store_member_list(
        actor=officer, org_code="ksbsi-jabar", uploaded=SimpleUploadedFile("a.csv", CSV.encode())
    )
    MemberImport.objects.filter(pk=imp.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(minutes=5))
    waiting = services.store_member_list(
        actor=officer, org_code="ksbsi-jabar", uploaded=SimpleUploadedFile("b.csv", CSV.encode())
    )
    assert services.fail_stalled_readings() == [imp.pk]  # one still waiting for the worker is left alone
    stopped = MemberImport.objects.get(pk=imp.pk)
    assert stopped.status == "failed" and "Unggah lagi" in stopped.error
    assert not Path(imp.file.path).exists() and Path(waiting.file.path).exists()
