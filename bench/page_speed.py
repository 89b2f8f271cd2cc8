"""The page section of `make bench`: every key page timed from outside, beside the floor.

gunicorn with 2 sync workers serves the bench database; a load tool with 8 connections keeps each
URL busy for a few seconds; every page is run once per round, rounds interleaved (floor, page 1,
page 2, ..., floor, page 1, ...), three rounds; each figure is the median of the rounds. The floor is
`/_floor/`, a bare view through the same middleware (naker.core.views.floor).

The load tool is wrk (Debian: `apt-get install wrk`); without it, a small Python driver (threads,
http.client, keep-alive) does the same, slower to saturate, and the report says which one ran.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CONNECTIONS = 8
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"p50_us": %d, "p95_us": %d, "requests": %d, "duration_us": %d, "errors": %d, "bad_status": %d}\\n',
    latency:percentile(50), latency:percentile(95), summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""

# group → p50 bound as a multiple of the floor (issue 13; DESIGN.md §6: worker pages, API and dashboards
# 5x, member lists 10x). The issue names no bound for an employer's pages: their posts are held to the
# worker pages' 5x, the applicants of a post (a list of people, like a member list) to 10x.
BOUNDS = {"worker": 5, "api": 5, "dashboard": 5, "target": 5, "members": 10, "employer": 5}
PAGE_BOUNDS = {"employer applicants": 10}


def bound_of(row: dict[str, Any]) -> int | None:
    """A row's bound, from its name or group (also for result files written before it had one)."""
    return PAGE_BOUNDS.get(row.get("name", "")) or BOUNDS.get(row.get("group", ""))


def within(row: dict[str, Any]) -> bool | None:
    bound = bound_of(row)
    return None if bound is None or row.get("x_floor") is None else row["x_floor"] <= bound


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """gunicorn, 2 sync workers, on a free loopback port; stopped by its own process id."""

    def __init__(self, env: dict[str, str]) -> None:
        self.port = free_port()
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        command = [
            gunicorn,
            "naker.config.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _ = fetch(self.port, "/_floor/", {})
                if status == 200:
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise SystemExit("gunicorn did not start within 60 s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


def fetch(port: int, url: str, headers: dict[str, str]) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", url, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def run_wrk(port: int, url: str, headers: dict[str, str], seconds: float) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(WRK_SCRIPT)
        script = fh.name
    try:
        command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{max(1, round(seconds))}s", "--timeout", "30s", "-s", script]
        for name, value in headers.items():
            command += ["-H", f"{name}: {value}"]
        command.append(f"http://127.0.0.1:{port}{url}")
        done = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    finally:
        os.unlink(script)
    line = [x for x in done.stdout.splitlines() if x.startswith("{")][-1]
    r = json.loads(line)
    return {
        "p50_ms": r["p50_us"] / 1000,
        "p95_ms": r["p95_us"] / 1000,
        "rps": r["requests"] / (r["duration_us"] / 1e6),
        "errors": r["errors"] + r["bad_status"],
    }


def run_python(port: int, url: str, headers: dict[str, str], seconds: float) -> dict[str, float]:
    """The same measure without wrk: 8 threads, one keep-alive connection each."""
    samples: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                conn.request("GET", url, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    errors[0] += 1
            except (OSError, http.client.HTTPException):
                errors[0] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            mine.append(time.perf_counter() - started)
        conn.close()
        with lock:
            samples.extend(mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    xs = sorted(samples) or [0.0]
    return {
        "p50_ms": xs[len(xs) // 2] * 1000,
        "p95_ms": xs[min(len(xs) - 1, int(len(xs) * 0.95))] * 1000,
        "rps": len(samples) / elapsed,
        "errors": errors[0],
    }


def measure(env: dict[str, str], plan: list[dict[str, Any]], *, seconds: float, rounds: int) -> dict[str, Any]:
    """Runs the plan (floor first) `rounds` times, interleaved; medians of each figure."""
    tool = "wrk" if shutil.which("wrk") else "python"
    run = run_wrk if tool == "wrk" else run_python
    server = Server(env)
    try:
        for page in plan:  # every URL answers as expected before anything is timed; also warms both workers
            for _ in range(4):
                status, body = fetch(server.port, page["url"], page["headers"])
                if status != 200:
                    raise SystemExit(f"{page['name']}: {page['url']} answered {status}: {body[:300]!r}")
        runs: dict[str, list[dict[str, float]]] = {page["name"]: [] for page in plan}
        for r in range(rounds):
            for page in plan:
                runs[page["name"]].append(run(server.port, page["url"], page["headers"], seconds))
            print(f"    round {r + 1}/{rounds} done", flush=True)
    finally:
        server.stop()
    rows = []
    for page in plan:
        results = runs[page["name"]]
        rows.append(
            {
                "name": page["name"],
                "group": page["group"],
                "url": page["url"],
                "queries": page.get("queries"),
                "inproc_ms": page.get("inproc_ms"),
                "sql_ms": page.get("sql_ms"),
                "slowest_sql": page.get("slowest_sql"),
                "p50_ms": round(statistics.median(x["p50_ms"] for x in results), 2),
                "p95_ms": round(statistics.median(x["p95_ms"] for x in results), 2),
                "rps": round(statistics.median(x["rps"] for x in results)),
                "errors": sum(int(x["errors"]) for x in results),
            }
        )
    floor = next(r for r in rows if r["group"] == "floor")["p50_ms"] or 0.01
    for row in rows:
        row["x_floor"] = round(row["p50_ms"] / floor, 1)
        row["bound"] = bound_of(row)
        row["within"] = within(row)
    return {"tool": tool, "connections": CONNECTIONS, "seconds": seconds, "rounds": rounds, "rows": rows}


def busy(load: str) -> bool:
    """Whether a load average line ("7.1 2.8 1.1 on 2 cores") says the machine had more to run than
    cores: other work then took turns with the server and the load tool."""
    try:
        one, *_rest = load.split()
        return float(one) > float(load.rsplit(" on ", 1)[1].split()[0])
    except (ValueError, IndexError):
        return False


def report(result: dict[str, Any], *, database: str, workers: int, enrolments: int) -> None:
    print(
        f"\n  pages, {database}, {workers:,} workers, {enrolments:,} enrolments ({result['tool']}, "
        f"{result['connections']} connections, gunicorn 2 sync workers, median of {result['rounds']} interleaved "
        f"runs of {result['seconds']} s)"
    )
    load = result.get("load_average")
    if load:
        print(f"  load average (1, 5, 15 min) before: {load['before']}; after: {load['after']}")
        if busy(load["before"]) or busy(load["after"]):
            print("  NOTE: the machine was busy (load above its cores): the multiples below are not the page's own")
    print(
        f"  {'page':<34} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>7} {'x floor':>8} {'bound':>6} {'queries':>7}"
        f" {'SQL/total ms (one warm request, in-process)':>20}"
    )
    over, checked = [], 0
    for r in result["rows"]:
        ok, bound_x = within(r), bound_of(r)
        mark = "" if ok is None else ("ok" if ok else "OVER")
        bound = f"{bound_x}x" if bound_x else ""
        if ok is not None:
            checked += 1
            if not ok:
                over.append(f"{r['name']} {r['x_floor']}x")
        queries = "" if r["queries"] is None else str(r["queries"])
        errors = f"  {r['errors']} errors" if r["errors"] else ""
        inproc = f"{r['sql_ms']} / {r['inproc_ms']}" if r.get("inproc_ms") is not None else ""
        print(
            f"  {r['name']:<34} {r['p50_ms']:>8} {r['p95_ms']:>8} {r['rps']:>7} {r['x_floor']:>8} "
            f"{bound:>6} {queries:>7} {inproc:>14} {mark}{errors}"
        )
    print(
        f"  {database}, {workers:,} workers: {checked - len(over)} of {checked} pages within their bound"
        + (f"; over: {', '.join(over)}" if over else "")
    )
