"""make bench, second part: the page speed table of issue 13 (every key page beside the floor view),
after generating data at scale, on SQLite and PostgreSQL.

    .venv/bin/python bench/run.py --workers 100000 [--db sqlite] [--db postgres] [--keep]

For each database: a fresh bench database, `migrate`, `seed_demo --workers N` (wall time and peak
memory of that process), then through the API in-process (Django's test client, no network):
registration, token login and GET /me, each repeated; p50/p95 in milliseconds. Real Argon2
hashing, as in production. Then the pages from outside (bench/pages.py): gunicorn with 2 sync
workers, wrk with 8 connections, every key page beside the floor (a bare view through the same
middleware), median of three interleaved runs. Results are printed and written to bench/results/
(not committed).

    .venv/bin/python bench/run.py --workers 10000 --sections pages      # the page table alone

The page section uses wrk where it is installed (`apt-get install wrk`), a Python driver otherwise.
Enrolments default to five per worker (5,000,000 at 1,000,000 workers).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import page_speed as pages  # bench/page_speed.py, beside this file

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PG_SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PG_BENCH_DB = os.environ.get("BENCH_PG_DB", "naker_bench")


def database_url(db: str, *, reuse: bool = False) -> str | None:
    """A fresh bench database (or, with reuse, the one left by the last run: seeding tops it up)."""
    if db == "sqlite":
        path = ROOT / "var" / "bench.sqlite3"
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
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PG_BENCH_DB]).fetchone()
            if not (reuse and exists):
                conn.execute(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)")
                conn.execute(f"CREATE DATABASE {PG_BENCH_DB}")
    except psycopg.OperationalError as exc:
        print(f"PostgreSQL skipped: {exc}".strip())
        return None
    return PG_SERVER.rsplit("/", 1)[0] + "/" + PG_BENCH_DB


def run_child(env: dict[str, str], *args: str) -> tuple[float, dict[str, Any]]:
    """Runs one bench step in a fresh process; returns wall seconds and the JSON it printed last."""
    started = time.perf_counter()
    command = [sys.executable, str(ROOT / "bench" / "child.py"), *args]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    if done.returncode:
        raise SystemExit(f"bench step {args} failed:\n{done.stderr[-3000:]}")
    out = done.stdout
    return time.perf_counter() - started, json.loads(out.strip().splitlines()[-1])


SECTIONS = ("api", "learning", "imports", "insights", "pages")


def bench(
    db: str,
    workers: int,
    repeats: int,
    courses: int,
    enrolments: int,
    import_rows: int,
    sections: tuple[str, ...] = SECTIONS,
    page_seconds: float = 5,
    page_rounds: int = 3,
    reuse: bool = False,
) -> dict[str, Any] | None:
    url = database_url(db, reuse=reuse)
    if url is None:
        return None
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",  # measured as deployed: no SQL kept per query
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "naker.config.settings",
        "NAKER_TASK_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    print(f"[{db}] migrating a fresh bench database ...", flush=True)
    run_child(env, "migrate")
    print(f"[{db}] seeding {workers:,} workers ...", flush=True)
    seed_s, seed = run_child(env, "seed", str(workers))
    result: dict[str, Any] = {
        "database": db,
        "workers": workers,
        "enrolments": enrolments,
        "seed_seconds": round(seed_s, 1),
        "seed_rows_per_second": round(workers / seed_s),
        "seed_peak_rss_mb": round(seed["peak_rss_mb"]),
    }
    if "api" in sections:
        result["api"] = _api(db, env, repeats)
    if "learning" in sections and courses:
        print(
            f"[{db}] seeding {courses:,} courses and {enrolments:,} enrolments, timing the learning pages ...",
            flush=True,
        )
        _, result["learning"] = run_child(env, "learning", str(courses), str(enrolments), str(repeats))
    if "imports" in sections and import_rows:
        imports = result["imports"] = {}
        print(f"[{db}] importing {import_rows:,} member rows from CSV and from XLSX ...", flush=True)
        _, files = run_child(env, "write_members", str(import_rows), str(ROOT / "var" / "bench-files"))
        for fmt in ("csv", "xlsx"):
            _, imports[fmt] = run_child(env, "import", files[fmt], f"bench-import-{fmt}")
    if "insights" in sections:
        print(f"[{db}] refreshing the aggregates and timing dashboards ...", flush=True)
        _, result["insights"] = run_child(env, "insights", str(repeats))
    if "pages" in sections:
        if "learning" not in sections:
            print(f"[{db}] seeding {courses:,} courses and {enrolments:,} enrolments ...", flush=True)
            scale_s, _ = run_child(env, "scale", str(courses), str(enrolments))
            result["scale_seconds"] = round(scale_s, 1)
        print(f"[{db}] timing every key page from outside (gunicorn, 8 connections) ...", flush=True)
        _, plan = run_child(env, "pages_plan")
        server_env = {**env, "NAKER_STATIC_COLLECTED": "0"}
        result["pages"] = pages.measure(server_env, plan["plan"], seconds=page_seconds, rounds=page_rounds)
    return result


def _api(db: str, env: dict[str, str], repeats: int) -> dict[str, Any]:
    print(
        f"[{db}] timing the API ({repeats} registrations and logins, {repeats * 3} GET /me, member pages) ...",
        flush=True,
    )
    _, api = run_child(env, "api", str(repeats))
    return dict(api)


def report(result: dict[str, Any]) -> None:
    print(
        f"\n{result['database']}, {result['workers']:,} workers: seeding {result['seed_seconds']} s "
        f"({result['seed_rows_per_second']:,} workers/s), peak memory {result['seed_peak_rss_mb']} MB"
    )
    for name, r in result.get("api", {}).items():
        print(f"  {name:<26} n={r['n']:<5} p50 {r['p50_ms']:>8} ms   p95 {r['p95_ms']:>8} ms")
    learning = result.get("learning")
    if learning:
        print(
            f"  learning: {learning['courses']:,} courses (seeded in {learning['seed_courses_seconds']} s), "
            f"{learning['enrolments']:,} enrolments (seeded in {learning['seed_enrolments_seconds']} s)"
        )
        for name, r in learning.items():
            if isinstance(r, dict):
                print(f"  {name:<26} n={r['n']:<5} p50 {r['p50_ms']:>8} ms   p95 {r['p95_ms']:>8} ms")
    for fmt, r in result.get("imports", {}).items():
        print(
            f"  import {fmt:<5} {r['rows']:,} rows in {r['seconds']} s ({r['rows_per_second']:,} rows/s), peak memory "
            f"{r['peak_rss_mb']} MB: {r['created']:,} created, {r['linked']:,} linked, {r['refused']:,} refused"
        )
    ins = result.get("insights") or {}
    if ins:
        first, again = ins["refresh_seconds"], ins["incremental_refresh_seconds"]
        print(f"  aggregates: first refresh {first} s, incremental {again} s")
        for name, r in ins.items():
            if isinstance(r, dict):
                print(f"  {name:<26} n={r['n']:<5} p50 {r['p50_ms']:>8} ms   p95 {r['p95_ms']:>8} ms")
    if result.get("pages"):
        pages.report(
            result["pages"], database=result["database"], workers=result["workers"], enrolments=result["enrolments"]
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("BENCH_WORKERS", "100000")))
    parser.add_argument("--db", action="append", choices=["sqlite", "postgres"])
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--courses", type=int, default=int(os.environ.get("BENCH_COURSES", "20000")))
    parser.add_argument("--enrolments", type=int, default=int(os.environ.get("BENCH_ENROLMENTS", "0")) or None)
    parser.add_argument("--import-rows", type=int, default=int(os.environ.get("BENCH_IMPORT_ROWS", "100000")))
    parser.add_argument(
        "--sections",
        default=os.environ.get("BENCH_SECTIONS", ",".join(SECTIONS)),
        help=f"comma-separated, of {', '.join(SECTIONS)}",
    )
    parser.add_argument("--page-seconds", type=float, default=5)
    parser.add_argument("--page-rounds", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="keep the last run's bench database (seeding tops it up)")
    args = parser.parse_args()
    sections = tuple(s for s in args.sections.split(",") if s)
    enrolments = args.enrolments if args.enrolments is not None else 5 * args.workers
    RESULTS.mkdir(parents=True, exist_ok=True)
    for db in args.db or ["sqlite", "postgres"]:
        result = bench(
            db,
            args.workers,
            args.repeats,
            args.courses,
            enrolments,
            args.import_rows,
            sections,
            args.page_seconds,
            args.page_rounds,
            args.reuse,
        )
        if result is None:
            continue
        report(result)
        (RESULTS / f"{db}-{args.workers}-workers.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
