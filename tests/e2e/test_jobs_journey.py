"""Jobs in the browser: a worker finds an opportunity and applies from its page; the employer
shortlists and hires them; a union officer reports the poster to the platform admin."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from naker.jobs import services
from naker.jobs.models import Placement, PosterFlag
from naker.learning import demo
from naker.organizations.models import Organization
from tests.factories import PASSWORD, UserFactory, make_org, make_worker, officer_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, user):
    page.goto("/akun/masuk/")
    page.get_by_label("Nomor HP atau email").press_sequentially(user.phone)
    page.get_by_label("Kata sandi").press_sequentially(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/akun/saya/")


def published_welding_job():
    demo.ensure_skills()
    company = make_org(
        "pt-las-jaya",
        kind=Organization.Kind.COMPANY,
        level=Organization.Level.SINGLE,
        province_id="32",
        regency_id="32.75",
        is_kadin_member=True,
    )
    company.name = "PT Las Jaya"
    company.save()
    staff = officer_of(company)
    opportunity = services.post_opportunity(
        actor=staff,
        employer_code=company.code,
        data=services.OpportunityData(
            kind="job",
            title="Juru Las SMAW",
            description="Mengelas rangka baja di pabrik Bekasi.",
            closes_on=timezone.localdate() + datetime.timedelta(days=30),
            regency_code="32.75",
            pay_min=4_500_000,
            pay_max=5_500_000,
            skills=[services.SkillWanted(code="NK-LAS-01")],
        ),
    )
    services.review_opportunity(actor=UserFactory(is_staff=True), opportunity_id=opportunity.pk, decision="publish")
    return company, staff, opportunity


def test_a_worker_applies_and_the_employer_shortlists_and_hires(page, browser, live_server):
    company, staff, opportunity = published_welding_job()
    worker = make_worker(regency_code="32.75", full_name="Sri Pelamarjaya")

    log_in(page, worker)
    page.get_by_role("link", name="Cari kerja").first.click()
    page.wait_for_url("**/lowongan/")
    page.get_by_label("Pekerjaan apa yang Anda cari?").press_sequentially("pengelasan")
    page.get_by_role("button", name="Cari").click()
    page.get_by_role("link", name="Juru Las SMAW").click()
    page.wait_for_url(f"**/lowongan/{opportunity.pk}/")
    assert "IDR 4.500.000" in page.locator("main").inner_text()
    page.get_by_label("Pesan singkat (boleh kosong)").press_sequentially("Saya lulusan SMK las.")
    page.get_by_role("button", name="Kirim lamaran saya").click()
    page.wait_for_url("**/lamaran/")
    card = page.locator("[data-application]")
    assert "Juru Las SMAW" in card.inner_text() and "Melamar" in card.inner_text()

    employer = browser.new_context(viewport={"width": 360, "height": 740}, base_url=live_server.url, locale="id-ID")
    other = employer.new_page()
    log_in(other, staff)
    other.get_by_role("link", name="PT Las Jaya").click()
    other.wait_for_url(f"**/pemberi-kerja/{company.code}/")
    other.locator(f"[data-post='{opportunity.pk}'] td").nth(2).get_by_role("link").click()
    other.wait_for_url(f"**/pemberi-kerja/lowongan/{opportunity.pk}/pelamar/")
    applicant = other.locator("[data-applicant]")
    assert "Sri Pelamarjaya" in applicant.inner_text() and "Saya lulusan SMK las." in applicant.inner_text()
    for button in ("Loloskan seleksi awal", "Undang wawancara", "Tawarkan kerja", "Terima kerja"):
        other.get_by_role("button", name=button).click()
        other.wait_for_load_state()
    assert "Diterima kerja" in other.locator("[data-applicant]").inner_text()
    employer.close()
    assert Placement.objects.get().worker == worker

    # the worker sees every step with its date
    page.reload()
    steps = page.locator("[data-application] ol").inner_text()
    for stage in ("Melamar", "Lolos seleksi awal", "Wawancara", "Ditawari kerja", "Diterima kerja"):
        assert stage in steps


def test_a_union_officer_reports_a_poster(page):
    company, _staff, opportunity = published_welding_job()
    officer = officer_of(make_org("serikat-pelapor"))

    log_in(page, officer)
    page.goto(f"/lowongan/{opportunity.pk}/")
    page.get_by_role("link", name="Laporkan pemasang ini sebagai penipu atau menyalahgunakan").click()
    page.get_by_label("Apa masalah dengan pemasang lowongan ini?").press_sequentially(
        "Pelamar diminta membayar Rp1 juta untuk seragam."
    )
    page.get_by_role("button", name="Kirim laporan").click()
    page.wait_for_url("**/lowongan/")
    assert "Administrator platform akan memeriksa" in page.locator("main").inner_text()
    flag = PosterFlag.objects.get()
    assert flag.employer == company and flag.opportunity == opportunity and flag.resolved_at is None
    # nothing is hidden by the report
    page.goto(f"/lowongan/{opportunity.pk}/")
    assert page.locator("main h1").inner_text() == "Juru Las SMAW"
