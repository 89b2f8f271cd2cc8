"""Shared fixtures. The database is the one DATABASE_URL names (PostgreSQL in CI), SQLite otherwise."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

os.environ.setdefault("NAKER_TASK_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    # Browser and contract tests use transactional databases, which are flushed afterwards; run them
    # last so the other tests keep the reference data loaded by the migrations.
    def late(item: Any) -> int:
        path = str(item.fspath)
        return 1 if ("/e2e/" in path or "/contract/" in path) else 0

    items.sort(key=late)
    # Tests of PostgreSQL's own behaviour (say, NUL bytes in text) run only where it is the database.
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://...")
        for item in items:
            if item.get_closest_marker("postgres"):
                item.add_marker(skip)


EVIDENCE_DIR = tempfile.mkdtemp(prefix="naker-evidence-")
# Uploaded files (member lists, refused rows, lesson media) of this test process: a folder of its own,
# never var/media, which parallel test processes (pytest-xdist, `make test`) would otherwise share and
# delete from under each other.
MEDIA_DIR = tempfile.mkdtemp(prefix="naker-media-")


@pytest.fixture(autouse=True, scope="session")
def _own_media_folder() -> Iterator[None]:
    from django.conf import settings
    from django.test import override_settings

    storages = {**settings.STORAGES, "default": {**settings.STORAGES["default"], "OPTIONS": {"location": MEDIA_DIR}}}
    with override_settings(STORAGES=storages):
        yield
    shutil.rmtree(MEDIA_DIR, ignore_errors=True)
    shutil.rmtree(EVIDENCE_DIR, ignore_errors=True)


@pytest.fixture(autouse=True)
def _fast_settings(settings: Any) -> None:
    # Evidence files of competency certification: a folder of the session, never var/.
    settings.NAKER_EVIDENCE_DIR = EVIDENCE_DIR
    # Argon2 is the production hasher (tested in test_security); tests hash thousands of passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.AXES_ENABLED = True
    # Throttle counters (registration, reset-code guesses) live in the cache: each test starts at zero.
    from django.core.cache import cache

    cache.clear()
    # The course search's copy of its vocabulary is reloaded when the vocabulary's version changes;
    # each test's database starts again from the same version, so each test starts as a new process.
    from naker.learning import search

    search.course_vocabulary = search.CourseVocabulary()


@pytest.fixture(autouse=True)
def _reference_data(request: Any) -> None:
    """Reloads regions and classifications where a transactional test flushed them."""
    if request.node.get_closest_marker("django_db") is None and not (
        {"db", "transactional_db", "live_server", "client"} & set(request.fixturenames)
    ):
        return
    request.getfixturevalue("db" if "live_server" not in request.fixturenames else "transactional_db")
    from naker.regions.models import District, Province, Regency

    if not Province.objects.exists():
        from naker.regions.loader import load_regions
        from naker.skills.loader import load_classifications
        from naker.skills.models import Occupation, Sector

        load_regions(Province, Regency, District)
        load_classifications(Sector, Occupation)


@pytest.fixture
def api(client: Client) -> Client:
    return client


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def token_for(client: Client) -> Any:
    """Logs a user in through the API and returns the header dict for later calls."""

    def make(user: Any) -> dict[str, str]:
        response = client.post(
            "/api/v1/auth/token", {"login": user.phone, "password": "naker-demo"}, content_type="application/json"
        )
        assert response.status_code == 200, response.content
        return bearer(response.json()["token"])

    return make
