"""Each refusal of the outreach app says what it is: a stable code per refusal."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from naker.learning.services import attendance_code
from naker.organizations.models import Organization
from naker.outreach import errors
from naker.outreach.gatherings import selectors as gatherings
from naker.outreach.gatherings import services as gathering_services
from naker.outreach.member_import import selectors as imports
from naker.outreach.member_import import services as member_import
from naker.outreach.models import SocialisationEvent
from tests.factories import make_org, make_worker, officer_of

pytestmark = pytest.mark.django_db
CSV = "Nama;NIK;No HP;Kabupaten/Kota\nAsep;3216011708850201;081234567201;Kab. Bekasi\n"


def chamber():
    return make_org("kadin-jabar", kind=Organization.Kind.CHAMBER, level=Organization.Level.PROVINCE, province_id="32")


def plan(actor, organizers=("ksbsi-jabar",), regency="32.75"):
    return gathering_services.plan_event(
        actor=actor,
        title="Sosialisasi",
        organizer_codes=list(organizers),
        starts_at=timezone.now(),
        venue="Aula",
        regency_code=regency,
    )


def test_a_chamber_officer_planning_an_event_of_a_union_hears_about_events_not_imports():
    make_org("ksbsi-jabar")
    officer = officer_of(chamber())
    with pytest.raises(errors.NotAnOrganizer) as refused:
        plan(officer)
    assert refused.value.code == "not_an_organizer"
    assert refused.value.status == 403
    assert "import" not in refused.value.message.lower() and "impor" not in refused.value.message.lower()


def test_an_event_in_an_unknown_place_answers_event_invalid():
    officer = officer_of(make_org("ksbsi-jabar"))
    with pytest.raises(errors.EventInvalid) as refused:
        plan(officer, regency="99.99")
    assert refused.value.code == "event_invalid"
    assert set(refused.value.field_errors) == {"regency_code"}


def test_an_event_of_other_organisations_answers_event_not_found():
    event = plan(officer_of(make_org("ksbsi-jabar")))
    stranger = officer_of(make_org("kspsi"))
    with pytest.raises(errors.EventNotFound) as refused:
        gatherings.event_visible_to(stranger, event.pk)
    assert refused.value.code == "event_not_found"
    with pytest.raises(errors.EventNotFound):
        gathering_services.record_event_attendance(
            actor=stranger, event_id=event.pk, code=attendance_code(make_worker())
        )


def test_a_worker_opening_the_events_page_is_told_who_plans_events(client):
    client.force_login(make_worker())
    page = client.get("/sosialisasi/")
    assert page.status_code == 403
    assert "Acara sosialisasi direncanakan oleh pengurus serikat dan Kadin." in page.content.decode()


def test_a_chamber_officer_plans_an_event_on_the_page_naming_organisations_and_the_place_by_name(client):
    union = make_org("ksbsi-jabar")
    union.name = "KSBSI Jawa Barat"
    union.save(update_fields=["name"])
    officer = officer_of(chamber())
    client.force_login(officer)
    page = client.get("/sosialisasi/").content.decode()
    assert '<option value="KSBSI Jawa Barat">' in page  # suggested by name
    assert "kode, dipisah koma" not in page and "contoh 32.75" not in page
    data = {
        "title": "Sosialisasi",
        "organizer": "kadin-jabar",
        "co_organizer": "Serikat Yang Tidak Ada",
        "starts_at": "2026-12-05T09:00",
        "venue": "Aula",
        "province": "32",
        "regency_code": "32.75",
    }
    html = client.post("/sosialisasi/", data).content.decode()
    assert "Tidak ada serikat atau Kadin bernama “Serikat Yang Tidak Ada”. Pilih nama dari daftar." in html
    data["organizer"] = "ksbsi-jabar"  # not theirs: not among the choices
    assert "ksbsi-jabar" in client.post("/sosialisasi/", data).context["form"].errors["organizer"][0]
    data.update(organizer="kadin-jabar", co_organizer="ksbsi jawa barat")
    assert client.post("/sosialisasi/", data).status_code == 302
    event = SocialisationEvent.objects.get()
    assert {(link.organization.code, link.accepted) for link in event.organizer_links.all()} == {
        ("kadin-jabar", True),
        ("ksbsi-jabar", False),
    }


def test_each_import_refusal_has_its_code(tmp_path):
    officer = officer_of(make_org("ksbsi-jabar"))
    with pytest.raises(errors.NotAUnionOfficer) as not_union:
        member_import.upload_member_list(
            actor=officer_of(chamber()), org_code="kadin-jabar", uploaded=SimpleUploadedFile("a.csv", CSV.encode())
        )
    assert not_union.value.code == "not_a_union_officer"
    with pytest.raises(errors.BadFile) as bad:
        member_import.upload_member_list(
            actor=officer, org_code="ksbsi-jabar", uploaded=SimpleUploadedFile("a.pdf", b"%PDF")
        )
    assert bad.value.code == "bad_file"
    imp = member_import.upload_member_list(
        actor=officer, org_code="ksbsi-jabar", uploaded=SimpleUploadedFile("a.csv", CSV.encode())
    )
    with pytest.raises(errors.MappingInvalid) as mapping:
        member_import.confirm_import(actor=officer, import_id=imp.pk, mapping={}, consent_attested=True)
    assert mapping.value.code == "mapping_invalid"
    with pytest.raises(errors.ConsentNotAttested) as consent:
        member_import.confirm_import(actor=officer, import_id=imp.pk, mapping=imp.mapping, consent_attested=False)
    assert consent.value.code == "consent_not_attested"
    with pytest.raises(errors.ImportNotFound) as not_found:
        imports.import_visible_to(officer_of(make_org("kspsi")), imp.pk)
    assert not_found.value.code == "import_not_found"
    with pytest.raises(errors.RefusedRowsGone) as gone:
        imports.refused_rows_file(officer, imp.pk)
    assert gone.value.code == "refused_rows_gone"
