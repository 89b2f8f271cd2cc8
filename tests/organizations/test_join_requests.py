"""Issue 9, broken step 4: who registers through a union's invitation link is its member (the link
is the approval) and is told so; a union typed in (its code or its name) is a request its officers
approve or refuse on the organisation page."""

from __future__ import annotations

import pytest

from naker.accounts.models import User
from naker.organizations.models import JoinRequest, Membership
from naker.outreach.invitation_links import services as invitation_links
from tests.factories import make_org, officer_of

pytestmark = pytest.mark.django_db
PASSWORD = "Tukang-las-2026"


def form(**overrides: str) -> dict[str, str]:
    return {
        "full_name": "Budi Hartono",
        "phone": "0813 1111 2222",
        "nik": "3275011708900004",
        "province": "32",
        "regency_code": "32.75",
        "password": PASSWORD,
        "consent": "on",
        "union_consent": "on",
        "action": "register",
        **overrides,
    }


def register(client, **overrides: str) -> str:
    """Steps 1 and 2 of the web registration; returns the confirmation page's HTML."""
    confirm = client.post("/akun/daftar/", form(**overrides), follow=True)
    assert confirm.redirect_chain[-1][0].endswith("/akun/daftar/konfirmasi/"), confirm.content.decode()[-3000:]
    html = confirm.content.decode()
    done = client.post("/akun/daftar/konfirmasi/", {"action": "confirm", "password": PASSWORD})
    assert done.status_code == 302
    return html


def test_registering_through_a_unions_link_makes_a_member_and_says_which_union(client):
    union = make_org("ksbsi-jabar")
    union.name = "KSBSI Jawa Barat"
    union.save()
    code = invitation_links.ensure_referral_code(actor=officer_of(union), org_code="ksbsi-jabar", personal=False)
    page = client.get(f"/akun/daftar/?ref={code.code}").content.decode()
    assert 'id="inviter"' in page and "KSBSI Jawa Barat" in page
    assert 'value="ksbsi-jabar"' in page  # the union's code is filled in
    confirmation = register(client, union_code="ksbsi-jabar")
    assert 'id="union">KSBSI Jawa Barat' in confirmation
    assert "Serikat mengundang Anda" in confirmation
    user = User.objects.get(full_name="Budi Hartono")
    membership = Membership.objects.get(user=user)
    assert (membership.organization, membership.role) == (union, "member")
    assert membership.consent_at is not None
    assert not JoinRequest.objects.filter(status="pending").exists()


def test_a_union_typed_in_is_a_request_the_unions_officer_approves(client):
    union = make_org("ksbsi-jabar")
    officer = officer_of(union)
    confirmation = register(client, union_code="ksbsi-jabar")
    assert "pengurus serikat" in confirmation  # told that the officers approve
    user = User.objects.get(full_name="Budi Hartono")
    assert not Membership.objects.filter(user=user).exists()
    request = JoinRequest.objects.get(user=user, status="pending")

    client.force_login(officer_of(make_org("kspsi")))  # another union's officer may not decide
    assert client.post(f"/organisasi/ksbsi-jabar/permintaan/{request.pk}/", {"action": "approve"}).status_code == 403

    client.force_login(officer)
    page = client.get("/organisasi/ksbsi-jabar/").content.decode()
    assert 'id="join-requests"' in page and "Budi Hartono" in page
    answer = client.post(f"/organisasi/ksbsi-jabar/permintaan/{request.pk}/", {"action": "approve"})
    assert answer.status_code == 302
    assert Membership.objects.get(user=user).organization == union
    request.refresh_from_db()
    assert (request.status, request.decided_by) == ("approved", officer)
    assert 'id="join-requests"' not in client.get("/organisasi/ksbsi-jabar/").content.decode()


def test_an_officer_can_refuse_a_request(client):
    union = make_org("ksbsi-jabar")
    register(client, union_code="ksbsi-jabar")
    request = JoinRequest.objects.get()
    client.force_login(officer_of(union))
    client.post(f"/organisasi/ksbsi-jabar/permintaan/{request.pk}/", {"action": "refuse"})
    request.refresh_from_db()
    assert request.status == "refused"
    assert not Membership.objects.filter(organization=union, role="member").exists()
    again = client.post(f"/organisasi/ksbsi-jabar/permintaan/{request.pk}/", {"action": "approve"})
    assert again.status_code == 404  # decided once


def test_the_union_can_be_typed_by_its_name(client):
    union = make_org("ksbsi-jabar")
    union.name = "KSBSI Jawa Barat"
    union.save()
    confirmation = register(client, union_code="ksbsi  jawa barat")
    assert 'id="union">KSBSI Jawa Barat' in confirmation
    assert JoinRequest.objects.get().organization == union


def test_a_link_of_another_union_does_not_approve_a_union_typed_in(client):
    make_org("ksbsi-jabar")
    other = make_org("kspsi")
    code = invitation_links.ensure_referral_code(actor=officer_of(other), org_code="kspsi", personal=False)
    client.get(f"/akun/daftar/?ref={code.code}")
    register(client, union_code="ksbsi-jabar")
    assert not Membership.objects.filter(role="member").exists()
    assert JoinRequest.objects.get().organization.code == "ksbsi-jabar"
