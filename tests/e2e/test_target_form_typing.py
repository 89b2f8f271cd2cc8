"""Issue 9, small things: the target form pre-fills its start date in the form the date input takes
(ISO, YYYY-MM-DD), so that an officer who types the rest can save it. Typed as a person types."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from naker.insights.models import AdoptionTarget
from naker.organizations.models import Organization
from tests.factories import PASSWORD, make_org, officer_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_prefilled_start_date_is_taken_and_the_target_is_saved(page):
    officer = officer_of(make_org("kadin", kind=Organization.Kind.CHAMBER, level=Organization.Level.NATIONAL))
    page.goto("/akun/masuk/")
    page.get_by_label("Nomor HP atau email").press_sequentially(officer.phone)
    page.get_by_label("Kata sandi").press_sequentially(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.goto("/target/")
    today = timezone.localdate()
    # A value the date input rejects (30-11-2026) reads as "" here and blocks saving.
    assert page.get_by_label("Dari", exact=True).input_value() == today.isoformat()
    page.get_by_label("Nama", exact=True).press_sequentially("5.000 pekerja terdaftar")
    page.get_by_label("Untuk", exact=True).select_option("nation")
    page.get_by_label("Yang dihitung").select_option("registered")
    page.get_by_label("Target", exact=True).press_sequentially("5000")
    # Day and month alike: Chromium orders the parts by the machine's locale (dd/mm or mm/dd).
    due = datetime.date(today.year + 1, 5, 5)
    due_box = page.get_by_label("Tercapai paling lambat")
    due_box.focus()  # the first part (the day); a click would land on whichever part is under it
    page.keyboard.type(due.strftime("%d%m%Y"))
    assert due_box.input_value() == due.isoformat()
    page.get_by_role("button", name="Simpan target").click()
    page.get_by_text("Target disimpan.").wait_for()
    saved = AdoptionTarget.objects.get()
    assert (saved.start_date, saved.due_date) == (today, due)
