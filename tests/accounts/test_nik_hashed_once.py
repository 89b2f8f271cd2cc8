"""The NIK travels once: each person's NIK is hashed exactly once, by the web sign-up (both steps
together), the API sign-up and the member import (per imported row)."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from naker.accounts.models import WorkerProfile
from naker.core import crypto
from naker.outreach.member_import import services as import_services
from naker.outreach.models import ImportRowResult
from tests.factories import make_org, officer_of

pytestmark = pytest.mark.django_db
PASSWORD = "Tukang-las-2026"


@pytest.fixture
def hashed(monkeypatch):
    """Counts the keyed hashes taken of each text (the real hash is still computed)."""
    counts: Counter[str] = Counter()
    real = crypto.keyed_hash

    def counting(value: str) -> str:
        counts[value] += 1
        return real(value)

    monkeypatch.setattr(crypto, "keyed_hash", counting)
    return counts


def test_a_web_sign_up_hashes_the_nik_once(client, hashed):
    nik = "3275011708900004"
    form = {
        "full_name": "Budi Hartono",
        "phone": "0813 1111 2222",
        "nik": nik,
        "province": "32",
        "regency_code": "32.75",
        "education": "smk",
        "employment_status": "working",
        "password": PASSWORD,
        "consent": "on",
        "action": "register",
    }
    confirm = client.post("/akun/daftar/", form, follow=True)
    assert confirm.redirect_chain[-1][0].endswith("/akun/daftar/konfirmasi/")
    done = client.post("/akun/daftar/konfirmasi/", {"action": "confirm", "password": PASSWORD}, follow=True)
    assert done.redirect_chain[-1][0].endswith("/akun/saya/")
    assert hashed[nik] == 1
    assert WorkerProfile.objects.get().nik_hash == crypto.keyed_hash(nik)  # the hash kept is the NIK's


def test_an_api_sign_up_hashes_the_nik_once(client, hashed):
    nik = "3275015708900003"
    body = {
        "full_name": "Siti Aminah",
        "phone": "0812-3456-7890",
        "password": "Belajar-las-2026",
        "nik": nik,
        "regency_code": "32.75",
        "consent": True,
    }
    assert client.post("/api/v1/auth/register", body, content_type="application/json").status_code == 201
    assert hashed[nik] == 1


def test_the_import_hashes_each_rows_nik_once_and_keeps_that_hash(hashed):
    union = make_org("ksbsi-jabar")
    officer = officer_of(union)
    rows = [
        ["Nama", "NIK", "No HP", "Kabupaten/Kota"],
        ["Asep Sunandar", "3216011708850001", "081234567001", "Kab. Bekasi"],
        ["Euis Komalasari", "3216015708850002", "081234567002", "Kab. Bekasi"],
        ["Dadang", "3275011708850003", "081234567003", "Kota Bekasi"],
        ["Ujang", "3216011708850004", "081234567001", "Kab. Bekasi"],  # Asep's phone: refused, hash kept
    ]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    upload = SimpleUploadedFile("anggota.csv", buffer.getvalue().encode("utf-8"))
    imp = import_services.upload_member_list(actor=officer, org_code="ksbsi-jabar", uploaded=upload)
    imp = import_services.confirm_import(actor=officer, import_id=imp.pk, mapping=imp.mapping, consent_attested=True)
    imp = import_services.run_import(import_id=imp.pk)
    assert (imp.created_count, imp.refused_count) == (3, 1)
    niks = [row[1] for row in rows[1:]]
    assert {nik: hashed[nik] for nik in niks} == dict.fromkeys(niks, 1)
    stored = dict(WorkerProfile.objects.values_list("user__phone", "nik_hash"))
    assert [stored[f"+628123456700{i}"] for i in (1, 2, 3)] == [crypto.keyed_hash(nik) for nik in niks[:3]]
    refused = ImportRowResult.objects.get(member_import=imp, outcome="refused")
    assert refused.nik_hash == crypto.keyed_hash(niks[3])  # erasure can still find this row
