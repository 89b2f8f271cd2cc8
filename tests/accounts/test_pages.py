"""The account pages work without JavaScript, stay light, and speak Indonesian first."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from naker.accounts.models import User
from naker.core.models import AuditEvent
from tests.factories import PASSWORD, add_member, make_org, make_worker, officer_of

pytestmark = pytest.mark.django_db
MAX_PAGE_BYTES = 60 * 1024


def form(**overrides):
    data = {
        "full_name": "Budi Hartono",
        "phone": "0813 1111 2222",
        "nik": "3275011708900004",
        "province": "32",
        "regency_code": "32.75",
        "password": "Tukang-las-2026",
        "consent": "on",
        "action": "register",
    }
    data.update(overrides)
    return data


def test_choosing_a_province_without_javascript_lists_its_regencies(client):
    response = client.post("/akun/daftar/", {"province": "65", "action": "choose_province", "full_name": "Budi"})
    html = response.content.decode()
    assert "Kota Tarakan" in html
    assert "Kota Bekasi" not in html
    assert 'value="Budi"' in html


def test_registration_asks_to_confirm_the_birth_date_and_sex_from_the_nik(client):
    response = client.post("/akun/daftar/", form(), follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0].endswith("/akun/daftar/konfirmasi/")
    assert "17 Agustus 1990" in html
    assert "Laki-laki" in html
    assert User.objects.count() == 0  # nothing stored before the worker confirms
    response = client.post(
        "/akun/daftar/konfirmasi/", {"action": "confirm", "password": "Tukang-las-2026"}, follow=True
    )
    assert response.redirect_chain[-1][0].endswith("/akun/saya/")
    assert User.objects.get().phone == "+6281311112222"
    assert "3275********0004" in response.content.decode()


def test_the_worker_can_go_back_and_change_the_data(client):
    client.post("/akun/daftar/", form())
    response = client.post("/akun/daftar/konfirmasi/", {"action": "edit"}, follow=True)
    assert response.redirect_chain[-1][0].endswith("/akun/daftar/")
    assert User.objects.count() == 0


def test_mistakes_are_shown_next_to_their_fields_in_indonesian(client):
    response = client.post("/akun/daftar/", form(nik="3275013208900004", consent=""))
    html = response.content.decode()
    assert response.status_code == 422
    assert "Digit ke-7 sampai ke-12 NIK bukan tanggal lahir yang benar." in html
    assert "kebijakan privasi" in html


def test_a_registered_nik_points_to_login_and_reset(client):
    make_worker(nik="3275011708900004", regency_code="32.75")
    html = client.post("/akun/daftar/", form(), follow=True).content.decode()
    assert "NIK atau nomor HP ini sudah terdaftar" in html


def test_login_by_phone_then_the_profile_shows_the_nik_masked(client):
    worker = make_worker(nik="3171015708900001", phone="+6281355556666")
    response = client.post("/akun/masuk/", {"username": "0813-5555-6666", "password": PASSWORD}, follow=True)
    html = response.content.decode()
    assert worker.full_name in html
    assert "3171********0001" in html
    assert "3171015708900001" not in html


def test_download_my_data_is_a_json_attachment_and_audited(client):
    worker = make_worker(nik="3171015708900001")
    client.force_login(worker)
    response = client.post("/akun/saya/unduh/")
    assert "attachment" in response["Content-Disposition"]
    assert json.loads(response.content)["worker_profile"]["nik"] == "3171015708900001"
    assert AuditEvent.objects.filter(subject=worker, action="data_exported").exists()
    assert "Mengekspor data pribadi" in client.get("/akun/saya/").content.decode()


def test_erasing_asks_for_confirmation_first(client):
    worker = make_worker()
    client.force_login(worker)
    assert "Ya, hapus akun saya" in client.get("/akun/saya/hapus/").content.decode()
    assert User.objects.get(pk=worker.pk).erased_at is None
    client.post("/akun/saya/hapus/", {"password": PASSWORD})
    assert User.objects.get(pk=worker.pk).erased_at is not None


def test_switching_to_english_and_back(client):
    assert "Daftar sebagai pekerja" in client.get("/akun/daftar/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/akun/daftar/"})
    assert "Register as a worker" in client.get("/akun/daftar/").content.decode()
    client.post("/i18n/setlang/", {"language": "id", "next": "/akun/daftar/"})
    assert "Daftar sebagai pekerja" in client.get("/akun/daftar/").content.decode()


@pytest.mark.parametrize("path", ["/", "/akun/daftar/", "/akun/masuk/", "/akun/kode-reset/", "/akun/saya/"])
def test_worker_facing_pages_stay_under_60_kb_with_css_and_js(client, path):
    from django.contrib.staticfiles import finders

    client.force_login(make_worker())
    html = client.get(path).content
    assets = re.findall(r'(?:href|src)="/static/([^"]+\.(?:css|js))"', html.decode())
    assert "core/site.css" in assets
    parts = [html, *(Path(finders.find(name)).read_bytes() for name in assets)]

    # Transferred size: gzip, as whitenoise and any front proxy serve them.
    transferred = sum(len(gzip.compress(part)) for part in parts)
    assert transferred < MAX_PAGE_BYTES, (path, transferred)


def test_an_officer_reveals_a_nik_from_the_member_page_and_it_is_audited(client):
    union = make_org("ksbsi-dki")
    worker = make_worker(nik="3171015708900001")
    add_member(worker, union)
    officer = officer_of(union)
    client.force_login(officer)
    page = client.get("/organisasi/ksbsi-dki/").content.decode()
    assert "3171********0001" in page
    asked = client.get(f"/organisasi/ksbsi-dki/anggota/{worker.pk}/nik/").content.decode()
    assert "3171015708900001" not in asked and 'name="reason"' in asked
    shown = client.post(f"/organisasi/ksbsi-dki/anggota/{worker.pk}/nik/", {"reason": "member asked"}).content.decode()
    assert "3171015708900001" in shown
    assert AuditEvent.objects.filter(actor=officer, subject=worker, action="nik_viewed", detail="member asked").exists()


def test_a_stranger_cannot_open_the_member_page(client):
    make_org("ksbsi-dki")
    client.force_login(make_worker())
    assert client.get("/organisasi/ksbsi-dki/").status_code == 403


def test_a_nik_registered_between_the_two_steps_sends_the_worker_back_to_the_form(client):
    client.post("/akun/daftar/", form())
    make_worker(nik="3275011708900004", regency_code="32.75")  # someone else, meanwhile
    response = client.post("/akun/daftar/konfirmasi/", {"action": "confirm", "password": "Tukang-las-2026"})
    html = response.content.decode()
    assert response.status_code == 409
    assert "NIK atau nomor HP ini sudah terdaftar" in html
    assert 'value="Budi Hartono"' in html
    assert User.objects.count() == 1


def test_password_reset_by_email_sends_a_working_link(client, mailoutbox):
    import re

    worker = make_worker(email="budi@contoh.id")
    client.post("/akun/lupa-sandi/", {"email": "budi@contoh.id"})
    assert len(mailoutbox) == 1
    link = re.search(r"https?://[^/]+(/akun/lupa-sandi/\S+)", mailoutbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "Sandi-baru-2026", "new_password2": "Sandi-baru-2026"}
    )
    worker.refresh_from_db()
    assert worker.check_password("Sandi-baru-2026")
