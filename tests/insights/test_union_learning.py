"""Issue 9, broken step 2: a union's dashboard counts what its members learn (enrolments and
completions in any provider's courses), through the page and the API, after `refresh_insights`."""

from __future__ import annotations

import copy

import pytest
from django.core.management import call_command
from django.utils import timezone

from naker.learning import demo, services
from naker.learning.models import Enrolment
from naker.organizations.models import Organization
from tests.factories import UserFactory, add_member, make_org, make_worker, officer_of

pytestmark = pytest.mark.django_db

MARKETING = next(p for _o, p in demo.DEMO_COURSES if p["code"] == "digital-marketing-umkm")


@pytest.fixture
def union_with_learners(db):
    demo.ensure_skills()
    make_org("lpk-terampil", kind=Organization.Kind.PROVIDER, level=Organization.Level.SINGLE)
    staff = officer_of(Organization.objects.get(code="lpk-terampil"))
    admin = UserFactory(is_staff=True)
    services.import_package(actor=staff, provider_code="lpk-terampil", package=copy.deepcopy(MARKETING), submit=True)
    services.review(admin=admin, course_code=MARKETING["code"], approve=True)
    union = make_org("ksbsi")
    branch = make_org("ksbsi-dki", parent=union)
    members = [make_worker(regency_code="31.71") for _ in range(6)]
    for person in members:
        add_member(person, branch)
        services.enrol(worker=person, course_code=MARKETING["code"])
    outsider = make_worker(regency_code="31.71")
    services.enrol(worker=outsider, course_code=MARKETING["code"])  # not a member: not the union's
    Enrolment.objects.filter(user__in=members[:4]).update(
        status=Enrolment.Status.COMPLETED, completed_at=timezone.now()
    )
    call_command("refresh_insights")
    return union


def test_the_union_page_counts_its_members_enrolments_and_completions(client, union_with_learners):
    client.force_login(officer_of(union_with_learners))
    html = client.get("/dasbor/").content.decode()
    assert 'id="total-registered">6<' in html
    assert 'id="total-enrolments">6<' in html
    assert 'id="total-completions">4<' in html


def test_the_union_api_counts_its_members_enrolments_and_completions(client, union_with_learners, token_for):
    officer = officer_of(union_with_learners)
    answer = client.get("/api/v1/insights/dashboard?scope=organization:ksbsi", **token_for(officer))
    assert answer.status_code == 200, answer.content
    totals = answer.json()["totals"]
    assert (totals["registered"], totals["enrolments"], totals["completions"]) == (6, 6, 4)
    branch = client.get("/api/v1/insights/dashboard?scope=organization:ksbsi-dki", **token_for(officer))
    assert branch.json()["totals"]["completions"] == 4


def test_a_later_enrolment_of_a_member_is_added_by_the_next_refresh(client, union_with_learners):
    newcomer = make_worker(regency_code="31.71")
    add_member(newcomer, Organization.objects.get(code="ksbsi-dki"))
    services.enrol(worker=newcomer, course_code=MARKETING["code"])
    call_command("refresh_insights")
    client.force_login(officer_of(union_with_learners))
    assert 'id="total-enrolments">7<' in client.get("/dasbor/").content.decode()
