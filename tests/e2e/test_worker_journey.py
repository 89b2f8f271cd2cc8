"""A worker registers with the NIK confirmation, logs in, switches language and downloads their data."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from naker.accounts.models import User
from tests.factories import PASSWORD, make_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("NAKER_SCREENSHOTS")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_register_confirm_the_birth_date_from_the_nik_and_land_on_the_profile(page):
    page.goto("/akun/daftar/")
    page.get_by_label("Nama lengkap (sesuai KTP)").press_sequentially("Rina Marlina")
    page.get_by_label("Nomor HP").press_sequentially("0857 2222 3333")
    page.get_by_label("NIK (16 angka, ada di KTP)").press_sequentially("6571015708900007")
    page.get_by_label("Provinsi tempat tinggal").select_option("65")
    # the picker fills the regencies of Kalimantan Utara without reloading the page
    page.wait_for_selector("#id_regency_code option[value='65.71']", state="attached")
    page.get_by_label("Kabupaten/kota tempat tinggal").select_option("65.71")
    page.get_by_label("Kata sandi (paling sedikit 8 karakter)").press_sequentially("Rina-belajar-2026")
    page.get_by_label("Saya sudah membaca dan menyetujui kebijakan privasi.").check()
    shot(page, "register")
    page.get_by_role("button", name="Lanjut").click()
    page.wait_for_url("**/akun/daftar/konfirmasi/")
    assert page.locator("#birth-date").inner_text() == "17 Agustus 1990"
    assert page.locator("#sex").inner_text() == "Perempuan"
    shot(page, "confirm")
    page.get_by_role("button", name="Ya, sudah benar: buat akun saya").click()
    page.wait_for_url("**/akun/saya/")
    assert page.locator("#nik").inner_text() == "6571********0007"
    assert User.objects.get(phone="+6285722223333").worker.regency_id == "65.71"
    shot(page, "me")


def test_registration_without_javascript_still_lists_the_regencies(browser, live_server):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url, locale="id-ID")
    page = context.new_page()
    page.goto("/akun/daftar/")
    page.get_by_label("Provinsi tempat tinggal").select_option("93")
    page.get_by_role("button", name="Tampilkan kabupaten/kota").click()
    options = page.locator("#id_regency_code option").all_inner_texts()
    assert "Kabupaten Merauke" in options
    context.close()


def test_log_in_by_phone_switch_to_english_and_download_my_data(page):
    worker = make_worker(nik="3171015708900001", phone="+6281344445555")
    page.goto("/akun/masuk/")
    page.get_by_label("Nomor HP atau email").press_sequentially("0813-4444-5555")
    page.get_by_label("Kata sandi").press_sequentially(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/akun/saya/")
    assert worker.full_name in page.content()

    page.get_by_label("Bahasa").select_option("en")
    page.get_by_role("button", name="Ganti").click()
    page.get_by_role("heading", name=f"Hello, {worker.full_name}").wait_for()
    shot(page, "me-en")

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download my data (JSON)").click()
    data = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    assert data["worker_profile"]["nik"] == "3171015708900001"
    page.reload()
    assert "Exported personal data" in page.locator("#trail ~ table").inner_text()

    page.get_by_label("Language").select_option("id")
    page.get_by_role("button", name="Change").click()
    page.get_by_role("heading", name=f"Halo, {worker.full_name}").wait_for()
