"""Adoption targets: progress, projection, who sets and who sees them."""

from __future__ import annotations

import contextlib
import datetime

import pytest
from django.utils import timezone

from naker.accounts.models import WorkerProfile
from naker.core.errors import Forbidden
from naker.insights import errors, selectors
from naker.insights import services as insight_services
from naker.insights.models import AdoptionTarget
from naker.organizations.models import Membership, Organization
from tests.factories import UserFactory, add_member, make_org, make_worker, officer_of

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 29)


def registered_on(days_ago: int, regency: str = "32.75"):
    worker = make_worker(regency_code=regency)
    WorkerProfile.objects.filter(user=worker).update(
        created_at=timezone.make_aware(
            datetime.datetime.combine(TODAY - datetime.timedelta(days=days_ago), datetime.time(12))
        )
    )
    return worker


def target(admin, goal, start_days_ago, due_in_days, scope="nation", code=""):
    return insight_services.set_target(
        actor=admin,
        name="t",
        scope=scope,
        scope_code=code,
        metric="registered",
        goal=goal,
        start_date=TODAY - datetime.timedelta(days=start_days_ago),
        due_date=TODAY + datetime.timedelta(days=due_in_days),
    )


def test_a_target_at_risk_says_when_it_would_be_reached(db):
    admin = UserFactory(is_staff=True)
    for day in range(14):  # one registration a day for two weeks
        registered_on(day)
    insight_services.refresh_aggregates()
    goal = target(admin, goal=44, start_days_ago=30, due_in_days=10)
    progress = selectors.progress_of(goal, today=TODAY)
    assert progress.current == 15  # 14, shown rounded to 5 in a scope whose cells are suppressed
    assert progress.projected == TODAY + datetime.timedelta(days=30)  # 30 more at 1 a day
    assert progress.on_track is False


def test_a_target_out_of_reach_at_this_pace_is_not_projected_past_the_calendar(db):
    admin = UserFactory(is_staff=True)
    registered_on(3)  # one registration in the last two weeks; a goal a pace of 1 per 14 days never meets
    insight_services.refresh_aggregates()
    goal = target(admin, goal=2_000_000_000, start_days_ago=30, due_in_days=10)
    progress = selectors.progress_of(goal, today=TODAY)  # was OverflowError (a 500 on the target page)
    assert progress.projected is None and progress.on_track is False


def test_a_target_on_track_and_one_met(db):
    admin = UserFactory(is_staff=True)
    for day in range(14):
        registered_on(day)
    insight_services.refresh_aggregates()
    assert selectors.progress_of(target(admin, goal=20, start_days_ago=30, due_in_days=10), today=TODAY).on_track
    met = selectors.progress_of(target(admin, goal=10, start_days_ago=30, due_in_days=10), today=TODAY)
    assert met.current >= 10 and met.on_track


def test_the_straight_line_gives_the_value_expected_today(db):
    admin = UserFactory(is_staff=True)
    progress = selectors.progress_of(target(admin, goal=100, start_days_ago=50, due_in_days=50), today=TODAY)
    assert progress.expected_now == 50


def test_only_officers_set_targets_for_their_own_scope(db):
    jabar = make_org("kadin-jabar", kind=Organization.Kind.CHAMBER, level=Organization.Level.PROVINCE, province_id="32")
    officer = officer_of(jabar)
    assert target(officer, 100, 1, 30, scope="province", code="32").scope_code == "32"
    with pytest.raises(Forbidden):
        target(officer, 100, 1, 30, scope="province", code="31")
    with pytest.raises(Forbidden):
        target(officer, 100, 1, 30)  # the nation


def test_the_target_page_shows_the_projection_and_the_map(client, db):
    admin = UserFactory(is_staff=True)
    registered_on(1)
    insight_services.refresh_aggregates()
    goal = target(admin, goal=5000, start_days_ago=30, due_in_days=60)
    client.force_login(admin)
    html = client.get(f"/target/{goal.pk}/").content.decode()
    assert 'id="target-status"' in html and "projection-line" in html
    assert html.count("<path ") == 38


def test_an_active_learners_target_counts_distinct_learners_of_the_last_30_days(db):
    from naker.learning import demo
    from naker.learning import services as learning
    from naker.learning.models import LessonProgress
    from tests.learning.conftest import MARKETING, lessons_of

    demo.ensure_skills()
    make_org("lpk-terampil", kind=Organization.Kind.PROVIDER, level=Organization.Level.SINGLE)
    admin = UserFactory(is_staff=True)
    learning.import_package(actor=admin, provider_code="lpk-terampil", package=MARKETING, submit=True)
    course = learning.review(admin=admin, course_code=MARKETING["code"], approve=True).course
    first, second = lessons_of(course)[:2]
    for regency, old in [("32.75", False), ("32.75", False), ("31.71", False), ("32.75", True)]:
        worker = make_worker(regency_code=regency)
        learning.enrol(worker=worker, course_code=course.code)
        learning.complete_lesson(worker=worker, lesson_id=first.pk)
        learning.complete_lesson(worker=worker, lesson_id=second.pk)  # two lessons: still one learner
        if old:
            LessonProgress.objects.filter(enrolment__user=worker).update(
                completed_at=timezone.now() - datetime.timedelta(days=40)
            )
    goal = insight_services.set_target(
        actor=admin,
        name="aktif",
        scope="province",
        scope_code="32",
        metric="active",
        goal=3,
        start_date=TODAY - datetime.timedelta(days=10),
        due_date=TODAY + datetime.timedelta(days=10),
    )
    progress = selectors.progress_of(goal)
    assert selectors._active_now(selectors.scope_of_target(goal)) == 2
    assert (progress.current, progress.on_track) == (None, False)  # 2 learners: shown as <5


def test_a_provincial_officer_sees_the_targets_of_the_province_and_its_regencies_only(db):
    admin = UserFactory(is_staff=True)
    jabar = make_org("kadin-jabar", kind=Organization.Kind.CHAMBER, level=Organization.Level.PROVINCE, province_id="32")
    officer = officer_of(jabar)
    for scope, code in [("nation", ""), ("province", "32"), ("regency", "32.75"), ("regency", "31.71")]:
        insight_services.set_target(
            actor=admin,
            name=f"{scope}{code}",
            scope=scope,
            scope_code=code,
            metric="registered",
            goal=10,
            start_date=TODAY,
            due_date=TODAY + datetime.timedelta(days=30),
        )
    assert sorted(t.name for t in selectors.targets_visible_to(officer)) == ["province32", "regency32.75"]


def test_a_refused_target_answers_target_invalid(client, token_for, db):
    admin = UserFactory(is_staff=True)
    answer = client.post(
        "/api/v1/targets",
        {
            "name": "t",
            "scope": "nation",
            "metric": "registered",
            "goal": 10,
            "start_date": "2026-12-01",
            "due_date": "2026-11-01",
        },
        content_type="application/json",
        **token_for(admin),
    )
    assert answer.status_code == 422
    assert answer.json()["code"] == "target_invalid"  # it said mapping_invalid, a code of the import's columns
    assert [e["field"] for e in answer.json()["errors"]] == ["due_date"]


def test_each_target_refusal_has_its_code(client, token_for, db):
    admin = UserFactory(is_staff=True)
    with pytest.raises(errors.TargetInvalid) as invalid:
        target(admin, goal=0, start_days_ago=1, due_in_days=1)
    assert invalid.value.code == "target_invalid"
    hidden = target(admin, goal=10, start_days_ago=1, due_in_days=10)
    officer = officer_of(make_org("ksbsi-dki"))
    with pytest.raises(errors.TargetNotFound) as missing:
        selectors.target_visible_to(officer, hidden.pk)
    assert missing.value.code == "target_not_found"
    assert client.get(f"/api/v1/targets/{hidden.pk}", **token_for(officer)).json()["code"] == "target_not_found"
    with pytest.raises(errors.NotAnOfficer) as not_officer:
        selectors.target_rows(make_worker())
    assert not_officer.value.code == "not_an_officer"


def test_the_targets_page_refuses_workers_and_hides_other_scopes(client, db):
    admin = UserFactory(is_staff=True)
    national = target(admin, goal=10, start_days_ago=1, due_in_days=10)
    client.force_login(make_worker())
    page = client.get("/target/")
    assert page.status_code == 403 and "Target untuk pengurus serikat dan Kadin." in page.content.decode()
    client.force_login(officer_of(make_org("ksbsi-dki")))
    assert client.get("/target/").status_code == 200
    assert client.get(f"/target/{national.pk}/").status_code == 404


def test_the_page_sets_a_target_and_shows_the_field_that_needs_fixing(client, db):
    officer = officer_of(
        make_org("kadin-jabar", kind=Organization.Kind.CHAMBER, level=Organization.Level.PROVINCE, province_id="32")
    )
    client.force_login(officer)
    data = {
        "name": "Jabar",
        "scope": "province",
        "scope_code": "32",
        "metric": "registered",
        "goal": 10,
        "start_date": "2026-12-01",
        "due_date": "2026-11-01",
    }
    html = client.post("/target/", data).content.decode()
    assert "Batas waktu harus setelah tanggal mulai." in html  # under its field
    data["due_date"] = "2027-01-01"
    saved = client.post("/target/", data)
    assert saved.status_code == 302 and saved["Location"].startswith("/target/")


def test_targets_visible_to_filters_in_sql_whatever_the_number_of_targets(db, django_assert_max_num_queries):
    admin = UserFactory(is_staff=True)
    union = make_org("ksbsi")
    make_org("ksbsi-jabar", parent=union)
    officer = officer_of(union)
    for i in range(30):
        insight_services.set_target(
            actor=admin,
            name=f"t{i}",
            scope=["nation", "organization", "organization"][i % 3],
            scope_code=["", "ksbsi", "ksbsi-jabar"][i % 3],
            metric="registered",
            goal=10,
            start_date=TODAY,
            due_date=TODAY + datetime.timedelta(days=30),
        )
    # the viewer's organisations, then the targets (their organisations' subtrees: a subquery)
    with django_assert_max_num_queries(2):
        assert len(list(selectors.targets_visible_to(officer))) == 20
    one = AdoptionTarget.objects.filter(scope="organization").last()
    with django_assert_max_num_queries(3):  # the viewer's organisations, the target, where its organisation sits
        assert selectors.target_visible_to(officer, one.pk) == one


def test_one_target_and_the_list_follow_the_same_rule_for_every_viewer(db):
    # The target page checks one target in Python (`_may_see_target`), the list filters in SQL
    # (`_target_filter`): both must name the same targets for every kind of viewer.
    admin = UserFactory(is_staff=True)
    kadin = make_org("kadin", kind=Organization.Kind.CHAMBER, level=Organization.Level.NATIONAL)
    chamber = {"kind": Organization.Kind.CHAMBER, "parent": kadin}
    jabar = make_org("kadin-jabar", level=Organization.Level.PROVINCE, province_id="32", **chamber)
    bekasi = make_org("kadin-bekasi", level=Organization.Level.REGENCY, province_id="32", regency_id="32.75", **chamber)
    union = make_org("ksbsi")
    branch = make_org("ksbsi-jabar", parent=union)
    other = make_org("kspi")
    provider = make_org("lpk-terampil", kind=Organization.Kind.PROVIDER)
    places = [("nation", ""), ("province", "32"), ("province", "31"), ("regency", "32.75"), ("regency", "32.16")]
    places += [("regency", "31.71"), ("organization", "ksbsi"), ("organization", "ksbsi-jabar")]
    places += [("organization", "kspi"), ("organization", "lpk-terampil")]
    for scope, code in places:
        target(admin, goal=10, start_days_ago=1, due_in_days=10, scope=scope, code=code)
    both = officer_of(bekasi)
    add_member(both, branch, Membership.Role.ADMIN)
    viewers = [admin, officer_of(kadin), officer_of(jabar), officer_of(bekasi), officer_of(union)]
    viewers += [officer_of(branch), officer_of(other), officer_of(provider), both, make_worker()]
    for viewer in viewers:
        listed = {t.pk for t in selectors.targets_visible_to(viewer)}
        one_by_one = set()
        for t in AdoptionTarget.objects.all():
            with contextlib.suppress(errors.TargetNotFound):
                one_by_one.add(selectors.target_visible_to(viewer, t.pk).pk)
        assert listed == one_by_one, viewer

    # and the rule is not empty: what some of them see
    def seen(viewer):
        return sorted(f"{t.scope}:{t.scope_code}" for t in selectors.targets_visible_to(viewer))

    assert seen(officer_of(jabar)) == ["province:32", "regency:32.16", "regency:32.75"]
    assert seen(officer_of(union)) == ["organization:ksbsi", "organization:ksbsi-jabar"]
    assert seen(both) == ["organization:ksbsi-jabar", "regency:32.75"]
    assert len(seen(officer_of(kadin))) == 6 and seen(make_worker()) == []
