"""A regency or city as union officers write it in a member list, matched to today's region codes."""

from __future__ import annotations

import pytest

from naker.regions import matching
from naker.regions.models import Regency

pytestmark = pytest.mark.django_db


@pytest.fixture
def index():
    return matching.build_index()


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("32.16", "32.16"),
        ("3216", "32.16"),  # the code without its dot
        (" 32.16 ", "32.16"),
        ("32 16", "32.16"),
        ("Kabupaten Bekasi", "32.16"),
        ("KABUPATEN BEKASI", "32.16"),
        ("kabupaten  bekasi", "32.16"),
        ("Kab. Bekasi", "32.16"),
        ("Kab.Bekasi", "32.16"),  # no space after the dot
        ("Kab Bekasi", "32.16"),
        ("Kab. Bekasi.", "32.16"),
        ("Kota Bekasi", "32.75"),
        ("Kota.Bekasi", "32.75"),
        ("Kota Bekasi,", "32.75"),  # the comma of a list
        ("KOTA BEKASI", "32.75"),
        ("Makassar", "73.71"),  # a bare name that fits one place
        ("Makassar.", "73.71"),
        (" makassar ", "73.71"),
        ("Kota Makassar", "73.71"),
        ("Kab. Toli Toli", "72.04"),  # "Kabupaten Toli-Toli"
        ("Kabupaten Toli-Toli", "72.04"),
        ("Toli-toli", "72.04"),
        ("Kab. Toli - Toli", "72.04"),
        ("Jakarta  Selatan", "31.74"),  # two spaces
        ("Jakarta\tSelatan", "31.74"),
        ("Jakarta Selatan", "31.74"),
        ("Kota Jakarta Selatan", "31.74"),
        ("Kota Adm. Jakarta Selatan", "31.74"),
        ("Kota Adm Jakarta Selatan", "31.74"),
        ("Kota Administrasi Jakarta Selatan", "31.74"),
        ("Kepulauan Seribu", "31.01"),
        ("Kab. Kepulauan Seribu", "31.01"),
        ("Kabupaten Administrasi Kepulauan Seribu", "31.01"),
        ("Kotabaru", "63.02"),  # a regency whose name begins with "Kota"
        ("Kab. Kotabaru", "63.02"),
        ("Kotamobagu", "71.74"),
        ("Kota Kotamobagu", "71.74"),
        ("Gunungsitoli", "12.78"),
    ],
)
def test_what_an_officer_writes_finds_the_place_they_mean(index, typed, code):
    assert matching.match(typed, index).code == code


def test_a_bare_name_of_a_city_and_a_regency_is_ambiguous_naming_both(index):
    with pytest.raises(matching.AmbiguousRegency) as ambiguous:
        matching.match("Bekasi", index)
    assert [r.code for r in ambiguous.value.candidates] == ["32.16", "32.75"]
    assert str(ambiguous.value) == "Kabupaten Bekasi, Kota Bekasi"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        None,
        "Atlantis",
        "Kota Atlantis",
        "Kabupaten Makassar",  # Makassar is a city
        "Kota Kotabaru",  # Kotabaru is a regency
        "Kota Toli-Toli",
        "9999",
        "99.99",
        "32.1",
        "Kota",
        "Kabupaten",
    ],
)
def test_what_fits_no_place_is_unknown(index, typed):
    with pytest.raises(matching.UnknownRegency):
        matching.match(typed, index)


def test_every_regency_is_found_by_its_own_name_and_its_code(index):
    regencies = list(Regency.objects.all())
    assert len(regencies) == 514
    for regency in regencies:
        assert matching.match(regency.name, index) == regency
        assert matching.match(regency.code, index) == regency
        assert matching.match(regency.code.replace(".", ""), index) == regency
