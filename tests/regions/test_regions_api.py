from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_all_38_provinces_are_listed(client):
    provinces = client.get("/api/v1/regions/provinces").json()
    assert len(provinces) == 38
    assert {"code": "65", "name": "Kalimantan Utara"} in provinces
    assert {p["code"] for p in provinces} >= {"93", "94", "95", "96"}


def test_a_provinces_regencies_say_kabupaten_or_kota(client):
    regencies = client.get("/api/v1/regions/provinces/32/regencies").json()
    assert {"code": "32.75", "name": "Kota Bekasi", "type": "kota"} in regencies
    assert {"code": "32.16", "name": "Kabupaten Bekasi", "type": "kabupaten"} in regencies


def test_an_unknown_province_is_404(client):
    response = client.get("/api/v1/regions/provinces/99/regencies")
    assert response.status_code == 404
    assert "99" in response.json()["message"]


def test_the_reference_data_is_complete():
    from naker.regions.models import District, Regency

    assert Regency.objects.count() == 514
    assert Regency.objects.filter(type="kota").count() == 98
    assert District.objects.count() == 7285
