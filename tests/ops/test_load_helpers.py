"""The load scenario's helpers (bench/load/identities.py): what `make load` makes up must be what the
site accepts (valid, unique NIKs and phones, a member list whose columns are guessed right), and the
scenario must refuse any host that is not this machine."""

import csv
import io
import sys
from pathlib import Path

import pytest

from naker.accounts.nik import read_nik
from naker.accounts.phone import normalize_phone
from naker.outreach.member_import.files import guess_mapping

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench" / "load"))
import identities  # bench/load/identities.py


@pytest.mark.django_db
def test_made_up_niks_are_valid_and_carry_the_birth_date_and_sex_given():
    for n in (0, 1, 9_998, 9_999, 123_457, identities.IMPORT_BASE + 9_999):
        who = identities.person(89, n)
        info = read_nik(who["nik"])
        assert info.birth_date.isoformat() == who["birth_date"]
        assert info.sex == who["sex"]
        assert info.nik[:4] == who["regency_code"].replace(".", "")


def test_made_up_people_are_unique_within_and_across_runs_and_apart_from_seeded_ones():
    people = [identities.person(run, n) for run in (0, 1, 89) for n in [*range(0, 30_000, 7), 999_999]]
    assert len({p["nik"] for p in people}) == len(people)
    assert len({p["phone"] for p in people}) == len(people)
    # seed_demo's NIKs have district 01 and its phones +62859...
    assert all(p["nik"][4:6] != "01" and not p["phone"].startswith("+62859") for p in people)
    assert all(normalize_phone(p["phone"]) == p["phone"] for p in people[:200])
    with pytest.raises(ValueError):
        identities.person(90, 0)


def test_member_list_has_ten_thousand_rows_with_headers_the_import_recognises():
    rows = list(csv.reader(io.StringIO(identities.member_csv(3).decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 10_001
    assert guess_mapping(rows[0]) == {"0": "full_name", "1": "nik", "2": "phone", "3": "regency", "4": "birth_date"}
    assert len({r[1] for r in rows[1:]}) == 10_000
    assert normalize_phone(rows[1][2]).startswith("+62858")


@pytest.mark.parametrize(
    "url", ["https://127.0.0.1:8643", "http://localhost:8790", "http://[::1]:80", "http://127.9.9.9"]
)
def test_loopback_hosts_are_accepted(url):
    assert identities.require_loopback(url)


@pytest.mark.parametrize("url", ["https://naker.example.id", "http://10.0.0.5:8000", "http://0.0.0.0:8000", "nohost"])
def test_any_other_host_is_refused(url):
    with pytest.raises(ValueError):
        identities.require_loopback(url)


def test_each_person_has_an_own_loopback_address():
    addresses = [identities.source_address(i) for i in range(70_000)]
    assert len(set(addresses)) == len(addresses)
    assert "127.0.0.1" not in addresses
    assert all(identities.require_loopback(f"http://{a}") for a in addresses[::997])
