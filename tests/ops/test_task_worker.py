"""The task worker of `make run` waits out a locked database (issue 8, item 1): while another
connection holds the write lock it keeps trying, by its own retry, and once the lock goes it runs
the queued task (here: reading an uploaded member list) — instead of dying on "database is locked"
and waiting for `make run` to start it again."""

from __future__ import annotations

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.utils import OperationalError
from django_tasks_db.models import DBTaskResult

from naker.core.task_worker import PatientWorker, is_locked
from naker.outreach.member_import import services
from naker.outreach.member_import.tasks import describe_member_list_task
from naker.outreach.models import MemberImport
from tests.factories import make_org, officer_of

CSV = "Nama;NIK;No HP;Kabupaten/Kota\nAsep;3216011708850201;081234567201;Kab. Bekasi\n"


@pytest.fixture
def queued_upload(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    officer = officer_of(make_org("ksbsi-jabar"))
    imp = services.store_member_list(
        actor=officer, org_code="ksbsi-jabar", uploaded=SimpleUploadedFile("anggota.csv", CSV.encode())
    )
    result = describe_member_list_task.enqueue(imp.pk)
    return imp, result


def worker(on_locked) -> PatientWorker:
    patient = PatientWorker(
        queue_names=["default"],
        interval=0,
        batch=True,  # exits when no task is left
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
        on_locked=on_locked,
    )
    patient.first_pause = 0.01
    return patient


def hold_the_write_lock(holding: threading.Event, release: threading.Event, failure: list[str]) -> None:
    """Another user's long write, on another connection."""
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                connection.cursor().execute(f"LOCK TABLE {DBTaskResult._meta.db_table} IN ACCESS EXCLUSIVE MODE")
            else:  # IMMEDIATE: SQLite's write lock on the whole database
                MemberImport.objects.update(error="")
            holding.set()
            release.wait(20)
    except Exception as exc:  # noqa: BLE001 - the failure is what the test reports
        failure.append(repr(exc))
        holding.set()
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_the_worker_waits_out_a_locked_database_then_runs_the_task(queued_upload):
    imp, result = queued_upload
    if connection.vendor == "postgresql":
        connection.cursor().execute("SET lock_timeout = '50ms'")  # SQLite's busy timeout, in short
    holding, release, failure, waits = threading.Event(), threading.Event(), [], []

    def on_locked(count: int, pause: float) -> None:
        waits.append(pause)
        if count >= 3:
            release.set()  # the other user's write ends after the worker has found it three times

    holder = threading.Thread(target=hold_the_write_lock, args=(holding, release, failure))
    holder.start()
    assert holding.wait(10)
    try:
        worker(on_locked).run()
    finally:
        release.set()
        holder.join(20)
    assert failure == []
    assert len(waits) >= 3 and waits[1] > waits[0]  # it kept trying, pausing longer each time
    assert DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL"
    described = MemberImport.objects.get(pk=imp.pk)
    assert (described.status, described.total_rows) == ("uploaded", 1)


@pytest.mark.django_db(transaction=True)
def test_a_result_is_written_once_the_lock_goes(queued_upload, monkeypatch):
    """A lock met while the result is recorded (after the task ran) is waited out too: the task
    does not stay "running" for ever."""
    _imp, result = queued_upload
    save, locked_saves = DBTaskResult.save, []

    def save_once_locked(self, *args, **kwargs):
        if self.status == "SUCCESSFUL" and len(locked_saves) < 4:  # more than django-tasks-db's own 3 tries
            locked_saves.append(1)
            raise OperationalError("database is locked")
        return save(self, *args, **kwargs)

    monkeypatch.setattr(DBTaskResult, "save", save_once_locked)
    waits: list[float] = []
    worker(lambda count, pause: waits.append(pause)).run()
    assert len(locked_saves) == 4 and waits
    assert DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL"


def test_only_a_locked_database_is_waited_out():
    assert is_locked(OperationalError("database is locked"))
    assert is_locked(OperationalError("database table is locked"))
    assert not is_locked(OperationalError("no such table: x"))
    assert not is_locked(ValueError("database is locked"))
