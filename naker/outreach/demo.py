"""Demo outreach: an import with refused rows, an event, and two targets (one met, one at risk)."""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from naker.outreach import services
from naker.outreach.models import AdoptionTarget, MemberImport, SocialisationEvent


def _demo_csv(rows: int, seed: int = 3) -> bytes:
    rng = random.Random(seed)
    lines = ["Nama;NIK;No HP / WhatsApp;Kabupaten/Kota;Tanggal Lahir"]
    places = ["Kota Administrasi Jakarta Timur", "Jakarta Utara", "31.74", "Kota Administrasi Jakarta Barat"]
    for i in range(rows):
        nik = f"3175{rng.randint(1, 9):02d}{rng.randint(1, 28):02d}08{80 + i % 15:02d}{9000 + i:04d}"
        lines.append(f"Anggota Demo {i + 1};'{nik};812{77000000 + i};{places[i % len(places)]};")
    lines.append("Salah Ketik;3.17501E+15;081277009999;Jakarta Timur;")  # lost digits
    lines.append("Tanpa Kota;3175010101900123;081277009998;Bekasi;")  # ambiguous
    lines.append("Nomor Salah;3175010101900124;12345;Jakarta Timur;")  # bad phone
    return ("\n".join(lines) + "\n").encode("utf-8-sig")


def ensure_outreach(*, admin: Any, union_officer: Any, chamber_officer: Any) -> None:
    if not MemberImport.objects.exists():
        upload = SimpleUploadedFile("anggota-ksbsi-dki.csv", _demo_csv(20))
        imp = services.upload(actor=union_officer, org_code="ksbsi-dki", uploaded=upload)
        services.confirm(actor=union_officer, import_id=imp.pk, mapping=imp.mapping, consent_attested=True)
        services.run(import_id=imp.pk)
    if not SocialisationEvent.objects.exists():
        services.plan_event(
            actor=admin,
            title="Sosialisasi Kadin for Naker bersama KSBSI dan Kadin Jawa Barat",
            organizer_codes=["ksbsi-jabar", "kadin-jabar"],
            starts_at=timezone.now() + datetime.timedelta(days=5),
            venue="Gedung Serikat, Bekasi",
            regency_code="32.75",
            partners="Disnaker Kota Bekasi",
        )
    if not AdoptionTarget.objects.exists():
        today = timezone.localdate()
        services.set_target(
            actor=admin,
            name="250 pekerja pertama",
            scope="nation",
            scope_code="",
            metric="registered",
            goal=250,
            start_date=today - datetime.timedelta(days=365),
            due_date=today + datetime.timedelta(days=30),
        )
        services.set_target(
            actor=admin,
            name="5.000 pekerja terdaftar (nasional)",
            scope="nation",
            scope_code="",
            metric="registered",
            goal=5000,
            start_date=today - datetime.timedelta(days=90),
            due_date=datetime.date(today.year + (1 if today.month > 8 else 0), 8, 31),
        )
        services.set_target(
            actor=chamber_officer,
            name="Pekerja terdaftar di DKI Jakarta",
            scope="province",
            scope_code="31",
            metric="registered",
            goal=100,
            start_date=today - datetime.timedelta(days=180),
            due_date=today + datetime.timedelta(days=60),
        )
