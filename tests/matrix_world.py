"""The world both role matrices (pages and API) look at, built once per test module.

Organisations: the union KSBSI with branches ksbsi-dki (the "own" organisation) and ksbsi-jabar;
the chamber Kadin with its West Java office kadin-jabar; the providers lpk-terampil (owns the course
and its class) and lpk-lain; the company pt-matriks (employer_staff is its officer), with a published
opportunity for which W and B are findable candidates (B accepted its invitation, W's waits).

People (each with a name found nowhere else on the site, so that a leak is a plain substring):
worker W ("worker" role, member of ksbsi-dki, enrolled, with a quiz attempt), worker B (member of
ksbsi-dki, booked in the class, attended the event), the officers and staff of each role, and a
second officer of ksbsi-dki (the one that may be removed). W completed a second course of
lpk-terampil and holds its certificate (issued by credentials on learning's CourseCompleted). An
import of ksbsi-dki brought in Asep and refused Budi.

`module_world(django_db_blocker)` builds it inside one transaction that is rolled back when the
module ends; each test runs in a savepoint inside it (pytest-django's ordinary `db`), so what a test
writes is gone before the next.
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from naker.accounts.models import ApiToken, User
from naker.core import crypto
from naker.organizations.models import Organization
from tests.conftest import EVIDENCE_DIR
from tests.factories import UserFactory, add_member, make_opportunity, make_org, make_worker

ROLES = [
    "anonymous",
    "worker",
    "own_officer",
    "other_branch_officer",
    "other_region_chamber_officer",
    "own_provider_staff",
    "other_provider_staff",
    "employer_staff",
    "lsp_staff",
    "assessor",
    "admin",
]

NAMES = {
    "worker": "Wulan Matrikspekerja",
    "classmate": "Bagus Matrikskelas",
    "own_officer": "Okta Matrikspengurus",
    "second_officer": "Sari Matrikswakil",
    "other_branch_officer": "Joko Matrikscabang",
    "other_region_chamber_officer": "Rina Matrikskadin",
    "own_provider_staff": "Pandu Matrikspenyedia",
    "other_provider_staff": "Lina Matrikslain",
    "employer_staff": "Edo Matrikspemberi",
    "lsp_staff": "Laras Matrikslsp",
    "assessor": "Asih Matriksasesor",
    "admin": "Adi Matriksadmin",
}
IMPORTED_NAME = "Asep Matriksimpor"
REFUSED_NAME = "Budi Matrikstolak"
IMPORT_CSV = (
    "Nama;NIK;No HP;Kabupaten/Kota\n"
    f"{IMPORTED_NAME};3171011708850201;081377700201;Kota Jakarta Pusat\n"
    f"{REFUSED_NAME};salah;081377700202;Jakarta\n"
)
COURSE = "digital-marketing-umkm"
DRAFT_COURSE = "kursus-matriks-draf"
REVIEWED_COURSE = "kursus-matriks-tinjau"
COMPLETED_COURSE = "kursus-matriks-selesai"
# a certificate number no one holds
MISSING_CREDENTIAL = "00000000-0000-4000-8000-000000000000"
# what tests/conftest.py's _fast_settings sets for each test, for the world built before them
FAST_SETTINGS = {
    "NAKER_EVIDENCE_DIR": EVIDENCE_DIR,
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    "TASKS": {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
}


@dataclass
class Person:
    key: str
    user: User | None
    name: str
    phone: str
    nik: str = ""
    nik_masked: str = ""

    def secrets(self, *, masked: bool = True) -> list[str]:
        """What must not show to someone who may not see this person: name, phone (its national
        significant number, so +62…, 62… and 0… all match), NIK whole and masked."""
        found = [self.name, self.phone.removeprefix("+62").lstrip("0"), self.nik]
        if masked:
            found.append(self.nik_masked)
        return [s for s in found if s]


@dataclass
class World:
    users: dict[str, User]
    people: dict[str, Person]
    ids: dict[str, Any]
    tokens: dict[str, str] = field(default_factory=dict)
    # a logged-in browser session per role (its key), made once: faster than force_login per case
    sessions: dict[str, str] = field(default_factory=dict)


def _person(key: str, user: User) -> Person:
    worker = getattr(user, "worker", None)
    return Person(
        key=key,
        user=user,
        name=user.full_name,
        phone=user.phone,
        nik=crypto.decrypt(worker.nik_encrypted) if worker else "",
        nik_masked=worker.nik_masked if worker else "",
    )


def _ensure_reference_data() -> None:
    from naker.regions.loader import load_regions
    from naker.regions.models import District, Province, Regency
    from naker.skills.loader import load_classifications
    from naker.skills.models import Occupation, Sector

    if not Province.objects.exists():
        load_regions(Province, Regency, District)
        load_classifications(Sector, Occupation)


def _finish(worker: User, version_id: int) -> None:
    """Does every lesson of the version as the worker would: reads, and passes each quiz."""
    from naker.learning import services as learning
    from naker.learning.models import Lesson

    lessons = Lesson.objects.filter(module__version_id=version_id).order_by("module__position", "position")
    for lesson in lessons:
        if lesson.kind == Lesson.Kind.QUIZ:
            attempt = learning.start_quiz(worker=worker, lesson_id=lesson.pk)
            right = {
                str(q.pk): [c.pk for c in q.choices.all() if c.is_correct]
                for q in lesson.questions.prefetch_related("choices")
            }
            learning.submit_quiz(worker=worker, attempt_id=attempt.pk, answers=right)
        else:
            learning.complete_lesson(worker=worker, lesson_id=lesson.pk)


def build() -> World:
    from naker.accounts.privacy import services as privacy
    from naker.credentials.models import Credential
    from naker.insights.models import AdoptionTarget
    from naker.jobs.matching import services as matching
    from naker.learning import demo
    from naker.learning import services as learning
    from naker.learning.models import Lesson
    from naker.organizations import services as organizations
    from naker.outreach.gatherings import services as gatherings
    from naker.outreach.member_import import services as member_import

    _ensure_reference_data()
    ksbsi = make_org("ksbsi")
    dki = make_org("ksbsi-dki", parent=ksbsi)
    jabar = make_org("ksbsi-jabar", parent=ksbsi)
    kadin = make_org("kadin", kind=Organization.Kind.CHAMBER, level=Organization.Level.NATIONAL)
    kadin_jabar = make_org(
        "kadin-jabar", kind=Organization.Kind.CHAMBER, parent=kadin, level=Organization.Level.PROVINCE, province_id="32"
    )
    provider = make_org("lpk-terampil", kind=Organization.Kind.PROVIDER, level=Organization.Level.SINGLE)
    other_provider = make_org("lpk-lain", kind=Organization.Kind.PROVIDER, level=Organization.Level.SINGLE)
    # a Kadin member company in Kota Bekasi (West Java: kadin-jabar's region)
    company = make_org(
        "pt-matriks",
        kind=Organization.Kind.COMPANY,
        level=Organization.Level.SINGLE,
        province_id="32",
        regency_id="32.75",
        sector_id="C",
        is_kadin_member=True,
    )
    lsp = make_org("lsp-matriks", kind=Organization.Kind.CERTIFICATION_BODY, level=Organization.Level.SINGLE)

    users: dict[str, User] = {
        "worker": make_worker(regency_code="31.71", full_name=NAMES["worker"], email=None),  # reset codes: no email
        "classmate": make_worker(regency_code="31.71", full_name=NAMES["classmate"]),
        "own_officer": UserFactory(full_name=NAMES["own_officer"]),
        "second_officer": UserFactory(full_name=NAMES["second_officer"]),
        "other_branch_officer": UserFactory(full_name=NAMES["other_branch_officer"]),
        "other_region_chamber_officer": UserFactory(full_name=NAMES["other_region_chamber_officer"]),
        "own_provider_staff": UserFactory(full_name=NAMES["own_provider_staff"]),
        "other_provider_staff": UserFactory(full_name=NAMES["other_provider_staff"]),
        "employer_staff": UserFactory(full_name=NAMES["employer_staff"]),
        "lsp_staff": UserFactory(full_name=NAMES["lsp_staff"]),
        "assessor": UserFactory(full_name=NAMES["assessor"]),
        "admin": UserFactory(full_name=NAMES["admin"], is_staff=True),
    }
    add_member(users["worker"], dki)
    add_member(users["classmate"], dki)
    for key, org in [
        ("own_officer", dki),
        ("second_officer", dki),
        ("other_branch_officer", jabar),
        ("other_region_chamber_officer", kadin_jabar),
        ("own_provider_staff", provider),
        ("other_provider_staff", other_provider),
        ("employer_staff", company),
        ("lsp_staff", lsp),
    ]:
        add_member(users[key], org, "officer")
    # someone registered whom an officer may add (POST /orgs/…/officers)
    newcomer = UserFactory(phone="+6281266665555", full_name="Nina Matrikspendatang")

    # the course (published), a class of it, W's enrolment and quiz attempt, B's seat
    demo.ensure_skills()
    package = copy.deepcopy(next(p for _o, p in demo.DEMO_COURSES if p["code"] == COURSE))
    learning.import_package(actor=users["admin"], provider_code="lpk-terampil", package=package, submit=True)
    learning.review(admin=users["admin"], course_code=COURSE, approve=True)
    starts = timezone.now() + datetime.timedelta(days=7)
    session = learning.create_session(
        actor=users["own_provider_staff"],
        course_code=COURSE,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        venue="Balai Latihan Kerja Matriks",
        regency_code="31.71",
        capacity=20,
    )
    enrolment = learning.enrol(worker=users["worker"], course_code=COURSE)
    lessons = list(Lesson.objects.filter(module__version=enrolment.version).order_by("module__position", "position"))
    text_lesson = next(le for le in lessons if le.kind != Lesson.Kind.QUIZ)
    quiz = next(le for le in lessons if le.kind == Lesson.Kind.QUIZ)
    attempt = learning.start_quiz(worker=users["worker"], lesson_id=quiz.pk)
    learning.book_seat(worker=users["classmate"], session_id=session.pk)
    learning.book_seat(worker=users["worker"], session_id=session.pk)
    # two more courses of the provider: a draft (to submit) and one in review (to review)
    for code, submit in [(DRAFT_COURSE, False), (REVIEWED_COURSE, True)]:
        learning.import_package(
            actor=users["own_provider_staff"],
            provider_code="lpk-terampil",
            package={**copy.deepcopy(package), "code": code, "title": code.replace("-", " ").title()},
            submit=submit,
        )

    # W completes a third course (every lesson done, every quiz passed): learning publishes
    # CourseCompleted and credentials issues W's certificate
    learning.import_package(
        actor=users["own_provider_staff"],
        provider_code="lpk-terampil",
        package={**copy.deepcopy(package), "code": COMPLETED_COURSE, "title": "Kursus Matriks Selesai"},
        submit=True,
    )
    learning.review(admin=users["admin"], course_code=COMPLETED_COURSE, approve=True)
    completed = learning.enrol(worker=users["worker"], course_code=COMPLETED_COURSE)
    _finish(users["worker"], completed.version_id)
    credential = Credential.objects.get(source=f"enrolment:{completed.pk}")

    # competency certification: lsp-matriks's scheme; W applied, the LSP accepted it and scheduled
    # the assessment with the assessor; W uploaded a PDF as evidence. Classmate B applied too (not
    # checked yet, no assessor): the assessor must not see B.
    from naker.credentials.certification import services as certification
    from naker.skills.loader import load_demo_units
    from naker.skills.models import UnitElement

    load_demo_units()
    scheme = certification.create_scheme(
        actor=users["lsp_staff"],
        lsp_code="lsp-matriks",
        code="SKM-01",
        name="Skema Matriks",
        kind="cluster",
        unit_codes=["LOG.OO01.002.01"],
    )
    venue = certification.add_venue(
        actor=users["lsp_staff"], lsp_code="lsp-matriks", name="TUK Matriks", kind="standing", regency_code="31.71"
    )
    assessor = certification.add_assessor(
        actor=users["lsp_staff"],
        lsp_code="lsp-matriks",
        login=users["assessor"].phone,
        name=NAMES["assessor"],
        registration_number="MET.000.000001.2026",
    )
    elements = list(UnitElement.objects.filter(skill_id="LOG.OO01.002.01").values_list("pk", flat=True))
    cert_application = certification.apply(worker=users["worker"], scheme_id=scheme.pk, competent_elements=elements)
    evidence = certification.add_evidence(
        actor=users["worker"],
        application_id=cert_application.pk,
        upload=SimpleUploadedFile("bukti.pdf", b"%PDF-1.4 matriks"),
        name="bukti.pdf",
        size=16,
    )
    certification.check_application(actor=users["lsp_staff"], application_id=cert_application.pk, outcome="complete")
    certification.schedule_assessment(
        actor=users["lsp_staff"],
        application_id=cert_application.pk,
        at=timezone.now() + datetime.timedelta(days=3),
        venue_id=venue.pk,
        assessor_id=assessor.pk,
    )
    other_cert_application = certification.apply(worker=users["classmate"], scheme_id=scheme.pk)

    # a reset code handed out for W (POST /auth/reset-with-code succeeds with it)
    reset_code = organizations.hand_out_reset_code(
        actor=users["own_officer"], org_code="ksbsi-dki", user_id=users["worker"].pk
    )

    # ksbsi-dki's import, run: Asep created (with an invitation text), Budi refused
    imp = member_import.upload_member_list(
        actor=users["own_officer"],
        org_code="ksbsi-dki",
        uploaded=SimpleUploadedFile("anggota.csv", IMPORT_CSV.encode()),
    )
    member_import.confirm_import(
        actor=users["own_officer"], import_id=imp.pk, mapping=imp.mapping, consent_attested=True
    )
    member_import.run_import(import_id=imp.pk)
    imported = User.objects.get(full_name=IMPORTED_NAME)

    # ksbsi-dki's adoption target and socialisation event (B attended)
    target = AdoptionTarget.objects.create(
        name="Target Matriks DKI",
        scope="organization",
        scope_code="ksbsi-dki",
        metric="registered",
        goal=100,
        start_date=datetime.date(2026, 1, 1),
        due_date=datetime.date(2027, 1, 1),
        created_by=users["own_officer"],
    )
    event = gatherings.plan_event(
        actor=users["own_officer"],
        title="Sosialisasi Matriks",
        organizer_codes=["ksbsi-dki"],
        starts_at=starts,
        venue="Aula Matriks",
        regency_code="31.71",
    )
    gatherings.record_event_attendance(
        actor=users["own_officer"], event_id=event.pk, code=learning.attendance_code(users["classmate"])
    )

    # the company's posts: one published (W applied to it), one waiting for review
    from naker.jobs import services as jobs

    def post(title: str) -> Any:
        return jobs.post_opportunity(
            actor=users["employer_staff"],
            employer_code="pt-matriks",
            data=jobs.OpportunityData(
                kind="job",
                title=title,
                description="Pekerjaan matriks.",
                closes_on=timezone.localdate() + datetime.timedelta(days=30),
                regency_code="32.75",
                skills=[jobs.SkillWanted(code="NK-DIG-01")],
            ),
        )

    opportunity = post("Lowongan Matriks")
    jobs.review_opportunity(actor=users["admin"], opportunity_id=opportunity.pk, decision="publish")
    pending_opportunity = post("Lowongan Matriks Tinjau")
    application = jobs.apply(worker=users["worker"], opportunity=opportunity)
    jobs.set_commitment(
        actor=users["employer_staff"],
        opportunity_id=opportunity.pk,
        course_codes=[COURSE],
        interview_by=timezone.localdate() + datetime.timedelta(days=60),
    )
    poster_flag = jobs.flag_poster(
        actor=users["own_officer"], employer_code="pt-matriks", reason="Meminta biaya pendaftaran dari anggota."
    )
    # matching: pt-matriks's second published opportunity asks for the skills of W's completed course and one
    # more; W and B are findable; B accepted the employer's invitation (so the employer sees B's
    # contact details); W has an invitation waiting
    matched_opportunity = make_opportunity(
        company,
        [("NK-DIG-01", True), ("NK-DIG-02", True), ("NK-KEU-01", True)],
        title="Admin Toko Daring Matriks",
        regency_code="32.75",
    )
    for person in (users["worker"], users["classmate"]):
        matching.set_job_preferences(worker=person, findable=True)
    matching.declare_skill(worker=users["classmate"], code="NK-DIG-01")
    accepted = matching.invite(
        actor=users["employer_staff"], opportunity_id=matched_opportunity.pk, worker_id=users["classmate"].pk
    )
    matching.accept_invitation(worker=users["classmate"], invitation_id=accepted.pk)
    invitation = matching.invite(
        actor=users["employer_staff"], opportunity_id=matched_opportunity.pk, worker_id=users["worker"].pk
    )
    # privacy operations: W asked for something about their data; the admin recorded a data breach
    # that concerns B (listed by mobile number)
    privacy_request = privacy.file_request(
        user=users["worker"], kind="complaint", details="Keluhan matriks tentang data saya."
    )
    breach = privacy.record_breach(
        admin=users["admin"],
        discovered_at=timezone.now() - datetime.timedelta(hours=2),
        what_happened="Berkas matriks terkirim ke alamat yang salah.",
        data_kinds=["name", "phone"],
        scope="list",
        people=users["classmate"].phone or "",
        containment="Berkas dihapus penerima.",
    )

    people = {key: _person(key, user) for key, user in users.items()}
    people["newcomer"] = _person("newcomer", newcomer)
    people["imported"] = _person("imported", imported)
    people["refused"] = Person("refused", None, REFUSED_NAME, "+6281377700202")
    # not a person, but scoped like one: only who oversees ksbsi-dki sees its target
    people["dki_target"] = Person("dki_target", None, target.name, "")
    tokens: dict[str, str] = {}
    for key, user in users.items():
        raw = f"nk_matrix_{key}"
        ApiToken.objects.create(
            user=user,
            key_hash=crypto.sha256(raw),
            name="matrix",
            expires_at=timezone.now() + datetime.timedelta(days=1),
        )
        tokens[key] = raw
    sessions: dict[str, str] = {}
    for key, user in users.items():
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "naker.accounts.backends.PhoneOrEmailBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        sessions[key] = store.session_key or ""
    ids = {
        "worker": users["worker"].pk,
        "classmate": users["classmate"].pk,
        "second_officer": users["second_officer"].pk,
        "lesson": text_lesson.pk,
        "quiz": quiz.pk,
        "attempt": attempt.pk,
        "quiz_question": quiz.questions.order_by("pk")[0].pk,
        "quiz_choice": quiz.questions.order_by("pk")[0].choices.order_by("pk")[0].pk,
        "session": session.pk,
        "import": imp.pk,
        "target": target.pk,
        "event": event.pk,
        "reset_code": reset_code,
        "worker_phone": users["worker"].phone,
        "classmate_attendance_code": learning.attendance_code(users["classmate"]),
        "worker_uidb64": urlsafe_base64_encode(force_bytes(users["worker"].pk)),
        "imported_uidb64": urlsafe_base64_encode(force_bytes(imported.pk)),
        "credential": str(credential.public_id),
        "credential_jwt": credential.jwt,
        "status_list": credential.status_list_position[0],
        "missing_credential": MISSING_CREDENTIAL,
        "opportunity": opportunity.pk,
        "pending_opportunity": pending_opportunity.pk,
        "application": application.pk,
        "flag": poster_flag.pk,
        "scheme": scheme.pk,
        "cert_application": cert_application.pk,
        "other_cert_application": other_cert_application.pk,
        "evidence": evidence.pk,
        "venue": venue.pk,
        "assessor_id": assessor.pk,
        "invitation": invitation.pk,
        "matched_opportunity": matched_opportunity.pk,
        "privacy_request": privacy_request.pk,
        "breach": breach.pk,
    }
    return World(users=users, people=people, ids=ids, tokens=tokens, sessions=sessions)


def module_world(django_db_blocker: Any) -> Iterator[World]:
    """Builds the world in a transaction kept open for the module, then rolls it back."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with override_settings(**FAST_SETTINGS):
                world = build()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    yield world
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
