"""Each field's aria-describedby names elements on the page (core/_field.html gives the help text
the id Django's widget points at, `<id>_helptext`, and the errors `<id>_error`): a screen reader
reads the help and the error with the field."""

from __future__ import annotations

import re

import pytest

from tests.factories import make_worker

pytestmark = pytest.mark.django_db


def described_by_and_ids(html: str) -> tuple[list[str], set[str]]:
    wanted = [i for value in re.findall(r'aria-describedby="([^"]*)"', html) for i in value.split()]
    return wanted, set(re.findall(r'\sid="([^"]+)"', html))


@pytest.mark.parametrize("submit", [False, True], ids=["empty", "with-errors"])
def test_the_registration_forms_help_and_errors_are_what_the_fields_point_at(client, submit):
    html = (client.post("/akun/daftar/", {"phone": "12"}) if submit else client.get("/akun/daftar/")).content.decode()
    wanted, ids = described_by_and_ids(html)
    assert "id_phone_helptext" in wanted  # the phone field has help ("For example 0812 3456 7890")
    if submit:
        assert "id_full_name_error" in wanted
    assert [i for i in wanted if i not in ids] == []


def test_the_job_preferences_checkboxes_are_described_by_their_help(client):
    client.force_login(make_worker())
    html = client.get("/kerja/preferensi/").content.decode()
    wanted, ids = described_by_and_ids(html)
    assert len([i for i in wanted if i.endswith("_helptext")]) >= 2
    assert [i for i in wanted if i not in ids] == []
    assert html.count("Employers see your skills") + html.count("Pemberi kerja melihat") == 1  # shown once
