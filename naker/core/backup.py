"""Backups that restore: the database, the uploaded files and a manifest that proves both.

A backup is a folder `naker-<UTC time>/` holding:
- `database.sqlite3` (SQLite's online backup API: a consistent copy while the site runs) or
  `database.dump` (PostgreSQL: `pg_dump` custom format, taken in an exported snapshot);
- `media.tar.gz`, the uploaded files;
- `manifest.json`: the engine, the latest migration of each app, the row count of every table (counted
  in the same snapshot as the dump) and the SHA-256 of each file.

`restore` checks the checksums, refuses a database that has tables or a media folder that has
files, restores both and checks every table's row count against the manifest.

Neither holds the secrets: the field-encryption and hash keys live apart from backups (docs/deploy.md).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections, transaction

MANIFEST = "manifest.json"
MEDIA = "media.tar.gz"
FORMAT_VERSION = 1


class BackupError(RuntimeError):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _count_rows(cursor: Any, connection: Any) -> dict[str, int]:
    counts = {}
    for table in sorted(connection.introspection.table_names(cursor)):
        if table.startswith("sqlite_"):
            continue  # SQLite's own (sqlite_stat1 from ANALYZE, sqlite_sequence): the engine's, not data
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - table names from introspection
        counts[table] = cursor.fetchone()[0]
    return counts


def _latest_migrations(cursor: Any) -> dict[str, str]:
    cursor.execute("SELECT app, MAX(name) FROM django_migrations GROUP BY app")
    return dict(sorted(cursor.fetchall()))


def _pg_env(settings_dict: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = []
    if settings_dict.get("HOST"):
        args += ["-h", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["-p", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["-U", str(settings_dict["USER"])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, env


def _program(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is missing: apt-get install postgresql-client")
    return found


def _media_root() -> Path:
    return Path(default_storage.location)  # type: ignore[attr-defined]


def backup(destination: Path, *, using: str = DEFAULT_DB_ALIAS) -> Path:
    """Writes one consistent, timestamped backup under `destination`; returns its folder."""
    connection = connections[using]
    if connection.in_atomic_block:
        raise BackupError("run a backup outside a transaction")
    folder = destination / f"naker-{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}"
    folder.mkdir(parents=True)
    os.chmod(folder, 0o700)
    vendor = connection.vendor
    if vendor == "sqlite":
        db_file = folder / "database.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(db_file)
        try:
            connection.connection.backup(target)  # the online backup API: a consistent copy
        finally:
            target.close()
        copy = sqlite3.connect(db_file)
        try:
            counts, migrations = _count_rows_sqlite(copy)
        finally:
            copy.close()
    elif vendor == "postgresql":
        db_file = folder / "database.dump"
        args, env = _pg_env(connection.settings_dict)
        with transaction.atomic(using=using), connection.cursor() as cursor:
            # One snapshot for the dump and the counts: the manifest describes exactly the dump.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = _count_rows(cursor, connection)
            migrations = _latest_migrations(cursor)
            name = str(connection.settings_dict["NAME"])
            subprocess.run(  # noqa: S603 - fixed program, arguments from settings
                [
                    _program("pg_dump"),
                    "-Fc",
                    "--no-owner",
                    "--no-acl",
                    f"--snapshot={snapshot}",
                    *args,
                    "-f",
                    str(db_file),
                    name,
                ],
                env=env,
                check=True,
            )
    else:
        raise BackupError(f"no backup for the {vendor} database")

    media = folder / MEDIA
    root = _media_root()
    with tarfile.open(media, "w:gz") as tar:
        if root.exists():
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    tar.add(path, arcname=str(path.relative_to(root)))
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": datetime.now(UTC).isoformat(),
        "engine": vendor,
        "migrations": migrations,
        "tables": counts,
        "files": {p.name: _sha256(p) for p in (db_file, media)},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return folder


def _count_rows_sqlite(db: sqlite3.Connection) -> tuple[dict[str, int], dict[str, str]]:
    query = "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    tables = [row[0] for row in db.execute(query)]
    counts = {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608
    migrations = dict(db.execute("SELECT app, MAX(name) FROM django_migrations GROUP BY app ORDER BY app").fetchall())
    return counts, migrations


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest, after checking every file's checksum against it."""
    manifest_path = folder / MANIFEST
    if not manifest_path.exists():
        raise BackupError(f"{folder} has no {MANIFEST}")
    manifest: dict[str, Any] = json.loads(manifest_path.read_text())
    for name, checksum in manifest["files"].items():
        path = folder / name
        if not path.exists() or _sha256(path) != checksum:
            raise BackupError(f"{name} is missing or damaged (checksum differs from the manifest)")
    return manifest


def current_counts(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    connection = connections[using]
    with connection.cursor() as cursor:
        return _count_rows(cursor, connection)


def restore(folder: Path, *, using: str = DEFAULT_DB_ALIAS) -> dict[str, Any]:
    """Restores a backup into an empty database and an empty media folder, then verifies the counts."""
    manifest = read_manifest(folder)
    connection = connections[using]
    if connection.vendor != manifest["engine"]:
        raise BackupError(f"the backup is of a {manifest['engine']} database, this one is {connection.vendor}")
    with connection.cursor() as cursor:
        if connection.introspection.table_names(cursor):
            raise BackupError("the database is not empty: restore only into a new, empty database")
    root = _media_root()
    if root.exists() and any(p.is_file() for p in root.rglob("*")):
        raise BackupError(f"the media folder {root} is not empty")

    if connection.vendor == "sqlite":
        source = sqlite3.connect(folder / "database.sqlite3")
        connection.ensure_connection()
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        args, env = _pg_env(connection.settings_dict)
        connection.close()
        name = str(connection.settings_dict["NAME"])
        dump = str(folder / "database.dump")
        subprocess.run(  # noqa: S603 - fixed program, arguments from settings
            [
                _program("pg_restore"),
                "--no-owner",
                "--no-acl",
                "--exit-on-error",
                "--single-transaction",
                *args,
                "-d",
                name,
                dump,
            ],
            env=env,
            check=True,
        )
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / MEDIA, "r:gz") as tar:
        tar.extractall(root, filter="data")

    connection.close()
    counts = current_counts(using)
    wrong = {
        table: (expected, counts.get(table))
        for table, expected in manifest["tables"].items()
        if counts.get(table) != expected
    }
    if wrong or set(counts) != set(manifest["tables"]):
        raise BackupError(f"restored row counts differ from the manifest: {wrong}")
    return manifest


def prune(destination: Path, *, keep: int) -> list[Path]:
    """Deletes all but the newest `keep` backups under `destination`; returns what it deleted."""
    backups = sorted(p for p in destination.glob("naker-*") if (p / MANIFEST).exists())
    old = backups[: max(len(backups) - keep, 0)]
    for path in old:
        shutil.rmtree(path)
    return old
