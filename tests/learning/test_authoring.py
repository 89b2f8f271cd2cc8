"""Providers publish courses: a package or the form, review by the platform admin, new versions."""

from __future__ import annotations

import copy

import pytest

from naker.learning.models import Course, CourseVersion
from tests.factories import UserFactory
from tests.learning.conftest import MARKETING, lessons_of

pytestmark = pytest.mark.django_db
PACKAGES = "/api/v1/providers/lpk-terampil/packages"


def put(client, token, package, submit=False):
    return client.put(PACKAGES + ("?submit=true" if submit else ""), package, content_type="application/json", **token)


def test_a_package_becomes_a_draft_course_with_its_whole_outline(client, token_for, staff):
    response = put(client, token_for(staff), MARKETING)
    assert response.status_code == 200, response.content
    assert response.json() == {"course": "digital-marketing-umkm", "version": 1, "status": "draft"}
    course = Course.objects.get(code="digital-marketing-umkm")
    version = course.versions.get()
    assert [m.title for m in version.modules.all()] == ["Pengenalan", "Praktik"]
    assert set(course.skills.values_list("code", flat=True)) == {"NK-DIG-01", "NK-DIG-02"}
    assert course.published_version is None  # not in the catalogue before review


def test_a_broken_package_is_refused_whole_with_every_problem_listed(client, token_for, staff):
    package = copy.deepcopy(MARKETING)
    package["skills"] = ["NK-DIG-01", "TIDAK-ADA"]
    package["theme"] = "astrology"
    package["modules"][1]["lessons"][1]["questions"][0]["choices"] = [{"text": "a"}, {"text": "b"}]
    package["modules"][0]["lessons"].append({"kind": "video", "title": "Tanpa teks"})
    del package["title"]
    response = put(client, token_for(staff), package)
    assert response.status_code == 422
    problems = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert "TIDAK-ADA" in problems["skills[1]"]
    assert "theme" in problems and "title" in problems
    assert "modules[1].lessons[1].questions[0].choices" in problems
    assert "modules[0].lessons[2].media_url" in problems and "modules[0].lessons[2].body" in problems
    assert not Course.objects.exists()


def test_not_a_json_object_is_refused(client, token_for, staff):
    response = client.put(PACKAGES, "[1, 2]", content_type="application/json", **token_for(staff))
    assert response.status_code == 422


def test_only_the_providers_staff_may_publish_its_courses(client, token_for, provider):
    response = put(client, token_for(UserFactory()), MARKETING)
    assert response.status_code == 403
    assert response.json()["code"] == "not_provider_staff"


def test_review_publishes_and_the_course_appears_in_search(client, token_for, staff, admin):
    put(client, token_for(staff), MARKETING, submit=True)
    assert client.get("/api/v1/courses?q=marketing").json()["count"] == 0
    assert (
        client.post(
            "/api/v1/courses/digital-marketing-umkm/review",
            {"approve": True},
            content_type="application/json",
            **token_for(staff),
        ).status_code
        == 403
    )
    response = client.post(
        "/api/v1/courses/digital-marketing-umkm/review",
        {"approve": True},
        content_type="application/json",
        **token_for(admin),
    )
    assert response.json()["status"] == "published"
    assert client.get("/api/v1/courses?q=marketing").json()["count"] == 1


def test_a_rejected_version_goes_back_to_draft_with_the_note(client, token_for, staff, admin):
    put(client, token_for(staff), MARKETING, submit=True)
    client.post(
        "/api/v1/courses/digital-marketing-umkm/review",
        {"approve": False, "note": "Video terlalu besar"},
        content_type="application/json",
        **token_for(admin),
    )
    version = CourseVersion.objects.get()
    assert (version.status, version.review_note) == ("draft", "Video terlalu besar")


def test_an_empty_draft_cannot_be_submitted(client, token_for, staff):
    body = {
        "code": "kursus-kosong",
        "title": "Kosong",
        "summary": "Belum ada isi",
        "theme": "career",
        "estimated_hours": 2,
    }
    assert (
        client.post(
            "/api/v1/providers/lpk-terampil/courses", body, content_type="application/json", **token_for(staff)
        ).status_code
        == 201
    )
    response = client.post("/api/v1/courses/kursus-kosong/submission", HTTP_ACCEPT_LANGUAGE="en", **token_for(staff))
    assert response.status_code == 422
    assert "module" in response.json()["message"]


def test_a_new_version_does_not_break_the_progress_of_those_enrolled(client, token_for, staff, admin, worker, publish):
    course = publish()
    first = lessons_of(course)
    headers = token_for(worker)
    client.post("/api/v1/courses/digital-marketing-umkm/enrolment", **headers)
    client.post(f"/api/v1/lessons/{first[0].pk}/done", **headers)
    assert client.post("/api/v1/courses/digital-marketing-umkm/versions", **token_for(staff)).json()["version"] == 2
    changed = copy.deepcopy(MARKETING)
    changed["modules"][0]["lessons"].insert(0, {"kind": "text", "title": "Baru", "body": "Pelajaran baru"})
    put(client, token_for(staff), changed, submit=True)
    client.post(
        "/api/v1/courses/digital-marketing-umkm/review",
        {"approve": True},
        content_type="application/json",
        **token_for(admin),
    )
    mine = client.get("/api/v1/me/enrolments", **headers).json()[0]
    assert (mine["version"], mine["progress_percent"]) == (1, 25)
    detail = client.get("/api/v1/courses/digital-marketing-umkm", **headers).json()
    assert detail["version"] == 1 and detail["outline"][0]["lessons"][0]["done"] is True
    newcomer = client.get("/api/v1/courses/digital-marketing-umkm").json()
    assert newcomer["version"] == 2 and newcomer["outline"][0]["lessons"][0]["title"] == "Baru"


def test_a_new_package_for_a_live_course_changes_the_catalogue_only_when_published(
    client, token_for, staff, admin, publish
):
    publish()
    renamed = copy.deepcopy(MARKETING)
    renamed["title"] = "Pemasaran Online untuk Warung"
    put(client, token_for(staff), renamed, submit=True)
    assert client.get("/api/v1/courses/digital-marketing-umkm").json()["title"] == "Digital Marketing untuk UMKM"
    client.post(
        "/api/v1/courses/digital-marketing-umkm/review",
        {"approve": True},
        content_type="application/json",
        **token_for(admin),
    )
    assert client.get("/api/v1/courses/digital-marketing-umkm").json()["title"] == "Pemasaran Online untuk Warung"
    assert client.get("/api/v1/courses", {"q": "warung"}).json()["count"] == 1
