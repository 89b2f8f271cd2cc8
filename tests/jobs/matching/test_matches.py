"""A worker's ranked opportunities ("Lowongan untuk saya"): order on hand-built cases, proven versus
declared skills, the reasons in plain Indonesian, objecting to automated matching, filters."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from naker.jobs.matching import errors, selectors, services
from tests.factories import UserFactory, make_opportunity
from tests.jobs.matching.conftest import BLUEPRINT, FORKLIFT, MARKETING, SAFETY, SMAW, MatchWorld, consent, give

pytestmark = pytest.mark.django_db


def titles(worker: Any, **filters: Any) -> list[str]:
    return [m.opportunity.title for m in selectors.matches_for(worker, selectors.Filters(**filters)).items]


def test_ranking_order_on_hand_built_cases(mw: MatchWorld) -> None:
    give(mw.worker, SAFETY, "course")
    give(mw.worker, BLUEPRINT, "competency")
    make_opportunity(mw.company, [(SAFETY, True), (BLUEPRINT, True)], title="A: semua, di Bekasi")
    make_opportunity(
        mw.company, [(SAFETY, True), (BLUEPRINT, True)], title="D: semua, di Jayapura", regency_code="91.03"
    )
    make_opportunity(mw.company, [(SMAW, True), (SAFETY, True), (BLUEPRINT, True)], title="B: dua dari tiga")
    make_opportunity(mw.company, [(MARKETING, True)], title="C: tidak ada yang cocok")
    make_opportunity(mw.company, [(SAFETY, True)], title="E: tutup", status="closed")
    assert titles(mw.worker) == ["A: semua, di Bekasi", "D: semua, di Jayapura", "B: dua dari tiga"]


def test_verified_outranks_a_course_which_outranks_a_declared_skill(mw: MatchWorld) -> None:
    make_opportunity(mw.company, [(SMAW, True)], title="las")
    make_opportunity(mw.company, [(FORKLIFT, True)], title="forklift")
    make_opportunity(mw.company, [(SAFETY, True)], title="k3")
    give(mw.worker, SMAW, "declared", None)
    give(mw.worker, FORKLIFT, "course")
    give(mw.worker, SAFETY, "competency")
    assert titles(mw.worker) == ["k3", "forklift", "las"]


def test_a_declared_skill_is_never_counted_as_proven(mw: MatchWorld) -> None:
    give(mw.worker, SAFETY, "course")
    services.declare_skill(worker=mw.worker, code=SMAW)
    make_opportunity(mw.company, [(SMAW, True), (SAFETY, True)], title="juru las")
    [match] = selectors.matches_for(mw.worker).items
    assert (match.fit.required_covered, match.fit.required_total) == (1, 2)
    assert [code for code, _name in match.missing] == [SMAW]
    assert [s.code for s in match.path] == ["dasar-las-smaw"]


def test_the_reason_says_what_is_missing_and_which_course_teaches_it(mw: MatchWorld) -> None:
    for code in (SAFETY, BLUEPRINT, FORKLIFT, MARKETING):
        give(mw.worker, code, "course")
    make_opportunity(
        mw.company,
        [(SMAW, True), (SAFETY, True), (BLUEPRINT, True), (FORKLIFT, True), (MARKETING, True)],
        title="Juru Las SMAW",
    )
    with translation.override("id"):
        [match] = selectors.matches_for(mw.worker).items
    assert match.reasons[0] == (
        "Anda punya 4 dari 5 keterampilan wajib; kurang: Pengelasan SMAW; "
        "kursus Dasar Las SMAW (BLK Bekasi, 40 jam, gratis) mengajarkannya"
    )
    assert "Di kabupaten/kota Anda" in match.reasons


def test_declared_skills_are_named_as_not_yet_proven(mw: MatchWorld) -> None:
    services.declare_skill(worker=mw.worker, code=SMAW)
    make_opportunity(mw.company, [(SMAW, True)], title="juru las")
    with translation.override("id"):
        [match] = selectors.matches_for(mw.worker).items
    assert match.reasons[0].startswith("Anda punya 0 dari 1 keterampilan wajib; kurang: Pengelasan SMAW")
    assert "Anda menyatakan sendiri Pengelasan SMAW; belum terbukti" in match.reasons


def test_a_worker_who_objects_to_automated_matching_is_never_ranked(mw: MatchWorld) -> None:
    give(mw.worker, SAFETY, "competency")
    make_opportunity(mw.company, [(SAFETY, True)], title="k3")
    consent(mw.worker, findable=True, automated_matching=False)
    found = selectors.matches_for(mw.worker)
    assert found.objecting and found.items == []


def test_filters_region_kind_and_verified_only(mw: MatchWorld) -> None:
    give(mw.worker, SAFETY, "course")
    give(mw.worker, BLUEPRINT, "competency")
    make_opportunity(mw.company, [(SAFETY, True)], title="k3 bekasi")
    make_opportunity(
        mw.company, [(SAFETY, True)], title="k3 magang bandung", kind="apprenticeship", regency_code="32.73"
    )
    make_opportunity(mw.company, [(BLUEPRINT, True)], title="gambar jayapura", regency_code="91.03")
    assert titles(mw.worker, region="32") == ["k3 bekasi", "k3 magang bandung"]
    assert titles(mw.worker, region="32.73") == ["k3 magang bandung"]
    assert titles(mw.worker, kind="apprenticeship") == ["k3 magang bandung"]
    assert titles(mw.worker, verified_only=True) == ["gambar jayapura"]


def test_only_workers_have_matches(mw: MatchWorld) -> None:
    with pytest.raises(errors.NotAWorker):
        selectors.matches_for(UserFactory())


def test_the_api_answers_the_issue_shape_in_a_fixed_number_of_queries(
    mw: MatchWorld, client: Any, token_for: Any, django_assert_max_num_queries: Any
) -> None:
    give(mw.worker, SAFETY, "course")
    for i in range(15):
        make_opportunity(mw.company, [(SAFETY, True), (SMAW, i % 2 == 0)], title=f"lowongan {i}")
    headers = token_for(mw.worker)
    with django_assert_max_num_queries(14):
        response = client.get("/api/v1/me/matches", **headers)
    assert response.status_code == 200
    items = response.json()["items"]
    assert len(items) == 15
    first = items[0]
    assert set(first) == {
        "opportunity",
        "score",
        "required_covered",
        "required_total",
        "missing_skills",
        "reasons",
        "path",
    }
    with_gap = next(i for i in items if i["missing_skills"])
    assert with_gap["missing_skills"] == [{"code": SMAW, "name": "Pengelasan SMAW"}]
    assert with_gap["path"][0]["code"] == "dasar-las-smaw"


def test_the_page_shows_matches_with_reasons(mw: MatchWorld, client: Any, django_assert_max_num_queries: Any) -> None:
    give(mw.worker, SAFETY, "course")
    for i in range(10):
        make_opportunity(mw.company, [(SAFETY, True), (SMAW, True)], title=f"Juru Las {i}")
    client.force_login(mw.worker)
    with django_assert_max_num_queries(20):
        response = client.get("/kerja/untuk-saya/", HTTP_ACCEPT_LANGUAGE="id")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Juru Las 9" in body
    assert "Anda punya 1 dari 2 keterampilan wajib; kurang: Pengelasan SMAW" in body
    assert "Dasar Las SMAW" in body
