"""An employer's ranked candidates: only consenting workers, the same explanation, contact details
only after an application or an accepted invitation, union membership only when the worker chose."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from naker.accounts import services as account_services
from naker.core.models import AuditEvent
from naker.jobs.matching import errors, selectors, services
from naker.jobs.models import Application, JobInvitation
from tests.factories import add_member, make_opportunity, make_org, make_worker
from tests.jobs.matching.conftest import BLUEPRINT, SAFETY, SMAW, MatchWorld, consent, give

pytestmark = pytest.mark.django_db


def ids(mw: MatchWorld, opp: Any, **filters: Any) -> list[int]:
    found = selectors.candidates_for(mw.staff, opp.pk, selectors.Filters(**filters))
    return [c.worker_id for c in found.items]


def test_an_unfindable_worker_never_appears(mw: MatchWorld) -> None:
    opp = make_opportunity(mw.company, [(SAFETY, True)])
    give(mw.worker, SAFETY, "competency")
    assert ids(mw, opp) == []  # no preferences yet: not findable (the default)
    consent(mw.worker, findable=True)
    assert ids(mw, opp) == [mw.worker.pk]
    consent(mw.worker, findable=False)
    assert ids(mw, opp) == []


def test_a_worker_who_objects_to_automated_matching_is_never_ranked(mw: MatchWorld) -> None:
    opp = make_opportunity(mw.company, [(SAFETY, True)])
    give(mw.worker, SAFETY, "competency")
    consent(mw.worker, findable=True, automated_matching=False)
    assert ids(mw, opp) == []


def test_evidence_added_later_follows_the_preference(mw: MatchWorld) -> None:
    opp = make_opportunity(mw.company, [(SMAW, True)])
    consent(mw.worker, findable=True)
    services.declare_skill(worker=mw.worker, code=SMAW)
    assert ids(mw, opp) == [mw.worker.pk]


def test_candidates_are_ranked_as_their_matches_are(mw: MatchWorld) -> None:
    opp = make_opportunity(mw.company, [(SMAW, True), (SAFETY, True)])
    verified = make_worker(regency_code="32.16")
    course = make_worker(regency_code="32.16")
    declared = make_worker(regency_code="32.16")
    far = make_worker(regency_code="91.03")
    for person, source in [(verified, "competency"), (course, "course"), (declared, "declared"), (far, "competency")]:
        give(person, SMAW, source)
        give(person, SAFETY, source)
        consent(person)
    # location weighs too: a verified welder far away comes after a course-trained one nearby
    assert ids(mw, opp) == [verified.pk, course.pk, far.pk, declared.pk]
    assert ids(mw, opp, region="32.16") == [verified.pk, course.pk, declared.pk]
    assert ids(mw, opp, verified_only=True) == [verified.pk, far.pk]


def test_the_explanation_is_the_same_in_the_employers_words(mw: MatchWorld) -> None:
    opp = make_opportunity(mw.company, [(SMAW, True), (SAFETY, True)])
    give(mw.worker, SAFETY, "course")
    consent(mw.worker)
    with translation.override("id"):
        [c] = selectors.candidates_for(mw.staff, opp.pk).items
    assert c.reasons[0] == (
        "Punya 1 dari 2 keterampilan wajib; kurang: Pengelasan SMAW; "
        "kursus Dasar Las SMAW (BLK Bekasi, 40 jam, gratis) mengajarkannya"
    )


def test_only_the_employers_staff_see_candidates(mw: MatchWorld) -> None:
    opp = make_opportunity(mw.company, [(SAFETY, True)])
    with pytest.raises(errors.NotEmployerStaff):
        selectors.candidates_for(mw.other_staff, opp.pk)
    with pytest.raises(errors.NotEmployerStaff):
        selectors.candidates_for(mw.worker, opp.pk)
    with pytest.raises(errors.OpportunityNotFound):
        selectors.candidates_for(mw.staff, opp.pk + 1000)


def test_contact_details_only_after_accepting_an_invitation(mw: MatchWorld, client: Any, token_for: Any) -> None:
    opp = make_opportunity(mw.company, [(SAFETY, True)])
    give(mw.worker, SAFETY, "competency")
    consent(mw.worker)
    staff = token_for(mw.staff)
    listed = client.get(f"/api/v1/opportunities/{opp.pk}/candidates", **staff).json()
    assert [c["contact"] for c in listed] == [None]
    body = str(listed)
    assert "Wawan" not in body and "wawan@example.org" not in body and mw.worker.phone[3:] not in body

    invited = client.post(
        f"/api/v1/opportunities/{opp.pk}/invitations",
        {"worker_id": listed[0]["candidate_id"], "message": "Silakan melamar"},
        content_type="application/json",
        **staff,
    )
    assert invited.status_code == 201, invited.content
    assert client.get(f"/api/v1/opportunities/{opp.pk}/candidates", **staff).json()[0]["contact"] is None

    worker = token_for(mw.worker)
    [invitation] = client.get("/api/v1/me/invitations", **worker).json()
    assert invitation["message"] == "Silakan melamar"
    accepted = client.post(f"/api/v1/invitations/{invitation['id']}/accept", **worker)
    assert accepted.status_code == 200
    application = Application.objects.get(opportunity=opp, worker=mw.worker)
    assert application.source == Application.Source.INVITATION
    assert list(application.steps.values_list("stage", flat=True)) == [Application.Stage.APPLIED]

    [c] = client.get(f"/api/v1/opportunities/{opp.pk}/candidates", **staff).json()
    assert c["contact"] == {"name": "Wawan Pengelas", "phone": mw.worker.phone, "email": "wawan@example.org"}
    assert c["applied"] is True
    # the worker's own trail says who saw their contact details
    assert AuditEvent.objects.filter(
        subject=mw.worker, actor=mw.staff, action=AuditEvent.Action.CANDIDATE_CONTACT_SEEN
    ).exists()


def test_a_declined_invitation_releases_nothing(mw: MatchWorld) -> None:
    opp = make_opportunity(mw.company, [(SAFETY, True)])
    give(mw.worker, SAFETY, "competency")
    consent(mw.worker)
    invitation = services.invite(actor=mw.staff, opportunity_id=opp.pk, worker_id=mw.worker.pk)
    services.decline_invitation(worker=mw.worker, invitation_id=invitation.pk)
    [c] = selectors.candidates_for(mw.staff, opp.pk).items
    assert c.contact is None and c.invitation == JobInvitation.Status.DECLINED
    with pytest.raises(errors.InvitationDecided):
        services.accept_invitation(worker=mw.worker, invitation_id=invitation.pk)


def test_only_consenting_candidates_may_be_invited(mw: MatchWorld) -> None:
    opp = make_opportunity(mw.company, [(SAFETY, True)])
    give(mw.worker, SAFETY, "competency")
    with pytest.raises(errors.NotACandidate):
        services.invite(actor=mw.staff, opportunity_id=opp.pk, worker_id=mw.worker.pk)
    consent(mw.worker)
    with pytest.raises(errors.NotEmployerStaff):
        services.invite(actor=mw.other_staff, opportunity_id=opp.pk, worker_id=mw.worker.pk)
    # someone else's invitation is not found
    invitation = services.invite(actor=mw.staff, opportunity_id=opp.pk, worker_id=mw.worker.pk)
    with pytest.raises(errors.InvitationNotFound):
        services.accept_invitation(worker=make_worker(), invitation_id=invitation.pk)


def test_union_membership_only_when_the_worker_chose(mw: MatchWorld) -> None:
    add_member(mw.worker, make_org("spsi-bekasi"))
    opp = make_opportunity(mw.company, [(SAFETY, True)])
    give(mw.worker, SAFETY, "competency")
    consent(mw.worker)
    [c] = selectors.candidates_for(mw.staff, opp.pk).items
    assert c.unions is None
    consent(mw.worker, show_union=True)
    [c] = selectors.candidates_for(mw.staff, opp.pk).items
    assert c.unions == ["SPSI-BEKASI"]


def test_an_erased_worker_disappears(mw: MatchWorld) -> None:
    opp = make_opportunity(mw.company, [(SAFETY, True)])
    give(mw.worker, SAFETY, "competency")
    consent(mw.worker)
    account_services.erase_account(user=mw.worker, password="naker-demo")
    assert ids(mw, opp) == []


def test_the_candidates_list_takes_a_fixed_number_of_queries(
    mw: MatchWorld, client: Any, token_for: Any, django_assert_max_num_queries: Any
) -> None:
    opp = make_opportunity(mw.company, [(SMAW, True), (SAFETY, True), (BLUEPRINT, False)])
    for i in range(12):
        person = make_worker(regency_code="32.16")
        give(person, SAFETY, "course")
        give(person, BLUEPRINT, "competency")
        consent(person, show_union=i % 2 == 0)
        if i < 3:
            services.invite(actor=mw.staff, opportunity_id=opp.pk, worker_id=person.pk)
            invitation = JobInvitation.objects.get(worker=person)
            services.accept_invitation(worker=person, invitation_id=invitation.pk)
    staff = token_for(mw.staff)
    with django_assert_max_num_queries(22):
        response = client.get(f"/api/v1/opportunities/{opp.pk}/candidates", **staff)
    assert len(response.json()) == 12
    client.force_login(mw.staff)
    with django_assert_max_num_queries(30):  # 3 of them write who saw the contact details
        page = client.get(f"/kerja/lowongan/{opp.pk}/kandidat/")
    assert page.status_code == 200
