"""A worker searches, enrols, learns a lesson, fails then passes the quiz and sees progress;
a provider creates a course and sends it for review."""

from __future__ import annotations

import copy
import os
from datetime import timedelta

import pytest
from django.utils import timezone

from naker.learning import demo, services
from naker.learning.models import CourseVersion, Lesson, SessionSeat
from naker.organizations.models import Organization
from tests.factories import PASSWORD, UserFactory, make_org, make_worker, officer_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("NAKER_SCREENSHOTS")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def log_in(page, user):
    page.goto("/akun/masuk/")
    page.get_by_label("Nomor HP atau email").press_sequentially(user.phone)
    page.get_by_label("Kata sandi").press_sequentially(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/akun/saya/")


@pytest.fixture
def staff(db):
    demo.ensure_skills()
    provider = make_org("lpk-terampil", kind=Organization.Kind.PROVIDER, level=Organization.Level.SINGLE)
    return officer_of(provider)


def test_search_enrol_learn_fail_then_pass_the_quiz_and_see_progress(page, staff):
    admin = UserFactory(is_staff=True)
    for _org, package in demo.DEMO_COURSES[:3]:
        services.import_package(actor=staff, provider_code="lpk-terampil", package=copy.deepcopy(package), submit=True)
        services.review(admin=admin, course_code=package["code"], approve=True)
    worker = make_worker()
    log_in(page, worker)

    page.goto("/kursus/")
    page.get_by_label("Apa yang ingin Anda pelajari?").press_sequentially("pelatihan las")
    page.get_by_role("button", name="Cari").click()
    page.get_by_role("link", name="Pengelasan (Las) SMAW untuk Pemula").click()
    shot(page, "course")
    page.get_by_role("button", name="Ikuti kursus ini").click()
    page.wait_for_url("**/belajar/pelajaran/*/")
    page.get_by_role("button", name="Tandai selesai dan lanjut").click()  # reading
    page.get_by_role("button", name="Tandai selesai dan lanjut").click()  # video, read as text
    page.get_by_role("button", name="Tandai selesai dan lanjut").click()  # worksheet
    shot(page, "quiz-intro")
    page.get_by_role("button", name="Mulai kuis").click()
    shot(page, "quiz")
    page.get_by_role("button", name="Kirim jawaban saya").click()  # nothing chosen: no attempt used
    assert "kesempatan ini masih milik Anda" in page.locator("#quiz-error").inner_text()
    quiz = Lesson.objects.get(kind="quiz", module__version__course__code="las-smaw-dasar")
    questions = list(quiz.questions.all())
    for question in questions:  # the first question wrong, the others right
        choices = question.choices.filter(is_correct=question != questions[0])
        page.locator(f"input[name='q{question.pk}'][value='{choices[0].pk}']").check()
    page.get_by_role("button", name="Kirim jawaban saya").click()
    assert "Belum lulus" in page.locator("#result").inner_text()
    feedback = page.locator("ol.feedback").inner_text()
    assert f"Salah: {questions[0].text}" in feedback and f"Benar: {questions[1].text}" in feedback
    assert "Jawaban yang benar:" not in feedback  # not before the attempts are used up
    page.get_by_role("link", name="Coba lagi").click()
    page.get_by_role("button", name="Mulai kuis").click()
    for question in quiz.questions.all():
        for choice in question.choices.filter(is_correct=True):
            page.locator(f"input[name='q{question.pk}'][value='{choice.pk}']").check()
    page.get_by_role("button", name="Kirim jawaban saya").click()
    assert "Lulus dengan nilai 100%" in page.locator("#result").inner_text()
    shot(page, "quiz-passed")
    page.goto("/belajar/")
    assert "100%" in page.content()  # all lessons done; the class is still to attend (hybrid)
    shot(page, "dashboard")


def test_a_provider_creates_a_course_and_sends_it_for_review(page, staff):
    log_in(page, staff)
    page.goto("/penyedia/lpk-terampil/")
    page.get_by_label("Kode pendek (untuk alamat web)").press_sequentially("servis-motor")
    page.get_by_label("Judul").press_sequentially("Servis Motor Harian")
    page.get_by_label("Ringkasan").press_sequentially("Merawat sepeda motor: oli, rem, rantai.")
    page.get_by_label("Perkiraan jam belajar").press_sequentially("8")
    page.get_by_role("button", name="Buat kursus").click()
    page.wait_for_url("**/penyedia/kursus/servis-motor/")
    page.get_by_label("Judul modul").press_sequentially("Perawatan rutin")
    page.get_by_role("button", name="Tambah modul").click()
    page.locator("summary", has_text="Tambah pelajaran").click()
    page.get_by_label("Judul pelajaran").press_sequentially("Mengganti oli")
    page.get_by_label("Teks (atau teks pengganti video, atau transkrip rekaman)").press_sequentially(
        "Langkah mengganti oli mesin."
    )
    page.get_by_role("button", name="Tambah pelajaran").click()
    page.get_by_role("button", name="Kirim untuk ditinjau").click()
    assert "Sedang ditinjau" in page.locator("#version-status").inner_text()
    assert CourseVersion.objects.get(course__code="servis-motor").status == "in_review"
    shot(page, "editor")


def type_log_in(page, user):
    """Logs in typing as a person does (fill() would get past a maxlength a person cannot)."""
    page.goto("/akun/masuk/")
    page.get_by_label("Nomor HP atau email").press_sequentially(user.phone)
    page.get_by_label("Kata sandi").press_sequentially(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/akun/saya/")


def test_a_worker_books_a_class_finds_it_on_their_page_and_cancels_it_after_confirming(page, staff):
    admin = UserFactory(is_staff=True)
    welding = next(p for _org, p in demo.DEMO_COURSES if p["code"] == "las-smaw-dasar")
    services.import_package(actor=staff, provider_code="lpk-terampil", package=copy.deepcopy(welding), submit=True)
    services.review(admin=admin, course_code="las-smaw-dasar", approve=True)
    start = timezone.now() + timedelta(days=3)
    session = services.create_session(
        actor=staff,
        course_code="las-smaw-dasar",
        starts_at=start,
        ends_at=start + timedelta(hours=4),
        venue="BLK Kota Bekasi",
        regency_code="32.75",
        capacity=10,
    )
    worker = make_worker()
    type_log_in(page, worker)

    page.goto("/kursus/las-smaw-dasar/")
    page.get_by_role("button", name="Pesan kursi").click()
    assert "Anda punya kursi di kelas ini." in page.content()
    page.goto("/belajar/")
    classes = page.locator(".card", has_text="BLK Kota Bekasi")
    assert "Pengelasan (Las) SMAW untuk Pemula" in classes.inner_text()
    shot(page, "dashboard-classes")
    classes.get_by_role("link", name="Batalkan kursi saya").click()
    page.wait_for_url(f"**/kelas/{session.pk}/batal/")
    assert SessionSeat.objects.get(user=worker).status == "booked"  # not before the worker confirms
    page.get_by_role("button", name="Ya, batalkan kursi saya").click()
    page.wait_for_url("**/belajar/")
    assert "Kursi Anda dibatalkan" in page.content()
    assert "BLK Kota Bekasi" not in page.content()
    assert SessionSeat.objects.get(user=worker).status == "cancelled"


def test_the_admin_reads_the_course_sends_it_back_with_a_reason_and_the_provider_reads_it(page, browser, staff):
    admin = UserFactory(is_staff=True)
    services.import_package(
        actor=staff, provider_code="lpk-terampil", package=copy.deepcopy(demo.DEMO_COURSES[0][1]), submit=True
    )
    code = demo.DEMO_COURSES[0][1]["code"]
    type_log_in(page, admin)
    page.goto("/tinjau/")
    page.get_by_role("link", name="Periksa isinya").click()
    page.wait_for_url(f"**/tinjau/{code}/")
    assert "jawaban benar" in page.content()  # the quiz's right answers are shown to the reviewer
    page.get_by_role("button", name="Kembalikan").click()  # no reason yet
    assert "Tulis apa yang harus diubah lembaga pelatihan" in page.content()
    page.get_by_label("Catatan untuk lembaga pelatihan").press_sequentially("Tambahkan contoh soal praktik.")
    page.get_by_role("button", name="Kembalikan").click()
    page.wait_for_url("**/tinjau/")
    shot(page, "review-sent-back")

    provider_page = browser.new_context(
        viewport={"width": 360, "height": 740}, base_url=page.url.split("/tinjau/")[0], locale="id-ID"
    ).new_page()
    type_log_in(provider_page, staff)
    provider_page.goto("/penyedia/lpk-terampil/")
    listing = provider_page.content()
    assert "Dikembalikan untuk diperbaiki" in listing and "Tambahkan contoh soal praktik." in listing
    provider_page.context.close()


def test_a_provider_reorders_and_edits_lessons_and_opens_a_class_attendance_page(page, staff):
    admin = UserFactory(is_staff=True)
    welding = next(p for _org, p in demo.DEMO_COURSES if p["code"] == "las-smaw-dasar")
    services.import_package(actor=staff, provider_code="lpk-terampil", package=copy.deepcopy(welding), submit=True)
    services.review(admin=admin, course_code="las-smaw-dasar", approve=True)
    start = timezone.now() + timedelta(days=3)
    session = services.create_session(
        actor=staff,
        course_code="las-smaw-dasar",
        starts_at=start,
        ends_at=start + timedelta(hours=4),
        venue="BLK Kota Bekasi",
        regency_code="32.75",
        capacity=10,
    )
    services.start_new_version(actor=staff, course_code="las-smaw-dasar")
    draft = CourseVersion.objects.get(course__code="las-smaw-dasar", status="draft")
    first, second = Lesson.objects.filter(module__version=draft, module__position=1).order_by("position")[:2]
    type_log_in(page, staff)
    page.goto("/penyedia/kursus/las-smaw-dasar/")
    with page.expect_navigation():
        page.get_by_role("button", name=f"Turunkan: {first.title}").click()
    order = list(Lesson.objects.filter(module__version=draft, module__position=1).order_by("position")[:2])
    assert [le.pk for le in order] == [second.pk, first.pk]

    lesson_item = page.locator("li", has_text=first.title).first
    lesson_item.locator("summary", has_text="Ubah pelajaran ini").click()
    title = lesson_item.get_by_label("Judul pelajaran")
    title.select_text()
    title.press("Backspace")
    title.press_sequentially("Mengenal mesin las")
    with page.expect_navigation():
        lesson_item.get_by_role("button", name="Simpan pelajaran").click()
    assert Lesson.objects.get(pk=first.pk).title == "Mengenal mesin las"

    page.get_by_role("link", name="Daftar hadir dan pemesan kursi").click()
    page.wait_for_url(f"**/kelas/{session.pk}/presensi/")
    shot(page, "attendance")
