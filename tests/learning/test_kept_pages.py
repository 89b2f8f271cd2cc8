"""What the catalogue, the course pages and the lesson pages show to everyone is kept (issue 13,
naker.learning.catalogue): a change must still show on the next page, in the viewer's language, and
nothing one person sees of their own may reach another."""

from __future__ import annotations

import datetime
import re
import warnings

import pytest
from django.core.cache import CacheKeyWarning
from django.test import Client
from django.utils import timezone

from naker.learning import demo, services
from tests.factories import make_worker
from tests.learning.conftest import MARKETING, WELDING, lessons_of

pytestmark = pytest.mark.django_db

CARD_TITLES = re.compile(r'<h3><a href="/kursus/([^/]+)/">')


def listed(client: Client, query: str = "") -> list[str]:
    response = client.get(f"/kursus/{query}")
    assert response.status_code == 200
    return CARD_TITLES.findall(response.content.decode())


def page_text(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# --- the catalogue ----------------------------------------------------------------------------


def test_a_course_published_after_the_list_was_shown_is_listed_at_once(client, publish):
    publish(MARKETING)
    assert listed(client) == ["digital-marketing-umkm"]
    assert listed(client, "?q=las") == []
    publish(WELDING)
    assert listed(client) == ["las-smaw-dasar", "digital-marketing-umkm"]  # newest first
    assert listed(client, "?q=las") == ["las-smaw-dasar"]
    assert "las-smaw-dasar" in [c["code"] for c in client.get("/api/v1/courses", {"q": "las"}).json()["items"]]


def test_a_changed_title_price_and_provider_name_show_at_once(client, publish, provider):
    course = publish(MARKETING)
    assert "Gratis" in page_text(client, "/kursus/")
    course.title, course.price_idr = "Pemasaran Digital Lanjutan", 150000
    course.save()
    provider.name = "LPK Cemerlang"
    provider.save()
    for url in ("/kursus/", "/kursus/?q=marketing"):
        html = page_text(client, url)
        assert "Pemasaran Digital Lanjutan" in html, url
        assert "Rp150" in html, url
        assert "LPK Cemerlang" in html, url
    item = client.get("/api/v1/courses", {"q": "marketing"}).json()["items"][0]
    assert (item["title"], item["price_idr"]) == ("Pemasaran Digital Lanjutan", 150000)
    assert item["provider"] == "LPK Cemerlang"


def test_the_kept_list_is_in_the_viewers_language(client, publish):
    publish(WELDING)
    assert "Keterampilan industri" in page_text(client, "/kursus/")
    english = Client()
    english.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = page_text(english, "/kursus/")
    assert "Industry-specific skills" in html
    assert "Keterampilan industri" not in html
    assert "Keterampilan industri" in page_text(client, "/kursus/")


def test_each_page_and_each_filter_keeps_its_own_list(client, publish):
    for i in range(22):
        publish(MARKETING, code=f"pemasaran-{i:02d}", title=f"Pemasaran {i:02d}")
    first, second = listed(client), listed(client, "?page=2")
    assert len(first) == 20
    assert len(second) == 2
    assert not set(first) & set(second)
    assert listed(client, "?sort=title")[:2] == ["pemasaran-00", "pemasaran-01"]
    assert listed(client, "?sort=title&page=2") == ["pemasaran-20", "pemasaran-21"]
    assert listed(client, "?theme=side_income") == []


def test_a_class_scheduled_after_the_province_filter_was_shown_lists_the_course(client, publish, staff):
    course = publish(WELDING)
    assert listed(client, "?province=32") == []
    starts = timezone.now() + datetime.timedelta(days=7)
    services.create_session(
        actor=staff,
        course_code=course.code,
        venue="BLK Bekasi",
        regency_code="32.75",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=4),
        capacity=10,
    )
    assert listed(client, "?province=32") == [course.code]


# --- the course page --------------------------------------------------------------------------


def signed_in(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def outline_of(html: str) -> str:
    return html.split("<h2>Isi kursus</h2>")[1].split("</main>")[0]


def test_each_viewer_sees_only_their_own_progress_on_a_kept_outline(publish):
    course = publish(MARKETING)
    first, second = lessons_of(course)[:2]
    ani, budi = make_worker(), make_worker()
    ani_client, budi_client = signed_in(ani), signed_in(budi)
    services.enrol(worker=ani, course_code=course.code)
    services.complete_lesson(worker=ani, lesson_id=first.pk)
    url = f"/kursus/{course.code}/"
    for _ in range(2):  # the second time from what was kept
        ani_sees = outline_of(page_text(ani_client, url))
        assert f'<a href="/belajar/pelajaran/{first.pk}/">' in ani_sees
        assert ani_sees.count("✓") == 1
        assert "Kemajuan Anda: 25%" in page_text(ani_client, url)
        budi_sees = page_text(budi_client, url)
        assert "✓" not in outline_of(budi_sees)
        assert "/belajar/pelajaran/" not in outline_of(budi_sees)  # not following: no links
        assert "Kemajuan Anda" not in budi_sees
        assert "/belajar/pelajaran/" not in outline_of(page_text(Client(), url))
    services.enrol(worker=budi, course_code=course.code)
    services.complete_lesson(worker=budi, lesson_id=second.pk)
    budi_sees = outline_of(page_text(budi_client, url))
    assert f'<a href="/belajar/pelajaran/{second.pk}/">' in budi_sees
    assert budi_sees.count("✓") == 1
    assert budi_sees.index("✓") > budi_sees.index(f"/belajar/pelajaran/{second.pk}/")
    assert outline_of(page_text(ani_client, url)).count("✓") == 1


def test_a_new_version_shows_to_new_learners_and_the_old_one_to_those_who_started_it(client, publish, worker):
    course = publish(MARKETING)
    services.enrol(worker=worker, course_code=course.code)
    url = f"/kursus/{course.code}/"
    old_title = lessons_of(course)[0].title
    assert old_title in page_text(client, url)
    modules = [{**m, "title": f"{m['title']} (edisi 2)"} for m in MARKETING["modules"]]
    publish(MARKETING, modules=modules, title="Digital Marketing UMKM, edisi 2")
    anyone = page_text(client, url)
    assert "Pengenalan (edisi 2)" in anyone
    assert "<h1>Digital Marketing UMKM, edisi 2</h1>" in anyone
    theirs = page_text(signed_in(worker), url)
    assert "Pengenalan (edisi 2)" not in outline_of(theirs)  # they keep the version they started
    assert "<h1>Digital Marketing UMKM, edisi 2</h1>" in theirs  # the course's title is the course's


def test_changed_skills_and_hours_show_on_the_course_page_at_once(client, publish):
    course = publish(MARKETING)
    url = f"/kursus/{course.code}/"
    assert "<dd>12</dd>" in page_text(client, url)
    course.estimated_hours = 30
    course.save()
    course.skills.set([])
    html = page_text(client, url)
    assert "<dd>30</dd>" in html
    assert "<dt>Keterampilan</dt><dd>—</dd>" in html


# --- the lesson page and the learner's dashboard -----------------------------------------------


def test_the_lesson_page_names_its_neighbours_and_resumes_where_the_worker_last_was(publish, worker):
    course = publish(MARKETING)
    lessons = lessons_of(course)
    services.enrol(worker=worker, course_code=course.code)
    client = signed_in(worker)
    html = page_text(client, f"/belajar/pelajaran/{lessons[1].pk}/")
    assert f'href="/belajar/pelajaran/{lessons[0].pk}/">← {lessons[0].title}' in html
    assert f'href="/belajar/pelajaran/{lessons[2].pk}/">{lessons[2].title} →' in html
    page_text(client, f"/belajar/pelajaran/{lessons[1].pk}/")  # again: nothing to write
    page_text(client, f"/belajar/pelajaran/{lessons[0].pk}/")
    assert f'href="/belajar/pelajaran/{lessons[0].pk}/">Lanjutkan dari terakhir' in page_text(
        client, f"/kursus/{course.code}/"
    )
    assert "Tandai selesai" in page_text(client, f"/belajar/pelajaran/{lessons[0].pk}/")
    client.post(f"/belajar/pelajaran/{lessons[0].pk}/")
    assert "✓ Selesai" in page_text(client, f"/belajar/pelajaran/{lessons[0].pk}/")


def test_recommended_cards_follow_changes_and_never_show_a_course_already_taken(publish, worker):
    courses = [publish(package) for _org, package in demo.DEMO_COURSES]
    client = signed_in(worker)
    recommended = CARD_TITLES.findall(page_text(client, "/belajar/").split("Disarankan untuk Anda")[1])
    assert recommended
    first = next(c for c in courses if c.code == recommended[0])
    first.title = "Judul Baru Sekali"
    first.save()
    assert "Judul Baru Sekali" in page_text(client, "/belajar/")
    services.enrol(worker=worker, course_code=first.code)
    after = page_text(client, "/belajar/").split("Disarankan untuk Anda")[1]
    assert first.code not in CARD_TITLES.findall(after)


def test_a_corrected_lesson_shows_on_its_page_and_its_neighbours_at_once(publish, worker):
    course = publish(MARKETING)
    lessons = lessons_of(course)
    services.enrol(worker=worker, course_code=course.code)
    client = signed_in(worker)
    assert lessons[0].title in page_text(client, f"/belajar/pelajaran/{lessons[0].pk}/")
    assert lessons[0].title in page_text(client, f"/belajar/pelajaran/{lessons[1].pk}/")
    lessons[0].title, lessons[0].body = "Judul yang dibetulkan", "Teks yang dibetulkan."
    lessons[0].save()
    assert "Teks yang dibetulkan." in page_text(client, f"/belajar/pelajaran/{lessons[0].pk}/")
    assert "← Judul yang dibetulkan" in page_text(client, f"/belajar/pelajaran/{lessons[1].pk}/")
    # the lesson's own part is kept (issue 13): an image added, and the other language, show at once
    lessons[0].image_url, lessons[0].image_alt = "/media/las.png", "Juru las memakai helm"
    lessons[0].save()
    html = page_text(client, f"/belajar/pelajaran/{lessons[0].pk}/")
    assert 'alt="Juru las memakai helm"' in html and "Dengarkan" in html
    client.cookies["django_language"] = "en"
    html = page_text(client, f"/belajar/pelajaran/{lessons[0].pk}/")
    assert ">Listen</button>" in html and "Teks yang dibetulkan." in html


def test_recommendations_follow_a_changed_profile_and_a_new_union_at_once(publish, worker):
    """The picks are kept under the person's version: the profile and the unions are not read on a
    visit, so a change to either must make new picks on the next one."""
    from naker.accounts import services as account_services
    from naker.learning.models import Course, CoursePopularity
    from tests.factories import add_member, make_org

    courses = {c.code: c for c in (publish(package) for _org, package in demo.DEMO_COURSES)}
    # Everything else is more followed: the two courses below are picked only for a reason of the worker's.
    Course.objects.exclude(code__in=["bahasa-jepang-kerja", "usaha-kuliner-rumahan"]).update(enrolment_count=10)
    union = make_org("ksbsi-jaksel")
    CoursePopularity.objects.create(course=courses["usaha-kuliner-rumahan"], organization=union, completions=7)
    client = signed_in(worker)

    def picks() -> list[str]:
        return CARD_TITLES.findall(page_text(client, "/belajar/").split("Disarankan untuk Anda")[1])

    assert not {"bahasa-jepang-kerja", "usaha-kuliner-rumahan"} & set(picks())
    add_member(worker, union)
    assert picks()[0] == "usaha-kuliner-rumahan"  # what the union's members complete most
    profile = worker.worker
    account_services.update_profile(
        user=worker,
        changes=account_services.ProfileChanges(
            full_name=worker.full_name, email=worker.email, regency_code=profile.regency_id, goals=["work_abroad"]
        ),
    )
    assert "bahasa-jepang-kerja" in picks()


def test_a_learner_without_a_class_costs_two_queries_on_their_dashboard(publish, worker, django_assert_num_queries):
    """The user and the enrolments (which say that no class is booked); the recommendations are kept."""
    course = publish(MARKETING)
    services.enrol(worker=worker, course_code=course.code)
    client = signed_in(worker)
    page_text(client, "/belajar/")
    with django_assert_num_queries(2):
        assert course.title in page_text(client, "/belajar/")


def test_the_kept_dashboard_shows_new_progress_at_once_and_only_to_its_learner(publish, worker):
    course = publish(MARKETING)
    lessons = lessons_of(course)
    services.enrol(worker=worker, course_code=course.code)
    client = signed_in(worker)
    before = page_text(client, "/belajar/")
    assert 'value="0"' in before
    client.post(f"/belajar/pelajaran/{lessons[0].pk}/")
    after = page_text(client, "/belajar/")
    progress = re.search(r'<progress max="100" value="(\d+)">', after)
    assert progress is not None and int(progress.group(1)) > 0
    other = make_worker()
    services.enrol(worker=other, course_code=course.code)
    theirs = page_text(signed_in(other), "/belajar/")
    assert 'value="0"' in theirs and f'value="{progress.group(1)}"' not in theirs


# --- odd course codes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/kursus/" + "a" * 300 + "/",  # a slug longer than any cache key may be
        "/api/v1/courses/las%01%0A%20smaw",  # control characters and a space
        "/api/v1/courses/" + "x" * 300,
    ],
)
def test_a_course_url_with_odd_characters_is_not_found_without_a_cache_key_warning(client, publish, url):
    publish(MARKETING)
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        response = client.get(url)
    assert response.status_code == 404


def test_a_kept_course_page_carries_each_visitors_own_csrf_field_and_its_enrol_form_works(publish):
    """The body of a course page without anything of the viewer's own is kept whole; its enrol form's
    CSRF field is the request's own, put in when served (never the one of whoever was first)."""
    course = publish(MARKETING)
    ani, budi = make_worker(), make_worker()
    url = f"/kursus/{course.code}/"
    tokens = []
    for person in (ani, budi):
        client = Client(enforce_csrf_checks=True)
        client.force_login(person)
        html = page_text(client, url)
        assert "naker:csrf" not in html
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
        tokens.append(token)
        response = client.post(f"/kursus/{course.code}/daftar/", {"csrfmiddlewaretoken": token, "action": "enrol"})
        assert response.status_code == 302, response.status_code
        assert "Kemajuan Anda" in page_text(client, url)
    assert tokens[0] != tokens[1]
