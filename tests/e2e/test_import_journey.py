"""An officer imports a member list, watches the progress bar and downloads the refused rows."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from naker.accounts.models import User
from tests.factories import PASSWORD, make_org, officer_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_import_a_member_list_and_download_the_refused_rows(page, tmp_path):
    officer = officer_of(make_org("ksbsi-jabar"))
    members = tmp_path / "anggota ksbsi jabar.csv"
    members.write_bytes(
        "Nama;NIK;No HP / WhatsApp;Kabupaten/Kota;Tanggal Lahir\n"
        "Asep Sunandar;'3216011708850301;81234567301;Kab. Bekasi;17/08/1985\n"
        "Euis;3.21601E+15;081234567302;Kota Bekasi;\n"
        "Dadang;3275011708850303;081234567303;Bekasi;\n".encode("utf-8-sig")
    )
    page.goto("/akun/masuk/")
    page.get_by_label("Nomor HP atau email").press_sequentially(officer.phone)
    page.get_by_label("Kata sandi").press_sequentially(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.goto("/organisasi/ksbsi-jabar/impor/")
    page.get_by_label("Daftar anggota (CSV atau XLSX)").set_input_files(str(members))
    page.get_by_role("button", name="Unggah dan periksa").click()
    page.get_by_text("Asep Sunandar").wait_for()
    page.get_by_label("Serikat menyatakan bahwa anggota ini sudah setuju").check()
    page.get_by_role("button", name="Mulai impor").click()
    page.locator("#status", has_text="Selesai").wait_for()
    assert page.locator("progress").get_attribute("value") == "100"
    assert (page.locator("#created").inner_text(), page.locator("#refused").inner_text()) == ("1", "2")
    if os.environ.get("NAKER_SCREENSHOTS"):
        page.screenshot(path=f"{os.environ['NAKER_SCREENSHOTS']}/import.png", full_page=True)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh baris yang ditolak").click()
    refused = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    assert "3.21601E+15" in refused and "Kabupaten Bekasi" in refused and "Kota Bekasi" in refused
    assert User.objects.filter(phone="+6281234567301").exists()
