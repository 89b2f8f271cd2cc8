"""A small world for matching: welding skills, a BLK in Bekasi teaching them, a welding company in
Bekasi, and a worker in Bekasi who completed one course and holds one competency certificate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from naker.organizations.models import Organization
from tests.factories import add_member, make_course, make_org, make_skill, make_worker

SMAW = "T-LAS-SMAW"
SAFETY = "T-LAS-K3"
BLUEPRINT = "T-LAS-GBR"
FORKLIFT = "T-FORKLIFT"
MARKETING = "T-DIG-PMS"


@dataclass
class MatchWorld:
    blk: Organization
    company: Organization
    other_company: Organization
    staff: Any
    other_staff: Any
    worker: Any
    smaw_course: Any


@pytest.fixture
def mw(db: Any) -> MatchWorld:
    make_skill(SMAW, "Pengelasan SMAW", "SMAW welding")
    make_skill(SAFETY, "Keselamatan kerja las", "Welding safety")
    make_skill(BLUEPRINT, "Membaca gambar teknik", "Reading technical drawings")
    make_skill(FORKLIFT, "Mengemudi forklift", "Driving a forklift")
    make_skill(MARKETING, "Pemasaran media sosial", "Social media marketing")
    blk = make_org("blk-bekasi", kind=Organization.Kind.PROVIDER, level=Organization.Level.SINGLE)
    blk.name = "BLK Bekasi"
    blk.save()
    smaw_course = make_course(blk, "dasar-las-smaw", [SMAW], title="Dasar Las SMAW", hours=40)
    company = make_org("pt-las", kind=Organization.Kind.COMPANY, level=Organization.Level.SINGLE, regency_id="32.16")
    other = make_org("pt-lain", kind=Organization.Kind.COMPANY, level=Organization.Level.SINGLE)
    staff = make_worker(regency_code="32.16", full_name="Sinta Stafpabrik")
    other_staff = make_worker(regency_code="32.16", full_name="Lukas Staflain")
    add_member(staff, company, "officer")
    add_member(other_staff, other, "officer")
    worker = make_worker(regency_code="32.16", full_name="Wawan Pengelas", email="wawan@example.org")
    return MatchWorld(blk, company, other, staff, other_staff, worker, smaw_course)


def give(worker: Any, code: str, source: str, source_id: int | None = 1, label: str = "bukti") -> None:
    from naker.jobs.models import WorkerSkill

    WorkerSkill.objects.create(worker=worker, skill_id=code, source=source, source_id=source_id, source_label=label)


def consent(worker: Any, *, findable: bool = True, automated_matching: bool = True, **more: Any) -> None:
    from naker.jobs.matching import services

    services.set_job_preferences(worker=worker, findable=findable, automated_matching=automated_matching, **more)
