"""An imported worker opens the invitation link (issue 9): it says which number to log in with,
shows the privacy notice, asks them to confirm the birth date and sex read from their NIK, and
speaks of passwords in the site's own words."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from naker.accounts.models import WorkerProfile
from tests.factories import add_member, make_org, make_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_invited_worker_confirms_who_they_are_and_sets_a_password(page):
    union = make_org("ksbsi-dki")
    union.name = "KSBSI DKI Jakarta"
    union.save(update_fields=["name"])
    worker = make_worker(phone="+6281298765501")
    worker.set_unusable_password()
    worker.save()
    WorkerProfile.objects.filter(user=worker).update(consent_version=f"{settings.NAKER_CONSENT_VERSION}/attested")
    add_member(worker, union)
    uid = urlsafe_base64_encode(force_bytes(worker.pk))
    page.goto(f"/undangan/{uid}/{default_token_generator.make_token(worker)}/")

    assert "KSBSI DKI Jakarta mendaftarkan Anda" in page.locator("main").inner_text()
    assert page.locator("#login-phone").inner_text() == "0812 9876 5501"
    assert "17 Agustus 1990" in page.locator("#invited").inner_text()
    assert "Kebijakan privasi" in page.locator("#privacy-notice").inner_text()

    page.get_by_label("Kata sandi (paling sedikit 8 karakter)").press_sequentially("pendek")
    page.get_by_label("Ketik kata sandi sekali lagi").press_sequentially("pendek")
    page.get_by_role("button", name="Simpan kata sandi saya").click()
    main = page.locator("main").inner_text()
    assert "Kata sandi terlalu pendek: pakai paling sedikit 8 karakter." in main
    assert "Pastikan tanggal lahir dan jenis kelamin Anda" in main
    assert "Anda harus menyetujui kebijakan privasi" in main
    assert "Sandi anda" not in main  # none of Django's own wording

    page.get_by_label("Kata sandi (paling sedikit 8 karakter)").press_sequentially("sawah-hijau-2026")
    page.get_by_label("Ketik kata sandi sekali lagi").press_sequentially("sawah-hijau-2027")
    page.get_by_label("Ya, ini saya").check()
    page.get_by_label("Saya sudah membaca dan menyetujui kebijakan privasi.").check()
    page.get_by_role("button", name="Simpan kata sandi saya").click()
    assert "Kedua kata sandi tidak sama. Ketik lagi." in page.locator("main").inner_text()

    page.get_by_label("Kata sandi (paling sedikit 8 karakter)").press_sequentially("sawah-hijau-2026")
    page.get_by_label("Ketik kata sandi sekali lagi").press_sequentially("sawah-hijau-2026")
    page.get_by_label("Ya, ini saya").check()
    page.get_by_label("Saya sudah membaca dan menyetujui kebijakan privasi.").check()
    page.get_by_role("button", name="Simpan kata sandi saya").click()
    page.wait_for_url("**/akun/masuk/")
    assert "Masuk dengan nomor HP 0812 9876 5501" in page.locator(".msg").first.inner_text()
    assert WorkerProfile.objects.get(user=worker).consent_version == settings.NAKER_CONSENT_VERSION

    page.get_by_label("Nomor HP atau email").press_sequentially("0812 9876 5501")
    page.get_by_label("Kata sandi").press_sequentially("sawah-hijau-2026")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/akun/saya/")
