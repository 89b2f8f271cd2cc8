"""Typed as people type (press_sequentially, never fill()): the login box takes any email or phone
form whole (issue 9's blocker), and "No, change my data" brings the registration form back filled in."""

from __future__ import annotations

import pytest

from naker.accounts.models import User
from tests.factories import PASSWORD, UserFactory, make_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, login):
    page.goto("/akun/masuk/")
    box = page.get_by_label("Nomor HP atau email")
    box.press_sequentially(login)
    assert box.input_value() == login  # nothing cut off by a maxlength
    page.get_by_label("Kata sandi").press_sequentially(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/akun/saya/")


def test_an_email_typed_into_the_login_box_logs_in(page):
    person = UserFactory(email="serikat@demo.naker.id", phone="+6281100000003", full_name="Budi Santoso")
    log_in(page, "serikat@demo.naker.id")
    assert person.full_name in page.content()


def test_a_spaced_phone_number_typed_into_the_login_box_logs_in(page):
    worker = make_worker(phone="+6281298765501")
    log_in(page, "+62 812-9876-5501")
    assert worker.full_name in page.content()


def test_change_my_data_brings_the_form_back_filled_in_and_asks_only_for_the_password(page):
    page.goto("/akun/daftar/")
    page.get_by_label("Nama lengkap (sesuai KTP)").press_sequentially("Rina Marlina")
    page.get_by_label("Nomor HP").press_sequentially("+62 857-2222-3333")
    page.get_by_label("NIK (16 angka, ada di KTP)").press_sequentially("6571 0157 0890 0007")
    page.get_by_label("Provinsi tempat tinggal").select_option("65")
    page.wait_for_selector("#id_regency_code option[value='65.71']", state="attached")
    page.get_by_label("Kabupaten/kota tempat tinggal").select_option("65.71")
    page.get_by_label("Email (boleh dikosongkan)").press_sequentially("rina.marlina@contoh.id")
    page.get_by_label("Pendidikan terakhir").select_option("smk")
    page.get_by_label("Kata sandi (paling sedikit 8 karakter)").press_sequentially("Rina-belajar-2026")
    page.get_by_label("Saya sudah membaca dan menyetujui kebijakan privasi.").check()
    page.get_by_role("button", name="Lanjut").click()
    page.wait_for_url("**/akun/daftar/konfirmasi/")
    assert "Rina-belajar-2026" not in page.content().replace('value="Rina-belajar-2026"', "")

    page.get_by_role("button", name="Tidak, ubah data saya").click()
    page.wait_for_url("**/akun/daftar/")
    assert page.get_by_label("Nama lengkap (sesuai KTP)").input_value() == "Rina Marlina"
    assert page.get_by_label("Nomor HP").input_value() == "+62 857-2222-3333"
    assert page.get_by_label("NIK (16 angka, ada di KTP)").input_value() == "6571 0157 0890 0007"
    assert page.get_by_label("Provinsi tempat tinggal").input_value() == "65"
    assert page.get_by_label("Kabupaten/kota tempat tinggal").input_value() == "65.71"
    assert page.get_by_label("Email (boleh dikosongkan)").input_value() == "rina.marlina@contoh.id"
    assert page.get_by_label("Pendidikan terakhir").input_value() == "smk"
    assert page.get_by_label("Saya sudah membaca dan menyetujui kebijakan privasi.").is_checked()
    password = page.get_by_label("Kata sandi (paling sedikit 8 karakter)")
    assert password.input_value() == ""
    assert page.locator("#password-again").is_visible()

    name = page.get_by_label("Nama lengkap (sesuai KTP)")
    name.press("End")
    name.press_sequentially(" Sari")
    password.press_sequentially("Rina-belajar-2026")
    page.get_by_role("button", name="Lanjut").click()
    page.wait_for_url("**/akun/daftar/konfirmasi/")
    page.get_by_role("button", name="Ya, sudah benar: buat akun saya").click()
    page.wait_for_url("**/akun/saya/")
    user = User.objects.get(phone="+6285722223333")
    assert user.full_name == "Rina Marlina Sari"
    assert user.check_password("Rina-belajar-2026")
