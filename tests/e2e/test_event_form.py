"""An officer plans an event choosing organisations and the place by name (issue 9): no codes to
type, and the page speaks of an "acara"."""

from __future__ import annotations

import pytest

from naker.organizations.models import Organization
from naker.outreach.models import SocialisationEvent
from tests.factories import PASSWORD, make_org, officer_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_plans_an_event_by_names(page):
    chamber = make_org("kadin-jabar", kind=Organization.Kind.CHAMBER, level=Organization.Level.PROVINCE)
    chamber.name = "Kadin Jawa Barat"
    chamber.save(update_fields=["name"])
    union = make_org("ksbsi-jabar")
    union.name = "KSBSI Jawa Barat"
    union.save(update_fields=["name"])
    officer = officer_of(chamber)

    page.goto("/akun/masuk/")
    page.get_by_label("Nomor HP atau email").press_sequentially(officer.phone)
    page.get_by_label("Kata sandi").press_sequentially(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/akun/saya/")
    page.goto("/sosialisasi/")
    assert page.get_by_role("heading", name="Rencanakan acara").is_visible()
    assert "kelas" not in page.locator("main").inner_text().lower()
    page.get_by_label("Judul").press_sequentially("Sosialisasi di kawasan industri")
    assert page.get_by_label("Penyelenggara", exact=True).locator("option:checked").inner_text() == "Kadin Jawa Barat"
    page.get_by_label("Bersama (tidak wajib)", exact=True).press_sequentially("KSBSI Jawa Barat")
    # Chromium's datetime-local input is a segmented control whose typing order follows the
    # machine's locale: set whole, as in test_target_journey.py.
    page.get_by_label("Tanggal dan jam (WIB)").fill("2026-12-05T09:00")
    page.get_by_label("Tempat", exact=True).press_sequentially("Aula Kawasan Industri")
    page.get_by_label("Provinsi tempat acara").select_option(label="Jawa Barat")
    page.wait_for_selector("#id_regency_code option[value='32.75']", state="attached")
    page.get_by_label("Kabupaten/kota tempat acara").select_option(label="Kota Bekasi")
    page.get_by_role("button", name="Simpan acara").click()
    page.wait_for_url("**/sosialisasi/*/")
    assert page.get_by_role("heading", name="Sosialisasi di kawasan industri").is_visible()
    assert "Kota Bekasi" in page.locator("main").inner_text()
    event = SocialisationEvent.objects.get()
    assert {(link.organization.code, link.accepted) for link in event.organizer_links.all()} == {
        ("kadin-jabar", True),
        ("ksbsi-jabar", False),  # named by name; pending until its officers accept
    }
