"""The certification pages: the worker applies, the LSP checks and schedules, the assessor records,
the LSP decides; each sees what is theirs."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from naker.credentials.certification.models import Application, Evidence
from naker.skills.models import UnitElement

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_worker_applies_from_the_scheme_page(client, candidate, scheme):
    client.force_login(candidate)
    page = client.get(f"/sertifikasi/skema/{scheme.pk}/")
    assert page.status_code == 200 and "Calon Asesi" in page.content.decode()
    first = UnitElement.objects.filter(skill__in=scheme.units.all()).first()
    response = client.post(f"/sertifikasi/skema/{scheme.pk}/", {"purpose": "new", "competent": [first.pk]})
    application = Application.objects.get(worker=candidate)
    assert response.status_code == 302 and response["Location"] == f"/sertifikasi/pengajuan/{application.pk}/"
    body = client.get(response["Location"]).content.decode()
    assert "Diajukan" in body or "Submitted" in body


def test_evidence_is_checked_by_content_and_served_only_to_those_who_may(
    client, submitted, candidate, lsp_staff, settings, tmp_path
):
    settings.NAKER_EVIDENCE_DIR = tmp_path
    client.force_login(candidate)
    url = f"/sertifikasi/pengajuan/{submitted.pk}/"
    fake = SimpleUploadedFile("ijazah.pdf", b"MZ not a pdf at all", content_type="application/pdf")
    client.post(url, {"action": "evidence", "file": fake})
    assert not Evidence.objects.filter(kind="file").exists()
    real = SimpleUploadedFile("ijazah.pdf", PDF, content_type="application/pdf")
    client.post(url, {"action": "evidence", "file": real})
    evidence = Evidence.objects.get(kind="file")
    assert evidence.content_type == "application/pdf"
    assert (tmp_path / evidence.file_name).read_bytes() == PDF
    got = client.get(f"/sertifikasi/bukti/{evidence.pk}/")
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF
    client.force_login(lsp_staff)
    assert client.get(f"/sertifikasi/bukti/{evidence.pk}/").status_code == 200
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(f"/sertifikasi/bukti/{evidence.pk}/").status_code == 404
    (tmp_path / evidence.file_name).unlink()
    client.force_login(candidate)
    missing = client.get(f"/sertifikasi/bukti/{evidence.pk}/")
    assert missing.status_code == 404


def test_too_big_evidence_is_refused(client, submitted, candidate, settings, tmp_path):
    settings.NAKER_EVIDENCE_DIR = tmp_path
    settings.NAKER_EVIDENCE_MAX_BYTES = 100
    client.force_login(candidate)
    big = SimpleUploadedFile("besar.pdf", PDF + b"0" * 200, content_type="application/pdf")
    response = client.post(f"/sertifikasi/pengajuan/{submitted.pk}/", {"action": "evidence", "file": big}, follow=True)
    assert not Evidence.objects.filter(kind="file").exists()
    assert "MB" in response.content.decode()


def test_an_assessor_desk_lists_only_assigned_candidates(client, scheduled, assessor_user, candidate):
    client.force_login(assessor_user)
    body = client.get("/sertifikasi/asesor/").content.decode()
    assert "Calon Asesi" in body
    client.force_login(candidate)
    assert "Calon Asesi" not in client.get("/sertifikasi/asesor/").content.decode()


def test_lsp_desk_is_for_its_staff(client, submitted, lsp_staff, candidate):
    client.force_login(lsp_staff)
    assert "Calon Asesi" in client.get("/sertifikasi/lsp/lsp-manufaktur/").content.decode()
    client.force_login(candidate)
    assert client.get("/sertifikasi/lsp/lsp-manufaktur/").status_code == 403
