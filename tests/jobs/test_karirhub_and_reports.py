"""The Karirhub bridge (Perpres 57/2023): every post of the employer in the report's fields, CSV and
XLSX, and the reporting mark; the employer's dashboard; the placements report of unions and chambers
with small cells hidden."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from naker.jobs import selectors, services
from naker.organizations.models import Organization
from tests.factories import add_member, make_org, make_worker, officer_of
from tests.jobs.conftest import data

pytestmark = pytest.mark.django_db


def test_the_karirhub_export_has_every_post_in_the_reports_fields(client, token_for, company, staff, published):
    services.post_opportunity(actor=staff, employer_code=company.code, data=data(title='=HYPERLINK("x")'))
    headers = token_for(staff)
    response = client.get(f"/api/v1/employers/{company.code}/karirhub?format=csv", **headers)
    assert response.status_code == 200 and response["Content-Disposition"].endswith('karirhub-pt-las-bekasi.csv"')
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    row = next(r for r in rows if r["Nama Jabatan"] == "Juru Las SMAW")
    assert row["Nama Pemberi Kerja"] == company.name and row["Jumlah Kebutuhan"] == "2"
    assert row["Lokasi Kerja (Kabupaten/Kota)"] == "Kota Bekasi" and row["Upah Minimal"] == "4500000"
    assert row["Keterampilan / Kompetensi Wajib"] == "Pengelasan SMAW posisi datar"
    assert row["Status Lowongan"] == "Dibuka" and row["Dilaporkan ke Karirhub"] == "Belum"
    # a title that would be a formula is written as text
    assert any(r["Nama Jabatan"] == '\'=HYPERLINK("x")' for r in rows)
    xlsx = client.get(f"/api/v1/employers/{company.code}/karirhub?format=xlsx", **headers)
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in next(sheet.iter_rows(max_row=1))] == selectors.KARIRHUB_COLUMNS
    # marking as reported shows the date on the list
    marked = client.post(
        f"/api/v1/opportunities/{published.pk}/karirhub-report", {}, content_type="application/json", **headers
    )
    assert marked.status_code == 200 and marked.json()["reported_to_karirhub_on"]
    posts = client.get(f"/api/v1/employers/{company.code}/opportunities", **headers).json()
    assert {p["opportunity"]["title"]: bool(p["reported_to_karirhub_on"]) for p in posts}["Juru Las SMAW"] is True


def test_only_the_staff_export(client, token_for, company, worker) -> None:
    response = client.get(f"/api/v1/employers/{company.code}/karirhub", **token_for(worker))
    assert response.status_code == 403


def test_the_employer_dashboard(client, token_for, company, staff, published) -> None:
    for _ in range(3):
        application = services.apply(worker=make_worker(regency_code="32.75"), opportunity=published)
    services.move_application(actor=staff, application_id=application.pk, stage="hired")
    got = client.get(f"/api/v1/employers/{company.code}/dashboard", **token_for(staff)).json()
    assert got["applicants_by_stage"]["applied"] == 2 and got["applicants_by_stage"]["hired"] == 1
    assert got["hires"] == 1 and got["median_days_to_hire"] == 0.0
    assert got["posts_by_status"]["published"] == 1


def test_the_placements_report_hides_small_cells(client, token_for, company, staff, published) -> None:
    union = make_org("serikat-lapor")
    officer = officer_of(union)
    chamber = make_org(
        "kadin-lapor", kind=Organization.Kind.CHAMBER, level=Organization.Level.PROVINCE, province_id="32"
    )
    for i in range(7):
        worker = make_worker(regency_code="32.75")
        add_member(worker, union)
        application = services.apply(worker=worker, opportunity=published)
        if i < 2:
            services.move_application(actor=staff, application_id=application.pk, stage="hired")
    got = client.get("/api/v1/placements/report", **token_for(officer)).json()
    assert got["scope"] == "organization:serikat-lapor"
    assert got["applications"] == 5  # 7, rounded to 5
    assert got["placements"] is None  # 2: hidden
    assert (
        got["applications_by_kind"] == [{"label": "Pekerjaan", "count": 5}]
        or got["applications_by_kind"][0]["count"] == 5
    )
    by_chamber = client.get("/api/v1/placements/report", **token_for(officer_of(chamber))).json()
    assert by_chamber["scope"] == "province:32" and by_chamber["applications_by_region"][0]["label"] == "Kota Bekasi"
    assert client.get("/api/v1/placements/report", **token_for(staff)).status_code == 403


def test_the_karirhub_export_is_not_cut_to_the_posts_page(client, token_for, company, staff, published, monkeypatch):
    """The export has every post, beyond the newest POSTS_SHOWN the posts page lists, and the company's
    sector and domicile (the page reads the company's name only)."""
    services.post_opportunity(actor=staff, employer_code=company.code, data=data(title="Operator Bubut"))
    monkeypatch.setattr(selectors, "POSTS_SHOWN", 1)
    response = client.get(f"/api/v1/employers/{company.code}/karirhub?format=csv", **token_for(staff))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert sorted(r["Nama Jabatan"] for r in rows) == ["Juru Las SMAW", "Operator Bubut"]
    assert rows[0]["Sektor (KBLI)"].startswith("C ") and "Kota Bekasi" in rows[0]["Domisili Pemberi Kerja"]
