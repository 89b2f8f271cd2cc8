"""The import pages: upload, check the columns, see the progress, download what was refused."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

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
