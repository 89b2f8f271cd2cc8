"""An employer's pages cost the same however many posts and applicants there are (issue 13, fifth
pass): the applicants come a page at a time after a cursor, the posts page shows the newest posts,
and the dashboard's figures are kept but never outlive a change to them."""

from __future__ import annotations

import datetime
import importlib
import json
import re

import pytest
from django.apps import apps as django_apps
from django.db.models import Count
from django.test import Client
from ninja.responses import NinjaJSONEncoder

from naker.accounts import services as account_services
from naker.core.errors import DomainError
from naker.jobs import selectors, services
from naker.jobs.api import applicant_out, applicants_json
from naker.jobs.models import Application, Opportunity, stage_counter
from naker.jobs.schemas import ApplicantOut
from tests.factories import make_worker
from tests.jobs.conftest import data

pytestmark = pytest.mark.django_db


def test_applicants_come_a_page_at_a_time(client, token_for, staff, published, monkeypatch) -> None:
    people = [make_worker(regency_code="32.75") for _ in range(3)]
    ids = [services.apply(worker=person, opportunity=published).pk for person in people]
    services.move_application(actor=staff, application_id=ids[0], stage="shortlisted", note="Las SMAW")
    services.move_application(actor=staff, application_id=ids[2], stage="not_selected")
    monkeypatch.setattr(selectors, "APPLICANTS_SHOWN", 2)
    headers = token_for(staff)
    first = client.get(f"/api/v1/opportunities/{published.pk}/applications", **headers).json()
    assert [a["name"] for a in first] == [p.full_name for p in people[:2]]
    # each applicant's own steps, in order, read for that page alone
    assert [[(s["stage"], s["note"]) for s in a["steps"]] for a in first] == [
        [("applied", ""), ("shortlisted", "Las SMAW")],
        [("applied", "")],
    ]
    cursor = first[-1]["cursor"]
    rest = client.get(f"/api/v1/opportunities/{published.pk}/applications?after={cursor}", **headers).json()
    assert [a["name"] for a in rest] == [people[2].full_name]
    assert [s["stage"] for s in rest[0]["steps"]] == ["applied", "not_selected"]
    for odd in ("9" * 40 + ".1", "1." + "9" * 40, "x.y", ".", "-1.-1"):  # never a 500; read as no cursor
        whole = client.get(f"/api/v1/opportunities/{published.pk}/applications?after={odd}", **headers)
        assert whole.status_code == 200 and len(whole.json()) == 2
    client.force_login(staff)
    page = client.get(f"/pemberi-kerja/lowongan/{published.pk}/pelamar/").content.decode()
    assert [f'data-applicant="{pk}"' in page for pk in ids] == [True, True, False]
    assert f'href="?after={cursor}"' in page
    page = client.get(f"/pemberi-kerja/lowongan/{published.pk}/pelamar/?after={cursor}").content.decode()
    assert [f'data-applicant="{pk}"' in page for pk in ids] == [False, False, True]
    assert 'href="?after=' not in page


def test_the_posts_page_shows_the_newest_posts(client, company, staff, published, monkeypatch) -> None:
    newer = services.post_opportunity(actor=staff, employer_code=company.code, data=data(title="Operator Bubut"))
    monkeypatch.setattr(selectors, "POSTS_SHOWN", 1)
    client.force_login(staff)
    page = client.get(f"/pemberi-kerja/{company.code}/").content.decode()
    assert f'data-post="{newer.pk}"' in page and f'data-post="{published.pk}"' not in page


def test_the_kept_dashboard_follows_applications_and_erasures(client, token_for, company, staff, published) -> None:
    headers = token_for(staff)
    url = f"/api/v1/employers/{company.code}/dashboard"
    assert client.get(url, **headers).json()["applicants_by_stage"]["applied"] == 0
    worker = make_worker(regency_code="32.75")
    application = services.apply(worker=worker, opportunity=published)
    assert client.get(url, **headers).json()["applicants_by_stage"]["applied"] == 1
    services.move_application(actor=staff, application_id=application.pk, stage="hired")
    got = client.get(url, **headers).json()
    assert got["hires"] == 1 and got["applicants_by_stage"]["hired"] == 1
    account_services.erase_account(user=worker, password="naker-demo")
    got = client.get(url, **headers).json()
    assert got["hires"] == 1 and got["applicants_by_stage"]["hired"] == 0 and got["median_days_to_hire"] is None


def _counted(opportunity_id: int) -> dict[str, int]:
    """The post's applications per stage counted from the applications themselves, as the page once did."""
    found = (
        Application.objects.filter(opportunity_id=opportunity_id, worker__erased_at__isnull=True)
        .values("stage")
        .annotate(n=Count("id"))
        .values_list("stage", "n")
    )
    return dict(found)


def _kept(opportunity_id: int) -> dict[str, int]:
    o = Opportunity.objects.get(pk=opportunity_id)
    return {s: n for s in Application.Stage.values if (n := getattr(o, stage_counter(s)))}


def test_the_posts_counts_follow_every_change_of_an_application(client, token_for, staff, published) -> None:
    """The counters kept on the post (issue 13) say what counting the applications says, after
    applying, moving, withdrawing, applying again, hiring, ending and erasing; the page and the API
    show them."""
    people = [make_worker(regency_code="32.75") for _ in range(5)]
    applications = [services.apply(worker=p, opportunity=published) for p in people]
    services.apply(worker=people[0], opportunity=published)  # again: the same application, not counted twice
    services.move_application(actor=staff, application_id=applications[0].pk, stage="shortlisted")
    services.move_application(actor=staff, application_id=applications[0].pk, stage="interview")
    services.move_application(actor=staff, application_id=applications[1].pk, stage="hired")
    services.move_application(actor=staff, application_id=applications[2].pk, stage="not_selected")
    services.withdraw(worker=people[3], application_id=applications[3].pk)
    assert (
        _kept(published.pk)
        == _counted(published.pk)
        == {
            "applied": 1,
            "interview": 1,
            "hired": 1,
            "not_selected": 1,
            "withdrawn": 1,
        }
    )
    services.apply(worker=people[3], opportunity=published)  # a withdrawn application reopened
    account_services.erase_account(user=people[4], password="naker-demo")  # their application goes
    expected = {"applied": 1, "interview": 1, "hired": 1, "not_selected": 1}
    assert _kept(published.pk) == _counted(published.pk) == expected
    with pytest.raises(DomainError):
        services.move_application(actor=staff, application_id=applications[1].pk, stage="offered")  # refused: unchanged
    assert _kept(published.pk) == _counted(published.pk)

    got = client.get(f"/api/v1/employers/{published.employer.code}/opportunities", **token_for(staff)).json()
    assert (got[0]["applicants"], got[0]["hires"], got[0]["by_stage"]) == (4, 1, _counted(published.pk))
    client.force_login(staff)
    page = client.get(f"/pemberi-kerja/{published.employer.code}/").content.decode()
    assert f'<a href="/pemberi-kerja/lowongan/{published.pk}/pelamar/">4</a>' in page


def test_the_migration_fills_the_counts_from_the_applications(staff, published) -> None:
    people = [make_worker(regency_code="32.75") for _ in range(3)]
    applications = [services.apply(worker=p, opportunity=published) for p in people]
    services.move_application(actor=staff, application_id=applications[0].pk, stage="hired")
    services.withdraw(worker=people[1], application_id=applications[1].pk)
    expected = _counted(published.pk)
    Opportunity.objects.update(**{stage_counter(s): 0 for s in Application.Stage.values})
    fill = importlib.import_module("naker.jobs.migrations.0006_fill_stage_counters").fill
    fill(django_apps, None)
    assert _kept(published.pk) == expected == {"applied": 1, "hired": 1, "withdrawn": 1}


def test_the_posts_api_pages_with_a_cursor(client, token_for, company, staff, published, monkeypatch) -> None:
    newer = [
        services.post_opportunity(actor=staff, employer_code=company.code, data=data(title=f"Operator {n}"))
        for n in range(2)
    ]
    monkeypatch.setattr(selectors, "POSTS_SHOWN", 2)
    headers, url = token_for(staff), f"/api/v1/employers/{company.code}/opportunities"
    first = client.get(url, **headers).json()
    assert [p["opportunity"]["id"] for p in first] == [newer[1].pk, newer[0].pk]
    rest = client.get(f"{url}?after={first[-1]['cursor']}", **headers).json()
    assert [p["opportunity"]["id"] for p in rest] == [published.pk]
    assert rest[0]["opportunity"]["open"] is True and rest[0]["opportunity"]["employer_code"] == company.code
    assert client.get(f"{url}?after={rest[-1]['cursor']}", **headers).json() == []
    for odd in ("9" * 40 + ".1", "1." + "9" * 40, "x.y", ".", "-1.-1"):  # never a 500; read as no cursor
        whole = client.get(f"{url}?after={odd}", **headers)
        assert whole.status_code == 200 and [p["opportunity"]["id"] for p in whole.json()] == [newer[1].pk, newer[0].pk]


def test_the_rows_are_escaped_and_carry_their_forms(client, company, staff, published) -> None:
    """The rows made in one pass (jobs.templatetags.employer_rows) escape what people typed and keep
    each form's token and the stage buttons the template had."""
    post = services.post_opportunity(actor=staff, employer_code=company.code, data=data(title="Las <b>&</b>"))
    person = make_worker(regency_code="32.75", full_name="Ana <i>O'Neil</i>")
    application = services.apply(worker=person, opportunity=published, message="<script>x</script>")
    services.move_application(actor=staff, application_id=application.pk, stage="interview")
    services.mark_reported(actor=staff, opportunity_id=published.pk)
    client.force_login(staff)
    page = client.get(f"/pemberi-kerja/{company.code}/").content.decode()
    assert "Las &lt;b&gt;&amp;&lt;/b&gt;" in page and "<b>&</b>" not in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token and f'action="/pemberi-kerja/lowongan/{post.pk}/lapor/"' in page
    assert f'action="/pemberi-kerja/lowongan/{published.pk}/lapor/"' not in page  # reported already
    page = client.get(f"/pemberi-kerja/lowongan/{published.pk}/pelamar/").content.decode()
    assert "Ana &lt;i&gt;O&#x27;Neil&lt;/i&gt;" in page and "&lt;script&gt;x&lt;/script&gt;" in page
    assert "<script>x" not in page
    card = page[page.index(f'data-applicant="{application.pk}"') :]
    buttons = re.findall(r'<button name="stage" value="(\w+)"', card)
    assert buttons == ["offered", "hired", "not_selected"]  # what an interview may move to
    assert f'action="/pemberi-kerja/lamaran/{application.pk}/tahap/"' in card


def _posts_page(client, company) -> str:
    return client.get(f"/pemberi-kerja/{company.code}/").content.decode()


def test_the_kept_posts_page_follows_every_change(client, company, staff, published) -> None:
    """The posts page is rendered once until the company's posts, applications or placements change
    (jobs.views.posts): every change a staff member or a worker makes shows on the next visit."""
    client.force_login(staff)
    link = f'<a href="/pemberi-kerja/lowongan/{published.pk}/pelamar/">'
    assert f"{link}0</a>" in _posts_page(client, company)
    worker = make_worker(regency_code="32.75")
    application = services.apply(worker=worker, opportunity=published)
    assert f"{link}1</a>" in _posts_page(client, company)
    services.move_application(actor=staff, application_id=application.pk, stage="hired")
    assert f'{link}1</a> <span class="small">(1 diterima)</span>' in _posts_page(client, company)
    newer = services.post_opportunity(actor=staff, employer_code=company.code, data=data(title="Operator Bubut"))
    assert f'data-post="{newer.pk}"' in _posts_page(client, company)
    services.mark_reported(actor=staff, opportunity_id=published.pk)
    assert f'action="/pemberi-kerja/lowongan/{published.pk}/lapor/"' not in _posts_page(client, company)
    account_services.erase_account(user=worker, password="naker-demo")
    assert f"{link}0</a>" in _posts_page(client, company)


def test_the_kept_posts_page_carries_each_viewers_own_token(company, staff, published) -> None:
    """One kept rendering for the whole staff, each visit's forms with the visitor's own CSRF token
    (naker.core.fragments.with_csrf), never the one of whoever came first: a form sent with its own
    page's token is taken, with another visitor's refused."""
    url = f"/pemberi-kerja/lowongan/{published.pk}/lapor/"
    visitors, tokens = [Client(enforce_csrf_checks=True) for _ in range(2)], []
    for visitor in visitors:
        visitor.force_login(staff)
        page = _posts_page(visitor, company)
        assert f'action="{url}"' in page
        found = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page))
        assert len(found) == 1
        tokens.append(found.pop())
    assert visitors[1].post(url, {"csrfmiddlewaretoken": tokens[0]}).status_code == 403
    assert visitors[1].post(url, {"csrfmiddlewaretoken": tokens[1]}).status_code == 302
    assert f'action="{url}"' not in _posts_page(visitors[0], company)  # reported, on the other's next visit


@pytest.mark.parametrize("micros", [0, 123456], ids=["whole second", "microseconds"])
def test_the_applicants_api_is_written_as_ninja_would_write_its_schema(micros) -> None:
    """The applicants API writes its JSON directly from the rows (`jobs.api.applicants_json`): the same
    text as ninja's validation of `list[ApplicantOut]` and its encoder give, every kind of value
    included (nulls, quotes, certificates, steps, times with and without microseconds)."""
    at = datetime.datetime(2026, 11, 30, 7, 8, 9, micros, tzinfo=datetime.UTC)
    full = selectors.ApplicantRow(
        pk=7,
        name='Siti "Ani" <b>',
        phone="+6281234567890",
        email="siti@contoh.id",
        has_profile=True,
        regency="Kota Bekasi",
        education="SMK",
        stage="interview",
        source="self",
        message="Saya siap\nbekerja — ö",
        applied_at=at,
        worker_id=3,
        credential_ids=["c0ffee"],
    )
    full.certificates = [{"id": "c0ffee", "title": "Las SMAW", "issuer": "LSP Las", "url": "/verify/c0ffee"}]
    full.steps = [{"stage": "applied", "at": at, "note": ""}, {"stage": "interview", "at": at, "note": 'Jam "9"'}]
    bare = selectors.ApplicantRow(
        pk=8,
        name="Budi",
        phone=None,
        email=None,
        has_profile=False,
        regency=None,
        education="",
        stage="applied",
        source="auto",
        message="",
        applied_at=at,
        worker_id=4,
        credential_ids=[],
    )
    for rows in ([full, bare], []):
        by_ninja = json.dumps(
            [ApplicantOut.model_validate(applicant_out(a)).model_dump() for a in rows], cls=NinjaJSONEncoder
        )
        assert applicants_json(rows) == by_ninja
