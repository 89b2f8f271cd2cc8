"""Error pages are the site's own: layout, viewport, the user's language; never Django's debug page."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.mark.django_db
def test_unknown_address_is_a_404_in_the_site_layout_in_indonesian(client: Client) -> None:
    response = client.get("/tidak-ada-halaman-ini/", HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 404
    body = response.content.decode()
    assert 'name="viewport"' in body
    assert "Kadin for Naker" in body
    assert "Halaman tidak ditemukan" in body


@pytest.mark.django_db
def test_unknown_api_address_answers_json(client: Client) -> None:
    response = client.get("/api/v1/tidak-ada")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == "not_found" and body["errors"] == [] and body["message"]


@pytest.mark.django_db
def test_sqlite_overwrites_deleted_data() -> None:
    """UU PDP: an erased person's values must not linger in SQLite's free pages."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone()[0] == 1


def test_the_signing_key_can_come_from_a_file(tmp_path, monkeypatch) -> None:
    """A PEM has several lines, which environment files cannot hold: deployments name a key file."""
    from naker.core.secrets import load_secrets

    pem = "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n"
    (tmp_path / "key.pem").write_text(pem)
    monkeypatch.delenv("NAKER_SIGNING_KEY_PEM", raising=False)
    monkeypatch.setenv("NAKER_SIGNING_KEY_FILE", str(tmp_path / "key.pem"))
    assert load_secrets(tmp_path, production=False)["NAKER_SIGNING_KEY_PEM"] == pem
