"""Faults the production layout survives (issue 14, item 4), each on the running layout:

- PostgreSQL restarted under load: pages and API answer 503 with Retry-After in the site's error
  shapes meanwhile, never a 500 or a traceback, and serve again with nothing restarted;
- Redis stopped: pages, login and login throttling go on (the database serves), tasks wait in the
  database and run when Redis returns;
- an RQ worker killed with kill -9 ten times at random points of member imports: every row ends in
  exactly one state, none lost or doubled;
- a gunicorn worker killed in the middle of a registration: that request fails alone, the others
  are served, and nothing of the killed one is written.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import threading
import time
from collections import Counter
from typing import Any

import requests

from tests.faults import layout
from tests.faults.layout import BASE_URL

PAGE = "/kursus/?q=las"
API = "/api/v1/regions/provinces"


def _hammer(stop: threading.Event, seen: list[tuple[float, str, int, dict[str, str], str]]) -> None:
    s = layout.session()
    while not stop.is_set():
        for kind, path in (("page", PAGE), ("api", API)):
            try:
                r = s.get(BASE_URL + path, timeout=30)
            except requests.RequestException as exc:
                seen.append((time.monotonic(), kind, 0, {}, type(exc).__name__))
                continue
            seen.append((time.monotonic(), kind, r.status_code, dict(r.headers), r.text[:3000]))
        time.sleep(0.05)


def test_postgresql_restarted_under_load_gives_503_then_serves_again() -> None:
    masters = layout.gunicorn_masters()
    assert masters, "no gunicorn running"
    seen: list[tuple[float, str, int, dict[str, str], str]] = []
    stop = threading.Event()
    threads = [threading.Thread(target=_hammer, args=(stop, seen)) for _ in range(4)]
    for t in threads:
        t.start()
    try:
        time.sleep(3)
        layout.pg_ctl("stop")
        stopped_at = time.monotonic()
        time.sleep(4)  # an outage with requests in it
        layout.pg_ctl("start")
        started_at = time.monotonic()
        time.sleep(12)
    finally:
        stop.set()
        for t in threads:
            t.join()
    statuses = Counter((kind, status) for _, kind, status, _, _ in seen)
    failures = Counter(body for _, _, status, _, body in seen if status == 0)
    assert set(status for _, status in statuses) <= {200, 503}, (statuses, failures)
    during = [s for s in seen if stopped_at + 0.5 < s[0] < started_at]
    # The outage is seen (what the cache holds, such as the province list, may still be served).
    assert during and any(status == 503 for _, _, status, _, _ in during), Counter(s[2] for s in during)
    for _, kind, status, headers, body in seen:
        if status != 503:
            continue
        assert int(headers["Retry-After"]) > 0
        assert "Traceback" not in body and "OperationalError" not in body
        if kind == "api":
            assert headers["Content-Type"].startswith("application/json"), body
            assert '"code": "unavailable"' in body or '"code":"unavailable"' in body, body
        else:
            assert headers["Content-Type"].startswith("text/html") and "Coba lagi" in body, body[:300]
    # Served again, with nothing restarted: the last seconds are all 200, the same gunicorn masters.
    tail = [s for s in seen if s[0] > started_at + 8]
    assert tail and all(status == 200 for _, _, status, _, _ in tail), Counter(s[2] for s in tail)
    assert layout.gunicorn_masters() == masters


def test_redis_stopped_the_site_serves_throttles_and_tasks_wait() -> None:
    # The aggregates' periodic job: when did it last finish?
    def last_refresh() -> Any:
        rows = layout.query("SELECT last_success_at FROM core_periodicjobrun WHERE name = 'insights.refresh'")
        return rows[0][0] if rows else None

    before = last_refresh()
    layout.redis_stop()
    try:
        s = layout.session()
        assert s.get(BASE_URL + PAGE).status_code == 200
        assert s.get(BASE_URL + API).status_code == 200
        probe = s.get(BASE_URL + "/api/v1/health/ready")
        ready = probe.json()
        # The site serves: ready (200), the parts on their fallback named.
        assert probe.status_code == 200 and ready["status"] == "degraded", ready
        assert ready["database"] == "ok" and ready["cache"] == "fallback" and ready["queue"] == "outbox", ready
        assert ready["degraded"] == ["cache", "queue"], ready
        # Log in (the session lives in the database) and open one's own page.
        layout.log_in(s, "serikat@demo.naker.id")
        assert "Budi Santoso" in s.get(BASE_URL + "/akun/saya/").text
        # Login throttling counts in the database: five wrong passwords, then locked out.
        intruder = layout.session()
        intruder.get(BASE_URL + "/akun/masuk/")
        statuses = []
        for _ in range(6):
            r = intruder.post(
                BASE_URL + "/akun/masuk/",
                data={
                    "username": "pengelola@demo.naker.id",
                    "password": "salah-sekali",
                    "csrfmiddlewaretoken": intruder.cookies.get("csrftoken"),
                },
                headers={"Referer": BASE_URL + "/akun/masuk/"},
                allow_redirects=False,
            )
            statuses.append(r.status_code)
        assert 429 in statuses and 500 not in statuses, statuses
        # ... and the right password does not get in from there now.
        r = intruder.post(
            BASE_URL + "/akun/masuk/",
            data={
                "username": "pengelola@demo.naker.id",
                "password": layout.DEMO_PASSWORD,
                "csrfmiddlewaretoken": intruder.cookies.get("csrftoken"),
            },
            headers={"Referer": BASE_URL + "/akun/masuk/"},
            allow_redirects=False,
        )
        assert r.status_code != 302, "logged in while locked out"
        # A task enqueued now waits in the database.
        layout.manage("run_scheduler", "--enqueue", "insights.refresh")
        waiting = layout.query("SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE backend_name = 'outbox'")
        assert waiting[0][0] >= 1
    finally:
        layout.redis_start()
    # ... and runs once Redis is back (the scheduler moves it onto RQ, a worker runs it).
    layout.wait_for(
        lambda: (
            layout.query(
                "SELECT count(*) FROM django_tasks_database_dbtaskresult"
                " WHERE backend_name = 'outbox' AND status = 'READY'"
            )[0][0]
            == 0
        ),
        60,
        "the outbox to be moved onto RQ",
    )
    layout.wait_for(lambda: (last_refresh() or before) != before, 120, "the task to run on a worker")
    axes = layout.query("SELECT count(*) FROM axes_accessattempt WHERE username = 'pengelola@demo.naker.id'")
    assert axes[0][0] >= 1


def _rq_busy_workers() -> list[tuple[int, int]]:
    """(worker, work horse) pairs of the layout's RQ workers that are running a job."""
    procs = [p for p in layout.under(layout.ROOT) if " rqworker " in f" {p[2]} "]
    pids = {p[0] for p in procs}
    return [(ppid, pid) for pid, ppid, _ in procs if ppid in pids]


def _import(import_id: int) -> dict[str, Any]:
    row = layout.query("SELECT status, processed_rows, total_rows FROM outreach_memberimport WHERE id = %s", import_id)[
        0
    ]
    return {"status": row[0], "processed": row[1], "total": row[2]}


def _check_every_row_once(import_id: int, rows: int) -> Counter[str]:
    results = layout.query(
        "SELECT count(*), count(DISTINCT row_number), min(row_number), max(row_number)"
        " FROM outreach_importrowresult WHERE member_import_id = %s",
        import_id,
    )[0]
    assert results == (rows, rows, 1, rows), results
    outcomes = Counter(
        dict(
            layout.query(
                "SELECT outcome, count(*) FROM outreach_importrowresult WHERE member_import_id = %s GROUP BY outcome",
                import_id,
            )
        )
    )
    # No person twice: each created or linked row has its own account, one membership, one invitation each.
    people = layout.query(
        "SELECT count(*), count(DISTINCT user_id) FROM outreach_importrowresult"
        " WHERE member_import_id = %s AND user_id IS NOT NULL",
        import_id,
    )[0]
    assert people[0] == people[1] == outcomes["created"] + outcomes["linked"], (people, outcomes)
    doubled = layout.query(
        "SELECT count(*) FROM (SELECT m.user_id FROM organizations_membership m"
        " JOIN outreach_importrowresult r ON r.user_id = m.user_id AND r.member_import_id = %s"
        " JOIN organizations_organization o ON o.id = m.organization_id AND o.code = 'ksbsi-dki'"
        " GROUP BY m.user_id HAVING count(*) <> 1) d",
        import_id,
    )[0][0]
    assert doubled == 0
    invitations = layout.query(
        "SELECT count(*), count(DISTINCT user_id) FROM outreach_invitation WHERE member_import_id = %s", import_id
    )[0]
    assert invitations[0] == invitations[1] == outcomes["created"], (invitations, outcomes)
    return outcomes


def test_rq_workers_killed_ten_times_mid_import_leave_every_row_once() -> None:
    rows = int(os.environ.get("FAULT_ROWS", "12000"))
    rng = random.SystemRandom()
    imports: list[int] = []
    kills = 0
    while kills < 10:
        if not imports or _import(imports[-1])["status"] == "done":
            out = layout.manage(
                "shell", "-c", "exec(open('tests/faults/start_import.py').read())", env={"FAULT_ROWS": str(rows)}
            )
            imports.append(int(out.strip().splitlines()[-1]))
        current = imports[-1]
        try:
            busy = layout.wait_for(_rq_busy_workers, 120, "a worker to run the import", interval=0.1)
        except AssertionError:
            if _import(current)["status"] == "done":
                continue
            raise
        time.sleep(rng.uniform(0.0, 2.5))  # a random point of the run
        for worker, horse in _rq_busy_workers() or busy:
            for pid in (horse, worker):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        kills += 1
        state = _import(current)
        if state["status"] == "running":
            # Two minutes without a heartbeat is what makes a run stalled: that much time passes here.
            layout.query(
                "UPDATE outreach_memberimport SET heartbeat_at = heartbeat_at - interval '3 minutes' WHERE id = %s",
                current,
            )
            layout.manage("run_scheduler", "--enqueue", "outreach.resume_stalled_imports")
    for import_id in imports:
        layout.wait_for(lambda i=import_id: _import(i)["status"] == "done", 600, f"import {import_id} to finish")
        assert _import(import_id)["processed"] == rows
        outcomes = _check_every_row_once(import_id, rows)
        assert outcomes["created"] > 0
    assert kills == 10


def _socket_owner(local_port: int) -> int | None:
    """The pid that owns the TCP connection from 127.0.0.1:local_port (PostgreSQL's client_port)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as f:
            next(f)
            for line in f:
                parts = line.split()
                if int(parts[1].rsplit(":", 1)[1], 16) == local_port:
                    inodes.add(parts[9])
    for pid, _ppid, cmd in layout.under(layout.ROOT):
        if "gunicorn" not in cmd:
            continue
        try:
            links = {os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")}
        except OSError:
            continue
        if any(f"socket:[{inode}]" in links for inode in inodes):
            return pid
    return None


def test_a_gunicorn_worker_killed_mid_registration_fails_that_request_alone() -> None:
    """The registration is held inside its transaction (its profile cannot be written: the table is
    locked), its gunicorn worker is killed, then the lock is let go: the request fails, others are
    served meanwhile, and no account of it exists."""
    import psycopg

    serial = random.SystemRandom().randint(1000, 9999)
    phone = f"0857{int(time.time()) % 10_000_000:07d}{serial % 10}"
    nik = f"3216012103{85 + serial % 10:02d}{serial:04d}"
    s = layout.session()
    locker = psycopg.connect(host="127.0.0.1", port=layout.PG_PORT, user="postgres", dbname=layout.DB)
    outcome: dict[str, Any] = {}

    def register() -> None:
        body = {
            "full_name": f"Pekerja Uji {serial}",
            "phone": phone,
            "nik": nik,
            "regency_code": "32.16",
            "password": "sandi-panjang-sekali-9",
            "consent": True,
        }
        try:
            r = s.post(BASE_URL + "/api/v1/auth/register", json=body, timeout=60)
            outcome["status"] = r.status_code
            outcome["body"] = r.text[:500]
        except requests.RequestException as exc:
            outcome["error"] = type(exc).__name__

    try:
        locker.execute("LOCK TABLE accounts_workerprofile IN SHARE MODE")
        thread = threading.Thread(target=register)
        thread.start()

        def waiting_backend() -> Any:
            rows = layout.query(
                "SELECT client_port FROM pg_stat_activity"
                " WHERE wait_event_type = 'Lock' AND query ILIKE '%%workerprofile%%'"
            )
            return rows[0][0] if rows else None

        port = layout.wait_for(waiting_backend, 30, "the registration to wait on the lock", interval=0.1)
        victim = layout.wait_for(lambda: _socket_owner(port), 10, "the gunicorn worker of the registration")
        # Meanwhile the others are served.
        other = layout.session()
        assert other.get(BASE_URL + API).status_code == 200
        os.kill(victim, signal.SIGKILL)
        time.sleep(1)
    finally:
        locker.rollback()
        locker.close()
    thread.join(90)
    assert "status" not in outcome or outcome["status"] in (502, 503), outcome
    # Nothing half-written: no account with that number, the profile never came.
    e164 = "+62" + phone[1:]
    assert layout.query("SELECT count(*) FROM accounts_user WHERE phone = %s", e164)[0][0] == 0
    assert layout.session().get(BASE_URL + API).status_code == 200
