"""Issue 9, broken step 9: each role sees in the menu only what it can open. For every role, every
link in the menu, and every link in the header of each of its organisations' pages, answers 200."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from naker.organizations.models import Organization
from tests.factories import UserFactory, add_member, make_org, make_worker, officer_of

pytestmark = pytest.mark.django_db

NAV = re.compile(r"<nav>(.*?)</nav>", re.S)
HREF = re.compile(r'<a [^>]*href="([^"#]+)"')
ORG_HEADER = re.compile(r'<p class="small">([^\n]*)</p>')


def _people() -> dict[str, object]:
    union = make_org("ksbsi")
    branch = make_org("ksbsi-dki", parent=union)
    chamber = make_org("kadin-dki", kind=Organization.Kind.CHAMBER, level=Organization.Level.PROVINCE, province_id="31")
    provider = make_org("lpk-terampil", kind=Organization.Kind.PROVIDER, level=Organization.Level.SINGLE)
    company = make_org("pt-maju", kind=Organization.Kind.COMPANY, level=Organization.Level.SINGLE)
    lsp = make_org("lsp-manufaktur", kind=Organization.Kind.CERTIFICATION_BODY, level=Organization.Level.SINGLE)
    worker = make_worker()
    add_member(worker, branch)
    return {
        "anonymous": None,
        "worker": worker,
        "union officer": officer_of(branch),
        "chamber officer": officer_of(chamber),
        "provider staff": officer_of(provider),
        "employer": officer_of(company),
        "LSP": officer_of(lsp),
        "admin": UserFactory(is_staff=True),
    }


def _links(html: str, pattern: re.Pattern[str]) -> list[str]:
    return [href.replace("&amp;", "&") for block in pattern.findall(html) for href in HREF.findall(block)]


def test_every_menu_link_of_every_role_answers_200():
    refused = []
    for role, person in _people().items():
        client = Client()
        if person is not None:
            client.force_login(person)
        menu = _links(client.get("/").content.decode(), NAV)
        assert menu, role
        pages = set(menu)
        for link in menu:
            if re.fullmatch(r"/organisasi/[\w-]+/", link):
                pages.update(_links(client.get(link).content.decode(), ORG_HEADER))
        if "/organisasi/" in menu:
            for link in _links(client.get("/organisasi/").content.decode(), re.compile(r"<main>(.*?)</main>", re.S)):
                pages.add(link)
                pages.update(_links(client.get(link).content.decode(), ORG_HEADER))
        for link in sorted(pages):
            status = client.get(link).status_code
            if status != 200:
                refused.append((role, link, status))
    assert refused == []


def test_employer_and_lsp_accounts_have_no_dashboard_in_their_menu(client):
    people = _people()
    for role in ("employer", "LSP"):
        client.force_login(people[role])
        menu = _links(client.get("/").content.decode(), NAV)
        assert "/dasbor/" not in menu, role
        assert "/organisasi/" in menu, role
    for role in ("union officer", "chamber officer", "provider staff", "admin"):
        client.force_login(people[role])
        assert "/dasbor/" in _links(client.get("/").content.decode(), NAV), role
