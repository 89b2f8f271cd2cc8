"""Fault tests on the production layout (deploy/faults.sh starts it on a PostgreSQL cluster and a
Redis of their own, then runs these with NAKER_FAULT_TESTS=1). Elsewhere they are skipped: they
restart PostgreSQL, stop Redis and kill processes."""

from __future__ import annotations

import os
from typing import Any

import pytest

ENABLED = os.environ.get("NAKER_FAULT_TESTS") == "1"


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    if ENABLED:
        return
    skip = pytest.mark.skip(reason="fault tests run on the production layout only: make prod-faults")
    for item in items:
        if "/faults/" in str(item.fspath):
            item.add_marker(skip)
