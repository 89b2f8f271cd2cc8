"""make bench, second part: the page speed table of issue 13 (every key page beside the floor view),
after generating data at scale, on SQLite and PostgreSQL.

    .venv/bin/python bench/run_speed.py --workers 100000 [--db sqlite] [--db postgres] [--reuse]

For each database: a fresh bench database, `migrate`, `seed_demo --workers N` (wall time and peak
memory of that process), then through the API in-process (Django's test client, no network):
registration, token login and GET /me, each repeated; p50/p95 in milliseconds. Real Argon2
hashing, as in production. Then the pages from outside (bench/pages.py): gunicorn with 2 sync
workers, wrk with 8 connections, every key page beside the floor (a bare view through the same
middleware), median of three interleaved runs. Results are printed and written to bench/results/
(not committed).

    .venv/bin/python bench/run_speed.py --workers 10000 --sections pages      # the page table alone

The page section uses wrk where it is installed (`apt-get install wrk`), a Python driver otherwise.
Enrolments default to five per worker (5,000,000 at 1,000,000 workers).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import page_speed as pages  # bench/page_speed.py, beside this file
from common import (  # bench/common.py: what this runner shares with bench/run.py
    RESULTS,
    ROOT,
    child_env,
    database_url,
    load_average,
    migrate_and_seed,
    report_insights,
    report_timings,
    run_child,
)

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
    env = child_env(url)
    result: dict[str, Any] = {**migrate_and_seed(db, env, workers), "enrolments": enrolments}
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
        load_before = load_average()
        result["pages"] = pages.measure(server_env, plan["plan"], seconds=page_seconds, rounds=page_rounds)
        result["pages"]["load_average"] = {"before": load_before, "after": load_average()}
    return result


def _api(db: str, env: dict[str, str], repeats: int) -> dict[str, Any]:
    print(
        f"[{db}] timing the API ({repeats} registrations and logins, {repeats * 3} GET /me, member pages) ...",
        flush=True,
    )
    _, api = run_child(env, "api", str(repeats))
    return dict(api)


def report(result: dict[str, Any]) -> None:
    report_timings(result)
    report_insights(result.get("insights"))
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
