"""A smoke journey through a whole deployment, as people use it, touching every part of the layout.

Marked `external`: it never touches the database directly, so CI runs it against the production
layout behind nginx (NAKER_E2E_BASE_URL=https://127.0.0.1:8443 after `make prod-up`): pages and
the API through nginx and both gunicorn instances, static files from nginx, a member import
executed by an RQ worker. Without NAKER_E2E_BASE_URL it runs against the live server with the
demo data loaded.
"""

from __future__ import annotations

import os
import random
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from tests.e2e.conftest import EXTERNAL_BASE_URL

pytestmark = [pytest.mark.browser, pytest.mark.external]
if not EXTERNAL_BASE_URL:
    pytestmark.append(pytest.mark.django_db(transaction=True))

DEMO_PASSWORD = "naker-demo"


@pytest.fixture
def demo_site(site_url: str) -> Iterator[str]:
    """The site with the demo data: a deployment has it (prod-up seeds it); the live server gets it here."""
    if not EXTERNAL_BASE_URL:
        call_command("seed_demo", workers=5, no_progress=True)
    yield site_url


def log_in(page: Any, login: str, lands: str = "**/akun/saya/") -> None:
    page.goto("/akun/masuk/")
    page.get_by_label("Nomor HP atau email").press_sequentially(login)
    page.get_by_label("Kata sandi").press_sequentially(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lands)


def test_home_search_login_course_api_and_static_files(site_page: Any, demo_site: str) -> None:
    page = site_page
    response = page.goto("/")
    assert response.status == 200
    page.get_by_role("heading", name="Belajar keterampilan baru", exact=False).wait_for()

    # Course search from the home page, as a visitor types it.
    page.get_by_label("Apa yang ingin Anda pelajari?").press_sequentially("las")
    page.get_by_role("button", name="Cari").click()
    page.wait_for_url(re.compile(r"/kursus/\?q=las"))
    assert int(page.locator("#result-count").inner_text().split()[0]) >= 1

    # A static file: hashed name, compressed, cached for a year (served by nginx in production).
    css = page.locator("link[rel=stylesheet]").first.get_attribute("href")
    static = page.request.get(css, headers={"Accept-Encoding": "gzip"})
    assert static.status == 200
    if EXTERNAL_BASE_URL:  # the test server serves the apps' files, unhashed
        assert re.search(r"\.[0-9a-f]{12}\.css$", css), css
        assert static.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert static.headers.get("content-encoding") == "gzip"
        assert static.headers.get("server") == "nginx"

    # The demo worker logs in with their email, typed.
    log_in(page, "pekerja@demo.naker.id")
    page.goto("/kursus/?q=las")
    page.locator("article.card h3 a").first.click()
    page.wait_for_url(re.compile(r"/kursus/[A-Za-z0-9_-]+/$"))
    assert page.locator("h1").inner_text()

    # The API through the same address.
    health = page.request.get("/api/v1/health")
    assert health.status == 200 and health.json()["database"] == "ok"
    ready = page.request.get("/api/v1/health/ready")
    assert ready.status == 200 and ready.json()["queue"] == "ok", ready.text()
    assert len(ready.headers["x-request-id"]) >= 8
    provinces = page.request.get("/api/v1/regions/provinces")
    assert provinces.status == 200 and len(provinces.json()) >= 38
    token = page.request.post("/api/v1/auth/token", data={"login": "pekerja@demo.naker.id", "password": "naker-demo"})
    assert token.status == 200, token.text()
    me = page.request.get("/api/v1/me", headers={"Authorization": f"Bearer {token.json()['token']}"})
    assert me.status == 200 and me.json()


def test_plain_http_redirects_to_https(site_page: Any, demo_site: str) -> None:
    http = os.environ.get("NAKER_E2E_HTTP_URL", "").rstrip("/")
    if not (EXTERNAL_BASE_URL and http):
        pytest.skip("needs a deployment that also listens on plain HTTP (NAKER_E2E_HTTP_URL)")
    response = site_page.request.get(http + "/kursus/", max_redirects=0)
    assert response.status == 301
    assert response.headers["location"] == EXTERNAL_BASE_URL + "/kursus/"


def test_member_import_runs_on_a_task_worker(site_page: Any, demo_site: str, tmp_path: Path) -> None:
    """The union officer imports a member list; a task worker (RQ in production) creates the account."""
    page = site_page
    # A fresh member each run: the deployment's database outlives the test.
    serial = random.SystemRandom().randint(1, 9999)
    nik = f"3216011708{85 + serial % 10:02d}{serial:04d}"
    phone = f"0812{int(time.time() * 1000) % 100_000_000:08d}"
    members = tmp_path / "anggota.csv"
    members.write_bytes(
        f"Nama;NIK;No HP / WhatsApp;Kabupaten/Kota\nAsep Uji {serial};{nik};{phone};Kab. Bekasi\n".encode("utf-8-sig")
    )
    log_in(page, "serikat@demo.naker.id")
    page.goto("/organisasi/ksbsi-dki/impor/")
    page.get_by_label("Daftar anggota (CSV atau XLSX)").set_input_files(str(members))
    page.get_by_role("button", name="Unggah dan periksa").click()
    page.get_by_text(f"Asep Uji {serial}").wait_for()
    page.get_by_label("Serikat menyatakan bahwa anggota ini sudah setuju").check()
    page.get_by_role("button", name="Mulai impor").click()
    page.locator("#status", has_text="Selesai").wait_for(timeout=60_000)
    assert page.locator("#created").inner_text() == "1", page.locator("#progress").inner_text()

    # The deployment's logs (JSON lines in production) hold neither the NIK nor the phone number.
    log_dir = os.environ.get("NAKER_E2E_LOG_DIR")
    if log_dir:
        logs = "".join(p.read_text(errors="replace") for p in sorted(Path(log_dir).rglob("*.log")))
        assert '"route": ' in logs  # one line per request, written by naker.core.jsonlog
        for secret in (nik, phone, "+62" + phone[1:]):
            assert secret not in logs, secret


def test_the_admin_sees_the_periodic_jobs_and_their_last_runs(site_page: Any, demo_site: str) -> None:
    """The scheduler lists its jobs; one that ran on a task worker shows when and how it ended."""
    page = site_page
    if not EXTERNAL_BASE_URL:
        call_command("run_scheduler", "--enqueue", "insights.refresh")  # prod-up does this at start
    log_in(page, "admin@demo.naker.id", lands="**/akun/saya/")
    row = page.locator("#result_list tr", has_text="insights.refresh")
    for _ in range(30):  # the task worker may still be on it
        page.goto("/admin/core/periodicjobrun/")
        if row.count() and "Berhasil" in row.inner_text():
            break
        page.wait_for_timeout(1000)
    assert "Berhasil" in row.inner_text()
    if EXTERNAL_BASE_URL:  # the scheduler has listed every job, including those that never ran
        assert page.locator("#result_list tr", has_text="insights.weekly_summaries").count() == 1
