"""The member import against hostile and careless files (issue 8, items 1, 10, 15; issue 9's NIK given
twice): refused in a moment with a message naming the file, no write transaction held while a file
is read, nothing left on disk, unconfirmed uploads expire, one runner per import."""

from __future__ import annotations

import csv
import datetime
import io
import threading
import time
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django.utils.html import escape
from openpyxl import Workbook

from naker.accounts.models import User
from naker.outreach import errors
from naker.outreach.member_import import files, services
from naker.outreach.member_import.tasks import run_import_task
from naker.outreach.models import ImportRowResult, MemberImport
from tests.factories import make_org, officer_of

HEADER = ["Nama", "NIK", "No HP", "Kabupaten/Kota"]


@pytest.fixture
def media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    return tmp_path


@pytest.fixture
def officer(db, media):
    return officer_of(make_org("ksbsi-jabar"))


def csv_upload(rows, name="anggota.csv"):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"))


def xlsx_bytes(rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def bomb(part: str, megabytes: int) -> bytes:
    """A real workbook whose `part` is replaced by `megabytes` MB of repeated XML (a few hundred KB packed)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([HEADER])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != part:
                target.writestr(info, source.read(info))
        with target.open(part, "w", force_zip64=True) as fh:
            if part.endswith("sharedStrings.xml"):
                fh.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
                unit = b"<si><t>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</t></si>" * 1000
            else:
                fh.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
                unit = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 1000
            for _ in range(megabytes * 2**20 // len(unit) + 1):
                fh.write(unit)
    return out.getvalue()


def files_under(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def refused_quickly(officer, media, upload, client=None) -> str:
    """Refused within 3 s, naming the file, nothing left on disk. Through the command line's path
    (store and describe at once: BadFile, no row) or, given a client, the web page's (the request
    stores the file, the task worker reads it: the page shows the refusal, the row stays failed)."""
    started = time.monotonic()
    if client is None:
        with pytest.raises(errors.BadFile) as caught:
            services.upload_member_list(actor=officer, org_code="ksbsi-jabar", uploaded=upload)
        message = caught.value.message
        assert not MemberImport.objects.exists()
    else:
        client.force_login(officer)
        page = client.post("/organisasi/ksbsi-jabar/impor/", {"file": upload}, follow=True).content.decode()
        imp = MemberImport.objects.get()
        message = imp.error
        assert (imp.status, imp.file.name) == ("failed", "")
        assert "Berkas ditolak" in page and escape(message) in page
    assert time.monotonic() - started < 3
    assert upload.name in message
    assert files_under(media) == []  # the refused list (it names people) is not kept
    return message


@pytest.fixture(params=["command", "page"])
def through(request, client):
    """The path a list comes by: the command line (no client) or the web page (a client)."""
    return None if request.param == "command" else client


# --- item 1: bombs and monsters are refused before they are parsed -------------------------------


@pytest.mark.django_db
def test_a_rows_bomb_xlsx_is_refused_before_its_xml_is_parsed(officer, media, settings, through):
    settings.NAKER_IMPORT_MAX_XLSX_UNCOMPRESSED = 16 * 2**20  # to keep the test's bomb small (40 MB unpacked)
    settings.NAKER_IMPORT_MAX_XLSX_RATIO = 10**6
    data = bomb("xl/worksheets/sheet1.xml", 40)
    assert len(data) < 2**20
    message = refused_quickly(officer, media, SimpleUploadedFile("bom-baris.xlsx", data), through)
    assert "MB" in message


@pytest.mark.django_db
def test_a_shared_strings_bomb_is_refused_by_its_compression_ratio_with_the_default_bounds(officer, media, through):
    data = bomb("xl/sharedStrings.xml", 24)
    message = refused_quickly(officer, media, SimpleUploadedFile("bom-teks.xlsx", data), through)
    assert "sharedStrings.xml" in message


@pytest.mark.django_db
def test_a_line_of_ten_million_columns_is_refused_quickly(officer, media, through):
    data = ";".join(HEADER).encode() + b"\n" + b";" * 10_000_000 + b"x\n"
    refused_quickly(officer, media, SimpleUploadedFile("sepuluh-juta.csv", data), through)


@pytest.mark.django_db
def test_a_header_of_200000_columns_is_refused_quickly(officer, media, through):
    data = ";".join(f"k{i}" for i in range(200_000)).encode() + b"\n"
    refused_quickly(officer, media, SimpleUploadedFile("lebar.csv", data), through)


@pytest.mark.django_db
def test_more_than_100_columns_is_refused_but_empty_columns_at_the_end_are_not_counted(officer, media):
    wide = [*HEADER, *(f"k{i}" for i in range(97))]
    message = refused_quickly(officer, media, csv_upload([wide], name="kolom.csv"))
    assert "100" in message
    padded = [[*HEADER, *([""] * 300)], ["Asep", "3216011708850001", "081234567001", "Kab. Bekasi", *([""] * 300)]]
    imp = services.upload_member_list(actor=officer, org_code="ksbsi-jabar", uploaded=csv_upload(padded))
    assert imp.total_rows == 1


@pytest.mark.django_db(transaction=True)
def test_no_write_transaction_is_held_while_the_file_is_read(officer, media, monkeypatch, through):
    seen = {}
    describe = files.describe

    def watched(path, file_format):
        seen["in_transaction"] = connection.in_atomic_block

        def write_elsewhere():  # another user's write, on another connection, while the list is read
            try:
                User.objects.filter(pk=officer.pk).update(full_name="Dewi")
                seen["other_write"] = "ok"
            except Exception as exc:  # noqa: BLE001 - the failure is what the test reports
                seen["other_write"] = repr(exc)
            finally:
                connection.close()

        thread = threading.Thread(target=write_elsewhere)
        thread.start()
        thread.join(10)
        return describe(path, file_format)

    monkeypatch.setattr(files, "describe", watched)
    rows = [HEADER, ["Asep", "3216011708850001", "081234567001", "Kab. Bekasi"]]
    if through is None:
        imp = services.upload_member_list(actor=officer, org_code="ksbsi-jabar", uploaded=csv_upload(rows))
    else:  # the page stores the file; the task reads it (the test's task backend runs it at once)
        through.force_login(officer)
        through.post("/organisasi/ksbsi-jabar/impor/", {"file": csv_upload(rows)})
        imp = MemberImport.objects.get()
    assert seen == {"in_transaction": False, "other_write": "ok"}
    assert (imp.status, imp.total_rows, imp.error) == ("uploaded", 1, "")


# --- item 10: nothing stays on disk ---------------------------------------------------------------


@pytest.mark.django_db
def test_any_failure_after_the_file_is_stored_deletes_it(officer, media, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the worker fell over")

    monkeypatch.setattr(files, "guess_mapping", broken)
    rows = [HEADER, ["Asep", "3216011708850001", "081234567001", "Kab. Bekasi"]]
    with pytest.raises(RuntimeError):
        services.upload_member_list(actor=officer, org_code="ksbsi-jabar", uploaded=csv_upload(rows))
    assert files_under(media) == []
    assert not MemberImport.objects.exists()


@pytest.mark.django_db
def test_uploads_never_confirmed_expire_after_24_hours(officer, media):
    rows = [HEADER, ["Asep", "3216011708850001", "081234567001", "Kab. Bekasi"]]
    old = services.upload_member_list(actor=officer, org_code="ksbsi-jabar", uploaded=csv_upload(rows))
    fresh = services.upload_member_list(actor=officer, org_code="ksbsi-jabar", uploaded=csv_upload(rows))
    confirmed = services.upload_member_list(actor=officer, org_code="ksbsi-jabar", uploaded=csv_upload(rows))
    services.confirm_import(actor=officer, import_id=confirmed.pk, mapping=confirmed.mapping, consent_attested=True)
    day_ago = timezone.now() - datetime.timedelta(hours=25)
    MemberImport.objects.filter(pk__in=[old.pk, confirmed.pk]).update(created_at=day_ago)
    old_file = Path(old.file.path)
    assert old_file.is_relative_to(media) and old_file.exists()
    assert services.purge_expired_imports() == 1
    assert set(MemberImport.objects.values_list("pk", flat=True)) == {fresh.pk, confirmed.pk}
    assert not old_file.exists()


# --- item 15: one runner per import ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_second_runner_exits_cleanly_while_the_first_runs(officer, media, monkeypatch):
    monkeypatch.setattr(services, "BATCH_SIZE", 2)
    rows = [HEADER] + [[f"Orang {i}", f"32160117088502{i:02d}", f"0812345673{i:02d}", "Kab. Bekasi"] for i in range(6)]
    imp = services.upload_member_list(actor=officer, org_code="ksbsi-jabar", uploaded=csv_upload(rows))
    services.confirm_import(actor=officer, import_id=imp.pk, mapping=imp.mapping, consent_attested=True)
    settle, others = services._settle_batch, io.StringIO()

    def first_runner_settles(*args, **kwargs):
        settle(*args, **kwargs)
        if not others.getvalue():  # while the first runner is at it, the command and the task worker try too
            call_command("import_members", resume=imp.pk, stdout=io.StringIO(), stderr=others)
            run_import_task.enqueue(imp.pk)

    monkeypatch.setattr(services, "_settle_batch", first_runner_settles)
    done = services.run_import(import_id=imp.pk)
    assert "another runner" in others.getvalue()
    assert done.status == "done"
    numbers = list(ImportRowResult.objects.filter(member_import=imp).values_list("row_number", flat=True))
    assert sorted(numbers) == [1, 2, 3, 4, 5, 6]  # each row once
    assert (done.created_count, done.linked_count, done.refused_count) == (6, 0, 0)
    assert User.objects.filter(worker__isnull=False).count() == 6


@pytest.mark.django_db
def test_only_one_of_two_claims_wins(officer, media):
    rows = [HEADER, ["Asep", "3216011708850001", "081234567001", "Kab. Bekasi"]]
    imp = services.upload_member_list(actor=officer, org_code="ksbsi-jabar", uploaded=csv_upload(rows))
    services.confirm_import(actor=officer, import_id=imp.pk, mapping=imp.mapping, consent_attested=True)
    first, second = MemberImport.objects.get(pk=imp.pk), MemberImport.objects.get(pk=imp.pk)
    assert (services._claim_run(first), services._claim_run(second)) == (True, False)
    MemberImport.objects.filter(pk=imp.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(minutes=5))
    assert services._claim_run(second)  # a runner that stopped beating can be taken over


# --- issue 9: one NIK on two rows -----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("batch_size", [1000, 2])
def test_a_nik_on_two_rows_refuses_the_second_naming_the_first(officer, media, monkeypatch, batch_size):
    monkeypatch.setattr(services, "BATCH_SIZE", batch_size)
    rows = [
        HEADER,
        ["Asep", "3216011708850081", "081234567081", "Kab. Bekasi"],
        ["Budi", "3216011708850082", "081234567082", "Kab. Bekasi"],
        ["Asep S", "3216011708850081", "081234567083", "Kab. Bekasi"],
    ]
    imp = services.upload_member_list(actor=officer, org_code="ksbsi-jabar", uploaded=csv_upload(rows))
    services.confirm_import(actor=officer, import_id=imp.pk, mapping=imp.mapping, consent_attested=True)
    done = services.run_import(import_id=imp.pk)
    fates = dict(ImportRowResult.objects.filter(member_import=imp).values_list("row_number", "outcome"))
    assert fates == {1: "created", 2: "created", 3: "refused"}
    reason = ImportRowResult.objects.get(member_import=imp, row_number=3).reason
    assert "NIK" in reason and "1" in reason
    assert (done.created_count, done.linked_count, done.refused_count) == (2, 0, 1)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_runners_started_together_run_each_row_once(officer, media, monkeypatch):
    monkeypatch.setattr(services, "BATCH_SIZE", 3)
    rows = [HEADER] + [[f"Orang {i}", f"32160117088503{i:02d}", f"0812345674{i:02d}", "Kab. Bekasi"] for i in range(12)]
    imp = services.upload_member_list(actor=officer, org_code="ksbsi-jabar", uploaded=csv_upload(rows))
    services.confirm_import(actor=officer, import_id=imp.pk, mapping=imp.mapping, consent_attested=True)
    start, outcomes = threading.Barrier(2), []

    def runner():
        try:
            start.wait(10)
            outcomes.append(services.run_import(import_id=imp.pk).status)
        except Exception as exc:  # noqa: BLE001 - the failure is what the test reports
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=runner) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes) in (["done", "running"], ["done", "done"])  # the loser returns at once (or after)
    numbers = list(ImportRowResult.objects.filter(member_import=imp).values_list("row_number", flat=True))
    assert sorted(numbers) == list(range(1, 13))
    assert MemberImport.objects.get(pk=imp.pk).created_count == 12
