"""A worker's certificates: the page, the downloads (PDF for print and phone, badge image, JSON,
JWT), the API, and their place in the worker's data export."""

from __future__ import annotations

import json

import pytest

from naker.accounts.events import PersonalDataRequested
from naker.core.events import collect
from naker.credentials import baking
from tests.credentials.conftest import WELDING, complete
from tests.factories import make_worker

pytestmark = pytest.mark.django_db


def test_the_page_lists_them_with_downloads_and_share_link(client, credential, worker):
    client.force_login(worker)
    body = client.get("/sertifikat/").content.decode()
    assert credential.title in body and credential.number in body
    assert f"/verify/{credential.public_id}" in body and "linkedin.com/profile/add" in body
    for fmt in ("pdf", "phone", "png", "json", "jwt"):
        assert f"/sertifikat/{credential.public_id}/unduh/{fmt}/" in body


def test_the_nav_shows_my_certificates_to_workers(client, worker):
    client.force_login(worker)
    assert b'href="/sertifikat/"' in client.get("/belajar/").content


def test_downloads(client, credential, worker):
    client.force_login(worker)
    base = f"/sertifikat/{credential.public_id}/unduh"
    for fmt in ("pdf", "phone"):
        response = client.get(f"{base}/{fmt}/")
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert json.loads(client.get(f"{base}/json/").content)["id"] == f"urn:uuid:{credential.public_id}"
    assert client.get(f"{base}/jwt/").content.decode() == credential.jwt
    png = client.get(f"{base}/png/").content
    assert png.startswith(baking.PNG_SIGNATURE) and baking.unbake_png(png) == credential.jwt


def test_svg_badge_carries_the_credential(client, credential, worker):
    """OB 3.0 §5.3.2: the JWT is the text of an openbadges:credential element in the SVG."""
    from xml.etree import ElementTree

    client.force_login(worker)
    response = client.get(f"/sertifikat/{credential.public_id}/unduh/svg/")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own answer
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    baked = root.find("{https://purl.imsglobal.org/ob/v3p0}credential")
    assert baked is not None and baked.text == credential.jwt
    assert baking.unbake_svg(response.content) == credential.jwt


def test_nobody_else_downloads_them(client, credential):
    client.force_login(make_worker())
    assert client.get(f"/sertifikat/{credential.public_id}/unduh/pdf/").status_code == 404
    client.logout()
    assert client.get(f"/sertifikat/{credential.public_id}/unduh/pdf/").status_code == 302


def test_the_api(client, token_for, credential, worker):
    headers = token_for(worker)
    rows = client.get("/api/v1/me/credentials", **headers).json()
    assert [(r["id"], r["status"]) for r in rows] == [(str(credential.public_id), "valid")]
    detail = client.get(f"/api/v1/credentials/{credential.public_id}", **headers).json()
    assert detail["jwt"] == credential.jwt and detail["kind"] == "course" and detail["title"] == credential.title
    pdf = client.get(f"/api/v1/credentials/{credential.public_id}/pdf?layout=phone", **headers)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    other = token_for(make_worker())
    assert client.get(f"/api/v1/credentials/{credential.public_id}", **other).status_code == 404
    assert client.get(f"/api/v1/credentials/{credential.public_id}/pdf", **other).status_code == 404


def test_the_list_takes_a_fixed_number_of_queries(
    client, worker, course, publish_course, django_assert_max_num_queries
):
    complete(worker, course)
    complete(worker, publish_course(WELDING))
    client.force_login(worker)
    with django_assert_max_num_queries(12):
        assert client.get("/sertifikat/").status_code == 200


def test_the_data_export_holds_them(credential, worker):
    sections = dict(collect(PersonalDataRequested(user=worker)))
    [row] = sections["credentials"]
    assert row["id"] == str(credential.public_id) and row["jwt"] == credential.jwt
    assert "PRIVATE KEY" not in json.dumps(sections)


def test_the_api_list_takes_a_fixed_number_of_queries(
    client, token_for, worker, course, publish_course, django_assert_max_num_queries
):
    complete(worker, course)
    complete(worker, publish_course(WELDING))
    headers = token_for(worker)
    with django_assert_max_num_queries(4):
        assert len(client.get("/api/v1/me/credentials", **headers).json()) == 2
