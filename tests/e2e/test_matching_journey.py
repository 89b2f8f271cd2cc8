"""A worker adds a skill they have, sees "Lowongan untuk saya" with the reasons in plain words, and
follows the gap to the course that teaches the missing skill."""

from __future__ import annotations

import copy

import pytest

from naker.learning import demo, services
from naker.organizations.models import Organization
from tests.e2e.test_learning_journey import log_in
from tests.factories import UserFactory, make_opportunity, make_org, make_worker, officer_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_worker_sees_matches_with_reasons_and_follows_a_gap_to_a_course(page):
    demo.ensure_skills()
    provider = make_org("lpk-terampil", kind=Organization.Kind.PROVIDER, level=Organization.Level.SINGLE)
    staff = officer_of(provider)
    package = next(p for _o, p in demo.DEMO_COURSES if p["code"] == "las-smaw-dasar")
    services.import_package(actor=staff, provider_code="lpk-terampil", package=copy.deepcopy(package), submit=True)
    services.review(admin=UserFactory(is_staff=True), course_code="las-smaw-dasar", approve=True)
    company = make_org("pt-baja", kind=Organization.Kind.COMPANY, level=Organization.Level.SINGLE)
    make_opportunity(
        company,
        [("NK-LAS-01", True), ("NK-K3-01", True)],
        title="Juru Las Pabrik Baja",
        regency_code="32.16",
    )
    worker = make_worker(regency_code="32.16")
    log_in(page, worker)

    # the worker says they know factory safety (a declared skill: it counts, but not as proof)
    page.get_by_role("link", name="Lowongan untuk saya").click()
    page.get_by_role("link", name="Keterampilan saya", exact=True).click()
    page.get_by_label("Kode keterampilan").press_sequentially("NK-K3-01")
    page.get_by_role("button", name="Tambah", exact=True).click()
    assert page.get_by_text("Keterampilan ditambahkan.").is_visible()
    assert page.get_by_text("K3 di pabrik").is_visible()
    assert page.get_by_text("Belum terbukti").is_visible()

    page.get_by_role("link", name="Lowongan untuk saya").first.click()
    card = page.locator(".match", has_text="Juru Las Pabrik Baja")
    assert card.is_visible()
    reasons = card.locator(".reasons").inner_text()
    assert "Anda punya 0 dari 2 keterampilan wajib" in reasons
    assert "kurang: K3 di pabrik dan Pengelasan SMAW posisi datar" in reasons
    assert "kursus Pengelasan (Las) SMAW untuk Pemula (LPK-TERAMPIL, 40 jam, gratis) mengajarkannya" in reasons
    assert "belum ada kursus untuk K3 di pabrik" in reasons
    assert "Anda menyatakan sendiri K3 di pabrik; belum terbukti" in reasons
    assert "Di kabupaten/kota Anda" in reasons

    # the gap → the learning path → the course
    card.get_by_role("link", name="Lihat jalur belajar").click()
    assert page.get_by_role("heading", name="Jalur belajar: Juru Las Pabrik Baja").is_visible()
    page.get_by_role("link", name="Pengelasan (Las) SMAW untuk Pemula").click()
    page.wait_for_url("**/kursus/las-smaw-dasar/")
    assert page.get_by_role("heading", name="Pengelasan (Las) SMAW untuk Pemula").is_visible()
