"""An application goes through to a competency certificate: the worker applies, the LSP checks it
and schedules the assessment, the assessor records K, the LSP decides, and the worker finds the
certificate and opens its verification page."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from naker.credentials.certification import services
from naker.credentials.certification.models import Application
from naker.organizations.models import Organization
from naker.skills.loader import load_demo_units
from tests.factories import PASSWORD, UserFactory, make_org, make_worker, officer_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, user):
    page.context.clear_cookies()
    page.goto("/akun/masuk/")
    page.get_by_label("Nomor HP atau email").press_sequentially(user.phone)
    page.get_by_label("Kata sandi").press_sequentially(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/akun/saya/")


def test_from_application_to_a_verified_competency_certificate(page, live_server, settings, tmp_path):
    settings.NAKER_PUBLIC_URL = live_server.url
    settings.NAKER_EVIDENCE_DIR = tmp_path
    load_demo_units()
    lsp = make_org("lsp-manufaktur", kind=Organization.Kind.CERTIFICATION_BODY, level=Organization.Level.SINGLE)
    lsp.name = "LSP Manufaktur Indonesia"
    lsp.save()
    staff = officer_of(lsp)
    services.create_scheme(
        actor=staff,
        lsp_code=lsp.code,
        code="K3M-01",
        name="Klaster K3 dan Mutu",
        kind="cluster",
        unit_codes=["LOG.OO01.002.01", "LOG.OO01.003.01"],
    )
    services.add_venue(
        actor=staff, lsp_code=lsp.code, name="TUK Sewaktu Cakung", kind="temporary", regency_code="31.72"
    )
    assessor_user = UserFactory(full_name="Bambang Asesor")
    services.add_assessor(
        actor=staff, lsp_code=lsp.code, login=assessor_user.phone, name="Bambang Asesor", registration_number="MET.1"
    )
    worker = make_worker(full_name="Sari Pengelas")

    # the worker applies: the form shows their data, they tick what they can do
    log_in(page, worker)
    page.goto("/sertifikasi/")
    page.get_by_role("link", name="Klaster K3 dan Mutu").click()
    assert "Sari Pengelas" in page.content()
    for box in page.get_by_role("checkbox").all():
        box.check()
    page.get_by_role("button", name="Ajukan").click()
    page.wait_for_url("**/sertifikasi/pengajuan/*/")
    assert "LSP memeriksa" in page.locator("#next-step").inner_text()
    application = Application.objects.get(worker=worker)

    # the LSP checks it complete and schedules the assessment
    log_in(page, staff)
    page.goto(f"/sertifikasi/lsp/{lsp.code}/")
    page.get_by_role("link", name="Sari Pengelas").click()
    page.get_by_label("Lengkap", exact=True).check()
    page.get_by_role("button", name="Simpan hasil pemeriksaan").click()
    page.get_by_role("button", name="Jadwalkan").click()
    assert "Bambang Asesor" in page.locator("#assessment").inner_text()

    # the assessor sees the candidate and records K for both units
    log_in(page, assessor_user)
    page.goto("/sertifikasi/asesor/")
    page.get_by_role("link", name="Sari Pengelas").click()
    for code in ("LOG.OO01.002.01", "LOG.OO01.003.01"):
        unit = page.locator(f'[id="unit-{code}"]')
        unit.get_by_label("Kompeten (K)").check()
        unit.get_by_label("Observasi").check()
    page.get_by_role("button", name="Simpan hasil asesmen").click()
    assert "Sudah diases" in page.locator("#status").inner_text()

    # the appeal period passes; the LSP's decision meeting issues the certificate
    Application.objects.filter(pk=application.pk).update(appeal_until=timezone.now() - datetime.timedelta(minutes=1))
    log_in(page, staff)
    page.goto(f"/sertifikasi/pengajuan/{application.pk}/")
    page.get_by_role("button", name="Simpan keputusan").click()
    assert "Bersertifikat" in page.locator("#status").inner_text()

    # the worker sees every step and the certificate, and opens its verification page
    log_in(page, worker)
    page.goto(f"/sertifikasi/pengajuan/{application.pk}/")
    steps = page.locator("#steps li").all_inner_texts()
    assert len(steps) == 5 and "Bersertifikat" in steps[-1]
    page.locator("#certificate a").click()
    page.wait_for_url("**/verify/*")
    assert "Sah" in page.locator("#status").inner_text()
    assert page.locator("#holder").inner_text() == "Sari Pengelas"
    assert "LSP Manufaktur Indonesia" in page.content()
