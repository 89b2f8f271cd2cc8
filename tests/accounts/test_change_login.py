"""Issue 9 step 10: a worker changes their password (with the old one) and their mobile number (with
the password and a code sent to the new number)."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from naker.accounts.models import User
from tests.factories import PASSWORD, make_worker

pytestmark = pytest.mark.django_db
NEW = "Kata-sandi-baru-9"


def test_a_worker_changes_their_password_with_the_old_one(client):
    worker = make_worker()
    client.force_login(worker)
    wrong = client.post("/akun/saya/sandi/", {"old_password": "salah", "new_password": NEW})
    assert wrong.status_code == 200
    assert "old_password" in wrong.context["form"].errors
    done = client.post("/akun/saya/sandi/", {"old_password": PASSWORD, "new_password": NEW})
    assert done.status_code == 302
    assert User.objects.get(pk=worker.pk).check_password(NEW)
    assert client.get("/akun/saya/").status_code == 200  # still logged in


def test_a_worker_moves_their_login_to_a_new_number_with_a_code_sent_there(client):
    worker = make_worker(phone="+6281211112222")
    client.force_login(worker)
    assert 'href="/akun/saya/nomor/"' in client.get("/akun/saya/").content.decode()
    mail.outbox.clear()
    sent = client.post("/akun/saya/nomor/", {"new_phone": "0813-5555-7777", "password": PASSWORD})
    assert sent.status_code == 200
    assert [m.to for m in mail.outbox] == [["6281355557777@sms.invalid"]]  # the console/email backend
    code = re.search(r"\b(\d{6})\b", mail.outbox[0].body).group(1)
    wrong = "000000" if code != "000000" else "111111"
    client.post("/akun/saya/nomor/", {"action": "confirm", "code": wrong})
    assert User.objects.get(pk=worker.pk).phone == "+6281211112222"
    done = client.post("/akun/saya/nomor/", {"action": "confirm", "code": code})
    assert done.status_code == 302
    assert User.objects.get(pk=worker.pk).phone == "+6281355557777"
    client.logout()
    login = client.post("/akun/masuk/", {"username": "0813 5555 7777", "password": PASSWORD})
    assert login.status_code == 302


def test_changing_the_number_needs_the_password(client):
    worker = make_worker(phone="+6281211113333")
    client.force_login(worker)
    mail.outbox.clear()
    response = client.post("/akun/saya/nomor/", {"new_phone": "0813-5555-8888", "password": "salah"})
    assert "password" in response.context["form"].errors
    assert mail.outbox == []
