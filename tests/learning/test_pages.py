"""Learning pages: light, working without JavaScript, no answers in the quiz page, bounded queries."""

from __future__ import annotations

import gzip
import re
from html import unescape
from urllib.parse import parse_qs, urlparse

import pytest

from naker.learning import demo, services
from naker.learning.models import Choice, Lesson
from naker.organizations.models import Organization
from tests.factories import make_org, officer_of
from tests.learning.conftest import lessons_of

pytestmark = pytest.mark.django_db
MAX_PAGE_BYTES = 60 * 1024


@pytest.fixture
def catalogue(publish):
    return [publish(package) for _org, package in demo.DEMO_COURSES]


def test_the_search_page_works_with_a_plain_form_and_stays_light(client, catalogue):
    response = client.get("/kursus/", {"q": "pelatihan las", "mode": ""})
    html = response.content.decode()
    assert "Pengelasan (Las) SMAW untuk Pemula" in html
    assert "1 kursus" in html
    assert len(gzip.compress(response.content)) < MAX_PAGE_BYTES


def test_the_search_page_costs_the_same_queries_for_any_number_of_results(
    client, catalogue, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        client.get("/kursus/")
    with django_assert_max_num_queries(8):
        client.get("/kursus/", {"q": "digital"})


def test_an_empty_search_says_what_to_do(client, catalogue):
    assert "Coba kata lain" in client.get("/kursus/", {"q": "xyzzy"}).content.decode()


def test_the_quiz_page_holds_no_hint_of_the_right_answers(client, worker, catalogue):
    client.force_login(worker)
    course = catalogue[0]
    client.post(f"/kursus/{course.code}/daftar/", {"action": "enrol"})
    quiz = next(le for le in lessons_of(course) if le.kind == Lesson.Kind.QUIZ)
    attempt_url = client.post(f"/belajar/pelajaran/{quiz.pk}/").url
    html = client.get(attempt_url).content.decode()
    assert "correct" not in html.lower()
    right = Choice.objects.filter(question__lesson=quiz, is_correct=True).values_list("pk", flat=True)
    wrong = Choice.objects.filter(question__lesson=quiz, is_correct=False).values_list("pk", flat=True)
    # right and wrong choices are written the same way
    assert all(f'value="{pk}"' in html for pk in [*right, *wrong])


def test_the_dashboard_shows_progress_hours_and_recommendations(client, worker, catalogue):
    client.force_login(worker)
    course = catalogue[1]
    client.post(f"/kursus/{course.code}/daftar/", {"action": "enrol"})
    first = lessons_of(course)[0]
    client.post(f"/belajar/pelajaran/{first.pk}/")
    html = client.get("/belajar/").content.decode()
    assert course.title in html and 'value="25"' in html
    assert "Jam belajar: 0,2" in html
    assert "Disarankan untuk Anda" in html


def test_a_provider_page_is_for_its_staff(client, worker, provider):
    client.force_login(worker)
    assert client.get("/penyedia/lpk-terampil/").status_code == 403


def test_the_report_exports_csv_and_xlsx(client, staff, catalogue):
    client.force_login(staff)
    csv_response = client.get(f"/penyedia/kursus/{catalogue[0].code}/laporan/", {"format": "csv"})
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "Peserta" in csv_response.content.decode("utf-8-sig")
    xlsx = client.get(f"/penyedia/kursus/{catalogue[0].code}/laporan/", {"format": "xlsx"})
    assert xlsx.content[:2] == b"PK"


def test_recommendations_follow_the_workers_stated_goals(client, worker, catalogue):
    from naker.accounts.models import WorkerProfile

    WorkerProfile.objects.filter(user=worker).update(goals=["work_abroad"])
    client.force_login(worker)
    html = client.get("/belajar/").content.decode()
    assert html.index("Disarankan untuk Anda") < html.index("Bahasa Jepang Dasar untuk Bekerja di Jepang")


def test_sending_an_empty_draft_for_review_says_what_is_missing_once_on_the_editor(client, staff, provider):
    client.force_login(staff)
    form = {
        "code": "kursus-kosong",
        "title": "Kursus Kosong",
        "summary": "Belum ada isinya.",
        "theme": "digital",
        "track": "upskilling",
        "level": "beginner",
        "mode": "online",
        "language": "id",
        "estimated_hours": "2",
        "price_idr": "0",
    }
    created = client.post("/penyedia/lpk-terampil/", form)
    assert created.status_code == 302, created.content.decode()[:2000]
    response = client.post("/penyedia/kursus/kursus-kosong/", {"action": "submit"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("Tambahkan paling sedikit satu modul.") == 1


def test_another_providers_staff_cannot_open_the_editor_or_the_report(client, catalogue):
    other = officer_of(make_org("lpk-lain", kind=Organization.Kind.PROVIDER, level=Organization.Level.SINGLE))
    client.force_login(other)
    for url in (f"/penyedia/kursus/{catalogue[0].code}/", f"/penyedia/kursus/{catalogue[0].code}/laporan/"):
        response = client.get(url)
        assert response.status_code == 403
        assert '<meta name="viewport"' in response.content.decode()


def test_a_course_page_can_be_shared_on_whatsapp_and_its_link_copied(client, publish):
    publish()
    html = client.get("/kursus/digital-marketing-umkm/").content.decode()
    [href] = [unescape(h) for h in re.findall(r'href="(https://wa\.me/[^"]*)"', html)]
    text = parse_qs(urlparse(href).query)["text"][0]
    assert "Digital Marketing" in text and text.endswith("http://testserver/kursus/digital-marketing-umkm/")
    assert '<a class="share-link" href="http://testserver/kursus/digital-marketing-umkm/">' in html


def test_the_old_leave_button_only_leads_to_the_question(client, worker, catalogue):
    from naker.learning.models import Enrolment

    services.enrol(worker=worker, course_code="digital-marketing-umkm")
    client.force_login(worker)
    response = client.post("/kursus/digital-marketing-umkm/daftar/", {"action": "leave"})
    assert response.status_code == 302 and response["Location"] == "/kursus/digital-marketing-umkm/keluar/"
    assert Enrolment.objects.get(user=worker).status == "active"
    assert client.get("/kursus/digital-marketing-umkm/keluar/").status_code == 200
    client.post("/kursus/digital-marketing-umkm/keluar/")
    assert Enrolment.objects.get(user=worker).status == "withdrawn"
    assert client.get("/kursus/digital-marketing-umkm/keluar/").status_code == 404  # nothing left to leave


def test_each_demo_course_teaches_its_own_subject():
    readings, questions = set(), set()
    for _org, package in demo.DEMO_COURSES:
        lessons = [le for module in package["modules"] for le in module["lessons"]]
        reading = next(le for le in lessons if le["kind"] == "text")
        assert reading["body"].count(".") >= 5 and "lorem" not in reading["body"].lower()
        readings.add(reading["body"])
        quiz = next(le for le in lessons if le["kind"] == "quiz")
        questions.update(q["text"] for q in quiz["questions"])
    assert len(readings) == len(demo.DEMO_COURSES)  # no two courses share a text
    assert len(questions) == 3 * len(demo.DEMO_COURSES)  # nor a question
