"""Demo outreach: an import with refused rows, and an event (the demo targets are in naker.insights.demo)."""

from __future__ import annotations

import datetime
import random
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from naker.outreach.gatherings.services import plan_event
from naker.outreach.member_import import services as member_import
from naker.outreach.models import MemberImport, SocialisationEvent

if TYPE_CHECKING:
    from naker.accounts.models import User


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


def ensure_outreach(*, admin: User, union_officer: User) -> None:
    if not MemberImport.objects.exists():
        upload = SimpleUploadedFile("anggota-ksbsi-dki.csv", _demo_csv(20))
        imp = member_import.upload_member_list(actor=union_officer, org_code="ksbsi-dki", uploaded=upload)
        member_import.confirm_import(actor=union_officer, import_id=imp.pk, mapping=imp.mapping, consent_attested=True)
        member_import.run_import(import_id=imp.pk)
    if not SocialisationEvent.objects.exists():
        plan_event(
            actor=admin,
            title="Sosialisasi Kadin for Naker bersama KSBSI dan Kadin Jawa Barat",
            organizer_codes=["ksbsi-jabar", "kadin-jabar"],
            starts_at=timezone.now() + datetime.timedelta(days=5),
            venue="Gedung Serikat, Bekasi",
            regency_code="32.75",
            partners="Disnaker Kota Bekasi",
        )
