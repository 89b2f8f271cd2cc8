"""Leaving a course asks first and says what is kept and what changes (issue 9)."""

from __future__ import annotations

import copy

import pytest

from naker.learning import demo, services
from naker.learning.models import Enrolment
from naker.organizations.models import Organization
from tests.factories import PASSWORD, UserFactory, make_org, make_worker, officer_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leaving_a_course_asks_first_and_says_what_is_kept(page):
    demo.ensure_skills()
    provider = make_org("lpk-terampil", kind=Organization.Kind.PROVIDER, level=Organization.Level.SINGLE)
    package = copy.deepcopy(next(p for _o, p in demo.DEMO_COURSES if p["code"] == "digital-marketing-umkm"))
    services.import_package(actor=officer_of(provider), provider_code="lpk-terampil", package=package, submit=True)
    services.review(admin=UserFactory(is_staff=True), course_code=package["code"], approve=True)
    worker = make_worker()
    enrolment = services.enrol(worker=worker, course_code=package["code"])
    first = enrolment.version.modules.order_by("position")[0].lessons.order_by("position")[0]
    services.complete_lesson(worker=worker, lesson_id=first.pk)

    page.goto("/akun/masuk/")
    page.get_by_label("Nomor HP atau email").press_sequentially(worker.phone)
    page.get_by_label("Kata sandi").press_sequentially(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/akun/saya/")
    page.goto(f"/kursus/{package['code']}/")
    # Not a button beside "continue": a link at the foot of the page, to a page that asks.
    assert page.get_by_role("button", name="Keluar dari kursus ini").count() == 0
    page.get_by_role("link", name="Keluar dari kursus ini").click()
    assert page.get_by_role("heading", name="Keluar dari kursus ini?").is_visible()
    assert "1 pelajaran yang sudah Anda selesaikan" in page.locator("#kept").inner_text()
    assert "Belajar saya" in page.locator("#lost").inner_text()
    page.get_by_role("link", name="Tidak, tetap belajar").click()
    assert Enrolment.objects.get(pk=enrolment.pk).status == "active"

    page.get_by_role("link", name="Keluar dari kursus ini").click()
    page.get_by_role("button", name="Ya, keluar dari kursus").click()
    assert "Anda keluar dari kursus" in page.locator(".msg").first.inner_text()
    assert Enrolment.objects.get(pk=enrolment.pk).status == "withdrawn"
