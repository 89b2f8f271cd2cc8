"""The production layout under test, as deploy/faults.sh started it (its knobs come as variables)."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path
from typing import Any

import psycopg
import requests
import urllib3

urllib3.disable_warnings()  # the loopback layout's certificate is self-signed

ROOT = Path(__file__).resolve().parents[2]
BASE_URL = os.environ.get("NAKER_FAULT_BASE_URL", "https://127.0.0.1:8543")
PROD_DIR = Path(os.environ.get("NAKER_PROD_DIR", ROOT / "var" / "prod-faults"))
PG_VERSION = os.environ.get("NAKER_FAULT_PG_VERSION", "15")
PG_CLUSTER = os.environ.get("NAKER_FAULT_PG_CLUSTER", "fault")
PG_PORT = int(os.environ.get("NAKER_PROD_PG_PORT", "5442"))
DB = os.environ.get("NAKER_PROD_DB", "naker_prod")
REDIS_PORT = int(os.environ.get("NAKER_FAULT_REDIS_PORT", "6380"))
DEMO_PASSWORD = "naker-demo"


def session() -> requests.Session:
    s = requests.Session()
    # The environment's CA bundle (REQUESTS_CA_BUNDLE) would override verify=False; no proxies either.
    s.trust_env = False
    s.verify = False
    return s


def query(sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with psycopg.connect(host="127.0.0.1", port=PG_PORT, user="postgres", dbname=DB, autocommit=True) as conn:
        cursor = conn.execute(sql, params)  # type: ignore[arg-type]
        return cursor.fetchall() if cursor.description is not None else []


def manage(*args: str, env: dict[str, str] | None = None) -> str:
    out = subprocess.run(
        ["bash", str(ROOT / "deploy" / "prod.sh"), "manage", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return out.stdout


def pg_ctl(action: str) -> None:
    subprocess.run(
        [
            "pg_ctlcluster",
            "--skip-systemctl-redirect",
            PG_VERSION,
            PG_CLUSTER,
            action,
            *(["-m", "fast"] if action in ("stop", "restart") else []),
        ],
        check=True,
        timeout=120,
    )


def redis_stop() -> None:
    subprocess.run(["redis-cli", "-p", str(REDIS_PORT), "shutdown"], check=False, timeout=30)
    for _ in range(50):
        if subprocess.run(["redis-cli", "-p", str(REDIS_PORT), "ping"], capture_output=True).returncode != 0:
            return
        time.sleep(0.1)
    raise AssertionError("Redis did not stop")


def redis_start() -> None:
    subprocess.run(["bash", str(ROOT / "deploy" / "faults.sh"), "redis-start"], check=True, timeout=60)


def processes() -> list[tuple[int, int, str]]:
    """(pid, parent pid, command line) of every process."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        found.append((int(entry.name), ppid, cmdline))
    return found


def under(prefix: Path) -> list[tuple[int, int, str]]:
    """The layout's Python processes (run by this checkout's venv; not the supervising shell loops,
    whose command lines name them too)."""
    venv = str(prefix / ".venv")
    return [p for p in processes() if venv in p[2] and os.path.basename(p[2].split()[0]).startswith("python")]


def gunicorn_masters() -> set[int]:
    procs = under(ROOT)
    pids = {p[0] for p in procs if "gunicorn" in p[2]}
    return {pid for pid, ppid, cmd in procs if pid in pids and ppid not in pids}


def wait_for(check: Any, timeout: float, what: str, interval: float = 0.5) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"waited {timeout:.0f} s for {what}")


def log_in(s: requests.Session, login: str) -> None:
    s.get(f"{BASE_URL}/akun/masuk/")
    response = s.post(
        f"{BASE_URL}/akun/masuk/",
        data={"username": login, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": s.cookies.get("csrftoken")},
        headers={"Referer": f"{BASE_URL}/akun/masuk/"},
        allow_redirects=False,
    )
    assert response.status_code == 302, (response.status_code, response.text[:300])
