"""Browser tests: Playwright for Python driving Debian's Chromium (never a downloaded browser)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = os.environ.get("NAKER_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# Where the site under test is: a running deployment (the production layout behind nginx, from
# `make prod-up`) or, when unset, pytest-django's live server. Only tests marked `external` (they
# never touch the database directly) can run against a deployment: `pytest -m external tests/e2e`.
EXTERNAL_BASE_URL = os.environ.get("NAKER_E2E_BASE_URL", "").rstrip("/")


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    if not EXTERNAL_BASE_URL:
        return
    skip = pytest.mark.skip(reason="NAKER_E2E_BASE_URL is set: only tests marked external run against it")
    for item in items:
        if "/e2e/" in str(item.fspath) and item.get_closest_marker("external") is None:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the live server's database calls run
    # in their own threads, and the test's own ORM calls are safe between page actions.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    # A cheap phone's screen: 360 px wide.
    context = browser.new_context(viewport={"width": 360, "height": 740}, base_url=live_server.url, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def site_url(request: Any) -> str:
    """The base URL of the site under test: NAKER_E2E_BASE_URL, or the live server."""
    if EXTERNAL_BASE_URL:
        return EXTERNAL_BASE_URL
    return str(request.getfixturevalue("live_server").url)


@pytest.fixture
def site_page(browser: Any, site_url: str) -> Iterator[Any]:
    """A phone-sized page on the site under test; a deployment's self-signed certificate is accepted."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        base_url=site_url,
        locale="id-ID",
        ignore_https_errors=bool(EXTERNAL_BASE_URL),
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()
