"""Backups that restore: demo data and uploads backed up, restored elsewhere by another process, compared.

Runs on the database the suite runs on: SQLite (online backup API) or PostgreSQL (pg_dump -Fc).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from naker.accounts.models import WorkerProfile
from naker.core import backup, crypto

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]

# Prints, from the restored copy, what the test compares: every table's row count, one worker's
# NIK decrypted with the same keys, and an uploaded file.
PROBE = """
import json
from django.core.files.storage import default_storage
from naker.accounts.models import WorkerProfile
from naker.core import backup, crypto
worker = WorkerProfile.objects.exclude(nik_encrypted="").order_by("pk").first()
print(json.dumps({
    "counts": backup.current_counts(),
    "nik": crypto.decrypt(worker.nik_encrypted),
    "upload": default_storage.open("imports/2026/11/anggota.csv").read().decode(),
}))
"""


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    root = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": root}},
    }
    return root


@pytest.fixture
def elsewhere(tmp_path: Path) -> Any:
    """An empty database of the same kind, as a DATABASE_URL; dropped afterwards (PostgreSQL)."""
    if connection.vendor == "sqlite":
        (tmp_path / "restored").mkdir()
        yield f"sqlite:///{tmp_path / 'restored' / 'naker.sqlite3'}"
        return
    import psycopg

    name = f"{connection.settings_dict['NAME']}_restored"[:63]
    url = urlsplit(django_settings.DATABASE_URL)
    admin = psycopg.connect(
        host=connection.settings_dict["HOST"] or None,
        port=connection.settings_dict["PORT"] or None,
        user=connection.settings_dict["USER"] or None,
        password=connection.settings_dict["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    yield urlunsplit(url._replace(path=f"/{name}"))
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def run_elsewhere(args: list[str], database_url: str, var_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "NAKER_VAR_DIR": str(var_dir),
        # The keys travel apart from the backup: the operator supplies them to the restored site.
        "SECRET_KEY": django_settings.SECRET_KEY,
        "NAKER_FIELD_KEYS": ",".join(django_settings.NAKER_FIELD_KEYS),
        "NAKER_HASH_KEY": django_settings.NAKER_HASH_KEY,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_backup_of_demo_data_restores_elsewhere_with_the_same_rows_nik_and_files(
    media: Path, elsewhere: str, tmp_path: Path
) -> None:
    call_command("seed_demo", workers=30, no_progress=True)
    default_storage.save("imports/2026/11/anggota.csv", ContentFile("Nama;NIK\nAsep;3216011708850301\n"))
    worker = WorkerProfile.objects.exclude(nik_encrypted="").order_by("pk").first()
    assert worker is not None

    call_command("backup", "--to", str(tmp_path / "backups"))
    [folder] = (tmp_path / "backups").iterdir()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["engine"] == connection.vendor
    assert manifest["tables"] == backup.current_counts()
    assert manifest["tables"]["accounts_user"] >= 30
    dump = "database.sqlite3" if connection.vendor == "sqlite" else "database.dump"
    assert set(manifest["files"]) == {"media.tar.gz", dump}
    # The backup holds the NIK only encrypted: not one demo NIK in clear anywhere in it.
    nik = crypto.decrypt(worker.nik_encrypted)
    for path in folder.iterdir():
        assert nik.encode() not in path.read_bytes()

    restored = run_elsewhere(["restore", str(folder)], elsewhere, tmp_path / "restored")
    assert restored.returncode == 0, restored.stderr
    assert "as in the manifest" in restored.stdout
    probe = run_elsewhere(["shell", "-c", PROBE], elsewhere, tmp_path / "restored")
    assert probe.returncode == 0, probe.stderr
    seen = json.loads(probe.stdout.strip().splitlines()[-1])
    assert seen["counts"] == manifest["tables"]
    assert seen["nik"] == nik
    assert seen["upload"] == "Nama;NIK\nAsep;3216011708850301\n"

    # Restoring twice into the same (now full) database is refused.
    again = run_elsewhere(["restore", str(folder)], elsewhere, tmp_path / "restored")
    assert again.returncode != 0 and "not empty" in again.stderr


def test_a_damaged_backup_is_refused_before_anything_is_restored(media: Path, tmp_path: Path) -> None:
    call_command("backup", "--to", str(tmp_path / "backups"))
    [folder] = (tmp_path / "backups").iterdir()
    call_command("restore", str(folder), "--verify-only")
    with (folder / "media.tar.gz").open("ab") as f:
        f.write(b"x")
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(folder), "--verify-only")


def test_restore_refuses_a_database_that_has_tables(media: Path, tmp_path: Path) -> None:
    call_command("backup", "--to", str(tmp_path / "backups"))
    [folder] = (tmp_path / "backups").iterdir()
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(folder))


def test_old_backups_are_pruned(media: Path, tmp_path: Path) -> None:
    for _ in range(3):
        call_command("backup", "--to", str(tmp_path / "backups"), "--keep", "2")
    assert len(list((tmp_path / "backups").iterdir())) == 2
