"""Member import with the files unions really have: every awkward form, each row's fate."""

from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import Workbook

from naker.accounts.models import User, WorkerProfile
from naker.core.errors import DomainError
from naker.organizations.models import Membership
from naker.outreach import errors
from naker.outreach.member_import import services
from naker.outreach.models import ImportRowResult, Invitation, MemberImport
from tests.factories import make_org, make_worker, officer_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def union(db):
    return make_org("ksbsi-jabar")


@pytest.fixture
def officer(union):
    return officer_of(union)


def csv_file(rows, *, delimiter=";", encoding="utf-8-sig", name="anggota.csv"):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(encoding))


def xlsx_file(rows, name="anggota.xlsx"):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def run_import(officer, upload, *, mapping=None, org="ksbsi-jabar"):
    imp = services.upload_member_list(actor=officer, org_code=org, uploaded=upload)
    imp = services.confirm_import(
        actor=officer, import_id=imp.pk, mapping=mapping or imp.mapping, consent_attested=True
    )
    return services.run_import(import_id=imp.pk)


def fates(imp):
    return dict(ImportRowResult.objects.filter(member_import=imp).values_list("row_number", "outcome"))


def reasons(imp):
    return dict(
        ImportRowResult.objects.filter(member_import=imp, outcome="refused").values_list("row_number", "reason")
    )


def test_semicolons_bom_indonesian_headers_in_any_order_and_the_usual_cell_forms(officer):
    upload = csv_file(
        [
            ["No HP / WhatsApp", "Kabupaten/Kota", "NIK", "Nama", "Tanggal Lahir"],
            ["81234567001", "Kab. Bekasi", "'3216011708850001", "Asep Sunandar", "17/08/1985"],  # lost zero, apostrophe
            ["0812-3456-7002", "KABUPATEN BEKASI", "3216015708850002", "Euis Komalasari", "17-08-85"],
            ["+6281234567003", "Kota Bekasi", "3275011708850003", "Dadang", ""],
            ["6281234567004", "32.16", "3216011708850004", "Ujang", ""],
        ]
    )
    imp = run_import(officer, upload)
    assert fates(imp) == {1: "created", 2: "created", 3: "created", 4: "created"}
    assert set(User.objects.values_list("phone", flat=True)) >= {
        "+6281234567001",
        "+6281234567002",
        "+6281234567003",
        "+6281234567004",
    }
    profile = WorkerProfile.objects.get(user__phone="+6281234567002")
    assert (profile.regency_id, profile.sex, profile.birth_date) == ("32.16", "female", datetime.date(1985, 8, 17))
    assert WorkerProfile.objects.get(user__phone="+6281234567003").regency_id == "32.75"


def test_windows_1252_commas_and_english_headers(officer):
    upload = csv_file(
        [
            ["Full name", "Mobile", "NIK", "City", "Email"],
            ["Nur’aini", "081234567010", "3275015708900010", "Kota Bekasi", "nur@contoh.id"],
        ],
        delimiter=",",
        encoding="cp1252",
    )
    imp = run_import(officer, upload)
    assert fates(imp) == {1: "created"}
    assert User.objects.get(email="nur@contoh.id").full_name == "Nur’aini"


def test_a_nik_turned_into_scientific_notation_is_refused_saying_how_to_fix_it(officer):
    upload = csv_file(
        [["Nama", "NIK", "No HP", "Kabupaten/Kota"], ["Asep", "3.21601E+15", "081234567020", "Kota Bekasi"]]
    )
    imp = run_import(officer, upload)
    assert fates(imp) == {1: "refused"}
    assert "3.21601E+15" in reasons(imp)[1] and "Teks" in reasons(imp)[1]


def test_xlsx_with_numeric_niks_serial_and_real_dates(officer):
    upload = xlsx_file(
        [
            ["NIK", "Nama Lengkap", "Tgl Lahir", "WA", "Kab/Kota"],
            [3216011708850031, "Cecep", 31276, 81234567031, "Kab. Bekasi"],  # 31276 = 17 Aug 1985 in Excel
            [3216011708850032, "Tatang", datetime.datetime(1985, 8, 17), "081234567032", "Kab. Bekasi"],
            [3216011708850033, "Wawan", datetime.datetime(1990, 1, 1), "081234567033", "Kab. Bekasi"],  # wrong date
        ]
    )
    imp = run_import(officer, upload)
    assert fates(imp) == {1: "created", 2: "created", 3: "refused"}
    assert "tidak cocok dengan NIK" in reasons(imp)[3]


def test_a_number_in_the_date_column_that_is_no_date_refuses_that_row_only(officer):
    upload = xlsx_file(
        [
            ["NIK", "Nama Lengkap", "Tgl Lahir", "WA", "Kab/Kota"],
            [3216011708850061, "Cecep", 81234567061, "081234567061", "Kab. Bekasi"],  # the phone, one column off
            [3216011708850062, "Tatang", "nan", "081234567062", "Kab. Bekasi"],  # an empty cell a script wrote
            [3216011708850063, "Wawan", 31276, "081234567063", "Kab. Bekasi"],
        ]
    )
    imp = run_import(officer, upload)
    assert fates(imp) == {1: "refused", 2: "refused", 3: "created"}
    assert "81234567061" in reasons(imp)[1] and "17/08/1985" in reasons(imp)[1]


def test_a_bare_name_that_fits_a_city_and_a_regency_is_refused_naming_both(officer):
    upload = csv_file(
        [["Nama", "NIK", "No HP", "Kabupaten/Kota"], ["Asep", "3216011708850041", "081234567041", "Bekasi"]]
    )
    imp = run_import(officer, upload)
    reason = reasons(imp)[1]
    assert "Kabupaten Bekasi" in reason and "Kota Bekasi" in reason


def test_a_worker_already_registered_is_linked_not_doubled(officer, union):
    existing = make_worker(regency_code="32.16", nik="3216011708850051", phone="+6281234567051")
    upload = csv_file(
        [["Nama", "NIK", "No HP", "Kabupaten/Kota"], ["Asep", "3216011708850051", "081299999999", "Kab. Bekasi"]]
    )
    imp = run_import(officer, upload)
    assert fates(imp) == {1: "linked"}
    assert User.objects.filter(worker__isnull=False).count() == 1
    membership = Membership.objects.get(user=existing, organization=union)
    assert membership.consent_attested_by == officer


def test_a_registered_nik_and_phone_in_arabic_indic_digits_are_linked_not_a_second_account(officer, union):
    """Issue 8 item 4, in the import: the same NIK and number written in another script's digits are
    the same person (read as ASCII digits before they are hashed)."""
    existing = make_worker(regency_code="32.16", nik="3216011708850052", phone="+6281234567052")
    arabic = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    upload = csv_file(
        [
            ["Nama", "NIK", "No HP", "Kabupaten/Kota"],
            ["Asep", "3216011708850052".translate(arabic), "081234567052".translate(arabic), "Kab. Bekasi"],
        ]
    )
    imp = run_import(officer, upload)
    assert fates(imp) == {1: "linked"}
    assert User.objects.filter(worker__isnull=False).count() == 1
    assert Membership.objects.filter(user=existing, organization=union).exists()


def test_a_phone_that_belongs_to_another_nik_is_refused_as_a_conflict(officer):
    make_worker(regency_code="32.16", nik="3216011708850061", phone="+6281234567061")
    upload = csv_file(
        [["Nama", "NIK", "No HP", "Kabupaten/Kota"], ["Lain", "3216011708850062", "081234567061", "Kab. Bekasi"]]
    )
    imp = run_import(officer, upload)
    assert fates(imp) == {1: "refused"}
    assert "+6281234567061" in reasons(imp)[1]


def test_running_the_same_file_again_changes_nothing(officer):
    rows = [
        ["Nama", "NIK", "No HP", "Kabupaten/Kota"],
        ["Asep", "3216011708850071", "081234567071", "Kab. Bekasi"],
        ["Rusak", "123", "0812", "Atlantis"],
    ]
    run_import(officer, csv_file(rows))
    users, members = User.objects.count(), Membership.objects.count()
    again = run_import(officer, csv_file(rows))
    assert fates(again) == {1: "linked", 2: "refused"}
    assert (User.objects.count(), Membership.objects.count()) == (users, members)


def test_every_row_ends_in_exactly_one_fate_and_refused_rows_come_back_with_a_reason(officer):
    rows = [["Nama", "NIK", "No HP", "Kabupaten/Kota"]]
    for i in range(30):
        nik = f"32160117088500{i:02d}" if i % 3 else "bukan-nik"
        rows.append([f"Orang {i}", nik, f"0812345671{i:02d}", "Kab. Bekasi"])
    imp = run_import(officer, csv_file(rows))
    assert len(fates(imp)) == 30
    assert imp.created_count + imp.linked_count + imp.refused_count == 30 == imp.processed_rows
    with open(imp.refused_file, encoding="utf-8-sig") as fh:
        refused = list(csv.reader(fh, delimiter=";"))
    assert refused[0] == ["Nama", "NIK", "No HP", "Kabupaten/Kota", "Alasan ditolak"]
    assert len(refused) == 1 + imp.refused_count == 11
    assert refused[1][:2] == ["Orang 0", "bukan-nik"] and refused[1][4]
    assert not Path(imp.file.path).exists()  # the uploaded list, with every NIK, is gone


def test_an_import_stopped_half_way_resumes_without_losing_or_doubling_a_row(officer, monkeypatch):
    monkeypatch.setattr(services, "BATCH_SIZE", 4)
    rows = [["Nama", "NIK", "No HP", "Kabupaten/Kota"]]
    rows += [[f"Orang {i}", f"32160117088501{i:02d}", f"0812345672{i:02d}", "Kab. Bekasi"] for i in range(10)]
    imp = services.upload_member_list(actor=officer, org_code="ksbsi-jabar", uploaded=csv_file(rows))
    services.confirm_import(actor=officer, import_id=imp.pk, mapping=imp.mapping, consent_attested=True)
    stopped = services.run_import(import_id=imp.pk, stop_after_batches=1)  # the worker dies after the first batch
    stopped.refresh_from_db()
    assert (stopped.status, stopped.processed_rows, User.objects.count()) == ("running", 4, 5)  # 4 + the officer
    MemberImport.objects.filter(pk=imp.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(minutes=5))
    resumed = services.run_import(import_id=imp.pk)
    assert resumed.status == "done"
    assert sorted(fates(resumed)) == list(range(1, 11))
    assert User.objects.filter(worker__isnull=False).count() == 10


def test_a_stalled_run_is_queued_again(officer):
    queued = []
    imp = services.upload_member_list(
        actor=officer, org_code="ksbsi-jabar", uploaded=csv_file([["Nama", "NIK", "No HP", "Kota"]])
    )
    MemberImport.objects.filter(pk=imp.pk).update(
        status="running", heartbeat_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    assert services.resume_stalled_imports(on_queued=queued.append) == [imp.pk] and queued == [imp.pk]


def test_unknown_columns_are_mapped_by_the_officer_and_remembered(officer):
    rows = [["Anggota", "No. Induk", "Telp", "Domisili"], ["Asep", "3216011708850081", "081234567081", "Kab. Bekasi"]]
    imp = services.upload_member_list(actor=officer, org_code="ksbsi-jabar", uploaded=csv_file(rows))
    assert imp.mapping == {"3": "regency"}  # only "Domisili" is recognised
    with pytest.raises(errors.MappingInvalid) as refused:
        services.confirm_import(actor=officer, import_id=imp.pk, mapping=imp.mapping, consent_attested=True)
    assert {"full_name", "nik", "phone"} <= set(refused.value.field_errors)
    services.confirm_import(
        actor=officer,
        import_id=imp.pk,
        mapping={"0": "full_name", "1": "nik", "2": "phone", "3": "regency"},
        consent_attested=True,
    )
    again = services.upload_member_list(actor=officer, org_code="ksbsi-jabar", uploaded=csv_file(rows))
    assert again.mapping == {"0": "full_name", "1": "nik", "2": "phone", "3": "regency"}


def test_without_the_unions_attestation_nothing_runs(officer):
    imp = services.upload_member_list(
        actor=officer, org_code="ksbsi-jabar", uploaded=csv_file([["Nama", "NIK", "No HP", "Kota"]])
    )
    with pytest.raises(errors.ConsentNotAttested):
        services.confirm_import(actor=officer, import_id=imp.pk, mapping=imp.mapping, consent_attested=False)


def test_an_old_xls_or_a_picture_is_refused_with_what_to_do(officer):
    with pytest.raises(errors.BadFile, match="xlsx"):
        services.upload_member_list(
            actor=officer, org_code="ksbsi-jabar", uploaded=SimpleUploadedFile("anggota.xls", b"\xd0\xcf\x11\xe0")
        )


def test_only_officers_of_the_union_import(union):
    stranger = officer_of(make_org("kspsi"))
    with pytest.raises(DomainError):
        services.upload_member_list(actor=stranger, org_code="ksbsi-jabar", uploaded=csv_file([["Nama"]]))


def test_new_members_get_an_invitation_and_the_link_sets_their_password(client, officer):
    upload = csv_file(
        [
            ["Nama", "NIK", "No HP", "Kabupaten/Kota", "Email"],
            ["Asep Sunandar", "3216011708850091", "081234567091", "Kab. Bekasi", "asep@contoh.id"],
            ["Ujang", "3216011708850092", "081234567092", "Kab. Bekasi", ""],
        ]
    )
    run_import(officer, upload)
    assert Invitation.objects.filter(channel="sms").count() == 2
    assert Invitation.objects.filter(channel="email").count() == 1
    sms = Invitation.objects.get(channel="sms", address="+6281234567091")
    assert sms.text.startswith("Halo Asep, KSBSI-JABAR mendaftarkan Anda")
    link = sms.text.split(" ")[-1]
    path = link.split("8000", 1)[1]
    form_page = client.get(path, follow=True)
    page = form_page.redirect_chain[-1][0]
    passwords = {"new_password1": "Asep-belajar-26", "new_password2": "Asep-belajar-26"}
    client.post(page, passwords)  # without confirming who they are and the privacy notice: refused
    assert not User.objects.get(phone="+6281234567091").check_password("Asep-belajar-26")
    client.post(page, {**passwords, "identity": "on", "consent": "on"})
    assert User.objects.get(phone="+6281234567091").check_password("Asep-belajar-26")


def test_the_command_refuses_without_attestation_and_prints_the_summary_as_json(officer, tmp_path):
    path = tmp_path / "anggota.csv"
    path.write_text(
        "Nama;NIK;No HP;Kabupaten/Kota\nAsep;3216011708850101;081234567101;Kab. Bekasi\nX;1;2;3\n", encoding="utf-8"
    )
    with pytest.raises(CommandError, match="consent-attested"):
        call_command("import_members", str(path), org="ksbsi-jabar")
    out = io.StringIO()
    call_command(
        "import_members",
        str(path),
        org="ksbsi-jabar",
        consent_attested=True,
        json=True,
        as_user=officer.phone,
        stdout=out,
    )
    summary = json.loads(out.getvalue())
    assert {k: summary[k] for k in ("rows", "created", "linked", "refused")} == {
        "rows": 2,
        "created": 1,
        "linked": 0,
        "refused": 1,
    }
    assert summary["refused_file"].endswith(".csv")


def test_refused_rows_of_an_xlsx_come_back_as_the_officer_typed_them(officer):
    # Some spreadsheet programs store a long number in scientific notation (8.1234567064E+10: read as
    # a float), a date as a date; an empty cell is empty. The refused rows' file shows them as the
    # officer sees them.
    upload = xlsx_file(
        [
            ["NIK", "Nama Lengkap", "Tgl Lahir", "WA", "Catatan", "Kab/Kota"],
            ["bukan-nik", "Cecep", datetime.datetime(1985, 8, 17), 81234567064, None, "Kab. Bekasi"],
        ]
    )
    book = zipfile.ZipFile(io.BytesIO(upload.read()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as rewritten:
        for item in book.infolist():
            data = book.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = data.replace(b"<v>81234567064</v>", b"<v>8.1234567064E+10</v>")
            rewritten.writestr(item, data)
    imp = run_import(officer, SimpleUploadedFile("anggota.xlsx", out.getvalue()))
    assert fates(imp) == {1: "refused"}
    with open(imp.refused_file, encoding="utf-8-sig") as fh:
        refused = list(csv.reader(fh, delimiter=";"))
    assert refused[1][:6] == ["bukan-nik", "Cecep", "17/08/1985", "81234567064", "", "Kab. Bekasi"]
