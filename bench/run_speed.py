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

Seeding a million workers takes the better part of an hour and timing wants a quiet machine, so the
two can be split: `--stage seed` builds and seeds the database and stops, `--stage measure` later
migrates it (new migrations only) and times it.

The page section uses wrk where it is installed (`apt-get install wrk`), a Python driver otherwise.
Enrolments default to five per worker (5,000,000 at 1,000,000 workers).

Several sizes (issue 13: the table at 10,000 and at 1,000,000 workers, each page's p95 at the large
size within 1.5x its p95 at the small one):

    .venv/bin/python bench/run_speed.py --workers 10000,1000000 --sections pages   # or BENCH_WORKERS=10k,1m

Each size gets a bench database of its own, BENCH_PG_DB with the size appended (naker_bench_10k,
naker_bench_1m; SQLite var/bench_10k.sqlite3, ...); a single size keeps BENCH_PG_DB as it is. Each
run writes bench/results/<db>-pages-<N>-workers.json (with the time, the commit and the load
average), and after the runs the comparison is printed from those files: per page, p50 as a
multiple of the floor at both sizes, p95 at both sizes and the ratio p95(large)/p95(small), flagged
OVER beyond 1.5; in-process and SQL milliseconds and queries of one warm request at both sizes. A
run at one size is thus compared with an earlier run at the other. Without running anything:

    .venv/bin/python bench/run_speed.py --compare --workers 10000,1000000   # or --compare alone: every size found
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import page_speed as pages  # bench/page_speed.py, beside this file
from common import (  # bench/common.py: what this runner shares with bench/run.py
    PG_BENCH_DB,
    RESULTS,
    ROOT,
    child_env,
    database_url,
    load_average,
    migrate_and_seed,
    report_insights,
    report_timings,
    run_child,
    size_label,
    worker_sizes,
)

SECTIONS = ("api", "learning", "imports", "insights", "pages")
P95_GROWTH_BOUND = 1.5  # issue 13, item 5: p95 at 1,000,000 workers within 1.5x p95 at 10,000


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
    name: str = PG_BENCH_DB,
    stage: str = "all",
) -> dict[str, Any] | None:
    url = database_url(db, name, reuse=reuse or stage == "measure")
    if url is None:
        return None
    env = child_env(url)
    if stage == "measure":
        # The data seeded by an earlier --stage seed (most of an hour at a million workers: seeded while the
        # machine was busy and measured when it is quiet): only new migrations, then the sections.
        print(f"[{db}] migrating the bench database seeded earlier ...", flush=True)
        run_child(env, "migrate")
        result: dict[str, Any] = json.loads(seeded_path(db, workers).read_text())
    else:
        result = {**migrate_and_seed(db, env, workers), "enrolments": enrolments}
    if stage == "seed":
        if "pages" in sections:
            print(f"[{db}] seeding {courses:,} courses and {enrolments:,} enrolments ...", flush=True)
            scale_s, scaled = run_child(env, "scale", str(courses), str(enrolments))
            result["scale_seconds"] = round(scale_s, 1)
            result["scale_analyze_seconds"] = scaled.get("analyze_seconds")
        print(f"[{db}] settling the bench database (VACUUM) ...", flush=True)
        result["settle_seconds"] = round(run_child(env, "settle")[0], 1)
        seeded_path(db, workers).write_text(json.dumps(result, indent=2))
        print(f"[{db}] seeded; measure later with --stage measure", flush=True)
        return None
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
        if "learning" not in sections and stage != "measure":
            print(f"[{db}] seeding {courses:,} courses and {enrolments:,} enrolments ...", flush=True)
            scale_s, scaled = run_child(env, "scale", str(courses), str(enrolments))
            result["scale_seconds"] = round(scale_s, 1)
            result["scale_analyze_seconds"] = scaled.get("analyze_seconds")
        print(f"[{db}] timing every key page from outside (gunicorn, 8 connections) ...", flush=True)
        _, plan = run_child(env, "pages_plan")
        server_env = {**env, "NAKER_STATIC_COLLECTED": "0"}
        load_before = load_average()
        result["pages"] = pages.measure(server_env, plan["plan"], seconds=page_seconds, rounds=page_rounds)
        result["pages"]["load_average"] = {"before": load_before, "after": load_average()}
    result["measured_at"] = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    result["commit"] = _commit()
    return result


def _commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)  # noqa: S607
    return done.stdout.strip() or "?"


def seeded_path(db: str, workers: int) -> Path:
    """What --stage seed left for --stage measure: the seeding figures of that database and size."""
    return RESULTS / f"{db}-seeded-{workers}-workers.json"


def results_path(db: str, workers: int) -> Path:
    return RESULTS / f"{db}-pages-{workers}-workers.json"


def load_result(db: str, workers: int) -> dict[str, Any] | None:
    """The last page table of that database and size (also from the file name used before the comparison)."""
    for path in (results_path(db, workers), RESULTS / f"{db}-{workers}-workers.json"):
        if path.exists():
            result = json.loads(path.read_text())
            if result.get("pages"):
                return dict(result)
    return None


def sizes_found(db: str) -> list[int]:
    found = set()
    for path in RESULTS.glob(f"{db}-*workers.json"):
        number = path.name.removeprefix(f"{db}-").removeprefix("pages-").split("-")[0]
        if number.isdigit() and load_result(db, int(number)):
            found.add(int(number))
    return sorted(found)


def compare(small: dict[str, Any], large: dict[str, Any]) -> None:
    """Per page: p50 x floor at both sizes, p95 at both sizes and their ratio against the bound."""
    a, b = size_label(small["workers"]), size_label(large["workers"])
    print(
        f"\n  pages, {small['database']}: {small['workers']:,} workers ({small['enrolments']:,} enrolments) against "
        f"{large['workers']:,} ({large['enrolments']:,}); p95 bound {P95_GROWTH_BOUND}x"
    )
    for r in (small, large):
        load = r["pages"].get("load_average") or {}
        print(
            f"  {size_label(r['workers'])}: measured {r.get('measured_at', '?')} at {r.get('commit', '?')}, "
            f"{r['pages']['tool']}, load average before {load.get('before', '?')}, after {load.get('after', '?')}"
        )
    print(
        f"  {'page':<30} {'x floor ' + a:>10} {b:>6} {'bound':>5} {'p50 ' + a:>9} {b:>7} {'p95 ' + a:>9} {b:>7} "
        f"{'p95 ' + b + '/' + a:>9} {'in-proc ms ' + a:>14} {b:>6} {'SQL ms ' + a:>10} {b:>6} {'queries':>7}"
    )
    rows = {r["name"]: r for r in large["pages"]["rows"]}
    over = []
    for s in small["pages"]["rows"]:
        r = rows.get(s["name"])
        if r is None:
            continue
        ratio = r["p95_ms"] / s["p95_ms"] if s["p95_ms"] else float("inf")
        marks = []
        if ratio > P95_GROWTH_BOUND:
            marks.append("p95 OVER")
            over.append(s["name"])
        if pages.within(s) is False or pages.within(r) is False:
            marks.append("x floor OVER")
        bound = f"{pages.bound_of(r)}x" if pages.bound_of(r) else ""
        queries = str(r.get("queries"))
        if s.get("queries") != r.get("queries"):
            queries = f"{s.get('queries')}/{queries}"
        print(
            f"  {s['name'][:30]:<30} {s['x_floor']:>10} {r['x_floor']:>6} {bound:>5} {s['p50_ms']:>9} {r['p50_ms']:>7} "
            f"{s['p95_ms']:>9} {r['p95_ms']:>7} {ratio:>9.2f} {_blank(s.get('inproc_ms')):>14} "
            f"{_blank(r.get('inproc_ms')):>6} {_blank(s.get('sql_ms')):>10} {_blank(r.get('sql_ms')):>6} {queries:>7} "
            f"{' '.join(marks)}"
        )
    print(f"  p95 beyond {P95_GROWTH_BOUND}x: {', '.join(over) if over else 'none'}")


def _blank(value: Any) -> Any:
    return "" if value is None else value


def compare_sizes(db: str, sizes: list[int]) -> None:
    """The smallest size against each larger one, from the result files of the sizes given (every size
    found in bench/results/ when fewer than two are given)."""
    if len(set(sizes)) < 2:
        sizes = sizes_found(db)
    found = [r for r in (load_result(db, n) for n in sorted(set(sizes))) if r]
    for large in found[1:]:
        compare(found[0], large)


def _api(db: str, env: dict[str, str], repeats: int) -> dict[str, Any]:
    print(
        f"[{db}] timing the API ({repeats} registrations and logins, {repeats * 3} GET /me, member pages) ...",
        flush=True,
    )
    _, api = run_child(env, "api", str(repeats))
    return dict(api)


def report(result: dict[str, Any]) -> None:
    report_timings(result)
    if result.get("scale_seconds") is not None:
        print(
            f"  {result['enrolments']:,} enrolments and the bench courses seeded in {result['scale_seconds']} s "
            f"(of which ANALYZE {result.get('scale_analyze_seconds')} s)"
        )
    report_insights(result.get("insights"))
    if result.get("pages"):
        pages.report(
            result["pages"], database=result["database"], workers=result["workers"], enrolments=result["enrolments"]
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--workers",
        type=worker_sizes,
        help="workers to seed: one size or several, 10000,1000000 (10k,1m); each in a database of its own",
    )
    parser.add_argument("--db", action="append", choices=["sqlite", "postgres"])
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--courses", type=int, default=int(os.environ.get("BENCH_COURSES", "20000")))
    parser.add_argument(
        "--enrolments",
        type=int,
        default=int(os.environ.get("BENCH_ENROLMENTS", "0")) or None,
        help="default: five per worker",
    )
    parser.add_argument("--import-rows", type=int, default=int(os.environ.get("BENCH_IMPORT_ROWS", "100000")))
    parser.add_argument(
        "--sections",
        default=os.environ.get("BENCH_SECTIONS", ",".join(SECTIONS)),
        help=f"comma-separated, of {', '.join(SECTIONS)}",
    )
    parser.add_argument("--page-seconds", type=float, default=5)
    parser.add_argument("--page-rounds", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="keep the last run's bench database (seeding tops it up)")
    parser.add_argument(
        "--stage",
        choices=["all", "seed", "measure"],
        default="all",
        help="seed: a fresh database seeded and left (the slow part, any time); measure: the database "
        "--stage seed left, timed (on a quiet machine); all: both",
    )
    parser.add_argument(
        "--compare",
        action="store_true",
        help="run nothing: compare the page tables in bench/results/ of the sizes given (of every size found)",
    )
    args = parser.parse_args()
    sections = tuple(s for s in args.sections.split(",") if s)
    databases = args.db or ["sqlite", "postgres"]
    given = args.workers or (worker_sizes(os.environ["BENCH_WORKERS"]) if os.environ.get("BENCH_WORKERS") else [])
    if args.compare:
        for db in databases:
            compare_sizes(db, given)
        return
    args.workers = given or [100_000]
    RESULTS.mkdir(parents=True, exist_ok=True)
    several = len(args.workers) > 1
    for db in databases:
        for workers in args.workers:
            enrolments = args.enrolments if args.enrolments is not None else 5 * workers
            result = bench(
                db,
                workers,
                args.repeats,
                args.courses,
                enrolments,
                args.import_rows,
                sections,
                args.page_seconds,
                args.page_rounds,
                args.reuse,
                f"{PG_BENCH_DB}_{size_label(workers)}" if several else PG_BENCH_DB,
                args.stage,
            )
            if result is None:
                continue
            report(result)
            results_path(db, workers).write_text(json.dumps(result, indent=2))
        if "pages" in sections:
            compare_sizes(db, args.workers)


if __name__ == "__main__":
    main()
