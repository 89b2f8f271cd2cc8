"""Share the way people share (issue 12, item 5): invitation links and events carry a WhatsApp link
with the text prefilled and the link itself, visible without JavaScript."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlparse

import pytest
from django.utils import timezone

from naker.outreach.gatherings import services as gathering_services
from naker.outreach.invitation_links import services as invitation_links
from tests.factories import make_org, officer_of

pytestmark = pytest.mark.django_db


def whatsapp_texts(html: str) -> list[str]:
    """The prefilled texts of the page's wa.me links."""
    links = [unescape(h) for h in re.findall(r'href="(https://wa\.me/[^"]*)"', html)]
    assert all(urlparse(h).netloc == "wa.me" for h in links)
    return [parse_qs(urlparse(h).query)["text"][0] for h in links]


def test_an_invitation_link_can_be_sent_on_whatsapp_and_copied(client):
    union = make_org("ksbsi-dki")
    officer = officer_of(union)
    code = invitation_links.ensure_referral_code(actor=officer, org_code="ksbsi-dki", personal=True)
    client.force_login(officer)
    html = client.get("/organisasi/ksbsi-dki/tautan/").content.decode()
    texts = whatsapp_texts(html)
    assert texts and any(f"ref={code.code}" in t and "KSBSI-DKI" in t for t in texts)
    assert re.search(rf'<a class="share-link" href="[^"]*ref={code.code}"', html)  # a visible link, no JS needed
    assert "data-copy=" in html and "<script src=" in html and "wa.me" not in re.findall(r'<script src="([^"]*)"', html)


def test_an_event_can_be_shared_with_its_registration_link(client):
    union = make_org("ksbsi-jabar")
    officer = officer_of(union)
    event = gathering_services.plan_event(
        actor=officer,
        title="Sosialisasi Bekasi",
        organizer_codes=["ksbsi-jabar"],
        starts_at=timezone.now(),
        venue="Aula Serikat",
        regency_code="32.75",
    )
    client.force_login(officer)
    html = client.get(f"/sosialisasi/{event.pk}/").content.decode()
    [text] = whatsapp_texts(html)
    assert "Sosialisasi Bekasi" in text and "Aula Serikat" in text
    assert f"ref={event.referral_code.code}" in text
