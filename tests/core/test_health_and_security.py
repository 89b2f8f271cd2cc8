"""Health, security headers, the production settings' deploy check, and the API documents."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from naker.credentials.keys import generate_rsa_pem

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_health_checks_the_database(client):
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["database"] == "ok"


def test_pages_carry_csp_nosniff_referrer_policy_and_frame_denial(client):
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_forms_need_a_csrf_token(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/akun/masuk/", {"username": "x", "password": "y"}).status_code == 403


def test_openapi_document_and_local_docs_are_served(client):
    spec = client.get("/api/v1/openapi.json").json()
    for path in [
        "/api/v1/health",
        "/api/v1/auth/token",
        "/api/v1/me",
        "/api/v1/orgs/{code}/members",
        "/api/v1/regions/provinces/{code}/regencies",
        "/api/v1/auth/register",
    ]:
        assert path in spec["paths"], path
    docs = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in docs
    assert "cdn" not in docs.lower()


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "NAKER_ENV": "production",
        "SECRET_KEY": "x" * 20 + "production-secret-key-that-is-long-and-random-0123456789",
        "NAKER_FIELD_KEYS": "Ss0S8ho7d1X1SEoZC_8R2tZ2Pzc4lgHGx3b2XbcYQ2E=",
        "NAKER_HASH_KEY": "another-long-random-secret",
        "NAKER_SIGNING_KEY_PEM": generate_rsa_pem(),
        "ALLOWED_HOSTS": "naker.example.id",
        "NAKER_VAR_DIR": str(tmp_path),
        "DATABASE_URL": "sqlite:///" + str(tmp_path / "db.sqlite3"),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_its_secrets(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "NAKER_FIELD_KEYS", "NAKER_HASH_KEY")}
    env.update(NAKER_ENV="production", NAKER_VAR_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "NAKER_FIELD_KEYS" in result.stderr
