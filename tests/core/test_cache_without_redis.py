"""A stopped Redis costs cache misses, never an error: the database cache takes over.

Redis is pointed at a closed port; the production layout's fault test stops a real Redis
(tests/faults).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import caches
from django.test import Client

from naker.core.cache import ResilientRedisCache
from naker.core.health import FALLBACK, check_cache

pytestmark = pytest.mark.django_db

NOWHERE = {
    "default": {
        "BACKEND": "naker.core.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",  # discard: nothing listens there
        "FALLBACK": "fallback",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    },
    "fallback": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "naker_cache"},
}


@pytest.fixture
def redis_gone(settings: Any) -> ResilientRedisCache:
    settings.CACHES = NOWHERE
    cache = caches["default"]
    assert isinstance(cache, ResilientRedisCache)
    return cache


def test_every_cache_call_is_served_by_the_database(redis_gone: ResilientRedisCache) -> None:
    cache = redis_gone
    assert cache.get("k") is None
    assert cache.add("k", 1, 60) is True
    assert cache.add("k", 1, 60) is False
    assert cache.incr("k") == 2
    cache.set("s", "v", 60)
    assert cache.get("s") == "v" and cache.has_key("s")
    cache.set_many({"a": 1, "b": 2}, 60)
    assert cache.get_many(["a", "b", "c"]) == {"a": 1, "b": 2}
    assert cache.delete("s") is True
    assert cache.get_or_set("g", 7, 60) == 7
    assert cache.redis_answers() is False
    assert check_cache() == FALLBACK


def test_the_registration_throttle_still_counts(redis_gone: ResilientRedisCache) -> None:
    """Throttling keeps working from the database: the 6th registration for one phone is refused."""
    from naker.accounts import errors, services

    for _ in range(services.REGISTRATIONS_PER_PHONE):
        services.count_registration_attempt(address="10.0.0.1", phone="081234567890")
    with pytest.raises(errors.TooManyRegistrations):
        services.count_registration_attempt(address="10.0.0.1", phone="081234567890")


def test_pages_and_login_serve_while_redis_is_gone(redis_gone: ResilientRedisCache, settings: Any) -> None:
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    from tests.factories import PASSWORD, UserFactory

    user = UserFactory()
    client = Client()
    assert client.get("/kursus/?q=las").status_code == 200
    response = client.post("/akun/masuk/", {"username": user.phone, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/akun/saya/").status_code == 200
