"""Starts a member import of FAULT_ROWS rows on the production layout's task workers (RQ).

Run in the layout's environment: deploy/prod.sh manage shell -c "exec(open('tests/faults/start_import.py').read())"
with FAULT_ROWS set; prints the import's id on the last line. The union officer of the demo data
uploads a generated list (valid NIKs of Kab. Bekasi, distinct mobile numbers, fresh each run) and
confirms it, as the page does.
"""

import os
import random
import tempfile
from pathlib import Path

from django.core.files import File

from naker.accounts.models import User
from naker.outreach.member_import import services
from naker.outreach.member_import.tasks import run_import_task

rows = int(os.environ.get("FAULT_ROWS", "20000"))
rng = random.SystemRandom()
year = rng.randint(60, 99)
phone_base = rng.randint(10_000_000, 89_000_000)
lines = ["Nama;NIK;No HP / WhatsApp;Kabupaten/Kota"]
for i in range(rows):
    day, month = 1 + (i // 9999) % 28, 1 + (i // (9999 * 28)) % 12
    nik = f"321601{day:02d}{month:02d}{year:02d}{i % 9999 + 1:04d}"
    lines.append(f"Anggota Uji {i};{nik};0812{phone_base + i:08d};Kab. Bekasi")
path = Path(tempfile.mkdtemp()) / "anggota.csv"
path.write_bytes(("\n".join(lines) + "\n").encode("utf-8-sig"))
officer = User.objects.get(email="serikat@demo.naker.id")
with path.open("rb") as f:
    imp = services.upload_member_list(actor=officer, org_code="ksbsi-dki", uploaded=File(f, name="anggota.csv"))
imp.refresh_from_db()
services.confirm_import(
    actor=officer, import_id=imp.pk, mapping=imp.mapping, consent_attested=True, on_queued=run_import_task.enqueue
)
path.unlink()
print(imp.pk)
