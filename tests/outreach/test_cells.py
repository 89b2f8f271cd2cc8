"""One spreadsheet cell into a NIK, a phone or a date: every form a union's member list really holds."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from naker.outreach.member_import import cells


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def refusal(function, cell):
    with pytest.raises(cells.CellError) as refused:
        function(cell)
    return str(refused.value)


# --- NIK ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        (None, ""),
        (3216011708850001, "3216011708850001"),  # a number cell in an XLSX: exact
        (3216011708850001.0, "3216011708850001"),  # the same read as a float
        ("3216011708850001", "3216011708850001"),
        ("'3216011708850001", "3216011708850001"),  # the apostrophe Excel users type
        (" ' 3216011708850001 ", "3216011708850001"),
        ("3216 0117 0885 0001", "3216011708850001"),
        ("3216.0117.0885.0001", "3216011708850001"),
        ("3216-0117-0885-0001", "3216011708850001"),
        ("X3216011708850001", "X3216011708850001"),  # letters stay, for the NIK reader to refuse
        ("'NIK 3216011708850001", "NIK3216011708850001"),
    ],
)
def test_a_nik_cell_gives_its_digits(cell, text):
    assert cells.nik_text(cell) == text


@pytest.mark.parametrize("cell", ["3.21601E+15", "3.21601e+15", "3,21601E+15", "3.21601E15", "'3.21601E+15", "3E+15"])
def test_a_nik_in_scientific_notation_is_refused_saying_how_to_fix_it(cell):
    shown = cell.lstrip("'")
    assert refusal(cells.nik_text, cell) == (
        f"The NIK shows as {shown}: the spreadsheet turned it into a number and lost its last digits. "
        "Format the NIK column as Text in Excel, type the NIKs again (or from the original), "
        "then save and upload again."
    )


@pytest.mark.parametrize("cell", [3.216011708850001e15 + 0.5, 1e16, 3.2e16, 0.5])
def test_a_nik_stored_as_a_rounded_number_is_refused(cell):
    assert refusal(cells.nik_text, cell) == "The NIK was stored as a rounded number."


def test_a_nik_just_under_17_digits_as_a_float_is_kept():
    assert cells.nik_text(9999999999999998.0) == "9999999999999998"


@pytest.mark.parametrize("cell", [True, False])
def test_a_yes_no_cell_is_not_a_nik(cell):
    assert refusal(cells.nik_text, cell) == "The NIK is not a number."


def test_the_refusal_is_in_indonesian_for_an_indonesian_officer():
    with translation.override("id"):
        assert "Teks" in refusal(cells.nik_text, "3.21601E+15")


# --- phone -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        (None, ""),
        (81234567890, "81234567890"),  # a number cell: the leading zero lost
        (81234567890.0, "81234567890"),  # the same read as a float, without ".0"
        (" 0812-3456-7890 ", "0812-3456-7890"),
        ("'081234567890", "'081234567890"),  # the apostrophe is the phone reader's to drop
        (8.5, "8.5"),
    ],
)
def test_a_phone_cell_gives_its_text(cell, text):
    assert cells.phone_text(cell) == text


# --- dates -------------------------------------------------------------------------------------

AUG_17_1985 = datetime.date(1985, 8, 17)


@pytest.mark.parametrize(
    "cell",
    [
        "17/08/1985",
        "17-08-1985",
        "17.08.1985",
        "17 08 1985",
        " 17/08/1985 ",
        "17/8/1985",
        "17-08-85",
        "17/08/85",
        "1985-08-17",
        "1985-8-17",
        31276,  # Excel's serial number
        31276.0,
        31276.75,  # a serial with a time of day
        "31276",  # a serial stored as text
        " 31276 ",
        "31276.0",
        datetime.datetime(1985, 8, 17, 13, 45),
        AUG_17_1985,
    ],
)
def test_every_usual_form_of_17_august_1985(cell):
    assert cells.parse_date(cell) == AUG_17_1985


@pytest.mark.parametrize("cell", [None, ""])
def test_an_empty_date_cell_is_no_date(cell):
    assert cells.parse_date(cell) is None


def test_a_day_and_month_of_one_digit():
    assert cells.parse_date("7/8/1985") == datetime.date(1985, 8, 7)
    assert cells.parse_date("1985-8-7") == datetime.date(1985, 8, 7)


def test_two_digit_years_take_the_latest_century_not_in_the_future():
    this_year = datetime.date.today().year
    yy = this_year % 100
    assert cells.parse_date("17/08/05") == datetime.date(2005, 8, 17)
    assert cells.parse_date("01/01/00") == datetime.date(2000, 1, 1)
    assert cells.parse_date(f"01/01/{yy:02d}") == datetime.date(this_year, 1, 1)
    assert cells.parse_date(f"01/01/{(yy + 1) % 100:02d}") == datetime.date(this_year + 1 - 100, 1, 1)
    assert cells.parse_date("17/08/99") == datetime.date(1999, 8, 17)


def test_the_smallest_and_largest_serials():
    assert cells.parse_date("1") == datetime.date(1899, 12, 31)
    assert cells.parse_date(1) == datetime.date(1899, 12, 31)
    assert cells.parse_date("99999") == datetime.date(2173, 10, 13)


@pytest.mark.parametrize("cell", ["31/02/1985", "1985-02-31", "17/13/1985", "00/08/1985", "1985-13-01"])
def test_a_date_that_does_not_exist_is_refused_naming_it(cell):
    assert refusal(cells.parse_date, cell) == f"The date {cell} does not exist."


@pytest.mark.parametrize(
    "cell", ["17 Agustus 1985", "0", "100000", "-5", "1985/08/17", "17/08/198", "NaN", "nan", "Infinity", True]
)
def test_a_date_in_no_known_form_is_refused_with_an_example(cell):
    assert refusal(cells.parse_date, cell) == (f"The date {cell} is not in a known form (for example 17/08/1985).")


@pytest.mark.parametrize("cell", [81234567890, 5_000_000, 0, -3, float("nan"), 100000.0])
def test_a_number_that_is_no_serial_date_is_refused_not_a_crash(cell):
    # A phone number typed into the date column, or an empty cell a script wrote as NaN.
    assert refusal(cells.parse_date, cell) == (f"The date {cell} is not in a known form (for example 17/08/1985).")
