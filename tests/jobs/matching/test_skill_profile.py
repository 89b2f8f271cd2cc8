"""Skill profiles from evidence: completed courses (learning's CourseCompleted), competency certificate
units (verified), declared skills; preferences that keep the consenting-workers index current; the
back-fill; the skills taxonomy API."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from naker.core import events
from naker.credentials.models import Credential
from naker.jobs.matching import errors, selectors, services
from naker.jobs.models import JobPreference, WorkerSkill
from naker.learning.events import CourseCompleted
from naker.learning.models import Enrolment
from tests.jobs.matching.conftest import BLUEPRINT, SAFETY, SMAW, MatchWorld

pytestmark = pytest.mark.django_db


def sources(worker: Any) -> set[tuple[str, str]]:
    return set(WorkerSkill.objects.filter(worker=worker).values_list("skill_id", "source"))


def test_a_completed_course_gives_its_skills(mw: MatchWorld) -> None:
    from django.utils import timezone

    enrolment = Enrolment.objects.create(
        user=mw.worker, course=mw.smaw_course, version=mw.smaw_course.published_version, status="completed"
    )
    events.publish(
        CourseCompleted(
            enrolment_id=enrolment.pk, user_id=mw.worker.pk, course_id=mw.smaw_course.pk, completed_at=timezone.now()
        )
    )
    assert sources(mw.worker) == {(SMAW, "course")}
    [line] = selectors.skill_profile(mw.worker)
    assert line.proven and not line.verified
    assert line.evidence[0].label == "Kursus selesai: Dasar Las SMAW (BLK Bekasi)"


def test_competency_units_are_verified_and_can_be_withdrawn(mw: MatchWorld) -> None:
    added = services.record_competency_evidence(
        user_id=mw.worker.pk,
        certificate_id=77,
        skill_ids=[SMAW, "Keselamatan kerja las", "bukan keterampilan"],
        label="Juru Las (LSP Logam)",
    )
    assert added == 2
    assert sources(mw.worker) == {(SMAW, "competency"), (SAFETY, "competency")}
    lines = selectors.skill_profile(mw.worker)
    assert all(line.verified for line in lines)
    services.withdraw_competency_evidence(user_id=mw.worker.pk, certificate_id=77)
    assert sources(mw.worker) == set()


def test_declared_skills_are_added_and_removed_and_never_proven(mw: MatchWorld, client: Any, token_for: Any) -> None:
    headers = token_for(mw.worker)
    response = client.post("/api/v1/me/skills", {"code": BLUEPRINT}, content_type="application/json", **headers)
    assert response.status_code == 201
    [line] = response.json()
    assert (line["code"], line["proven"], line["evidence"][0]["source"]) == (BLUEPRINT, False, "declared")
    again = client.post("/api/v1/me/skills", {"code": BLUEPRINT}, content_type="application/json", **headers)
    assert len(again.json()) == 1
    unknown = client.post("/api/v1/me/skills", {"code": "TIDAK-ADA"}, content_type="application/json", **headers)
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "code"
    assert client.delete(f"/api/v1/me/skills/{BLUEPRINT}", **headers).status_code == 204
    assert client.get("/api/v1/me/skills", **headers).json() == []


def test_removing_a_declaration_keeps_the_proof(mw: MatchWorld) -> None:
    services.record_competency_evidence(user_id=mw.worker.pk, certificate_id=1, skill_ids=[SMAW], label="x")
    services.declare_skill(worker=mw.worker, code=SMAW)
    services.remove_declared_skill(worker=mw.worker, code=SMAW)
    assert sources(mw.worker) == {(SMAW, "competency")}


def test_preferences_are_off_by_default_and_keep_the_index_in_step(mw: MatchWorld, client: Any, token_for: Any) -> None:
    headers = token_for(mw.worker)
    services.declare_skill(worker=mw.worker, code=SMAW)
    body = client.get("/api/v1/me/job-preferences", **headers).json()
    assert body["findable"] is False and body["automated_matching"] is True and body["show_union"] is False
    wanted = {
        "kinds": ["job", "apprenticeship"],
        "regency_codes": ["32.16", "32.75"],
        "willing_to_relocate": True,
        "abroad": False,
        "remote": True,
        "findable": True,
        "automated_matching": True,
        "show_union": False,
    }
    response = client.put("/api/v1/me/job-preferences", wanted, content_type="application/json", **headers)
    assert response.status_code == 200 and response.json() == wanted
    assert set(WorkerSkill.objects.filter(worker=mw.worker).values_list("findable", flat=True)) == {True}
    services.record_competency_evidence(user_id=mw.worker.pk, certificate_id=5, skill_ids=[SAFETY], label="x")
    assert set(WorkerSkill.objects.filter(worker=mw.worker).values_list("findable", flat=True)) == {True}
    client.put(
        "/api/v1/me/job-preferences",
        {**wanted, "automated_matching": False},
        content_type="application/json",
        **headers,
    )
    assert set(WorkerSkill.objects.filter(worker=mw.worker).values_list("findable", flat=True)) == {False}


def test_bad_preferences_name_the_field(mw: MatchWorld, client: Any, token_for: Any) -> None:
    headers = token_for(mw.worker)
    bad = client.put(
        "/api/v1/me/job-preferences", {"regency_codes": ["99.99"]}, content_type="application/json", **headers
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "regency_codes"
    kind = client.put("/api/v1/me/job-preferences", {"kinds": ["pilot"]}, content_type="application/json", **headers)
    assert kind.status_code == 422 and kind.json()["errors"][0]["field"].startswith("kinds")
    assert not JobPreference.objects.filter(worker=mw.worker).exists()


def test_the_preferences_page_saves(mw: MatchWorld, client: Any) -> None:
    client.force_login(mw.worker)
    assert client.get("/kerja/preferensi/").status_code == 200
    response = client.post(
        "/kerja/preferensi/",
        {"kinds": ["side_gig"], "regency_codes": ["32.16"], "findable": "on", "automated_matching": "on"},
    )
    assert response.status_code == 302
    pref = JobPreference.objects.get(worker=mw.worker)
    assert pref.kinds == ["side_gig"] and pref.findable and [r.pk for r in pref.regencies.all()] == ["32.16"]


def test_the_skills_page_adds_a_declared_skill(mw: MatchWorld, client: Any) -> None:
    client.force_login(mw.worker)
    response = client.post("/kerja/keterampilan/", {"code": SAFETY}, follow=True)
    assert "Keselamatan kerja las" in response.content.decode() or "Welding safety" in response.content.decode()
    bad = client.post("/kerja/keterampilan/", {"code": "ZZZ"})
    assert bad.status_code == 200 and "ZZZ" in bad.content.decode()


def test_back_fill_from_completions_and_competency_certificates(mw: MatchWorld) -> None:
    from django.utils import timezone

    Enrolment.objects.create(
        user=mw.worker,
        course=mw.smaw_course,
        version=mw.smaw_course.published_version,
        status="completed",
        completed_at=timezone.now(),
    )
    Credential.objects.create(
        kind=Credential.Kind.COMPETENCY,
        source="assessment:1",
        holder=mw.worker,
        subject_id="urn:uuid:x",
        issuer_org=mw.blk,
        issuer_name="LSP Logam",
        title="Juru Las",
        skills=["Membaca gambar teknik"],
        achieved_at=timezone.now(),
    )
    call_command("build_skill_profiles")
    call_command("build_skill_profiles")  # idempotent
    assert sources(mw.worker) == {(SMAW, "course"), (BLUEPRINT, "competency")}
    assert WorkerSkill.objects.filter(worker=mw.worker).count() == 2


def test_only_workers_have_a_skill_profile(mw: MatchWorld) -> None:
    from tests.factories import UserFactory

    with pytest.raises(errors.NotAWorker):
        selectors.skill_profile(UserFactory())


def test_the_taxonomy_is_searchable_and_paginated(mw: MatchWorld, client: Any) -> None:
    body = client.get("/api/v1/skills", {"q": "las"}).json()
    assert {s["code"] for s in body["items"]} >= {SMAW, SAFETY}
    assert body["page"] == 1 and body["count"] == len(body["items"])
    everything = client.get("/api/v1/skills", {"page": 2}).json()
    assert everything["page"] == min(2, everything["pages"])
