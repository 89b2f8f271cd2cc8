"""Lighter pages (issue 12, item 4): HTML compressed, static files under hashed names cached for a
year, htmx only where it is used, a favicon."""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.fixture(scope="module")
def collected_root(tmp_path_factory: Any) -> Path:
    root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=root, WHITENOISE_USE_FINDERS=False):
        call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=["admin", "ninja"])
    return root


@pytest.fixture
def collected(collected_root: Path) -> Iterator[Path]:
    """What `make run` and the production layout serve: collectstatic's hashed, compressed files."""
    with override_settings(STATIC_ROOT=collected_root, WHITENOISE_USE_FINDERS=False):
        yield collected_root


def test_html_is_compressed_with_the_breach_padding(client: Client) -> None:
    response = client.get("/", **GZIP)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    # Django's GZip middleware names a random "file" in the gzip header (flag FNAME): the length
    # of the answer no longer tells a BREACH attacker whether a guess matched.
    assert response.content[3] & 0x08
    html = gzip.decompress(response.content).decode()
    assert "Kadin for Naker" in html
    assert len(response.content) < len(html.encode()) * 0.6


def test_collected_static_files_have_hashed_names_cached_for_a_year(client: Client, collected: Path) -> None:
    html = client.get("/").content.decode()
    css = re.search(r'href="(/static/core/site\.[0-9a-f]{12}\.css)"', html)
    assert css, html[:800]
    response = Client().get(css.group(1), **GZIP)
    assert response.status_code == 200
    # pre-compressed at collectstatic: gzip, or brotli where the brotli package is installed
    assert response["Content-Encoding"] in {"gzip", "br"}
    control = response["Cache-Control"]
    assert "immutable" in control
    assert int(re.search(r"max-age=(\d+)", control).group(1)) >= 365 * 24 * 3600  # type: ignore[union-attr]
    assert (collected / "staticfiles.json").exists()


def test_without_collectstatic_the_plain_names_are_served(client: Client) -> None:
    """A fresh clone's `make test` and `make dev`: nothing collected, the apps' files served as they are."""
    html = client.get("/").content.decode()
    assert 'href="/static/core/site.css"' in html
    assert client.get("/static/core/site.css").status_code == 200


def test_htmx_only_on_the_pages_that_use_it_with_its_inline_style_off(client: Client) -> None:
    assert "htmx" not in client.get("/").content.decode()
    assert "htmx" not in client.get("/kursus/").content.decode()
    # the registration page's regency picker is 1 KB of its own script, not htmx's 17 KB
    register = client.get("/akun/daftar/").content.decode()
    assert "htmx" not in register
    assert "/static/core/picker.js" in register


def test_the_import_progress_page_has_htmx_with_its_indicator_style_off() -> None:
    from django.template.loader import render_to_string

    html = render_to_string("core/_htmx.html")
    assert "django_htmx/htmx-2.min.js" in html
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles":false}\'>' in html
    source = Path("naker/outreach/templates/outreach/progress.html").read_text()
    assert '{% include "core/_htmx.html" %}' in source


def test_favicon_is_small_and_cached(client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"
    assert len(response.content) < 1024
    assert "max-age=604800" in response["Cache-Control"]
