"""Behind nginx every request comes from 127.0.0.1: the person's address is the one nginx appended to
X-Forwarded-For. Found by the launch-day load (issue 14): without it, the per-address registration
limit (30 in 10 minutes) was one limit for the whole site, and login throttling one address for all."""

from __future__ import annotations

import pytest
from axes.helpers import get_client_ip_address
from django.test import RequestFactory, override_settings

from naker.accounts import services
from naker.core.audit import client_ip
from tests.accounts.test_registration_probe import URL, payload
from tests.factories import make_worker

NGINX = "127.0.0.1"


def register(client, *, via, phone):
    """A registration through nginx for the address `via` (what nginx puts in X-Forwarded-For)."""
    return client.post(
        URL, payload(phone=phone), content_type="application/json", REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=via
    )


def request(remote, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


@override_settings(NAKER_PROXY_COUNT=1)
def test_behind_nginx_the_address_is_the_one_nginx_saw_never_what_the_client_wrote():
    assert client_ip(request(NGINX, "203.0.113.9")) == "203.0.113.9"
    assert get_client_ip_address(request(NGINX, "203.0.113.9")) == "203.0.113.9"  # login throttling too
    assert client_ip(request(NGINX, "6.6.6.6, 203.0.113.9")) == "203.0.113.9"  # the client's own header
    assert client_ip(request(NGINX, "not-an-address")) == NGINX
    assert client_ip(request(NGINX)) == NGINX
    # Only a proxy on this machine is believed.
    assert client_ip(request("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


def test_without_a_proxy_the_header_is_ignored():
    assert client_ip(request("198.51.100.7", "203.0.113.9")) == "198.51.100.7"
    assert client_ip(request(NGINX, "203.0.113.9")) == NGINX


@pytest.mark.django_db
@override_settings(NAKER_PROXY_COUNT=1)
def test_behind_nginx_the_registration_limit_counts_each_address_apart(client):
    make_worker(nik="3275015708900003", regency_code="32.75", phone="+6281200001111")
    for i in range(services.REGISTRATIONS_PER_ADDRESS):
        register(client, via="10.0.3.3", phone=f"0812{i:08d}")
    assert register(client, via="10.0.3.3", phone="081377776666").status_code == 429
    assert register(client, via="10.0.9.9, 10.0.3.3", phone="081377776666").status_code == 429  # spoofed
    assert register(client, via="10.0.3.4", phone="081377776666").status_code == 409  # another person
