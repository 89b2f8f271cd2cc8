"""A union officer flags a poster (nothing is hidden; the admin's queue holds it); a regional Kadin
chapter vouches for its member company's post (a mark on the post)."""

from __future__ import annotations

import pytest

from naker.jobs import services
from naker.jobs.models import PosterFlag
from naker.organizations.models import Organization
from tests.factories import make_org, officer_of

pytestmark = pytest.mark.django_db


def test_a_union_officer_flags_and_the_admin_resolves(client, token_for, company, published, admin, worker):
    union = make_org("serikat-uji")
    officer = officer_of(union)
    url = f"/api/v1/employers/{company.code}/flags"
    reason = {"reason": "Meminta uang pendaftaran Rp2 juta dari anggota kami.", "opportunity_id": published.pk}
    assert client.post(url, reason, content_type="application/json", **token_for(worker)).status_code == 403
    short = client.post(url, {"reason": "palsu"}, content_type="application/json", **token_for(officer))
    assert short.status_code == 422 and short.json()["errors"][0]["field"] == "reason"
    response = client.post(url, reason, content_type="application/json", **token_for(officer))
    assert response.status_code == 201 and response.json()["union"] == "SERIKAT-UJI"
    # hides nothing by itself
    assert client.get(f"/api/v1/opportunities/{published.pk}").status_code == 200
    assert client.get("/api/v1/flags", **token_for(officer)).status_code == 403
    queue = client.get("/api/v1/flags", **token_for(admin)).json()
    assert [f["reason"] for f in queue] == [reason["reason"]]
    flag_id = queue[0]["id"]
    done = client.post(
        f"/api/v1/flags/{flag_id}/resolution",
        {"resolution": "Dicek; lowongan ditolak."},
        content_type="application/json",
        **token_for(admin),
    )
    assert done.status_code == 200 and done.json()["resolved_at"]
    assert client.get("/api/v1/flags", **token_for(admin)).json() == []


def test_the_regional_chamber_vouches_for_its_member(client, token_for, company, published):
    kadin = make_org("kadin-uji", kind=Organization.Kind.CHAMBER, level=Organization.Level.NATIONAL)
    jabar = make_org(
        "kadin-jabar-uji",
        kind=Organization.Kind.CHAMBER,
        parent=kadin,
        level=Organization.Level.PROVINCE,
        province_id="32",
    )
    jatim = make_org(
        "kadin-jatim-uji",
        kind=Organization.Kind.CHAMBER,
        parent=kadin,
        level=Organization.Level.PROVINCE,
        province_id="35",
    )
    url = f"/api/v1/opportunities/{published.pk}/vouch"
    far = client.post(url, {}, content_type="application/json", **token_for(officer_of(jatim)))
    assert far.status_code == 403
    near = client.post(url, {}, content_type="application/json", **token_for(officer_of(jabar)))
    assert near.status_code == 200 and near.json()["vouched_by"] == "KADIN-JABAR-UJI"
    assert "KADIN-JABAR-UJI" in client.get(f"/lowongan/{published.pk}/").content.decode()


def test_a_company_outside_kadin_cannot_be_vouched_for(company, published) -> None:
    kadin = make_org("kadin-uji", kind=Organization.Kind.CHAMBER, level=Organization.Level.NATIONAL)
    Organization.objects.filter(pk=company.pk).update(is_kadin_member=False)
    with pytest.raises(services.errors.WrongStatus):
        services.vouch(actor=officer_of(kadin), opportunity_id=published.pk)
    assert not PosterFlag.objects.exists()
