"""make bench: generate data at scale, then time what the platform does, on SQLite and PostgreSQL.

    .venv/bin/python bench/run.py --workers 100000 [--db sqlite] [--db postgres] [--keep]
    .venv/bin/python bench/run.py --search-relevance [--db sqlite] [--db postgres]   (that section alone)
    .venv/bin/python bench/run.py --search-speed [--courses 20000]   (search page and API at scale alone)
    .venv/bin/python bench/run.py --only pages    (the worker pages' bytes and requests alone)
    .venv/bin/python bench/run.py --only matching --workers 10000 --opportunities 1000   (matching alone)

For each database: a fresh bench database, `migrate`, `seed_demo --workers N` (wall time and peak
memory of that process), then through the API in-process (Django's test client, no network):
registration, token login and GET /me, each repeated; p50/p95 in milliseconds. Real Argon2
hashing, as in production. Then, in a database of its own, the course search's relevance on the
judged set in bench/search_judged/ (nDCG@10, MRR, recall@20, false hits on no-answer queries, per
kind of query, beside a plain word-overlap baseline). Results are printed and written to bench/results/ (not committed).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # bench/common.py, beside this file
    PG_BENCH_DB,
    RESULTS,
    ROOT,
    child_env,
    database_url,
    migrate_and_seed,
    print_percentiles,
    report_insights,
    report_timings,
    run_child,
    worker_sizes,
)


def bench(
    db: str,
    workers: int,
    repeats: int,
    courses: int,
    enrolments: int,
    import_rows: int,
    certificates: int = 0,
    stored_certificates: int = 0,
    only: str = "",
) -> dict[str, Any] | None:
    url = database_url(db)
    if url is None:
        return None
    env = child_env(url)
    seeded = migrate_and_seed(db, env, workers)
    print(f"[{db}] weighing the worker pages (first and second visit) ...", flush=True)
    _, pages = run_child(env, "pages")
    if only == "pages":
        return {"database": db, "workers": workers, "pages": pages}
    credentials_result = None
    if certificates:
        print(
            f"[{db}] issuing {certificates:,} certificates (credential + PDF), storing {stored_certificates:,}, "
            "timing verification ...",
            flush=True,
        )
        _, credentials_result = run_child(
            env, "credentials", str(certificates), str(stored_certificates), str(repeats * 4)
        )
    if only == "credentials":
        return {**seeded, "api": {}, "credentials": credentials_result}
    print(
        f"[{db}] timing the API ({repeats} registrations and logins, {repeats * 3} GET /me, member pages) ...",
        flush=True,
    )
    _, api = run_child(env, "api", str(repeats))
    learning_result = None
    if courses:
        print(
            f"[{db}] seeding {courses:,} courses and {enrolments:,} enrolments, timing the learning pages ...",
            flush=True,
        )
        _, learning_result = run_child(env, "learning", str(courses), str(enrolments), str(repeats))
    imports = {}
    if import_rows:
        print(f"[{db}] importing {import_rows:,} member rows from CSV and from XLSX ...", flush=True)
        _, files = run_child(env, "write_members", str(import_rows), str(ROOT / "var" / "bench-files"))
        for fmt in ("csv", "xlsx"):
            _, imports[fmt] = run_child(env, "import", files[fmt], f"bench-import-{fmt}")
    print(f"[{db}] refreshing the aggregates and timing dashboards ...", flush=True)
    _, insights_result = run_child(env, "insights", str(repeats))
    return {
        "pages": pages,
        "imports": imports,
        "insights": insights_result,
        "learning": learning_result,
        **seeded,
        "api": api,
        "credentials": credentials_result,
    }


def search_relevance(db: str) -> dict[str, Any] | None:
    """The judged set in a fresh database of its own (the scale data would drown it)."""
    url = database_url(db, f"{PG_BENCH_DB}_search")
    if url is None:
        return None
    env = child_env(url)
    print(f"[{db}] search relevance on the judged set ...", flush=True)
    run_child(env, "migrate")
    _, result = run_child(env, "search_relevance")
    return {"database": db, **result}


def search_speed(db: str, courses: int, repeats: int) -> dict[str, Any] | None:
    """Issue 12: the search page and the course API with words, on `courses` courses, in a fresh
    database of its own (no workers: the search does not read them)."""
    url = database_url(db, f"{PG_BENCH_DB}_search_speed")
    if url is None:
        return None
    env = child_env(url)
    print(f"[{db}] search speed on {courses:,} courses ...", flush=True)
    run_child(env, "migrate")
    load = os.getloadavg()
    _, result = run_child(env, "search_speed", str(courses), str(repeats))
    return {"database": db, "load_before": [round(x, 2) for x in load], **result}


def report_search_speed(result: dict[str, Any]) -> None:
    print(
        f"\n{result['database']}: search speed, {result['courses']:,} courses "
        f"(load average before: {' '.join(map(str, result['load_before']))})"
    )
    print("  courses found: " + ", ".join(f"{q!r} {n}" for q, n in result["matched"].items()))
    for name in ("search_page", "api_courses", "search_page_typo"):
        r = result[name]
        print(f"  {name:<18} n={r['n']:<5} p50 {r['p50_ms']:>8} ms   p95 {r['p95_ms']:>8} ms")


KINDS = ["typo", "affix", "topic", "loanword", "slang", "multiword", "none", "overall"]


def report_relevance(result: dict[str, Any]) -> None:
    print(
        f"\n{result['database']}: search relevance, {result['courses']} courses, {result['queries']} judged queries "
        "(search | word-overlap baseline)"
    )
    print(f"  {'kind':<10} {'n':>3}  {'nDCG@10':>13}  {'MRR':>13}  {'recall@20':>13}  {'no result':>13}")
    ours, base = result["search"], result["baseline"]
    for kind in KINDS:
        if kind not in ours:
            continue
        a, b = ours[kind], base[kind]
        if kind == "none":
            print(
                f"  {kind:<10} {a['n']:>3}  courses in top 5 per no-answer query: mean {a['false_top5_mean']} "
                f"(max {a['false_top5_max']}, {a['answered']} queries answered) | mean {b['false_top5_mean']} "
                f"(max {b['false_top5_max']}, {b['answered']} answered)"
            )
            continue
        cells = "  ".join(f"{a[m]:>6.3f} {b[m]:>6.3f}" for m in ("ndcg10", "mrr", "recall20", "empty"))
        print(f"  {kind:<10} {a['n']:>3}  {cells}")
    if ours.get("misses"):
        print("  not first (search):")
        for miss in ours["misses"]:
            print(f"    {miss}")


def bench_matching(db: str, workers: int, opportunities: int, repeats: int) -> dict[str, Any] | None:
    """Issue 11: a fresh database, bulk-generated workers' skill profiles and open opportunities, then
    a worker's top 20 matches, an opportunity's top 50 candidates and a learning path, p50/p95."""
    url = database_url(db)
    if url is None:
        return None
    env = child_env(url)
    print(f"[{db}] migrating a fresh bench database ...", flush=True)
    run_child(env, "migrate")
    print(
        f"[{db}] generating {workers:,} workers and {opportunities:,} open opportunities, timing matching ...",
        flush=True,
    )
    seconds, result = run_child(env, "matching", str(workers), str(opportunities), str(repeats))
    return {"database": db, "wall_seconds": round(seconds, 1), **result}


def report_matching(r: dict[str, Any]) -> None:
    print(
        f"\n{r['database']}, matching: {r['workers']:,} workers ({r['worker_skill_rows']:,} skill evidence rows), "
        f"{r['opportunities']:,} open opportunities ({r['opportunity_skill_rows']:,} skill rows); generated in "
        f"{sum(r['seconds'].values()):.0f} s {r['seconds']}"
    )
    for name in ("worker_matches_top20", "opportunity_candidates_top50", "learning_path"):
        x = r[name]
        print_percentiles(name, x)
    for name, x in r["cpu"].items():
        print(f"  cpu of the request: {name:<11} p50 {x['p50_ms']:>8} ms   p95 {x['p95_ms']:>8} ms")
    print(f"  mean matches returned {r['mean_matches_returned']}, candidates returned {r['mean_candidates_returned']}")
    print(f"  load average during the run: {r['load_average']:.1f} (2 cores shared)")


def report(result: dict[str, Any]) -> None:
    from pages import report as report_pages

    if "api" not in result:
        print(f"\n{result['database']}, {result['workers']:,} workers:")
        report_pages(result["pages"])
        return
    report_timings(result)
    report_pages(result["pages"])
    cred = result.get("credentials")
    if cred:
        print(
            f"  certificates: {cred['issued']:,} issued in {cred['issue_wall_seconds']} s "
            f"({cred['issue_rate_per_second']}/s): record + sign {cred['issue_record_and_sign_ms_mean']} ms "
            f"(of which RSA signing {cred['sign_only_ms_mean']} ms), PDF {cred['pdf_ms_mean']} ms per certificate"
        )
        print(f"  {cred['stored']:,} certificates stored ({cred['bulk_seconds']} s to add the bulk rows)")
        for name in ("verify_api", "verify_page", "my_certificates_20"):
            print_percentiles(name, cred[name])
    report_insights(result.get("insights"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--workers",
        type=lambda text: worker_sizes(text)[0],
        default=worker_sizes(os.environ.get("BENCH_WORKERS", "100000"))[0],
        help="workers to seed (of a list, BENCH_WORKERS=10000,1000000, the first: the page table takes them all)",
    )
    parser.add_argument("--db", action="append", choices=["sqlite", "postgres"])
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--courses", type=int, default=int(os.environ.get("BENCH_COURSES", "20000")))
    parser.add_argument("--enrolments", type=int, default=int(os.environ.get("BENCH_ENROLMENTS", "5000000")))
    parser.add_argument("--import-rows", type=int, default=int(os.environ.get("BENCH_IMPORT_ROWS", "100000")))
    parser.add_argument("--search-relevance", action="store_true", help="only the search relevance section")
    parser.add_argument("--search-speed", action="store_true", help="only the search page and API at --courses")
    parser.add_argument("--certificates", type=int, default=int(os.environ.get("BENCH_CERTIFICATES", "10000")))
    parser.add_argument(
        "--stored-certificates", type=int, default=int(os.environ.get("BENCH_STORED_CERTIFICATES", "1000000"))
    )
    parser.add_argument(
        "--only",
        choices=["pages", "credentials", "matching"],
        default="",
        help="seed the workers, then only this section (pages: 300 workers unless --workers)",
    )
    parser.add_argument("--opportunities", type=int, default=int(os.environ.get("BENCH_OPPORTUNITIES", "0")))
    args = parser.parse_args()
    if args.only == "pages" and "--workers" not in sys.argv:
        args.workers = 300
    RESULTS.mkdir(parents=True, exist_ok=True)
    if args.search_speed:
        for db in args.db or ["sqlite", "postgres"]:
            speed = search_speed(db, args.courses, args.repeats)
            if speed is not None:
                report_search_speed(speed)
                (RESULTS / f"{db}-search-speed-{args.courses}-courses.json").write_text(json.dumps(speed, indent=2))
        return
    if args.only == "matching" or args.opportunities:
        opportunities = args.opportunities or max(1, args.workers // 10)
        for db in args.db or ["sqlite", "postgres"]:
            found = bench_matching(db, args.workers, opportunities, args.repeats)
            if found is None:
                continue
            report_matching(found)
            name = f"{db}-matching-{args.workers}-workers-{opportunities}-opportunities.json"
            (RESULTS / name).write_text(json.dumps(found, indent=2))
        if args.only:
            return
    for db in args.db or ["sqlite", "postgres"]:
        relevance = None if args.only else search_relevance(db)
        if relevance is not None:
            report_relevance(relevance)
            (RESULTS / f"{db}-search-relevance.json").write_text(json.dumps(relevance, indent=2))
        if args.search_relevance:
            continue
        result = bench(
            db,
            args.workers,
            args.repeats,
            args.courses,
            args.enrolments,
            args.import_rows,
            args.certificates,
            args.stored_certificates,
            args.only or "",
        )
        if result is None:
            continue
        report(result)
        (RESULTS / f"{db}-{args.workers}-workers{'-' + args.only if args.only else ''}.json").write_text(
            json.dumps(result, indent=2)
        )


if __name__ == "__main__":
    main()
