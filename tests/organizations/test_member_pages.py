"""Member lists stay fast however large the scope (issue 13, item 3): pages follow a cursor (keyset),
the count stops at 1,000 and above that is an estimate from the aggregates, labelled "about"."""

from __future__ import annotations

import datetime
import json

import pytest
from django.template import Context, Template
from django.utils import timezone, translation
from ninja.responses import NinjaJSONEncoder

from naker.accounts.models import User
from naker.insights import services as insight_services
from naker.organizations import selectors
from naker.organizations.api import person_page_json
from naker.organizations.models import Membership, Organization
from naker.organizations.schemas import PersonPage
from tests.factories import add_member, make_org, make_worker, officer_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def branch(db):
    union = make_org("ksbsi")
    dki = make_org("ksbsi-dki", parent=union)
    same_time = timezone.now() - datetime.timedelta(days=3)
    for i in range(120):
        # ten people joined at the very same moment: the cursor must not skip or repeat them
        joined = same_time if i < 10 else same_time + datetime.timedelta(minutes=i)
        add_member(make_worker(date_joined=joined), dki)
    return dki


def test_following_next_walks_every_member_once_newest_first(client, token_for, branch):
    headers = token_for(officer_of(branch))
    seen, url, numbers = [], "/api/v1/orgs/ksbsi-dki/members", []
    while url:
        body = client.get(url, **headers).json()
        seen += [row["id"] for row in body["items"]]
        numbers.append(body["page"])
        url = f"/api/v1/orgs/ksbsi-dki/members?after={body['next']}" if body["next"] else ""
    people = list(User.objects.filter(memberships__organization=branch).order_by("-date_joined", "-id"))
    assert seen == [p.pk for p in people]
    assert numbers == [1, 2, 3]
    assert body["count"] == 121 and body["count_exact"] is True and body["pages"] == 3


def test_the_page_number_still_works_as_before(client, token_for, branch):
    headers = token_for(officer_of(branch))
    by_cursor = client.get("/api/v1/orgs/ksbsi-dki/members", **headers).json()
    second = client.get(f"/api/v1/orgs/ksbsi-dki/members?after={by_cursor['next']}", **headers).json()
    assert client.get("/api/v1/orgs/ksbsi-dki/members?page=2", **headers).json()["items"] == second["items"]


def test_a_page_past_the_last_still_tells_the_whole_count(client, token_for, branch):
    """The count is read as a column of the page's own statement (no statement of its own): a page
    with nobody on it (a cursor or a page number past the end) counts apart, and says the same."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    headers = token_for(officer_of(branch))
    client.get("/api/v1/orgs/ksbsi-dki/members", **headers)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/orgs/ksbsi-dki/members", **headers).json()["count"] == 121
    assert not [q for q in queries if q["sql"].startswith("SELECT COUNT(")]
    for query in ("after=4.1.1", "page=9"):
        body = client.get(f"/api/v1/orgs/ksbsi-dki/members?{query}", **headers).json()
        assert body["items"] == [] and body["next"] is None
        assert body["count"] == 121 and body["count_exact"] is True and body["pages"] >= 3


def test_a_bad_cursor_is_refused_naming_the_field(client, token_for, branch):
    response = client.get("/api/v1/orgs/ksbsi-dki/members?after=abc", **token_for(officer_of(branch)))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "after"


def test_the_page_shows_next_and_the_count(client, branch):
    client.force_login(officer_of(branch))
    html = client.get("/organisasi/ksbsi-dki/").content.decode()
    assert "121 orang" in html and "Halaman 1 dari 3" in html
    cursor = html.split('href="?after=')[1].split('"')[0]
    html = client.get(f"/organisasi/ksbsi-dki/?after={cursor}").content.decode()
    assert "Halaman 2 dari 3" in html and "Halaman pertama" in html


def test_above_a_thousand_the_count_is_the_aggregates_estimate_labelled_about(client, monkeypatch):
    monkeypatch.setattr(selectors, "EXACT_COUNT_UP_TO", 20)
    kadin = make_org("kadin", kind=Organization.Kind.CHAMBER, level=Organization.Level.NATIONAL)
    for _ in range(30):
        make_worker(regency_code="32.75")
    insight_services.refresh_aggregates()
    for _ in range(4):
        make_worker(regency_code="32.75")  # after the refresh: the estimate lags, as it says
    admin = User.objects.create_superuser(phone="+6281100009999", password="x-Sandi-2026", is_staff=True)
    client.force_login(admin)
    html = client.get(f"/organisasi/{kadin.code}/").content.decode()
    assert "Sekitar 30 orang" in html and "Halaman 1 dari sekitar 1" in html


def test_the_list_of_a_whole_region_costs_a_fixed_number_of_queries(client, token_for, django_assert_max_num_queries):
    kadin = make_org("kadin", kind=Organization.Kind.CHAMBER, level=Organization.Level.NATIONAL)
    for _ in range(60):
        make_worker(regency_code="31.71")
    headers = token_for(officer_of(kadin))
    # the token (then cached) and its last use, the organisation with the officer's offices (one
    # statement), the aggregates' last refresh and their figure for the scope (both then cached), the
    # page with its count (stopping at 1,000) as a column
    with django_assert_max_num_queries(6):
        first = client.get("/api/v1/orgs/kadin/members", **headers).json()
    with django_assert_max_num_queries(2):
        client.get(f"/api/v1/orgs/kadin/members?after={first['next']}", **headers)
    client.force_login(officer_of(kadin))
    client.get("/organisasi/kadin/")
    # the signed-in user, the organisation with the officer's offices (which the menu reuses), the
    # page with its count; no session query
    with django_assert_max_num_queries(3):
        client.get("/organisasi/kadin/")


def _walk(client, headers, code):
    seen, url = [], f"/api/v1/orgs/{code}/members"
    while url:
        body = client.get(url, **headers).json()
        seen += [row["id"] for row in body["items"]]
        url = f"/api/v1/orgs/{code}/members?after={body['next']}" if body["next"] else ""
    first = client.get(f"/api/v1/orgs/{code}/members", **headers).json()
    return seen, body["count_exact"], first["count"]


@pytest.mark.parametrize(
    ("small", "merged_up_to"),
    [(1000, 30), (5, 30), (5, 1)],
    ids=["counted scope", "large union merged from its organisations", "large scope walked newest first"],
)
def test_a_large_scope_lists_the_same_people_in_the_same_order(client, token_for, monkeypatch, small, merged_up_to):
    """Above the exact count a union's list merges each of its organisations' members newest first
    (their (organisation, join date, id) index), or, for a tree of many organisations, walks everyone
    newest first with an EXISTS per person (issue 13); a provincial or regency chamber reads its
    region's (region, join date, id) index instead. Every way it must list exactly whom the scope's
    own rows name, newest first on (date_joined, id): each once, the erased and outsiders never,
    people who joined at the very same moment by id."""
    monkeypatch.setattr(selectors, "EXACT_COUNT_UP_TO", small)
    monkeypatch.setattr(selectors, "MERGE_UP_TO", merged_up_to)
    monkeypatch.setattr(selectors, "PEOPLE_PAGE_SIZE", 4)  # many pages: ties fall on page boundaries
    union = make_org("ksbsi")
    branches = [make_org(f"ksbsi-{n}", parent=union) for n in ("dki", "jabar")]
    other_union = make_org("kspi")
    kadin = make_org("kadin", kind=Organization.Kind.CHAMBER, level=Organization.Level.NATIONAL)
    chamber = make_org(
        "kadin-jabar", kind=Organization.Kind.CHAMBER, level=Organization.Level.PROVINCE, province_id="32", parent=kadin
    )
    city = make_org(
        "kadin-bekasi",
        kind=Organization.Kind.CHAMBER,
        level=Organization.Level.REGENCY,
        regency_id="32.75",
        parent=chamber,
    )
    start = timezone.now() - datetime.timedelta(days=30)
    for i in range(70):
        person = make_worker(
            regency_code=("32.75", "31.71", "32.04")[i % 3], date_joined=start + datetime.timedelta(hours=i % 40)
        )
        if i % 4 != 3:
            add_member(person, branches[i % 2])
        if i % 7 == 0:
            add_member(person, union, Membership.Role.OFFICER)  # twice in the tree: listed once
        if i % 5 == 0:
            add_member(person, other_union)
        if i % 11 == 0:
            person.erased_at = timezone.now()
            person.save(update_fields=["erased_at"])
    # officers are listed too (those of the chambers have no worker profile: not in a region)
    union_officer, chamber_officer, city_officer = officer_of(union), officer_of(chamber), officer_of(city)
    live = User.objects.filter(erased_at__isnull=True).order_by("-date_joined", "-id")
    in_union = list(
        live.filter(memberships__organization__path__startswith=union.path).distinct().values_list("pk", flat=True)
    )
    in_jabar = list(live.filter(worker__province_id="32").values_list("pk", flat=True))
    in_bekasi = list(live.filter(worker__regency_id="32.75").values_list("pk", flat=True))
    workers = list(live.filter(worker__isnull=False).values_list("pk", flat=True))
    assert len(in_bekasi) < len(in_jabar) < len(workers)
    for officer, code, people in (
        (union_officer, "ksbsi", in_union),
        (chamber_officer, "kadin-jabar", in_jabar),
        (city_officer, "kadin-bekasi", in_bekasi),
        (officer_of(kadin), "kadin", workers),
    ):
        listed, exact, count = _walk(client, token_for(officer), code)
        assert listed == people and exact is (small == 1000), code
        if exact:  # counted: the live people only, the erased never (a region's from its profiles' index)
            assert count == len(people), code


def _large_union(monkeypatch, members=30):
    """KSBSI with two branches and `members` workers, above a cap of 20 (EXACT_COUNT_UP_TO)."""
    monkeypatch.setattr(selectors, "EXACT_COUNT_UP_TO", 20)
    union = make_org("ksbsi")
    branches = [make_org(f"ksbsi-{n}", parent=union) for n in ("dki", "jabar")]
    start = timezone.now() - datetime.timedelta(days=10)
    for i in range(members):
        add_member(make_worker(date_joined=start + datetime.timedelta(hours=i)), branches[i % 2])
    return union, branches


def test_a_union_the_aggregates_put_well_above_the_cap_is_not_counted(client, monkeypatch):
    """At a million workers the count of a confederation read up to 1,001 people (SQLite built its
    whole member list first): where the aggregates already say at least twice the cap, the list shows
    their figure, labelled "about", and counts nothing."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    union, _branches = _large_union(monkeypatch, members=45)
    insight_services.refresh_aggregates()
    client.force_login(officer_of(union))
    client.get("/organisasi/ksbsi/")
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/organisasi/ksbsi/").content.decode()
    assert "Sekitar 45 orang" in html and "Halaman 1 dari sekitar 1" in html
    assert not [q for q in queries if "COUNT(" in q["sql"]]


def test_a_union_the_aggregates_put_just_above_the_cap_is_still_counted(client, monkeypatch):
    """Below twice the cap the aggregates may be far off (people listed twice, erased accounts): the
    list is counted, and shown exactly when it is within the cap."""
    union, branches = _large_union(monkeypatch, members=25)
    insight_services.refresh_aggregates()
    for person in User.objects.filter(memberships__organization=branches[0])[:6]:
        person.erased_at = timezone.now()
        person.save(update_fields=["erased_at"])
    client.force_login(officer_of(union))
    html = client.get("/organisasi/ksbsi/").content.decode()
    assert "20 orang" in html and "Sekitar" not in html  # 19 workers left and the officer


def test_a_large_union_pages_by_number_as_by_cursor(client, token_for, monkeypatch):
    union, _branches = _large_union(monkeypatch)
    monkeypatch.setattr(selectors, "PEOPLE_PAGE_SIZE", 4)
    headers = token_for(officer_of(union))
    first = client.get("/api/v1/orgs/ksbsi/members", **headers).json()
    second = client.get(f"/api/v1/orgs/ksbsi/members?after={first['next']}", **headers).json()
    assert first["count_exact"] is False
    assert client.get("/api/v1/orgs/ksbsi/members?page=2", **headers).json()["items"] == second["items"]
    assert second["page"] == 2 and second["next"]


def test_a_new_branch_s_members_show_at_once_in_its_union_s_list(client, monkeypatch):
    """A large union's list reads each of its organisations' members, the ids of its tree kept in
    the cache: a branch added since is listed at once (a new version of the trees)."""
    union, _branches = _large_union(monkeypatch)
    client.force_login(officer_of(union))
    assert "Wati Baru" not in client.get("/organisasi/ksbsi/").content.decode()
    newest = make_worker(full_name="Wati Baru")
    add_member(newest, make_org("ksbsi-sumut", parent=union))
    html = client.get("/organisasi/ksbsi/").content.decode()
    assert "Wati Baru" in html


def test_a_membership_carries_its_member_s_join_date_however_made():
    """The union's list reads a page from (organisation, join date, id) on memberships: each copies
    the account's date_joined, made one by one or many at once by an import."""
    from naker.organizations import services as org_services

    union = make_org("ksbsi")
    long_ago = timezone.now() - datetime.timedelta(days=400)
    one, many = make_worker(date_joined=long_ago), [make_worker() for _ in range(3)]
    add_member(one, union)
    org_services.add_union_members(
        user_ids=[p.pk for p in many], union=union, consent_at=timezone.now(), attested_by=None
    )
    for membership in Membership.objects.filter(organization=union).select_related("user"):
        assert membership.user_joined == membership.user.date_joined


def test_the_rows_show_names_and_places_escaped(client, branch):
    """The rows are written by hand (`{% member_rows %}`), not by the template: what a person typed
    is escaped all the same."""
    person = make_worker(full_name='<script>alert("x")</script> & Sons')
    add_member(person, branch)
    client.force_login(officer_of(branch))
    html = client.get("/organisasi/ksbsi-dki/").content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sons" in html
    assert "<script>alert" not in html
    assert f'action="/organisasi/ksbsi-dki/anggota/{person.pk}/kode-reset/"' in html
    assert f'href="/organisasi/ksbsi-dki/anggota/{person.pk}/nik/"' in html


def test_a_branch_moved_away_leaves_its_old_union_s_list_at_once(client, monkeypatch):
    """The tree's ids may be an older version in another process (the per-process cache keeps one up
    to a minute): each organisation read is checked to be under the union still, so the members of
    a branch moved to another union are never shown to the old union's officers."""
    from naker.core import versions

    union, branches = _large_union(monkeypatch, members=60)  # above the cap before and after the move
    # names of their own: Faker's could repeat among 60 people and the officer, or hold one another
    moved = set()
    for pk in User.objects.filter(memberships__organization=branches[1]).values_list("pk", flat=True):
        User.objects.filter(pk=pk).update(full_name=f"Pindahan {pk} Orang")
        moved.add(f"Pindahan {pk} Orang")
    client.force_login(officer_of(union))
    html = client.get("/organisasi/ksbsi/").content.decode()
    assert any(name in html for name in moved)
    monkeypatch.setattr(versions, "bump", lambda name: None)  # as another process sees it: no new version
    branches[1].parent = make_org("kspi")
    branches[1].save()
    html = client.get("/organisasi/ksbsi/").content.decode()
    assert not any(name in html for name in moved)


@pytest.mark.parametrize("code", ["ksbsi", "ksbsi-dki", "kadin-jabar", "kadin"])
def test_a_large_list_costs_a_fixed_number_of_queries_warm(client, token_for, monkeypatch, code):
    """Above twice the cap (the aggregates' figure), warm: the organisation with the officer's offices
    (one statement), and the page in one: a union's from each organisation's first rows merged, with
    the page's people in the same statement; a chamber's from its region; nothing counted."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(selectors, "EXACT_COUNT_UP_TO", 10)
    union = make_org("ksbsi")
    branch = make_org("ksbsi-dki", parent=union)
    kadin = make_org("kadin", kind=Organization.Kind.CHAMBER, level=Organization.Level.NATIONAL)
    make_org(
        "kadin-jabar", kind=Organization.Kind.CHAMBER, level=Organization.Level.PROVINCE, province_id="32", parent=kadin
    )
    for i in range(50):
        add_member(make_worker(regency_code="32.75"), branch if i % 2 else union)
    insight_services.refresh_aggregates()
    headers = token_for(officer_of(Organization.objects.get(code=code)))
    url = f"/api/v1/orgs/{code}/members"
    first = client.get(url, **headers).json()
    assert first["count_exact"] is False and first["count"] >= 20
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, **headers).status_code == 200
    assert len(queries) <= 2, "\n".join(q["sql"] for q in queries)
    assert not [q for q in queries if "COUNT(" in q["sql"]]


@pytest.mark.parametrize("micros", [0, 123456], ids=["whole second", "microseconds"])
def test_the_api_page_is_written_as_ninja_would_write_its_schema(micros):
    """The members API writes its JSON directly from the rows (`person_page_json`): the same text as
    ninja's validation of `PersonPage` and its encoder give, every kind of value included."""

    joined = datetime.datetime(2026, 11, 30, 7, 8, 9, micros, tzinfo=datetime.UTC)
    rows = [
        {
            "id": 7,
            "full_name": 'Siti "Ani" <b>',
            "date_joined": joined,
            "phone": "+6281234567890",
            "nik_masked": "3171**********01",
            "regency": "Kota Bekasi",
        },
        {"id": 3, "full_name": "Budi Ö", "date_joined": joined, "phone": None, "nik_masked": None, "regency": None},
    ]
    for count, cursor in (
        (selectors.PeopleCount(2, exact=True), None),
        (selectors.PeopleCount(4321, exact=False), "2.5.3"),
    ):
        page = selectors.PeoplePage(rows, 1, count, cursor)
        answer = {
            "count": page.count.value,
            "count_exact": page.count.exact,
            "page": page.number,
            "pages": page.pages,
            "next": page.next_cursor,
            "items": [
                {
                    **{k: r[k] for k in ("id", "full_name", "nik_masked", "regency", "date_joined")},
                    "phone_masked": (r["phone"] or "")[:6]
                    + "*" * max(0, len(r["phone"] or "") - 9)
                    + (r["phone"] or "")[-3:]
                    if r["phone"]
                    else "",
                }
                for r in rows
            ],
        }
        by_ninja = json.dumps(PersonPage.model_validate(answer).model_dump(), cls=NinjaJSONEncoder)
        assert person_page_json(page) == by_ninja


@pytest.mark.parametrize("dashboard", [True, False])
@pytest.mark.parametrize("language", ["id", "en"])
def test_the_heading_is_what_the_template_wrote(rf, dashboard, language):
    """`{% member_head %}` (kept per organisation, language and URLs) writes what the template wrote."""

    union = make_org("ksbsi")
    union.name = 'Serikat "Buruh" & <Kita>'
    chamber = make_org("kadin", kind=Organization.Kind.CHAMBER, level=Organization.Level.NATIONAL)
    before = Template(
        '{% load i18n %}<h1>{{ org.name }}</h1>\n  <p class="small">{{ org.get_kind_display }} · {{ org.code }} · '
        '<a href="{% url \'organizations:officers\' org.code %}">{% translate "Officers" %}</a>'
        '{% if org.kind == "union" %} · <a href="{% url \'outreach:imports\' org.code %}">'
        '{% translate "Import members" %}</a>{% endif %} · <a href="{% url \'outreach:invite_links\' org.code %}">'
        '{% translate "Invitation links" %}</a>{% if nav_dashboard %} · <a href="{% url \'insights:dashboard\' %}">'
        '{% translate "Dashboard" %}</a>{% endif %} · <a href="{% url \'outreach:events\' %}">'
        '{% translate "Events" %}</a></p>'
    )
    now = Template("{% load member_list %}{% member_head org %}")
    with translation.override(language):
        for org in (union, chamber):
            context = {"org": org, "nav_dashboard": (lambda: dashboard)}
            assert now.render(Context(context)) == before.render(Context(context))
