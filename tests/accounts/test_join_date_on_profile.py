"""A chamber's member list reads its region's workers newest first from one index on the worker
profile, (region, join date, id) (issue 13; ADR 0013): the profile carries the account's join date,
put there by every way a worker comes to exist, bulk ones included."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from naker.accounts.models import User, WorkerProfile
from tests.factories import make_org, make_worker, officer_of
from tests.outreach.test_member_import import csv_file, run_import

pytestmark = pytest.mark.django_db


def test_every_way_a_worker_is_created_puts_the_join_date_on_the_profile(client):
    registered = client.post(
        "/api/v1/auth/register",
        {
            "full_name": "Siti Aminah",
            "phone": "0812-3456-7890",
            "password": "Belajar-las-2026",
            "nik": "3275015708900003",
            "regency_code": "32.75",
            "consent": True,
        },
        content_type="application/json",
    )
    assert registered.status_code == 201, registered.content
    union = make_org("ksbsi-jabar")
    imported = run_import(
        officer_of(union),
        csv_file(
            [
                ["Nama", "No HP", "NIK", "Kabupaten/Kota"],
                ["Asep Sunandar", "081234567001", "3216011708850001", "Kab. Bekasi"],
                ["Euis Komalasari", "081234567002", "3216015708850002", "Kab. Bekasi"],
            ]
        ),
    )
    assert imported.created_count == 2
    call_command("seed_demo", workers=20, no_progress=True, stdout=io.StringIO())
    make_worker(date_joined=timezone.now() - datetime.timedelta(days=400))

    profiles = list(WorkerProfile.objects.values_list("user__phone", "joined", "user__date_joined"))
    assert len(profiles) >= 24
    assert [(phone, joined) for phone, joined, _ in profiles] == [(phone, joined) for phone, _, joined in profiles]
    assert User.objects.filter(phone__in=["+6281234567890", "+6281234567001"], worker__isnull=False).count() == 2
