"""NIK parsing: form, region prefix (current and historic), birth date and sex."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from naker.accounts.nik import NikError, mask_nik, nik_hash, parse_nik, read_nik, stored_nik
from naker.regions.selectors import current_nik_prefixes

TODAY = datetime.date(2026, 11, 29)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


# A few of today's prefixes; the database-backed set is tested below.
SAMPLE_PREFIXES = frozenset({"3171", "3275", "6571", "9301", "9601", "1101"})


def parse(nik: str) -> object:
    return parse_nik(nik, current_prefixes=SAMPLE_PREFIXES, today=TODAY)


def nik_for(prefix: str, born: datetime.date, female: bool, serial: int) -> str:
    return f"{prefix}01{born.day + (40 if female else 0):02d}{born:%m%y}{serial:04d}"


@given(
    prefix=st.sampled_from(sorted(SAMPLE_PREFIXES)),
    born=st.dates(min_value=datetime.date(1927, 1, 1), max_value=TODAY),
    female=st.booleans(),
    serial=st.integers(min_value=1, max_value=9999),
)
def test_a_well_formed_nik_gives_back_its_birth_date_and_sex(prefix, born, female, serial):
    info = parse(nik_for(prefix, born, female, serial))
    assert info.birth_date == born
    assert info.sex == ("female" if female else "male")


@given(st.text(alphabet="0123456789", min_size=0, max_size=30).filter(lambda s: len(s) != 16))
def test_any_length_but_16_is_refused_saying_how_many_digits(digits):
    with pytest.raises(NikError, match="16"):
        parse(digits)


@given(
    st.text(min_size=16, max_size=16).filter(
        lambda s: not s.replace(" ", "").replace("-", "").replace(".", "").isdigit()
    )
)
def test_anything_but_digits_is_refused(text):
    with pytest.raises(NikError):
        parse(text)


def test_spaces_dots_and_dashes_are_ignored():
    assert parse("3171 0157 0890 0001").nik == "3171015708900001"
    assert parse("3171.0157.0890.0001").nik == "3171015708900001"


def test_a_woman_has_40_added_to_her_day_of_birth():
    info = parse("3171015708900001")
    assert (info.birth_date, info.sex) == (datetime.date(1990, 8, 17), "female")


def test_two_digit_years_take_the_latest_century_not_in_the_future():
    assert parse(nik_for("3171", datetime.date(2005, 3, 1), False, 1)).birth_date == datetime.date(2005, 3, 1)
    assert parse("3171010103450001").birth_date == datetime.date(1945, 3, 1)


@pytest.mark.parametrize("nik", ["3171013202900001", "3171010013900001", "3171017202900001", "3171013002900001"])
def test_a_date_that_does_not_exist_is_refused(nik):
    with pytest.raises(NikError, match="date of birth"):
        parse(nik)


def test_an_unknown_region_prefix_is_refused_naming_it():
    with pytest.raises(NikError, match="9901"):
        parse("9901011708900001")


@pytest.mark.django_db
def test_every_one_of_todays_514_regencies_is_accepted():
    prefixes = current_nik_prefixes()
    assert len(prefixes) == 514
    for prefix in prefixes:
        parse_nik(f"{prefix}011708900001", current_prefixes=prefixes, today=TODAY)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "where"),
    [
        ("6571", "Kota Tarakan, North Kalimantan (since 2012)"),
        ("6502", "Kabupaten Malinau, North Kalimantan"),
        ("9301", "Papua Selatan (2022)"),
        ("9401", "Papua Tengah (2022)"),
        ("9501", "Papua Pegunungan (2022)"),
        ("9601", "Papua Barat Daya (2022)"),
    ],
)
def test_newer_regencies_that_python_stdnum_does_not_know_are_accepted(prefix, where):
    info = parse_nik(f"{prefix}011708900001", current_prefixes=current_nik_prefixes(), today=TODAY)
    assert info.prefix == prefix, where


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["6473", "6406", "6410"])  # Tarakan, Malinau, Tana Tidung before 2012
def test_codes_regencies_bore_before_they_moved_province_are_accepted(prefix):
    assert prefix not in current_nik_prefixes()
    parse_nik(f"{prefix}011708900001", current_prefixes=current_nik_prefixes(), today=TODAY)


def test_the_mask_hides_the_birth_date_and_keeps_region_and_serial():
    assert mask_nik("3174015708900001") == "3174********0001"


# What a person reads when the NIK is refused, and the edges of the birth date (mutation testing showed
# these could change unnoticed).


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the NIK: the 16 digits on your KTP."),
        (None, "Enter the NIK: the 16 digits on your KTP."),
        ("317101570890000A", "The NIK may contain digits only."),
        ("31710157089\u1369", "The NIK may contain digits only."),  # Ethiopic one: a digit, not a decimal
        ("317101570890", "The NIK has 16 digits; this one has 12."),
        ("9901011708900001", "The first 4 digits of the NIK (9901) are not a regency or city code."),
        ("3171013202900001", "Digits 7 to 12 of the NIK are not a real date of birth."),
    ],
)
def test_a_refused_nik_says_why_in_words(typed, message):
    with pytest.raises(NikError) as refused:
        parse(typed)
    assert str(refused.value) == message


def test_the_reason_is_in_indonesian_for_an_indonesian_reader():
    with translation.override("id"), pytest.raises(NikError) as refused:
        parse("317101570890")
    assert "16" in str(refused.value) and "12" in str(refused.value)
    assert "digits" not in str(refused.value)


def test_a_woman_born_on_the_first_and_a_man_born_on_the_31st():
    assert (parse("3171014101900001").birth_date, parse("3171014101900001").sex) == (
        datetime.date(1990, 1, 1),
        "female",
    )
    assert (parse("3171013101900001").birth_date, parse("3171013101900001").sex) == (
        datetime.date(1990, 1, 31),
        "male",
    )


def test_a_baby_born_earlier_this_year_is_of_this_century():
    assert parse("3171010501260001").birth_date == datetime.date(2026, 1, 5)


def test_a_baby_born_today_is_born_today():
    assert parse("3171012911260001").birth_date == TODAY


def test_born_later_this_year_means_a_century_earlier():
    # 15 December "26", read on 29 November 2026: not a baby not yet born but someone born in 1926.
    assert parse("3171011512260001").birth_date == datetime.date(1926, 12, 15)


def test_a_current_prefix_stdnum_does_not_know_is_accepted_with_its_own_prefix():
    info = parse("9301011708900001")
    assert (info.nik, info.prefix) == ("9301011708900001", "9301")


def test_without_a_date_today_is_the_real_today():
    born_last_year = datetime.date.today().replace(day=1, month=1) - datetime.timedelta(days=1)
    nik = nik_for("3171", born_last_year, False, 1)
    assert parse_nik(nik, current_prefixes=SAMPLE_PREFIXES).birth_date == born_last_year


@pytest.mark.django_db
def test_a_nik_typed_at_registration_is_read_against_todays_regencies():
    # read_nik is what registration, the NIK check and the member import call.
    info = read_nik("3171 0157 0890 0001", today=TODAY)
    assert (info.nik, info.birth_date, info.sex) == ("3171015708900001", datetime.date(1990, 8, 17), "female")
    # born 30 November "26", read on 29 November 2026 (the day given, not the clock's): a century earlier
    assert read_nik("3171013011260001", today=TODAY).birth_date == datetime.date(1926, 11, 30)
    with pytest.raises(NikError) as refused:
        read_nik("9901011708900001", today=TODAY)
    assert str(refused.value) == "The first 4 digits of the NIK (9901) are not a regency or city code."


def test_one_nik_has_one_hash_whether_read_or_as_typed_digits():
    info = parse("3171015708900001")
    assert nik_hash(info) == nik_hash("3171015708900001") == stored_nik(info).hash
    assert nik_hash(info) not in ("", None, "3171015708900001")
    assert nik_hash("3171015708900002") != nik_hash(info)
