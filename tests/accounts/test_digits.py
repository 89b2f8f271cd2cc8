"""One person, one NIK, one account: digits in any script are read as the ASCII digits they show
(issue 8 item 4), and what is stored and hashed is exactly 16 ASCII digits."""

from __future__ import annotations

import pytest

from naker.accounts.demo import DEMO_WORKER_NIK
from naker.accounts.models import WorkerProfile
from naker.accounts.nik import NikError, ascii_digits, read_nik, stored_nik
from naker.accounts.phone import normalize_phone
from naker.core import crypto
from tests.factories import make_worker

pytestmark = pytest.mark.django_db

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def test_the_demo_workers_nik_in_arabic_indic_digits_is_refused_as_taken(client):
    make_worker(nik=DEMO_WORKER_NIK)
    typed = "3171" + DEMO_WORKER_NIK[4:].translate(ARABIC_INDIC)  # 3171٠١٥٧٠٨٩٠٠٠٠١
    assert typed != DEMO_WORKER_NIK
    response = client.post(
        "/api/v1/auth/register",
        {
            "full_name": "Siti Kedua",
            "phone": "0812-3456-7890",
            "password": "Belajar-las-2026",
            "nik": typed,
            "regency_code": "31.71",
            "consent": True,
        },
        content_type="application/json",
    )
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "already_registered"
    assert WorkerProfile.objects.count() == 1


def test_the_same_nik_typed_on_the_web_form_in_arabic_indic_digits_is_refused_as_taken(client):
    make_worker(nik=DEMO_WORKER_NIK)
    response = client.post(
        "/akun/daftar/",
        {
            "full_name": "Siti Kedua",
            "phone": "0812 3456 7890",
            "nik": DEMO_WORKER_NIK.translate(ARABIC_INDIC),
            "province": "31",
            "regency_code": "31.71",
            "password": "Belajar-las-2026",
            "consent": "on",
            "action": "register",
        },
    )
    assert "NIK atau nomor HP ini sudah terdaftar" in response.content.decode()
    assert WorkerProfile.objects.count() == 1


@pytest.mark.parametrize("table", [ARABIC_INDIC, DEVANAGARI, FULLWIDTH])
def test_any_script_reads_as_the_same_nik_with_the_same_hash(table):
    info = read_nik(DEMO_WORKER_NIK.translate(table))
    assert info.nik == DEMO_WORKER_NIK
    assert stored_nik(info).hash == crypto.keyed_hash(DEMO_WORKER_NIK)


def test_a_superscript_digit_is_read_not_a_crash(client):
    assert ascii_digits("317101²708900001") == "3171012708900001"
    response = client.post("/api/v1/auth/nik-check", {"nik": "317101²708900001"}, content_type="application/json")
    assert response.status_code in (200, 422)


@pytest.mark.parametrize("bad", ["3171O15708900001", "3171-01 57089000O1", "31710157089000½1"])
def test_anything_but_digits_is_refused(bad):
    with pytest.raises(NikError):
        read_nik(bad)


def test_a_phone_number_in_arabic_indic_digits_is_the_same_number():
    assert normalize_phone("0812-3456-7890".translate(ARABIC_INDIC)) == "+6281234567890"
    assert normalize_phone("+62 812 3456 7890".translate(FULLWIDTH)) == "+6281234567890"


def test_stored_columns_are_encrypted_hashed_and_masked_once():
    stored = stored_nik(DEMO_WORKER_NIK)
    assert crypto.decrypt(stored.encrypted) == DEMO_WORKER_NIK
    assert stored.hash == crypto.keyed_hash(DEMO_WORKER_NIK)
    assert stored.masked == "3171********0001"
    assert stored.as_fields() == {
        "nik_encrypted": stored.encrypted,
        "nik_hash": stored.hash,
        "nik_masked": stored.masked,
    }
