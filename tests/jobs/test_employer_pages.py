"""An employer's pages cost the same however many posts and applicants there are (issue 13, fifth
pass): the applicants come a page at a time after a cursor, the posts page shows the newest posts,
and the dashboard's figures are kept but never outlive a change to them."""

from __future__ import annotations

import pytest

from naker.accounts import services as account_services
from naker.jobs import selectors, services
from tests.factories import make_worker
from tests.jobs.conftest import data

pytestmark = pytest.mark.django_db


def test_applicants_come_a_page_at_a_time(client, token_for, staff, published, monkeypatch) -> None:
    people = [make_worker(regency_code="32.75") for _ in range(3)]
    ids = [services.apply(worker=person, opportunity=published).pk for person in people]
    monkeypatch.setattr(selectors, "APPLICANTS_SHOWN", 2)
    headers = token_for(staff)
    first = client.get(f"/api/v1/opportunities/{published.pk}/applications", **headers).json()
    assert [a["name"] for a in first] == [p.full_name for p in people[:2]]
    cursor = first[-1]["cursor"]
    rest = client.get(f"/api/v1/opportunities/{published.pk}/applications?after={cursor}", **headers).json()
    assert [a["name"] for a in rest] == [people[2].full_name]
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
