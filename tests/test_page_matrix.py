"""Every page of the site against every role: the status each role gets, and that no one sees another
person's name, phone or NIK unless their role may (DESIGN.md §4; issue 7, item 3).

The world is tests/matrix_world.py, built once for the module. Pages are listed by their URL route;
`test_every_page_is_in_the_matrix` fails when a route is added without a row here.

Expected answers: 200; "login" (302 to the login page); a path (302 to it); 403; 404; 405 (GET on a
page that only takes POST); 409 (a review screen for a course with nothing waiting for review).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.matrix_world import COURSE, DRAFT_COURSE, REVIEWED_COURSE, ROLES, World, module_world

pytestmark = pytest.mark.django_db

LOGIN = "/akun/masuk/"
SKIPPED_PREFIXES = ("api/", "admin/", "i18n/", "static/")
# everyone but W, who holds the world's certificate (one's own data is never checked)
NOT_THE_HOLDER = [role for role in ROLES if role != "worker"]

Expected = int | str


@dataclass(frozen=True)
class Page:
    url: str
    expected: dict[str, Expected]
    # roles → people (keys of World.people) whose name, phone and masked NIK that role sees here
    sees: dict[str, frozenset[str]] = field(default_factory=dict)
    # roles → people whose name alone (not their phone, not their NIK) that role sees here
    names: dict[str, frozenset[str]] = field(default_factory=dict)


def answers(default: Expected = 200, *, anonymous: Expected = "login", **by_role: Expected) -> dict[str, Expected]:
    found = {role: by_role.get(role, default) for role in ROLES if role != "anonymous"}
    return {"anonymous": anonymous, **found}


PUBLIC = answers(200, anonymous=200)
LOGGED_IN = answers(200)
POST_ONLY = answers(405)
OVERSEERS_OR_403 = answers(403, own_officer=200, admin=200)
OVERSEERS_OR_404 = answers(404, own_officer=200, admin=200)
PROVIDER_STAFF_OR_403 = answers(403, own_provider_staff=200, admin=200)
OFFICERS_NOT_WORKERS = answers(200, worker=403)
# dashboards and targets are for officers of unions, chambers and providers, not of a company or an LSP
DASHBOARD_USERS = answers(200, worker=403, employer_staff=403, lsp_staff=403, assessor=403)
ONLY_WORKERS = answers(403, worker=200)
EMPLOYER_OR_403 = answers(403, employer_staff=200)


def seen_by(*roles: str, people: set[str]) -> dict[str, frozenset[str]]:
    return {role: frozenset(people) for role in roles}


# route (as the URL resolver spells it) → the page with the world's ids filled in
PAGES: dict[str, Page] = {
    "": Page("/", PUBLIC),
    # loopback (the test client's address) without a proxy in between: answered to anyone there
    "metrics": Page("/metrics", PUBLIC),
    "operasi/": Page("/operasi/", answers(403, admin=200)),
    "operasi/tugas/<str:task_id>/ulang/": Page("/operasi/tugas/00000000-0000-0000-0000-000000000000/ulang/", POST_ONLY),
    "favicon.ico": Page("/favicon.ico", PUBLIC),
    # uploaded lesson images and recordings (public by design: random names); a name that is not
    # there is a 404 to everyone (tests/learning/test_lesson_media.py serves real ones)
    "media/public/<path:path>": Page("/media/public/lessons/nothing-here.png", answers(404, anonymous=404)),
    # the bench's floor: a bare view through the same middleware (bench/pages.py)
    "_floor/": Page("/_floor/", PUBLIC),
    # accounts
    "akun/daftar/": Page("/akun/daftar/", PUBLIC),
    "akun/daftar/kabupaten/": Page("/akun/daftar/kabupaten/?province=31", PUBLIC),
    "akun/daftar/konfirmasi/": Page("/akun/daftar/konfirmasi/", answers("/akun/daftar/", anonymous="/akun/daftar/")),
    "akun/masuk/": Page("/akun/masuk/", PUBLIC),
    "akun/keluar/": Page("/akun/keluar/", answers(405, anonymous=405)),
    # the worker's own trail of who saw their data names the officer who handed out their reset code
    "akun/saya/": Page("/akun/saya/", LOGGED_IN, sees=seen_by("worker", people={"own_officer"})),
    "akun/saya/unduh/": Page("/akun/saya/unduh/", POST_ONLY),
    # only a worker has a profile to change; the others are sent back to their account page
    "akun/saya/ubah/": Page("/akun/saya/ubah/", answers("/akun/saya/", worker=200)),
    "akun/saya/hapus/": Page("/akun/saya/hapus/", LOGGED_IN),
    "akun/saya/sandi/": Page("/akun/saya/sandi/", LOGGED_IN),
    "akun/saya/nomor/": Page("/akun/saya/nomor/", LOGGED_IN),
    # privacy operations: anyone asks about their own data; the queue and data breaches are the
    # platform admin's alone (W filed a request; the breach concerns B)
    "akun/saya/privasi/": Page("/akun/saya/privasi/", LOGGED_IN),
    "akun/privasi/permintaan/": Page(
        "/akun/privasi/permintaan/", answers(403, admin=200), names=seen_by("admin", people={"worker"})
    ),
    "akun/privasi/permintaan/<int:request_id>/": Page(
        "/akun/privasi/permintaan/{privacy_request}/", answers(403, admin=200), sees=seen_by("admin", people={"worker"})
    ),
    "akun/privasi/insiden/": Page("/akun/privasi/insiden/", answers(403, admin=200)),
    "akun/privasi/insiden/baru/": Page("/akun/privasi/insiden/baru/", answers(403, admin=200)),
    "akun/privasi/insiden/<int:breach_id>/": Page("/akun/privasi/insiden/{breach}/", answers(403, admin=200)),
    "akun/privasi/insiden/<int:breach_id>/kirim/<str:which>/": Page(
        "/akun/privasi/insiden/{breach}/kirim/people/", POST_ONLY
    ),
    "akun/privasi/insiden/<int:breach_id>/pemberitahuan.csv": Page(
        "/akun/privasi/insiden/{breach}/pemberitahuan.csv",
        answers(403, admin=200),
        sees=seen_by("admin", people={"classmate"}),
    ),
    "akun/kode-reset/": Page("/akun/kode-reset/", PUBLIC),
    "akun/lupa-sandi/": Page("/akun/lupa-sandi/", PUBLIC),
    "akun/lupa-sandi/terkirim/": Page("/akun/lupa-sandi/terkirim/", PUBLIC),
    "akun/lupa-sandi/<uidb64>/<token>/": Page("/akun/lupa-sandi/{worker_uidb64}/bukan-token/", PUBLIC),
    "akun/lupa-sandi/selesai/": Page("/akun/lupa-sandi/selesai/", PUBLIC),
    # outreach: imports, links, targets, events
    "organisasi/<slug:code>/impor/": Page("/organisasi/ksbsi-dki/impor/", OVERSEERS_OR_403),
    "impor/<int:import_id>/": Page("/impor/{import}/", OVERSEERS_OR_404),
    "impor/<int:import_id>/ditolak.csv": Page(
        "/impor/{import}/ditolak.csv", OVERSEERS_OR_404, sees=seen_by("own_officer", "admin", people={"refused"})
    ),
    "impor/<int:import_id>/undangan.csv": Page(
        "/impor/{import}/undangan.csv", OVERSEERS_OR_404, sees=seen_by("own_officer", "admin", people={"imported"})
    ),
    "undangan/<uidb64>/<token>/": Page("/undangan/{imported_uidb64}/bukan-token/", PUBLIC),
    "organisasi/<slug:code>/tautan/": Page("/organisasi/ksbsi-dki/tautan/", OVERSEERS_OR_403),
    "target/": Page("/target/", DASHBOARD_USERS, sees=seen_by("own_officer", "admin", people={"dki_target"})),
    "target/<int:target_id>/": Page(
        "/target/{target}/", OVERSEERS_OR_404, sees=seen_by("own_officer", "admin", people={"dki_target"})
    ),
    "sosialisasi/": Page("/sosialisasi/", answers(200, worker=403, assessor=403)),
    "sosialisasi/<int:event_id>/": Page("/sosialisasi/{event}/", OVERSEERS_OR_404),
    "sosialisasi/<int:event_id>/penyelenggara/<slug:code>/": Page(
        "/sosialisasi/{event}/penyelenggara/ksbsi-dki/", POST_ONLY
    ),
    # insights
    "dasbor/": Page("/dasbor/", DASHBOARD_USERS),
    # organizations
    "organisasi/": Page("/organisasi/", LOGGED_IN),
    "organisasi/<slug:code>/": Page(
        "/organisasi/ksbsi-dki/",
        OVERSEERS_OR_403,
        sees=seen_by(
            "own_officer", "admin", people={"worker", "classmate", "imported", "own_officer", "second_officer"}
        ),
    ),
    # GET asks the overseer why they want the whole NIK (shown only on POST with a reason)
    "organisasi/<slug:code>/anggota/<int:user_id>/nik/": Page(
        "/organisasi/ksbsi-dki/anggota/{worker}/nik/",
        OVERSEERS_OR_403,
        sees=seen_by("own_officer", "admin", people={"worker"}),
    ),
    "organisasi/<slug:code>/anggota/<int:user_id>/kode-reset/": Page(
        "/organisasi/ksbsi-dki/anggota/{worker}/kode-reset/", POST_ONLY
    ),
    "organisasi/<slug:code>/pengurus/": Page(
        "/organisasi/ksbsi-dki/pengurus/",
        OVERSEERS_OR_403,
        sees=seen_by("own_officer", "admin", people={"own_officer", "second_officer"}),
    ),
    "organisasi/<slug:code>/pengurus/<int:user_id>/hapus/": Page(
        "/organisasi/ksbsi-dki/pengurus/{second_officer}/hapus/",
        OVERSEERS_OR_403,
        sees=seen_by("own_officer", "admin", people={"second_officer"}),
    ),
    # approving or refusing a request to join: POST only (tests/organizations/test_join_requests.py)
    "organisasi/<slug:code>/permintaan/<int:request_id>/": Page("/organisasi/ksbsi-dki/permintaan/1/", POST_ONLY),
    # learning
    "kursus/": Page("/kursus/", PUBLIC),
    "kursus/<slug:code>/": Page("/kursus/digital-marketing-umkm/", PUBLIC),
    "kursus/<slug:code>/daftar/": Page("/kursus/digital-marketing-umkm/daftar/", POST_ONLY),
    # what "Save for offline" stores: only for who follows the course (tests/learning/test_offline.py)
    "kursus/<slug:code>/offline/": Page("/kursus/digital-marketing-umkm/offline/", answers(404, worker=200)),
    "belajar/offline/": Page("/belajar/offline/", PUBLIC),
    "belajar/pelajaran/<int:lesson_id>/soal/": Page("/belajar/pelajaran/{quiz}/soal/", answers(404, worker=200)),
    "sw.js": Page("/sw.js", PUBLIC),
    # only W follows the course; anyone else is told they do not
    "kursus/<slug:code>/keluar/": Page("/kursus/digital-marketing-umkm/keluar/", answers(404, worker=200)),
    "belajar/": Page("/belajar/", LOGGED_IN),
    "belajar/pelajaran/<int:lesson_id>/": Page("/belajar/pelajaran/{lesson}/", answers(404, worker=200)),
    "belajar/kuis/<int:attempt_id>/": Page("/belajar/kuis/{attempt}/", answers(404, worker=200)),
    "belajar/kode-hadir/": Page("/belajar/kode-hadir/", LOGGED_IN),
    "kelas/<int:session_id>/kursi/": Page("/kelas/{session}/kursi/", POST_ONLY),
    "kelas/<int:session_id>/presensi/": Page(
        "/kelas/{session}/presensi/",
        PROVIDER_STAFF_OR_403,
        sees=seen_by("own_provider_staff", "admin", people={"worker", "classmate"}),
    ),
    "kelas/<int:session_id>/tuan-rumah/<slug:code>/": Page("/kelas/{session}/tuan-rumah/ksbsi-dki/", POST_ONLY),
    "penyedia/<slug:provider_code>/": Page("/penyedia/lpk-terampil/", PROVIDER_STAFF_OR_403),
    "penyedia/kursus/<slug:code>/": Page("/penyedia/kursus/digital-marketing-umkm/", PROVIDER_STAFF_OR_403),
    "penyedia/kursus/<slug:code>/laporan/": Page(
        "/penyedia/kursus/digital-marketing-umkm/laporan/", PROVIDER_STAFF_OR_403
    ),
    "kelas/<int:session_id>/batal/": Page("/kelas/{session}/batal/", answers(404, worker=200)),
    "tinjau/": Page("/tinjau/", answers(403, admin=200)),
    "tinjau/<slug:code>/": Page(f"/tinjau/{REVIEWED_COURSE}/", answers(403, admin=200)),
    # credentials: W's certificate. Its public verification page names its holder to anyone who has
    # its number (the QR on the paper), and nothing else of theirs.
    "sertifikat/": Page("/sertifikat/", LOGGED_IN),
    "sertifikat/<uuid:public_id>/unduh/<slug:fmt>/": Page(
        "/sertifikat/{credential}/unduh/json/", answers(404, worker=200)
    ),
    # the form shows to anyone logged in (number, title, issuer: no one's data); revoking is refused
    # on sending it to all but the issuer's staff and the admin
    "sertifikat/<uuid:public_id>/cabut/": Page("/sertifikat/{credential}/cabut/", LOGGED_IN),
    "verify/": Page("/verify/", PUBLIC),
    "verify/<uuid:public_id>": Page(
        "/verify/{credential}", PUBLIC, names={role: frozenset({"worker"}) for role in NOT_THE_HOLDER}
    ),
    ".well-known/jwks.json": Page("/.well-known/jwks.json", PUBLIC),
    "credentials/status/<int:list_number>": Page("/credentials/status/{status_list}", PUBLIC),
    "credentials/contexts/<str:name>": Page("/credentials/contexts/credentials-v2-context.json", PUBLIC),
    "credentials/issuer": Page("/credentials/issuer", PUBLIC),
    "credentials/issuers/<slug:code>": Page("/credentials/issuers/lpk-terampil", PUBLIC),
    # competency certification: W's application to lsp-matriks (scheduled with the assessor, a PDF
    # of evidence) and B's (submitted). The worker, the LSP's staff (and admin) and the assigned
    # assessor open W's; the assessor's desk lists W only.
    "sertifikasi/": Page("/sertifikasi/", PUBLIC),
    "sertifikasi/skema/<int:scheme_id>/": Page("/sertifikasi/skema/{scheme}/", PUBLIC),
    "sertifikasi/pengajuan/<int:application_id>/": Page(
        "/sertifikasi/pengajuan/{cert_application}/",
        answers(404, worker=200, lsp_staff=200, assessor=200, admin=200),
        sees=seen_by("lsp_staff", "assessor", "admin", people={"worker"}),
        names=seen_by("worker", "lsp_staff", "admin", people={"assessor"}),
    ),
    "sertifikasi/bukti/<int:evidence_id>/": Page(
        "/sertifikasi/bukti/{evidence}/", answers(404, worker=200, lsp_staff=200, assessor=200, admin=200)
    ),
    "sertifikasi/lsp/<slug:lsp_code>/": Page(
        "/sertifikasi/lsp/lsp-matriks/",
        answers(403, lsp_staff=200, admin=200),
        names=seen_by("lsp_staff", "admin", people={"worker", "classmate", "assessor"}),
    ),
    "sertifikasi/lsp/<slug:lsp_code>/tuk/": Page("/sertifikasi/lsp/lsp-matriks/tuk/", answers(405, anonymous=405)),
    "sertifikasi/lsp/<slug:lsp_code>/asesor/": Page(
        "/sertifikasi/lsp/lsp-matriks/asesor/", answers(405, anonymous=405)
    ),
    "sertifikasi/asesor/": Page("/sertifikasi/asesor/", LOGGED_IN, names=seen_by("assessor", people={"worker"})),
    "penyedia/<slug:provider_code>/sertifikat/": Page("/penyedia/lpk-terampil/sertifikat/", PROVIDER_STAFF_OR_403),
    # matching (issue 11): the worker's pages; the employer's candidates (B accepted the invitation:
    # the employer sees B's contact details; W stays anonymous)
    "kerja/untuk-saya/": Page("/kerja/untuk-saya/", ONLY_WORKERS),
    "kerja/keterampilan/": Page("/kerja/keterampilan/", ONLY_WORKERS),
    "kerja/keterampilan/<str:code>/hapus/": Page("/kerja/keterampilan/NK-DIG-01/hapus/", POST_ONLY),
    "kerja/preferensi/": Page("/kerja/preferensi/", ONLY_WORKERS),
    "kerja/undangan/": Page("/kerja/undangan/", ONLY_WORKERS),
    "kerja/undangan/<int:invitation_id>/<slug:answer>/": Page("/kerja/undangan/{invitation}/terima/", POST_ONLY),
    "kerja/lowongan/<int:opportunity_id>/jalur/": Page(
        "/kerja/lowongan/{matched_opportunity}/jalur/?near=1", ONLY_WORKERS
    ),
    "kerja/lowongan/<int:opportunity_id>/jalur/daftar/": Page(
        "/kerja/lowongan/{matched_opportunity}/jalur/daftar/", POST_ONLY
    ),
    "kerja/lowongan/<int:opportunity_id>/kandidat/": Page(
        "/kerja/lowongan/{matched_opportunity}/kandidat/",
        EMPLOYER_OR_403,
        sees=seen_by("employer_staff", people={"classmate"}),
    ),
    "kerja/lowongan/<int:opportunity_id>/kandidat/undang/": Page(
        "/kerja/lowongan/{matched_opportunity}/kandidat/undang/", POST_ONLY
    ),
    "kerja/okupasi/<str:code>/jalur/": Page("/kerja/okupasi/2/jalur/", ONLY_WORKERS),
    "kerja/okupasi/<str:code>/jalur/daftar/": Page("/kerja/okupasi/2/jalur/daftar/", POST_ONLY),
}

STAFF_OF_THE_COMPANY = answers(403, employer_staff=200, admin=200)
PAGES.update(
    {
        # jobs: workers browse, apply and follow their applications
        "lowongan/": Page("/lowongan/?q=matriks&kind=job", PUBLIC),
        "lowongan/<int:opportunity_id>/": Page("/lowongan/{opportunity}/", PUBLIC),
        "lowongan/<int:opportunity_id>/lamar/": Page("/lowongan/{opportunity}/lamar/", POST_ONLY),
        "lowongan/<int:opportunity_id>/otomatis/": Page("/lowongan/{opportunity}/otomatis/", POST_ONLY),
        "lowongan/<int:opportunity_id>/jamin/": Page("/lowongan/{opportunity}/jamin/", POST_ONLY),
        "lamaran/": Page("/lamaran/", LOGGED_IN),
        "lamaran/<int:application_id>/tarik/": Page("/lamaran/{application}/tarik/", POST_ONLY),
        # employers: their posts, applicants (W applied), the Karirhub report
        "pemberi-kerja/<slug:code>/": Page("/pemberi-kerja/pt-matriks/", STAFF_OF_THE_COMPANY),
        "pemberi-kerja/<slug:code>/baru/": Page("/pemberi-kerja/pt-matriks/baru/", STAFF_OF_THE_COMPANY),
        "pemberi-kerja/<slug:code>/karirhub/<slug:fmt>/": Page(
            "/pemberi-kerja/pt-matriks/karirhub/csv/", STAFF_OF_THE_COMPANY
        ),
        # union officers flag a poster
        "pemberi-kerja/<slug:code>/adukan/": Page(
            "/pemberi-kerja/pt-matriks/adukan/", answers(403, own_officer=200, other_branch_officer=200)
        ),
        "pemberi-kerja/lowongan/<int:opportunity_id>/ubah/": Page(
            "/pemberi-kerja/lowongan/{opportunity}/ubah/", STAFF_OF_THE_COMPANY
        ),
        "pemberi-kerja/lowongan/<int:opportunity_id>/pelamar/": Page(
            "/pemberi-kerja/lowongan/{opportunity}/pelamar/",
            STAFF_OF_THE_COMPANY,
            sees=seen_by("employer_staff", "admin", people={"worker"}),
        ),
        "pemberi-kerja/lowongan/<int:opportunity_id>/lapor/": Page(
            "/pemberi-kerja/lowongan/{opportunity}/lapor/", POST_ONLY
        ),
        "pemberi-kerja/lowongan/<int:opportunity_id>/tutup/": Page(
            "/pemberi-kerja/lowongan/{opportunity}/tutup/", POST_ONLY
        ),
        "pemberi-kerja/lowongan/<int:opportunity_id>/komitmen/": Page(
            "/pemberi-kerja/lowongan/{opportunity}/komitmen/", STAFF_OF_THE_COMPANY
        ),
        "pemberi-kerja/lamaran/<int:application_id>/tahap/": Page(
            "/pemberi-kerja/lamaran/{application}/tahap/", POST_ONLY
        ),
        # the platform admin's review of posts and flags, and licences
        "tinjau-lowongan/": Page("/tinjau-lowongan/", answers(403, admin=200)),
        "tinjau-lowongan/<int:opportunity_id>/": Page("/tinjau-lowongan/{pending_opportunity}/", POST_ONLY),
        "tinjau-lowongan/aduan/<int:flag_id>/": Page("/tinjau-lowongan/aduan/{flag}/", POST_ONLY),
        "tinjau-lowongan/izin/": Page("/tinjau-lowongan/izin/", answers(403, admin=200)),
        # unions and chambers: applications and placements in their scope (counts only)
        "penempatan/": Page(
            "/penempatan/",
            answers(403, own_officer=200, other_branch_officer=200, other_region_chamber_officer=200, admin=200),
        ),
    }
)

# More doors into the same routes: other scopes, other organisations, a download, a course not out.
VARIANTS: list[tuple[str, Page]] = [
    ("dasbor/", Page("/dasbor/?scope=organization:ksbsi-dki", OVERSEERS_OR_403)),
    ("dasbor/", Page("/dasbor/?scope=province:31", answers(403, admin=200))),
    ("dasbor/", Page("/dasbor/?scope=organization:ksbsi-dki&format=csv", OVERSEERS_OR_403)),
    (
        "organisasi/<slug:code>/",
        Page(
            "/organisasi/ksbsi-jabar/",
            answers(403, other_branch_officer=200, admin=200),
            sees=seen_by("admin", people={"other_branch_officer"}),
        ),
    ),
    ("penyedia/<slug:provider_code>/", Page("/penyedia/lpk-lain/", answers(403, other_provider_staff=200, admin=200))),
    ("kursus/<slug:code>/", Page(f"/kursus/{DRAFT_COURSE}/", answers(404, anonymous=404))),
    (
        "penyedia/kursus/<slug:code>/laporan/",
        Page(f"/penyedia/kursus/{COURSE}/laporan/?format=csv", PROVIDER_STAFF_OR_403),
    ),
    ("tinjau/<slug:code>/", Page(f"/tinjau/{COURSE}/", answers(403, admin=409))),
    *[
        (
            "sertifikat/<uuid:public_id>/unduh/<slug:fmt>/",
            Page(f"/sertifikat/{{credential}}/unduh/{fmt}/", answers(404, worker=200)),
        )
        for fmt in ("pdf", "phone", "jwt", "png", "svg")
    ],
    ("sertifikat/<uuid:public_id>/unduh/<slug:fmt>/", Page("/sertifikat/{credential}/unduh/docx/", answers(404))),
    (
        "sertifikat/<uuid:public_id>/unduh/<slug:fmt>/",
        Page("/sertifikat/{missing_credential}/unduh/pdf/", answers(404)),
    ),
    ("sertifikat/<uuid:public_id>/cabut/", Page("/sertifikat/{missing_credential}/cabut/", answers(404))),
    ("verify/<uuid:public_id>", Page("/verify/{missing_credential}", answers(404, anonymous=404))),
    ("credentials/status/<int:list_number>", Page("/credentials/status/{status_list}?format=json", PUBLIC)),
    ("credentials/status/<int:list_number>", Page("/credentials/status/0", answers(404, anonymous=404))),
    ("credentials/contexts/<str:name>", Page("/credentials/contexts/ob-v3p0-context-3.0.3.json", PUBLIC)),
    ("credentials/contexts/<str:name>", Page("/credentials/contexts/tidak-ada.json", answers(404, anonymous=404))),
    ("credentials/issuers/<slug:code>", Page("/credentials/issuers/ksbsi-dki", answers(404, anonymous=404))),
    (
        "lowongan/<int:opportunity_id>/",
        Page("/lowongan/{pending_opportunity}/", answers(404, anonymous=404, employer_staff=200, admin=200)),
    ),
    (
        "pemberi-kerja/<slug:code>/karirhub/<slug:fmt>/",
        Page("/pemberi-kerja/pt-matriks/karirhub/xlsx/", STAFF_OF_THE_COMPANY),
    ),
    ("pemberi-kerja/<slug:code>/", Page("/pemberi-kerja/ksbsi-dki/", answers(404))),
    ("penempatan/", Page("/penempatan/?scope=organization:ksbsi-jabar", answers(403, other_branch_officer=200))),
    ("credentials/issuers/<slug:code>", Page("/credentials/issuers/lsp-matriks", PUBLIC)),
    (
        "sertifikasi/pengajuan/<int:application_id>/",
        Page(
            "/sertifikasi/pengajuan/{other_cert_application}/",
            answers(404, lsp_staff=200, admin=200),
            sees=seen_by("lsp_staff", "admin", people={"classmate"}),
        ),
    ),
    ("sertifikasi/skema/<int:scheme_id>/", Page("/sertifikasi/skema/999999/", answers(404, anonymous=404))),
]


def _routes(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


def page_routes() -> list[str]:
    return list(_routes(get_resolver().url_patterns))


def test_every_page_is_in_the_matrix() -> None:
    routes = page_routes()
    assert sorted(set(routes) - set(PAGES)) == [], "a new page: add it to PAGES with the answer of each role"
    assert sorted(set(PAGES) - set(routes)) == [], "a page is gone: remove it from PAGES"
    assert sorted({route for route, _page in VARIANTS} - set(routes)) == []


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    yield from module_world(django_db_blocker)


def _cases() -> Iterator[Any]:
    for route, page in [*PAGES.items(), *VARIANTS]:
        for role in ROLES:
            yield pytest.param(route, page, role, id=f"{page.url} {role}")


def _body(response: Any) -> str:
    # A download read to its end is closed by the test client (closing it here again would send
    # request_finished, whose close_old_connections ends the module's transaction on PostgreSQL).
    content = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    return content.decode("utf-8-sig", errors="replace")


@pytest.mark.parametrize(("route", "page", "role"), list(_cases()))
def test_each_role_gets_its_answer_and_no_one_elses_data(
    client: Client, world: World, route: str, page: Page, role: str
) -> None:
    if role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    response = client.get(page.url.format(**world.ids))
    body = _body(response)
    expected = page.expected[role]
    got: Expected = response.status_code
    if response.status_code == 302:
        location = response["Location"]
        got = "login" if location.startswith(LOGIN) else location
    assert got == expected, (role, response.status_code, body[:300])

    allowed = page.sees.get(role, frozenset()) if response.status_code == 200 else frozenset()
    named = page.names.get(role, frozenset()) if response.status_code == 200 else frozenset()
    # what a role may see is there (else the world would not test the page)
    assert [key for key in allowed if not any(s in body for s in world.people[key].secrets())] == []
    assert [key for key in named if world.people[key].name not in body] == []
    for key, person in world.people.items():
        if key == role:
            continue
        # nobody's whole NIK is on any page one opens; the rest only where the role may see it
        if key in allowed:
            forbidden = [person.nik]
        elif key in named:
            forbidden = [s for s in person.secrets() if s != person.name]
        else:
            forbidden = person.secrets()
        leaked = [s for s in forbidden if s and s in body]
        assert not leaked, f"{role} sees {key}'s {leaked} on {page.url}"
