"""A worker saves a course for offline reading, reads a lesson and marks it done with no connection,
then sees it sent when the connection returns (issue 12, item 2); the "Dengarkan" button shows only
where the browser has an Indonesian voice (item 3).

Headless Chromium has no speech voices, so the speak tests give the page a stand-in
`speechSynthesis.getVoices()` (and record what `speak()` is given) with an init script."""

from __future__ import annotations

import copy

import pytest

from naker.learning import demo, services
from naker.learning.models import Lesson, LessonProgress
from naker.organizations.models import Organization
from tests.e2e.test_learning_journey import log_in
from tests.factories import UserFactory, make_org, make_worker, officer_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MARKETING = next(p for _o, p in demo.DEMO_COURSES if p["code"] == "digital-marketing-umkm")


@pytest.fixture
def learner(db):
    demo.ensure_skills()
    provider = make_org("lpk-terampil", kind=Organization.Kind.PROVIDER, level=Organization.Level.SINGLE)
    staff = officer_of(provider)
    services.import_package(actor=staff, provider_code="lpk-terampil", package=copy.deepcopy(MARKETING), submit=True)
    services.review(admin=UserFactory(is_staff=True), course_code=MARKETING["code"], approve=True)
    worker = make_worker()
    services.enrol(worker=worker, course_code=MARKETING["code"])
    return worker


def text_lessons():
    return list(Lesson.objects.filter(kind="text").order_by("module__position", "position"))


def lesson_after(lesson):
    ordered = list(
        Lesson.objects.filter(module__version=lesson.module.version).order_by("module__position", "position")
    )
    return ordered[ordered.index(lesson) + 1]


def test_save_a_course_read_and_mark_a_lesson_done_offline_then_it_is_sent(page, learner):
    log_in(page, learner)
    page.goto(f"/kursus/{MARKETING['code']}/")
    page.get_by_role("button", name="Simpan untuk offline").click()
    size = page.get_by_text("Kursus ini memakan sekitar")
    size.wait_for()
    assert "KB di HP Anda" in size.inner_text()
    page.get_by_role("button", name="Simpan (").click()
    page.get_by_text("Tersimpan di HP ini").wait_for()
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")

    first = text_lessons()[0]
    second = lesson_after(first)
    page.context.set_offline(True)
    page.goto(f"/belajar/pelajaran/{first.pk}/")
    page.get_by_role("heading", name=first.title).wait_for()
    assert first.body.split("\n")[0][:40] in page.locator("#lesson-text").inner_text()
    # a page that was not saved: the saved "no connection" page, not the browser's error
    page.goto("/kursus/")
    page.get_by_role("heading", name="Tidak ada koneksi").wait_for()

    page.goto(f"/belajar/pelajaran/{first.pk}/")
    page.get_by_role("button", name="Tandai selesai dan lanjut").click()
    page.get_by_text("Ditandai selesai. Akan dikirim saat Anda online lagi.").wait_for()
    page.wait_for_url(f"**/belajar/pelajaran/{second.pk}/")
    pending = page.get_by_text("1 pelajaran ditandai selesai saat offline: menunggu dikirim")
    pending.wait_for()
    assert not LessonProgress.objects.filter(lesson=first).exists()

    page.context.set_offline(False)
    pending.wait_for(state="hidden")
    assert LessonProgress.objects.filter(lesson=first, enrolment__user=learner).exists()
    page.goto(f"/kursus/{MARKETING['code']}/")
    assert "✓" in page.get_by_role("listitem").filter(has_text=first.title).inner_text()


VOICES = """
(() => {
  window.__spoken = [];
  const voices = %s;
  const own = (name, value) => Object.defineProperty(window.speechSynthesis, name, {value, configurable: true});
  own("getVoices", () => voices);
  own("speak", (u) => window.__spoken.push({text: u.text, rate: u.rate, lang: u.lang}));
})();
"""


def test_listen_reads_the_lesson_in_indonesian_at_the_chosen_speed(page, learner):
    page.context.add_init_script(VOICES % '[{"lang": "id-ID", "name": "Bahasa Indonesia", "default": true}]')
    log_in(page, learner)
    lesson = text_lessons()[0]
    page.goto(f"/belajar/pelajaran/{lesson.pk}/")
    listen = page.get_by_role("button", name="Dengarkan")
    listen.wait_for()
    page.get_by_label("Kecepatan").select_option(label="Pelan")
    listen.click()
    page.get_by_role("button", name="Berhenti").wait_for()
    spoken = page.evaluate("window.__spoken")
    assert len(spoken) == 1
    assert spoken[0]["rate"] == 0.75 and spoken[0]["lang"].startswith("id")
    assert lesson.body.split("\n")[0][:40] in spoken[0]["text"]


def test_listen_is_not_shown_where_the_browser_has_no_indonesian_voice(page, learner):
    page.context.add_init_script(VOICES % '[{"lang": "en-US", "name": "English", "default": true}]')
    page.goto("/akun/daftar/")
    page.get_by_role("heading", name="Daftar sebagai pekerja").wait_for()
    page.wait_for_load_state("load")
    assert page.get_by_role("button", name="Dengarkan").count() == 0
    # the same page with an Indonesian voice: registration's key instructions can be heard
    page.context.add_init_script(VOICES % '[{"lang": "id_ID", "name": "Indonesia"}]')
    page.reload()
    page.get_by_role("button", name="Dengarkan").first.wait_for()
    assert page.get_by_role("button", name="Dengarkan").count() == 2
