"""What both bench runners share (bench/run.py, the platform's timings; bench/run_speed.py, the page
speed table of issue 13): the bench databases, the environment of a bench step, running a step in a
fresh process (bench/child.py), migrating and seeding, and printing the timings both report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PG_SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PG_BENCH_DB = os.environ.get("BENCH_PG_DB", "naker_bench")  # one per worktree where several run


def database_url(db: str, name: str = PG_BENCH_DB, *, reuse: bool = False) -> str | None:
    """A fresh bench database (or, with reuse, the one left by the last run: seeding tops it up).
    SQLite: var/<name without "naker_">.sqlite3; PostgreSQL: database <name> on BENCH_POSTGRES_URL."""
    if db == "sqlite":
        path = ROOT / "var" / f"{name.removeprefix('naker_')}.sqlite3"
        path.parent.mkdir(exist_ok=True)
        for suffix in ("", "-wal", "-shm") if not reuse else ():
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    try:
        import psycopg
    except ImportError:
        return None
    try:
        with psycopg.connect(PG_SERVER, autocommit=True, connect_timeout=5) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not (reuse and exists):
                conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
                conn.execute(f"CREATE DATABASE {name}")
    except psycopg.OperationalError as exc:
        print(f"PostgreSQL skipped: {exc}".strip())
        return None
    return PG_SERVER.rsplit("/", 1)[0] + "/" + name


def worker_sizes(text: str) -> list[int]:
    """ "10000,1000000", "10k,1m" or "100_000": the numbers of workers to bench, in the order given."""
    sizes = []
    for part in text.replace("_", "").lower().split(","):
        part = part.strip()
        if part:
            factor = {"k": 1000, "m": 1_000_000}.get(part[-1], 1)
            sizes.append(int(float(part.rstrip("km")) * factor))
    if not sizes:
        raise ValueError(f"no number of workers in {text!r}")
    return sizes


def size_label(workers: int) -> str:
    """10000 → 10k, 1000000 → 1m: a short name for a bench database of that size."""
    for factor, suffix in ((1_000_000, "m"), (1000, "k")):
        if workers >= factor and workers % factor == 0:
            return f"{workers // factor}{suffix}"
    return str(workers)


def child_env(url: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",  # measured as deployed: no SQL kept per query
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "naker.config.settings",
        "NAKER_TASK_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def run_child(env: dict[str, str], *args: str) -> tuple[float, dict[str, Any]]:
    """Runs one bench step in a fresh process; returns wall seconds and the JSON it printed last."""
    started = time.perf_counter()
    command = [sys.executable, str(ROOT / "bench" / "child.py"), *args]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    if done.returncode:
        raise SystemExit(f"bench step {args} failed:\n{done.stderr[-3000:]}")
    out = done.stdout
    return time.perf_counter() - started, json.loads(out.strip().splitlines()[-1])


def migrate_and_seed(db: str, env: dict[str, str], workers: int) -> dict[str, Any]:
    """`migrate`, then `seed_demo --workers N` in a process of its own: its wall time and peak memory."""
    print(f"[{db}] migrating the bench database ...", flush=True)
    run_child(env, "migrate")
    print(f"[{db}] seeding {workers:,} workers ...", flush=True)
    seed_s, seed = run_child(env, "seed", str(workers))
    return {
        "database": db,
        "workers": workers,
        "seed_seconds": round(seed_s, 1),
        "seed_rows_per_second": round(workers / seed_s),
        "seed_peak_rss_mb": round(seed["peak_rss_mb"]),
    }


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} {five:.1f} {fifteen:.1f} on {os.cpu_count()} cores"


def print_percentiles(name: str, r: dict[str, Any]) -> None:
    print(f"  {name:<26} n={r['n']:<5} p50 {r['p50_ms']:>8} ms   p95 {r['p95_ms']:>8} ms")


def report_timings(result: dict[str, Any]) -> None:
    """The seeding line and the in-process timings (API, learning, imports) of one database's run,
    whichever runner made them."""
    print(
        f"\n{result['database']}, {result['workers']:,} workers: seeding {result['seed_seconds']} s "
        f"({result['seed_rows_per_second']:,} workers/s), peak memory {result['seed_peak_rss_mb']} MB"
    )
    for name, r in (result.get("api") or {}).items():
        print_percentiles(name, r)
    learning = result.get("learning")
    if learning:
        print(
            f"  learning: {learning['courses']:,} courses (seeded in {learning['seed_courses_seconds']} s), "
            f"{learning['enrolments']:,} enrolments (seeded in {learning['seed_enrolments_seconds']} s)"
        )
        for name, r in learning.items():
            if isinstance(r, dict):
                print_percentiles(name, r)
    for fmt, r in (result.get("imports") or {}).items():
        print(
            f"  import {fmt:<5} {r['rows']:,} rows in {r['seconds']} s ({r['rows_per_second']:,} rows/s), peak memory "
            f"{r['peak_rss_mb']} MB: {r['created']:,} created, {r['linked']:,} linked, {r['refused']:,} refused"
        )


def report_insights(ins: dict[str, Any] | None) -> None:
    """The aggregates' refresh times and the dashboards' timings."""
    if ins:
        first, again = ins["refresh_seconds"], ins["incremental_refresh_seconds"]
        print(f"  aggregates: first refresh {first} s, incremental {again} s")
        for name, r in ins.items():
            if isinstance(r, dict):
                print_percentiles(name, r)
