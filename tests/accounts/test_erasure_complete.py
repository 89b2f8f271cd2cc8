"""Issue 8 item 11: erasure also clears the login records and the profile's sector and goals; the
export holds everything that is kept."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog

from naker.accounts import services
from naker.accounts.models import WorkerProfile
from naker.skills.models import Sector
from tests.factories import PASSWORD, make_worker

pytestmark = pytest.mark.django_db


def login(client, who, password=PASSWORD):
    """The login page (a session login is what axes' access log records)."""
    return client.post(
        "/akun/masuk/",
        {"username": who, "password": password},
        REMOTE_ADDR="10.7.7.7",
        HTTP_USER_AGENT="Browser-Saya/1.0",
    )


@pytest.fixture
def worker(db):
    worker = make_worker(email="hapus@contoh.id")
    sector = Sector.objects.first()
    WorkerProfile.objects.filter(user=worker).update(sector=sector, goals=["digital"])
    return worker


def test_the_export_holds_sector_goals_and_login_history(client, token_for, worker):
    assert login(client, worker.phone).status_code == 302
    login(client, worker.phone, "salah")
    data = client.get("/api/v1/me/export", **token_for(worker)).json()
    sector = WorkerProfile.objects.get(user=worker).sector_id
    assert sector and data["worker_profile"]["sector"] == sector
    assert data["worker_profile"]["goals"] == ["digital"]
    history = data["login_history"]
    assert history["logins"] and history["logins"][0]["address"] == "10.7.7.7"
    assert history["failed_logins"][0]["browser"] == "Browser-Saya/1.0"


def test_erasure_clears_login_records_sector_and_goals(client, worker):
    login(client, worker.phone)
    login(client, worker.phone, "salah")
    login(client, worker.email, "salah")
    assert AccessLog.objects.exists() and AccessAttempt.objects.count() == 2
    services.erase_account(user=worker, password=PASSWORD)
    assert not AccessLog.objects.exists()
    assert not AccessFailureLog.objects.exists()
    assert not AccessAttempt.objects.exists()
    profile = WorkerProfile.objects.get(user=worker)
    assert (profile.sector_id, profile.goals) == (None, [])
