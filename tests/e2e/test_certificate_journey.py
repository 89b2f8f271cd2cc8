"""A worker who completed a course finds the certificate under "Sertifikat saya", downloads it, and
opens its verification page from the printed link; after revocation the page says so."""

from __future__ import annotations

import copy

import pytest

from naker.credentials import services as credential_services
from naker.credentials.models import Credential
from naker.learning import demo, services
from naker.organizations.models import Organization
from tests.credentials.conftest import MARKETING, complete
from tests.factories import PASSWORD, UserFactory, make_org, make_worker, officer_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, user):
    page.goto("/akun/masuk/")
    page.get_by_label("Nomor HP atau email").press_sequentially(user.phone)
    page.get_by_label("Kata sandi").press_sequentially(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/akun/saya/")


def test_download_the_certificate_and_open_its_verification_page(page, live_server, settings):
    settings.NAKER_PUBLIC_URL = live_server.url
    demo.ensure_skills()
    provider = make_org("lpk-terampil", kind=Organization.Kind.PROVIDER, level=Organization.Level.SINGLE)
    staff, admin = officer_of(provider), UserFactory(is_staff=True)
    services.import_package(actor=staff, provider_code="lpk-terampil", package=copy.deepcopy(MARKETING), submit=True)
    services.review(admin=admin, course_code=MARKETING["code"], approve=True)
    worker = make_worker()
    # Learning announces the completion (CourseCompleted) inside the completing transaction.
    from naker.learning.models import Course

    complete(worker, Course.objects.get(code=MARKETING["code"]))
    credential = Credential.objects.get(holder=worker)

    log_in(page, worker)
    page.get_by_role("link", name="Sertifikat saya").click()
    page.wait_for_url("**/sertifikat/")
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF (untuk dicetak)").click()
    path = download.value.path()
    with open(path, "rb") as f:
        assert f.read(4) == b"%PDF"

    printed = f"{live_server.url}/verify/{credential.public_id}"
    page.get_by_role("link", name=printed).click()
    page.wait_for_url(f"**/verify/{credential.public_id}")
    assert "Sah" in page.locator("#status").inner_text()
    assert page.locator("#holder").inner_text() == worker.full_name

    credential_services.revoke_credential(actor=staff, public_id=credential.public_id, reason="Salah nama")
    page.reload()
    status = page.locator("#status").inner_text()
    assert "Dicabut" in status and "Salah nama" in status
