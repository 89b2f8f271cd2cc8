"""Dashboards by scope: aggregates kept current, the viewer's scope only, small cells suppressed."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import translation

from naker.insights import selectors, services
from naker.insights.models import DailyCount
from naker.organizations.models import Organization
from tests.factories import UserFactory, add_member, make_org, make_worker, officer_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def region(db):
    kadin = make_org("kadin", kind=Organization.Kind.CHAMBER, level=Organization.Level.NATIONAL)
    jabar = make_org(
        "kadin-jabar", kind=Organization.Kind.CHAMBER, parent=kadin, level=Organization.Level.PROVINCE, province_id="32"
    )
    union = make_org("ksbsi")
    branch = make_org("ksbsi-jabar", parent=union)
    for _ in range(7):
        add_member(make_worker(regency_code="32.75"), branch)  # Kota Bekasi
    for _ in range(3):
        make_worker(regency_code="32.16")  # Kabupaten Bekasi: a small cell
    make_worker(regency_code="31.71")
    services.refresh_aggregates()
    return {"kadin": kadin, "jabar": jabar, "union": union, "branch": branch}


def test_the_refresh_counts_once_and_adds_only_what_is_new(region):
    nation = selectors.Scope("nation", "", "Indonesia")
    assert selectors.total(nation, "registered") == 11
    services.refresh_aggregates()
    assert selectors.total(nation, "registered") == 11
    make_worker(regency_code="32.75")
    services.refresh_aggregates()
    assert selectors.total(nation, "registered") == 12
    assert selectors.total(selectors.Scope("regency", "32.75", "Kota Bekasi"), "registered") == 8


def test_a_provincial_chamber_officer_sees_the_province_with_small_cells_hidden(client, region):
    client.force_login(officer_of(region["jabar"]))
    html = client.get("/dasbor/").content.decode()
    assert "Dasbor: KADIN-JABAR" in html
    assert 'id="total-registered">10<' in html
    assert "Kota Bekasi</a></td><td>5<" in html  # 7, rounded to 5
    assert "Kabupaten Bekasi</a></td><td>&lt;5<" in html  # 3 people: suppressed


def test_an_officer_cannot_open_another_regions_dashboard(client, region):
    client.force_login(officer_of(region["jabar"]))
    assert client.get("/dasbor/", {"scope": "province:31"}).status_code == 403
    assert client.get("/dasbor/", {"scope": "regency:32.75"}).status_code == 200  # below their province
    client.force_login(make_worker())
    assert client.get("/dasbor/").status_code == 403


def test_the_national_dashboard_draws_the_map_of_38_provinces(client, region):
    client.force_login(UserFactory(is_staff=True))
    html = client.get("/dasbor/").content.decode()
    assert html.count("<path ") == 38
    assert "Jawa Barat: 10" in html


def test_a_union_sees_its_branches_top_and_lagging(client, region):
    make_org("ksbsi-dki", parent=region["union"])
    client.force_login(officer_of(region["union"]))
    html = client.get("/dasbor/").content.decode()
    assert html.index("ksbsi-jabar") < html.index("ksbsi-dki")


def test_breakdowns_by_area_type_sex_and_education(region):
    scope = selectors.Scope("province", "32", "Jawa Barat")
    with translation.override("en"):
        assert dict(selectors.breakdown(scope, "area")) == {"City (kota)": 5, "Regency (kabupaten)": None}
        assert dict(selectors.breakdown(scope, "sex"))["Male"] == 10


def test_exports_as_csv_and_xlsx(client, region):
    client.force_login(officer_of(region["jabar"]))
    csv_text = client.get("/dasbor/", {"format": "csv"}).content.decode("utf-8-sig")
    assert "Kota Bekasi,5" in csv_text and "Kabupaten Bekasi,<5" in csv_text
    assert client.get("/dasbor/", {"format": "xlsx"}).content[:2] == b"PK"


def test_the_dashboard_reads_aggregates_not_rows(client, region, django_assert_max_num_queries):
    client.force_login(UserFactory(is_staff=True))
    client.get("/dasbor/")
    with django_assert_max_num_queries(40):
        client.get("/dasbor/")
    assert DailyCount.objects.exists()


def test_weekly_summaries_go_to_each_officer_with_an_email(region):
    officer_of(region["jabar"])
    UserFactory(email=None)
    call_command("send_weekly_summaries")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to and "Pekerja terdaftar: +10 pekan ini, 10 seluruhnya" in mail.outbox[0].body


def test_the_api_gives_the_same_figures_with_suppressed_cells_as_null(client, token_for, region):
    headers = token_for(officer_of(region["jabar"]))
    body = client.get("/api/v1/insights/dashboard", **headers).json()
    assert (body["scope"], body["totals"]["registered"]) == ("province:32", 10)
    places = {p["name"]: p["registered"] for p in body["places"]}
    assert places["Kota Bekasi"] == 5 and places["Kabupaten Bekasi"] is None
    target = client.post(
        "/api/v1/targets",
        {
            "name": "Jabar",
            "scope": "province",
            "scope_code": "32",
            "metric": "registered",
            "goal": 20,
            "start_date": "2026-11-01",
            "due_date": "2027-02-01",
        },
        content_type="application/json",
        **headers,
    )
    assert target.status_code == 201 and target.json()["current"] == 10
    assert [t["name"] for t in client.get("/api/v1/targets", **headers).json()] == ["Jabar"]


def test_a_provider_sees_the_enrolments_and_completions_of_its_courses(client, db):
    import copy

    from naker.learning import demo
    from naker.learning import services as learning
    from tests.learning.conftest import MARKETING

    demo.ensure_skills()
    provider = make_org("lpk-terampil", kind=Organization.Kind.PROVIDER, level=Organization.Level.SINGLE)
    staff = officer_of(provider)
    admin = UserFactory(is_staff=True)
    learning.import_package(actor=staff, provider_code="lpk-terampil", package=copy.deepcopy(MARKETING), submit=True)
    learning.review(admin=admin, course_code=MARKETING["code"], approve=True)
    for _ in range(6):
        learning.enrol(worker=make_worker(), course_code=MARKETING["code"])
    services.refresh_aggregates()
    client.force_login(staff)
    html = client.get("/dasbor/").content.decode()
    assert "Dasbor: LPK-TERAMPIL" in html
    scope = selectors.scope_for(staff, None)
    assert (selectors.total(scope, "enrolments"), selectors.total(scope, "registered")) == (6, 0)


def test_the_english_dashboard_shows_english_breakdown_headings(client, region):
    # The headings were translated once, at import time, in the default language (Indonesian).
    client.force_login(officer_of(region["jabar"]))
    english = client.get("/dasbor/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h2>Sex</h2>" in english and "<h2>City (kota) or regency (kabupaten)</h2>" in english
    assert "Jenis kelamin" not in english
    indonesian = client.get("/dasbor/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "<h2>Jenis kelamin</h2>" in indonesian


def test_the_api_and_the_page_show_the_same_dashboard(client, token_for, region):
    officer = officer_of(region["jabar"])
    body = client.get("/api/v1/insights/dashboard", **token_for(officer)).json()
    board = selectors.dashboard_of(officer, None)
    assert body["totals"] == board.totals
    assert body["breakdowns"] == {t.dimension: dict(t.values) for t in board.breakdowns}
    assert [p["registered"] for p in body["places"]] == [v for _c, _n, v in board.places]
