"""make load: the launch-day scenario (bench/load/locustfile.py) in steps of users against both layouts,
and a markdown report (var/load/report-<time>.md, not committed).

    .venv/bin/python bench/load/run.py [--layout prod] [--layout run] [--workers 100000]
        [--steps 10,20,40,80,160] [--step-seconds 60] [--p95-limit-ms 2000] [--error-limit 0.01]

For each layout: start it on loopback with `--workers` seeded workers (reused when already there:
seed_demo tops up), then one step per user count, each a separate locust run bounded in users,
spawn rate and time; the first step also carries the union officer's import of 10,000 rows (it lasts
until the import is done, at most --import-seconds). A step is saturated when the p95 of all requests
passes --p95-limit-ms or more than --error-limit of them fail; one step beyond the first saturated
one shows what overload does (queued, or shed with 503 + Retry-After; never 500), then the layout stops.

Layouts (ports of their own, never the developer's):
  prod  deploy/prod.sh on https://127.0.0.1:8643: nginx, 2 gunicorn instances (gthread 2x4), 2 RQ workers,
        the scheduler, PostgreSQL (database LOAD_PG_DB, default `load`) and Redis (database 13).
  run   what `make run` starts, on http://127.0.0.1:8790 and the SQLite file var/load/run.sqlite3:
        gunicorn with 2 (sync) workers, the database task worker and the scheduler.
Resource use is sampled every 2 s from psutil: CPU (cores busy, average over the step) and peak RSS of
each process group (web, task workers, nginx; PostgreSQL backends of the load database; Redis).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
import identities  # bench/load/identities.py, beside this file

ROOT = Path(__file__).resolve().parent.parent.parent
OUT = ROOT / "var" / "load"
PY = str(ROOT / ".venv" / "bin" / "python")
LOCUST = str(ROOT / ".venv" / "bin" / "locust")
BASH = shutil.which("bash") or "/bin/bash"
MAKE = shutil.which("make") or "/usr/bin/make"
PROD_ENV = {
    "NAKER_PROD_DIR": str(OUT / "prod"),
    "NAKER_PROD_DB": os.environ.get("LOAD_PG_DB", "load"),
    "NAKER_PROD_REDIS": os.environ.get("LOAD_REDIS", "redis://127.0.0.1:6379/13"),
    "NAKER_PROD_HTTPS_PORT": "8643",
    "NAKER_PROD_HTTP_PORT": "8680",
    "NAKER_PROD_WEB_PORT": "8701",
}
RUN_PORT = 8790
RUN_DB = OUT / "run.sqlite3"
# The request kinds, in the report's order.
KINDS = [
    "register",
    "token",
    "login page",
    "search",
    "search page",
    "course page",
    "course",
    "enrol",
    "lesson done",
    "my learning page",
    "dashboard nation",
    "dashboard province",
    "dashboard regency",
    "dashboard organization",
    "dashboard chamber",
    "import page",
    "import upload",
    "import mapping",
    "import confirm",
    "import poll",
]


def say(text: str) -> None:
    print(f"[load {time.strftime('%H:%M:%S')}] {text}", flush=True)


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def next_run() -> int:
    counter = OUT / "run-counter"
    n = int(counter.read_text()) + 1 if counter.exists() else 0
    counter.write_text(str(n))
    return n % identities.RUNS


# ---------------------------------------------------------------- layouts
class Layout:
    name = ""
    url = ""
    db = ""

    def up(self, workers: int) -> None: ...
    def down(self) -> None: ...
    def groups(self) -> dict[str, set[int]]:
        return {}


def _pids_of_groups(pgids: dict[str, int]) -> dict[str, set[int]]:
    found: dict[str, set[int]] = {name: set() for name in pgids}
    by_pgid = {v: k for k, v in pgids.items()}
    for proc in psutil.process_iter(["pid"]):
        try:
            name = by_pgid.get(os.getpgid(proc.pid))
        except OSError:
            continue
        if name:
            found[name].add(proc.pid)
            # RQ's work horse (the forked child that runs a job) starts a session of its own.
            with contextlib.suppress(psutil.Error):
                found[name].update(c.pid for c in proc.children(recursive=True))
    return found


def _postgres_backends(database: str) -> set[int]:
    pids = set()
    for proc in psutil.process_iter(["pid", "cmdline", "username"]):
        cmd = " ".join(proc.info["cmdline"] or [])
        if cmd.startswith("postgres:") and f" {database} " in cmd:
            pids.add(proc.pid)
    return pids


def _redis() -> set[int]:
    return {p.pid for p in psutil.process_iter(["name"]) if (p.info["name"] or "").startswith("redis-server")}


class Prod(Layout):
    name = "prod"
    url = f"https://127.0.0.1:{PROD_ENV['NAKER_PROD_HTTPS_PORT']}"
    db = f"PostgreSQL ({PROD_ENV['NAKER_PROD_DB']})"

    def env(self, workers: int = 300) -> dict[str, str]:
        return {**os.environ, **PROD_ENV, "NAKER_PROD_SEED_WORKERS": str(workers)}

    def up(self, workers: int) -> None:
        if list((OUT / "prod" / "run").glob("*.pgid")) and (OUT / "prod" / "nginx" / "nginx.pid").exists():
            say("the production layout runs already (--keep): reused as it is")
            return
        subprocess.run([BASH, "deploy/prod.sh", "up"], cwd=ROOT, env=self.env(workers), check=True)  # noqa: S603

    def down(self) -> None:
        subprocess.run([BASH, "deploy/prod.sh", "down"], cwd=ROOT, env=self.env(), check=False)  # noqa: S603

    def groups(self) -> dict[str, set[int]]:
        run = OUT / "prod" / "run"
        pgids = {f.stem: int(f.read_text()) for f in run.glob("*.pgid")}
        by_group = _pids_of_groups(pgids)
        merged: dict[str, set[int]] = {
            "gunicorn (2 instances)": set().union(*(v for k, v in by_group.items() if k.startswith("web"))),
            "RQ workers + scheduler": set().union(
                *(v for k, v in by_group.items() if k.startswith("rq") or k == "scheduler")
            ),
        }
        pid_file = OUT / "prod" / "nginx" / "nginx.pid"
        if pid_file.exists():
            try:
                master = psutil.Process(int(pid_file.read_text()))
                merged["nginx"] = {master.pid, *(c.pid for c in master.children())}
            except (psutil.Error, ValueError):
                pass
        merged["PostgreSQL (backends of the load database)"] = _postgres_backends(PROD_ENV["NAKER_PROD_DB"])
        merged["Redis (the machine's, shared)"] = _redis()
        return merged


class Run(Layout):
    name = "run"
    url = f"http://127.0.0.1:{RUN_PORT}"
    db = "SQLite"

    def __init__(self) -> None:
        self.proc: subprocess.Popen[bytes] | None = None

    def env(self) -> dict[str, str]:
        return {**os.environ, "DATABASE_URL": f"sqlite:///{RUN_DB}", "NAKER_VAR_DIR": str(OUT / "run-var")}

    def up(self, workers: int) -> None:
        env = self.env()
        say(f"make run layout: migrate and seed {workers} workers into {RUN_DB}")
        subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
        subprocess.run(  # noqa: S603
            [PY, "manage.py", "seed_demo", "--no-progress", "--workers", str(workers)], cwd=ROOT, env=env, check=True
        )
        log = (OUT / "run-layout.log").open("ab")
        # `make run` itself (its seed step finds the data there), in a process group of its own.
        self.proc = subprocess.Popen(  # noqa: S603
            # -o: the virtual environment is taken as it is (make load installed it already).
            [MAKE, "-o", ".venv/bin/.installed", "run", f"PORT={RUN_PORT}"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        import urllib.request

        for _ in range(600):
            try:
                with urllib.request.urlopen(f"{self.url}/api/v1/health", timeout=2) as r:  # noqa: S310 (loopback)
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(1)
        raise RuntimeError("make run did not answer in 10 minutes: see var/load/run-layout.log")

    def down(self) -> None:
        if self.proc is not None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=30)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc = None

    def groups(self) -> dict[str, set[int]]:
        if self.proc is None:
            return {}
        pids: dict[str, set[int]] = {"gunicorn (2 workers)": set(), "db_worker + scheduler": set()}
        for proc in psutil.process_iter(["pid", "cmdline"]):
            try:
                if os.getpgid(proc.pid) != self.proc.pid:
                    continue
            except OSError:
                continue
            cmd = " ".join(proc.info["cmdline"] or [])
            if "gunicorn" in cmd:
                pids["gunicorn (2 workers)"].add(proc.pid)
            elif "db_worker" in cmd or "run_scheduler" in cmd:
                pids["db_worker + scheduler"].add(proc.pid)
        return pids


# ---------------------------------------------------------------- resources
class Sampler(threading.Thread):
    """CPU seconds and peak RSS per process group while a step runs."""

    def __init__(self, layout: Layout, every: float = 2.0) -> None:
        super().__init__(daemon=True)
        self.layout, self.every = layout, every
        self.stop_flag = threading.Event()
        self.cpu: dict[str, dict[int, float]] = {}  # group -> pid -> last cpu seconds seen
        self.first: dict[str, dict[int, float]] = {}
        self.peak_rss: dict[str, int] = {}
        self.started = time.monotonic()
        self.loads: list[float] = []

    def sample(self) -> None:
        self.loads.append(os.getloadavg()[0])
        groups = self.layout.groups()
        # The load itself runs on the same cores.
        groups["locust (the load)"] = {
            p.pid
            for p in psutil.process_iter(["cmdline"])
            if "bench/load/locustfile.py" in " ".join(p.info["cmdline"] or [])
        }
        for group, pids in groups.items():
            rss = 0
            for pid in pids:
                try:
                    p = psutil.Process(pid)
                    times = p.cpu_times()
                    rss += p.memory_info().rss
                except psutil.Error:
                    continue
                seconds = times.user + times.system
                # A process that appears during the step (a new database connection, a worker
                # replaced) spent all its CPU within it.
                self.first.setdefault(group, {}).setdefault(pid, seconds if not self.loads[1:] else 0.0)
                self.cpu.setdefault(group, {})[pid] = seconds
            self.peak_rss[group] = max(self.peak_rss.get(group, 0), rss)

    def run(self) -> None:
        while not self.stop_flag.is_set():
            self.sample()
            self.stop_flag.wait(self.every)

    def result(self) -> dict[str, Any]:
        self.stop_flag.set()
        self.join()
        self.sample()
        wall = max(time.monotonic() - self.started, 0.001)
        groups = {}
        for group in self.peak_rss:
            used = sum(self.cpu.get(group, {}).get(pid, 0) - first for pid, first in self.first.get(group, {}).items())
            groups[group] = {"cores": used / wall, "peak_rss_mb": self.peak_rss[group] / 2**20}
        return {"groups": groups, "max_load_1m": max(self.loads or [0.0])}


# ---------------------------------------------------------------- steps
def run_step(layout: Layout, users: int, args: argparse.Namespace, *, with_import: bool, seeded: int) -> dict[str, Any]:
    run = next_run()
    label = f"{layout.name}-{users}u{'-import' if with_import else ''}"
    prefix = OUT / "steps" / label
    prefix.parent.mkdir(parents=True, exist_ok=True)
    status_file = Path(f"{prefix}_status.json")
    seconds = args.import_seconds if with_import else args.step_seconds
    env = {
        **os.environ,
        "LOAD_RUN": str(run),
        "LOAD_SEEDED": str(seeded),
        "LOAD_IMPORT_ROWS": str(args.import_rows if with_import else 0),
        "LOAD_STOP_AFTER_IMPORT": "1" if with_import else "0",
        "LOAD_MIN_SECONDS": str(args.step_seconds),
        "LOAD_STATUS_FILE": str(status_file),
    }
    rate = max(1, min(users // 5, 20))
    load_before = load_average()
    say(f"{layout.name}: {users} users (+ the import)" if with_import else f"{layout.name}: {users} users")
    sampler = Sampler(layout)
    sampler.start()
    started = time.monotonic()
    done = subprocess.run(  # noqa: S603
        [LOCUST, "-f", str(ROOT / "bench/load/locustfile.py"), "--headless", "-H", layout.url,
         "-u", str(users + (1 if with_import else 0)), "-r", str(rate), "-t", f"{seconds}s", "--stop-timeout", "10",
         "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=seconds + 120,
    )  # fmt: skip
    wall = time.monotonic() - started
    resources = sampler.result()
    (OUT / "steps" / f"{label}.log").write_text(done.stdout + done.stderr)
    stats = read_stats(Path(f"{prefix}_stats.csv"))
    status = json.loads(status_file.read_text()) if status_file.exists() else {"status": {}}
    imported = re.search(r"import finished in ([\d.]+) s: (.*)", done.stdout + done.stderr)
    total = stats.get("Aggregated", {})
    failures = total.get("failures", 0)
    requests_ = max(total.get("requests", 0), 1)
    step = {
        "layout": layout.name,
        "users": users,
        "with_import": with_import,
        "seconds": round(wall, 1),
        "load_before": load_before,
        "load_after": load_average(),
        "stats": stats,
        "status": status.get("status", {}),
        "shed_without_retry_after": status.get("503_without_retry_after", {}),
        "resources": resources,
        "import": {"seconds": float(imported.group(1)), "result": imported.group(2)} if imported else None,
        "error_ratio": failures / requests_,
        "p95": total.get("p95", 0),
        "browse": status.get("browse", {}),
    }
    # Judged on what people do all session long; logins and registrations (Argon2, once a session) are
    # reported beside it.
    step["saturated"] = step["browse"].get("p95", 0) > args.p95_limit_ms or step["error_ratio"] > args.error_limit
    say(
        f"  {total.get('rps', 0):.1f} req/s, p95 {step['p95']:.0f} ms (browsing {step['browse'].get('p95', 0):.0f}), "
        f"errors {failures:.0f}/{requests_:.0f}, "
        f"load {step['load_after']}{' SATURATED' if step['saturated'] else ''}"
    )
    return step


def read_stats(path: Path) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    if not path.exists():
        return out
    with path.open() as f:
        for row in csv.DictReader(f):
            name = row["Name"]

            def num(key: str, row: dict[str, str] = row) -> float:
                try:
                    return float(row.get(key) or 0)
                except ValueError:
                    return 0.0

            out[name] = {
                "requests": num("Request Count"),
                "failures": num("Failure Count"),
                "rps": num("Requests/s"),
                "p50": num("50%"),
                "p95": num("95%"),
                "p99": num("99%"),
                "max": num("Max Response Time"),
            }
    return out


def run_layout(layout: Layout, args: argparse.Namespace) -> dict[str, Any]:
    say(f"starting the {layout.name} layout ({args.workers} seeded workers)")
    t0 = time.monotonic()
    layout.up(args.workers)
    result: dict[str, Any] = {
        "layout": layout.name,
        "db": layout.db,
        "workers": args.workers,
        "start_seconds": time.monotonic() - t0,
    }
    steps: list[dict[str, Any]] = []
    try:
        saturated_at = None
        for i, users in enumerate(args.steps):
            step = run_step(layout, users, args, with_import=(i == 0 and args.import_rows > 0), seeded=args.workers)
            steps.append(step)
            if step["saturated"] and saturated_at is None:
                saturated_at = users
            elif saturated_at is not None:
                break  # one step beyond saturation: overload seen
        result["saturated_at"] = saturated_at
    finally:
        result["steps"] = steps
        if not args.keep:
            layout.down()
    return result


# ---------------------------------------------------------------- report
def fmt_status(counts: dict[str, int]) -> str:
    bad = {k: v for k, v in sorted(counts.items()) if not k.startswith(("2", "3"))}
    return ", ".join(f"{k}: {v}" for k, v in bad.items()) or "none"


def best_below(res: dict[str, Any]) -> dict[str, Any] | None:
    below = [s for s in res["steps"] if not s["saturated"]]
    return max(below, key=lambda s: s["stats"].get("Aggregated", {}).get("rps", 0), default=None)


def summary(results: list[dict[str, Any]]) -> list[str]:
    """Per request kind and layout, at the busiest step below saturation."""
    picked = [(res, best_below(res) or res["steps"][0]) for res in results if res["steps"]]
    head = "| kind | " + " | ".join(
        f"{res['layout']}, {res.get('workers', 0):,} workers, {step['users']} users "
        f"(load {step['load_after'].split()[0]}): req/s · p50/p95/p99 ms · errors"
        for res, step in picked
    )
    lines = [head + " |", "|---|" + "---|" * len(picked)]
    for kind in [*KINDS, "Aggregated"]:
        cells = []
        for _res, step in picked:
            st = step["stats"].get(kind)
            bad = fmt_status(step["status"].get(kind, {})) if kind != "Aggregated" else ""
            cells.append(
                f"{st['rps']:.2f} · {st['p50']:.0f}/{st['p95']:.0f}/{st['p99']:.0f} · {bad or '-'}" if st else ""
            )
        if any(cells):
            lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    return lines


def report(results: list[dict[str, Any]], args: argparse.Namespace) -> str:
    sizes = ", ".join(f"{r['layout']}: {r.get('workers', args.workers):,}" for r in results)
    lines = [
        f"# Launch-day load ({datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC)",
        "",
        f"Data: {sizes} seeded workers. Machine: {os.cpu_count()} cores, shared with other work "
        "(load averages beside every figure). Scenario: bench/load/locustfile.py; steps of "
        f"{args.step_seconds} s; saturated when the p95 of browsing requests (all but logins, registrations and "
        f"the import's pages: once a session, Argon2 by design) passes {args.p95_limit_ms:.0f} ms, or errors pass "
        f"{args.error_limit:.0%} of all requests.",
        "",
    ]
    lines += ["## Per request kind, at the busiest step below saturation", "", *summary(results), ""]
    for res in results:
        steps = res["steps"]
        best = best_below(res)
        lines += [f"## Layout `{res['layout']}` ({res['db']}, {res.get('workers', args.workers):,} workers)", ""]
        lines.append(
            f"Saturation: **{res['saturated_at']} users**" if res["saturated_at"] else "Saturation: not reached"
        )
        if best:
            agg = best["stats"]["Aggregated"]
            lines[-1] += (
                f"; best below it: {best['users']} users, {agg['rps']:.1f} req/s, p95 {agg['p95']:.0f} ms "
                f"(load {best['load_after']})."
            )
        lines += [
            "",
            "| users | req/s | p50 | p95 | p99 ms | browsing p95 ms | errors | error statuses "
            "| load avg (1/5/15) before → after |",
            "|---:|---:|---:|---:|---:|---:|---:|---|---|",
        ]
        for s in steps:
            a = s["stats"].get("Aggregated", {})
            every: dict[str, int] = {}
            for counts in s["status"].values():
                for k, v in counts.items():
                    every[k] = every.get(k, 0) + v
            lines.append(
                f"| {s['users']}{' + import' if s['with_import'] else ''}{' (saturated)' if s['saturated'] else ''} "
                f"| {a.get('rps', 0):.1f} | {a.get('p50', 0):.0f} | {a.get('p95', 0):.0f} | {a.get('p99', 0):.0f} "
                f"| {s['browse'].get('p95', 0):.0f} | {a.get('failures', 0):.0f}/{a.get('requests', 0):.0f} "
                f"| {fmt_status(every)} "
                f"| {s['load_before']} → {s['load_after']} |"
            )
        for s in steps:
            lines += ["", f"### {s['users']} users{' + import' if s['with_import'] else ''} ({s['seconds']} s, "
                      f"load {s['load_before']} → {s['load_after']})", ""]  # fmt: skip
            if s["import"]:
                took = s["import"]["seconds"]
                lines += [
                    f"Member import of {args.import_rows:,} rows: done in {took:.1f} s "
                    f"({args.import_rows / max(took, 0.001):.0f} rows/s), {s['import']['result']}.",
                    "",
                ]
            lines += [
                "| kind | requests | req/s | p50 | p95 | p99 ms | errors by status |",
                "|---|---:|---:|---:|---:|---:|---|",
            ]
            for kind in [*KINDS, "Aggregated"]:
                st = s["stats"].get(kind)
                if not st:
                    continue
                lines.append(
                    f"| {kind} | {st['requests']:.0f} | {st['rps']:.2f} | {st['p50']:.0f} | {st['p95']:.0f} "
                    f"| {st['p99']:.0f} | {fmt_status(s['status'].get(kind, {})) if kind != 'Aggregated' else ''} |"
                )
            if s["shed_without_retry_after"]:
                lines += ["", f"503 without Retry-After: {s['shed_without_retry_after']}"]
            lines += ["", "| process group | CPU (cores, average) | peak RSS (MB) |", "|---|---:|---:|"]
            for group, r in s["resources"]["groups"].items():
                lines.append(f"| {group} | {r['cores']:.2f} | {r['peak_rss_mb']:.0f} |")
        lines.append("")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--layout", action="append", choices=["prod", "run"])
    parser.add_argument("--workers", type=int, default=int(os.environ.get("LOAD_WORKERS", "100000")))
    parser.add_argument("--steps", default="10,20,40,80,160")
    parser.add_argument("--step-seconds", type=int, default=60)
    parser.add_argument("--import-rows", type=int, default=10_000)
    parser.add_argument("--import-seconds", type=int, default=240)
    parser.add_argument("--p95-limit-ms", type=float, default=2000)
    parser.add_argument("--error-limit", type=float, default=0.01)
    parser.add_argument("--keep", action="store_true", help="leave the production layout up (and reuse it next time)")
    parser.add_argument("--report-from", nargs="+", type=Path, help="write the report of saved results-*.json only")
    args = parser.parse_args()
    args.steps = [int(s) for s in args.steps.split(",")]
    OUT.mkdir(parents=True, exist_ok=True)
    if args.report_from:
        saved = [res for path in args.report_from for res in json.loads(path.read_text())]
        path = OUT / f"report-{time.strftime('%Y%m%dT%H%M%S')}.md"
        path.write_text(report(saved, args))
        print(path.read_text())
        return
    layouts = {"prod": Prod, "run": Run}
    results = []
    for name in args.layout or ["prod", "run"]:
        results.append(run_layout(layouts[name](), args))
        stamp = time.strftime("%Y%m%dT%H%M%S")
        (OUT / f"results-{stamp}.json").write_text(json.dumps(results, indent=1))
    text = report(results, args)
    path = OUT / f"report-{time.strftime('%Y%m%dT%H%M%S')}.md"
    path.write_text(text)
    print(text)
    say(f"report: {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
