"""Sector and occupation choices show a short plain name and the official code, not BPS titles
of up to 150 characters; the official title stays available (issue 9)."""

from __future__ import annotations

import re

import pytest

from naker.skills.models import Occupation, Sector
from tests.factories import make_worker

pytestmark = pytest.mark.django_db


def test_the_profile_offers_short_sector_and_occupation_names(client):
    client.force_login(make_worker())
    html = client.get("/akun/saya/ubah/").content.decode()
    options = re.findall(r'<option value="[A-U0-9]">([^<]*)</option>', html)
    assert "Rumah tangga (PRT) (KBLI T)" in options
    assert "Tukang dan pengrajin (KBJI 7)" in options
    assert len(options) == 31 and max(len(o) for o in options) <= 45
    assert Sector.objects.get(code="T").name.startswith("Aktivitas Rumah Tangga Sebagai Pemberi Kerja")


def test_every_classification_has_a_short_name_in_both_languages():
    from django.utils import translation

    for model in (Sector, Occupation):
        for row in model.objects.all():
            with translation.override("id"):
                assert row.short_name and len(row.short_name) <= 40 and row.short_name != ""
            with translation.override("en"):
                assert row.short_name != row.name_id or row.name_id == row.name_en
