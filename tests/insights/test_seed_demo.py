"""seed_demo: believable demo data, one login per role, idempotent, and workers in bulk."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from naker.accounts.models import User, WorkerProfile
from naker.accounts.nik import parse_nik
from naker.core import crypto
from naker.organizations.models import Membership, Organization
from naker.regions.selectors import current_nik_prefixes

pytestmark = pytest.mark.django_db

DEMO_LOGINS = [
    "admin@demo.naker.id",
    "pekerja@demo.naker.id",
    "serikat@demo.naker.id",
    "kadin@demo.naker.id",
    "lpk@demo.naker.id",
    "perusahaan@demo.naker.id",
    "lsp@demo.naker.id",
]


def seed(workers=60):
    out = io.StringIO()
    call_command("seed_demo", workers=workers, no_progress=True, stdout=out)
    return out.getvalue()


def counts():
    return (
        User.objects.count(),
        WorkerProfile.objects.count(),
        Membership.objects.count(),
        Organization.objects.count(),
    )


def test_running_it_twice_changes_nothing():
    seed()
    first = counts()
    seed()
    assert counts() == first


def test_it_tops_the_seeded_workers_up_to_the_number_asked():
    seed(workers=60)
    before = WorkerProfile.objects.count()
    seed(workers=100)
    assert WorkerProfile.objects.count() == before + 40


@pytest.mark.parametrize("email", DEMO_LOGINS)
def test_every_demo_login_works_with_the_demo_password(client, email):
    printed = seed()
    assert email in printed
    response = client.post(
        "/api/v1/auth/token", {"login": email, "password": "naker-demo"}, content_type="application/json"
    )
    assert response.status_code == 200


def test_the_union_officer_sees_ksbsi_dki_and_the_chamber_officer_sees_jakarta(client):
    seed(workers=200)
    for email, code in [("serikat@demo.naker.id", "ksbsi-dki"), ("kadin@demo.naker.id", "kadin-dki")]:
        token = client.post(
            "/api/v1/auth/token", {"login": email, "password": "naker-demo"}, content_type="application/json"
        ).json()["token"]
        listed = client.get(f"/api/v1/orgs/{code}/members", HTTP_AUTHORIZATION=f"Bearer {token}").json()
        assert listed["count"] > 0


def test_seeded_workers_have_valid_unique_niks_in_cities_and_rural_regencies():
    seed(workers=600)
    profiles = list(WorkerProfile.objects.select_related("regency"))
    niks = [crypto.decrypt(p.nik_encrypted) for p in profiles]
    assert len(set(niks)) == len(niks)
    for profile, nik in zip(profiles, niks, strict=True):
        info = parse_nik(nik, current_prefixes=current_nik_prefixes())
        assert (info.birth_date, info.sex) == (profile.birth_date, profile.sex)
    assert {p.regency.type for p in profiles} == {"kota", "kabupaten"}
    assert len({p.province_id for p in profiles}) == 38


def test_the_demo_has_the_launch_confederations_and_their_branches():
    seed()
    codes = set(Organization.objects.values_list("code", flat=True))
    assert {"ksbsi", "kspsi", "ksbsi-dki", "ksbsi-jabar", "kadin", "kadin-dki"} <= codes
    assert Organization.objects.get(code="ksbsi-dki").path == "ksbsi/ksbsi-dki/"


def test_the_demo_population_looks_like_the_workforce_not_a_retirement_home():
    import datetime

    seed(workers=300)
    seeded = WorkerProfile.objects.filter(user__phone__startswith="+62859").select_related("regency")
    today = datetime.date(2026, 11, 30)
    ages = [(today - p.birth_date).days // 365 for p in seeded]
    assert min(ages) >= 15
    assert sum(a >= 55 for a in ages) < 0.3 * len(ages)  # it was 300 of 300
    assert sum(a < 35 for a in ages) > 0.25 * len(ages)
    provinces = {p.province_id for p in seeded}
    assert len(provinces) >= 20 and {"32", "33", "35"} <= provinces  # spread, Java the most
    assert {p.regency.type for p in seeded} == {"kota", "kabupaten"}
    assert len({p.education for p in seeded}) >= 6
