"""A chamber officer sets a target and sees the projection and the map."""

from __future__ import annotations

import datetime
import os

import pytest
from django.utils import timezone

from naker.accounts.models import WorkerProfile
from naker.insights import services as insights
from naker.organizations.models import Organization
from tests.factories import PASSWORD, make_org, make_worker, officer_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_chamber_officer_sets_a_target_and_sees_projection_and_map(page):
    kadin = make_org("kadin", kind=Organization.Kind.CHAMBER, level=Organization.Level.NATIONAL)
    officer = officer_of(kadin)
    for days_ago, regency in [(1, "32.75"), (3, "31.71"), (5, "73.71"), (8, "32.16"), (12, "65.71")]:
        worker = make_worker(regency_code=regency)
        WorkerProfile.objects.filter(user=worker).update(created_at=timezone.now() - datetime.timedelta(days=days_ago))
    insights.refresh_aggregates()
    page.goto("/akun/masuk/")
    page.get_by_label("Nomor HP atau email").press_sequentially(officer.phone)
    page.get_by_label("Kata sandi").press_sequentially(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.goto("/target/")
    page.get_by_label("Nama", exact=True).press_sequentially("5.000 pekerja terdaftar")
    page.get_by_label("Untuk", exact=True).select_option("nation")
    page.get_by_label("Yang dihitung").select_option("registered")
    page.get_by_label("Target", exact=True).press_sequentially("5000")
    today = timezone.localdate()
    # Chromium's date input is a segmented control whose typing order follows the machine's locale,
    # not the page's: dates are set whole (test_target_form_typing.py types one, with that caveat).
    page.get_by_label("Dari", exact=True).fill((today - datetime.timedelta(days=30)).isoformat())
    page.get_by_label("Tercapai paling lambat").fill((today + datetime.timedelta(days=60)).isoformat())
    page.get_by_role("button", name="Simpan target").click()
    status = page.locator("#target-status").inner_text()
    assert status.startswith("Berisiko: dengan laju ini tercapai pada")
    assert page.locator("polyline.projection-line").count() == 1
    assert page.locator("svg.map path").count() == 38
    if os.environ.get("NAKER_SCREENSHOTS"):
        page.screenshot(path=f"{os.environ['NAKER_SCREENSHOTS']}/target.png", full_page=True)
