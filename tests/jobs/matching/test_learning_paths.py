"""Skill gap → learning path: the fewest hours of published courses teaching the missing skills (free
first when equal, classes near the worker when asked), and enrolling in the whole path in one step."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from naker.jobs.matching import errors, paths, selectors, services
from naker.learning.models import Enrolment, OfflineSession
from tests.factories import UserFactory, make_course, make_opportunity, make_worker
from tests.jobs.matching.conftest import BLUEPRINT, FORKLIFT, SAFETY, SMAW, MatchWorld, give


@dataclass(frozen=True)
class C:
    id: int
    code: str
    hours: Decimal
    price_idr: int
    mode: str
    skill_ids: frozenset[str]


def course(i: int, skills: str, hours: float, price: int = 0, mode: str = "online") -> C:
    return C(i, f"c{i}", Decimal(str(hours)), price, mode, frozenset(skills))


def codes(path: paths.Path) -> list[str]:
    return sorted(c.code for c in path.courses)


def test_fewest_hours_even_with_more_courses() -> None:
    offers = [course(1, "ABC", 30), course(2, "A", 5), course(3, "BC", 10)]
    path = paths.cheapest_path("ABC", offers)
    assert codes(path) == ["c2", "c3"] and path.hours == 15


def test_one_course_when_it_is_shortest() -> None:
    offers = [course(1, "ABC", 12), course(2, "A", 5), course(3, "BC", 10)]
    assert codes(paths.cheapest_path("ABC", offers)) == ["c1"]


def test_free_first_when_hours_are_equal() -> None:
    offers = [course(1, "A", 10, price=150_000), course(2, "A", 10)]
    path = paths.cheapest_path("A", offers)
    assert codes(path) == ["c2"] and path.price_idr == 0


def test_fewer_courses_when_hours_and_price_are_equal() -> None:
    offers = [course(1, "A", 5), course(2, "B", 5), course(3, "AB", 10)]
    assert codes(paths.cheapest_path("AB", offers)) == ["c3"]


def test_classes_near_the_worker_when_asked() -> None:
    offers = [course(1, "A", 5, mode="offline"), course(2, "A", 8), course(3, "B", 6, mode="hybrid")]
    assert codes(paths.cheapest_path("AB", offers)) == ["c1", "c3"]
    # c1 has no class near the worker, c3 has one: c1 gives way to the online course
    assert codes(paths.cheapest_path("AB", offers, near={3: "regency"})) == ["c2", "c3"]


def test_skills_no_course_teaches_are_said() -> None:
    path = paths.cheapest_path("AZ", [course(1, "A", 5)])
    assert codes(path) == ["c1"] and path.untaught == frozenset("Z")


def test_courses_teaching_nothing_missing_are_left_out() -> None:
    assert codes(paths.cheapest_path("A", [course(1, "B", 1), course(2, "A", 9)])) == ["c2"]


def test_many_missing_skills_still_get_a_covering_path() -> None:
    letters = "ABCDEFGHIJKLMNOP"
    offers = [course(i, letters[i], 2) for i in range(16)] + [course(99, letters, 40)]
    path = paths.cheapest_path(letters, offers)
    assert not path.exact and path.taught == frozenset(letters) and path.hours == 32


# --- through the database --------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_path_of_an_opportunity(mw: MatchWorld, client: Any, token_for: Any) -> None:
    make_course(mw.blk, "k3-las", [SAFETY], title="K3 Pengelasan", hours=8)
    make_course(mw.blk, "las-lengkap", [SMAW, SAFETY], title="Las Lengkap", hours=120, price_idr=900_000)
    opp = make_opportunity(mw.company, [(SMAW, True), (SAFETY, True), (BLUEPRINT, True), (FORKLIFT, False)])
    give(mw.worker, BLUEPRINT, "competency")
    response = client.get(f"/api/v1/opportunities/{opp.pk}/learning-path", **token_for(mw.worker))
    assert response.status_code == 200
    body = response.json()
    assert [s["code"] for s in body["missing_skills"]] == [SAFETY, SMAW]
    assert [c["code"] for c in body["courses"]] == ["k3-las", "dasar-las-smaw"]
    assert body["hours"] == 48 and body["price_idr"] == 0
    assert body["schemes"] == []


@pytest.mark.django_db
def test_a_class_near_the_worker_is_preferred_when_asked(mw: MatchWorld) -> None:
    near = make_course(mw.blk, "las-kelas-bekasi", [SMAW], title="Las di Kelas", hours=48, mode="offline")
    make_course(mw.blk, "las-kelas-papua", [SMAW], title="Las di Papua", hours=30, mode="offline")
    starts = timezone.now() + datetime.timedelta(days=5)
    OfflineSession.objects.create(
        course=near,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=4),
        venue="BLK",
        regency_id="32.16",
        province_id="32",
        capacity=10,
    )
    opp = make_opportunity(mw.company, [(SMAW, True)])
    assert [s.code for s in selectors.learning_path_for_opportunity(mw.worker, opp.pk).steps] == ["las-kelas-papua"]
    steps = selectors.learning_path_for_opportunity(mw.worker, opp.pk, near=True).steps
    # the online course (40 hours) is near everyone and shorter than the class in Bekasi (48 hours)
    assert [(s.code, s.near) for s in steps] == [("dasar-las-smaw", "")]


@pytest.mark.django_db
def test_enrol_in_the_whole_path_at_once(mw: MatchWorld, client: Any) -> None:
    make_course(mw.blk, "k3-las", [SAFETY], title="K3 Pengelasan", hours=8)
    opp = make_opportunity(mw.company, [(SMAW, True), (SAFETY, True)])
    client.force_login(mw.worker)
    page = client.get(f"/kerja/lowongan/{opp.pk}/jalur/")
    assert "K3 Pengelasan" in page.content.decode()
    response = client.post(f"/kerja/lowongan/{opp.pk}/jalur/daftar/")
    assert response.status_code == 302
    assert sorted(Enrolment.objects.filter(user=mw.worker).values_list("course__code", flat=True)) == [
        "dasar-las-smaw",
        "k3-las",
    ]
    # again: nothing new
    services.enrol_in_path(worker=mw.worker, opportunity_id=opp.pk)
    assert Enrolment.objects.filter(user=mw.worker).count() == 2


@pytest.mark.django_db
def test_the_path_to_an_occupation(mw: MatchWorld, client: Any, token_for: Any) -> None:
    make_course(mw.blk, "las-pipa", [SMAW, BLUEPRINT], hours=60, occupation="7")
    make_course(mw.blk, "gambar-teknik", [BLUEPRINT], hours=12, occupation="7")
    give(mw.worker, SMAW, "course")
    headers = token_for(mw.worker)
    body = client.get("/api/v1/occupations/7/learning-path", **headers).json()
    assert [s["code"] for s in body["missing_skills"]] == [BLUEPRINT]
    assert [c["code"] for c in body["courses"]] == ["gambar-teknik"]
    enrolled = client.post("/api/v1/occupations/7/learning-path/enrol", **headers).json()
    assert enrolled == {"enrolled": ["gambar-teknik"]}
    assert client.get("/api/v1/occupations/x/learning-path", **headers).status_code == 404


@pytest.mark.django_db
def test_only_workers_get_paths(mw: MatchWorld) -> None:
    opp = make_opportunity(mw.company, [(SMAW, True)])
    with pytest.raises(errors.NotAWorker):
        selectors.learning_path_for_opportunity(UserFactory(), opp.pk)


@pytest.mark.django_db
def test_nothing_missing_means_an_empty_path(mw: MatchWorld) -> None:
    opp = make_opportunity(mw.company, [(SMAW, True)])
    worker = make_worker()
    give(worker, SMAW, "competency")
    path = selectors.learning_path_for_opportunity(worker, opp.pk)
    assert path.steps == [] and path.missing == []
