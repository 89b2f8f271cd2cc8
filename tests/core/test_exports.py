"""No downloaded table can carry a live formula (issue 8, item 12): every CSV and XLSX goes through
naker.core.exports, which puts a ' before a text that a spreadsheet would read as a formula."""

from __future__ import annotations

import copy
import csv
import io

import pytest
from openpyxl import load_workbook

from naker.core.exports import csv_text, table_response, xlsx_bytes

DANGEROUS = ['=HYPERLINK("http://x","klik")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize("cell", DANGEROUS)
def test_a_csv_cell_that_would_start_a_formula_is_written_as_text(cell):
    written = list(csv.reader(io.StringIO(csv_text([["Judul", cell]]))))
    assert written == [["Judul", "'" + cell]]


@pytest.mark.parametrize("cell", DANGEROUS)
def test_an_xlsx_cell_that_would_start_a_formula_is_stored_as_a_string(cell):
    book = load_workbook(io.BytesIO(xlsx_bytes([["Judul", cell]])))
    stored = book.active["B1"]
    assert stored.data_type == "s"
    assert stored.value == "'" + cell.replace("\r", "\n")  # XML reads a carriage return back as a newline


def test_numbers_and_plain_text_stay_as_they_are():
    rows = [["Las dasar", 12, -3, 2.5, "-5", "+6281234567890", "", None]]
    assert list(csv.reader(io.StringIO(csv_text(rows)))) == [
        ["Las dasar", "12", "-3", "2.5", "-5", "+6281234567890", "", ""]
    ]
    sheet = load_workbook(io.BytesIO(xlsx_bytes(rows))).active
    assert [c.value for c in sheet[1]][:6] == ["Las dasar", 12, -3, 2.5, "-5", "+6281234567890"]
    assert sheet["B1"].data_type == "n"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_download_response_neutralises_formulas(fmt):
    response = table_response([["=1+1"]], fmt, "laporan")
    if fmt == "csv":
        assert response.content.decode("utf-8-sig").strip() == "'=1+1"
    else:
        assert load_workbook(io.BytesIO(response.content)).active["A1"].value == "'=1+1"


@pytest.mark.django_db
def test_the_course_report_xlsx_stores_a_provider_written_title_as_text(client, token_for):
    from naker.learning import demo
    from naker.learning import services as learning
    from naker.organizations.models import Organization
    from tests.factories import UserFactory, make_org, officer_of

    demo.ensure_skills()
    provider = make_org("lpk-terampil", kind=Organization.Kind.PROVIDER, level=Organization.Level.SINGLE)
    staff = officer_of(provider)
    package = next(p for _org, p in demo.DEMO_COURSES if p["code"] == "digital-marketing-umkm")
    package = copy.deepcopy(package)
    package["modules"][0]["title"] = '=HYPERLINK("http://evil","klik")'  # the report names lessons by module
    learning.import_package(actor=staff, provider_code="lpk-terampil", package=package, submit=True)
    learning.review(admin=UserFactory(is_staff=True), course_code=package["code"], approve=True)
    client.force_login(staff)
    response = client.get(f"/penyedia/kursus/{package['code']}/laporan/?format=xlsx")
    assert response.status_code == 200, response.content[:200]
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells, "the title is in the report"
    assert all(c.data_type == "s" and c.value.startswith("'=") for c in cells)
