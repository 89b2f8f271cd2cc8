"""Every app keeps the same rooms (issue 7 item 9): a room an app does not need is a short module
saying so, so a reader finds each kind of code in the same place in every app."""

from __future__ import annotations

from pathlib import Path

import pytest

import naker

APPS = ("core", "regions", "skills", "accounts", "organizations", "learning", "credentials", "outreach", "insights")
ROOMS = ("models", "services", "selectors", "api", "schemas", "views", "urls", "tasks", "admin", "errors", "apps")


@pytest.mark.parametrize("app", APPS)
def test_every_app_has_every_room(app):
    folder = Path(naker.__file__).parent / app
    missing = [room for room in ROOMS if not (folder / f"{room}.py").exists() and not (folder / room).is_dir()]
    assert missing == []
