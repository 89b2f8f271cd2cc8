"""A worker types a request about their data on their account page, sends it, and sees it listed
with its due time and status (typed as people type: press_sequentially)."""

from __future__ import annotations

import pytest

from naker.accounts.models import PrivacyRequest
from tests.e2e.test_account_typing import log_in
from tests.factories import make_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMPLAINT = "Nama saya di sertifikat salah ketik: seharusnya Siti Aminah."


def test_a_worker_files_a_request_and_sees_it_listed(page):
    worker = make_worker(phone="+6281298765601")
    log_in(page, "081298765601")
    page.get_by_role("link", name="Ajukan permintaan tentang data saya, atau baca jawabannya").click()
    page.wait_for_url("**/akun/saya/privasi/")
    assert "Anda belum mengirim permintaan." in page.content()

    page.get_by_label("Apa yang Anda minta?").select_option("complaint")
    page.get_by_label("Ceritakan apa yang salah dan apa yang Anda minta").press_sequentially(COMPLAINT)
    page.get_by_role("button", name="Kirim permintaan saya").click()
    page.wait_for_url("**/akun/saya/privasi/")

    assert page.get_by_text("Permintaan Anda sudah dicatat.").is_visible()
    listed = page.locator("ul.requests li")
    assert listed.count() == 1
    assert "Pengaduan" in listed.inner_text() and COMPLAINT in listed.inner_text()
    assert "Menunggu jawaban" in listed.inner_text()
    found = PrivacyRequest.objects.get(requester=worker)
    assert found.details == COMPLAINT and found.is_open
