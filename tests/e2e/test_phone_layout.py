"""What a 360 px phone shows (issue 9, small things): the member list and the attendance code fit the
screen, the map legend has colours, and each chart's month labels say which year they are in."""

from __future__ import annotations

import pytest

from naker.insights import services as insights
from naker.organizations.models import Organization
from tests.factories import PASSWORD, add_member, make_org, make_worker, officer_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, user):
    page.goto("/akun/masuk/")
    page.get_by_label("Nomor HP atau email").press_sequentially(user.phone)
    page.get_by_label("Kata sandi").press_sequentially(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/akun/saya/")


def page_width(page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


def test_the_member_list_fits_a_phone_with_its_actions_on_screen(page):
    union = make_org("ksbsi-dki", level=Organization.Level.BRANCH)
    for _ in range(3):
        add_member(make_worker(regency_code="31.75"), union)  # Kota Administrasi Jakarta Timur
    log_in(page, officer_of(union))
    page.goto("/organisasi/ksbsi-dki/")
    assert page_width(page) <= 360
    action = page.get_by_role("link", name="Lihat NIK").first
    box = action.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 360
    # On a phone each row reads as a card: the column names stand beside the values.
    cell = page.get_by_role("cell", name="Kota Administrasi Jakarta Timur").first
    assert cell.evaluate("e => getComputedStyle(e, '::before').content") == '"Kabupaten/kota: "'


def test_the_attendance_code_stays_inside_the_screen(page):
    log_in(page, make_worker())
    page.goto("/belajar/kode-hadir/")
    assert page_width(page) <= 360
    box = page.locator("p.code").bounding_box()
    assert box is not None and box["x"] + box["width"] <= 360


def test_the_map_legend_has_colours_and_month_labels_carry_the_year(page):
    kadin = make_org("kadin", kind=Organization.Kind.CHAMBER, level=Organization.Level.NATIONAL)
    for regency in ("32.75", "31.71", "73.71", "32.16", "65.71"):
        make_worker(regency_code=regency)
    insights.refresh_aggregates()
    log_in(page, officer_of(kadin))
    page.goto("/dasbor/")
    assert page_width(page) <= 360
    swatches = page.locator(".legend span")
    colours = {swatches.nth(i).evaluate("e => getComputedStyle(e).backgroundColor") for i in range(swatches.count())}
    assert len(colours) == swatches.count() == 3
    assert "rgba(0, 0, 0, 0)" not in colours
    chart = page.locator("svg.chart").first
    labels = chart.locator("text").all_text_contents()
    years = [t for t in labels if t.isdigit() and len(t) == 4]
    assert years, labels  # the first bar's year at least, and each January's
    months = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
    assert any(t in months for t in labels)
    size = chart.locator("text").first.evaluate("e => e.getBoundingClientRect().height")
    assert size >= 10  # readable, not the 6 px of a 600-unit box squeezed onto a phone
