"""Demo opportunities, applications at every stage, a placement agency's licence and a train-to-hire
commitment. Idempotent (a post is looked up by employer and title); called by seed_demo after the
courses exist. Posts go through the same services as an employer's, reviewed by the demo admin."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from naker.accounts import selectors as account_selectors
from naker.accounts.demo import SEEDED_PHONE_PREFIX
from naker.jobs import services
from naker.jobs.models import Application, Opportunity
from naker.organizations import selectors as org_selectors

if TYPE_CHECKING:
    from naker.accounts.models import User


@dataclass(frozen=True)
class DemoPost:
    employer: str
    kind: str
    title: str
    description: str
    required: list[str]
    nice: list[str] = field(default_factory=list)
    regency: str = ""
    remote: bool = False
    employment: str = ""
    pay: tuple[int, int] | None = None
    currency: str = "IDR"
    pay_basis: str = ""
    openings: int = 1
    days_open: int = 45
    education: str = ""
    country: str = ""
    language: str = ""
    costs: str = ""
    publish: bool = True
    courses: list[str] = field(default_factory=list)


POSTS = [
    DemoPost(
        "pt-maju-bersama",
        "job",
        "Operator Las SMAW",
        "Mengelas rangka dan komponen baja di lini produksi Cikarang. Kerja 5 hari, lembur dibayar, BPJS.",
        ["NK-LAS-01", "NK-LAS-02"],
        ["NK-K3-01"],
        regency="32.16",
        employment="full_time",
        pay=(4_800_000, 5_600_000),
        openings=5,
        education="smk",
        courses=["las-smaw-dasar"],
    ),
    DemoPost(
        "pt-maju-bersama",
        "apprenticeship",
        "Magang Operator Produksi Garmen",
        "Magang 6 bulan di bagian jahit. Uang saku bulanan, sertifikat magang, peluang diangkat.",
        ["NK-JHT-01"],
        ["NK-K3-01"],
        regency="32.16",
        pay=(2_500_000, 2_500_000),
        openings=10,
    ),
    DemoPost(
        "hotel-bali-permai",
        "job",
        "Staf Dapur Hotel (Commis)",
        "Menyiapkan bahan dan membantu juru masak di dapur hotel bintang empat di Nusa Dua.",
        ["NK-KUL-01"],
        ["NK-KOM-01"],
        regency="51.03",
        employment="contract",
        pay=(3_600_000, 4_200_000),
        openings=3,
    ),
    DemoPost(
        "hotel-bali-permai",
        "job",
        "Resepsionis Paruh Waktu",
        "Melayani tamu di meja depan pada akhir pekan. Bisa bahasa Inggris dasar.",
        ["NK-KOM-01", "NK-DIG-03"],
        regency="51.03",
        employment="part_time",
        pay=(2_000_000, 2_400_000),
    ),
    DemoPost(
        "cv-kreasi-rumahan",
        "side_gig",
        "Admin Toko Online (per proyek)",
        "Mengunggah 50 produk ke marketplace dan membalas chat pembeli selama sebulan. Bisa dari rumah.",
        ["NK-DIG-02"],
        ["NK-DIG-01"],
        remote=True,
        pay=(750_000, 1_000_000),
        pay_basis="project",
        openings=2,
    ),
    DemoPost(
        "cv-kreasi-rumahan",
        "side_gig",
        "Jahit Tas Kain (per potong)",
        "Menjahit tas kain dari bahan yang kami antar. Dibayar per potong, diambil tiap minggu.",
        ["NK-JHT-01"],
        regency="34.71",
        pay=(8_000, 12_000),
        pay_basis="piece",
        openings=5,
    ),
    DemoPost(
        "pt-karya-migran",
        "abroad",
        "Perawat Lansia (Kaigo) di Jepang",
        "Kontrak 3 tahun di panti wreda di Osaka melalui skema Specified Skilled Worker. Asrama disediakan.",
        ["NK-LN-01", "NK-LN-02"],
        ["NK-KOM-01"],
        country="JP",
        currency="JPY",
        pay=(180_000, 220_000),
        language="Bahasa Jepang setara JLPT N4 dan tes keterampilan kaigo",
        costs=(
            "Tiket pesawat, visa, pelatihan dan asuransi dibayar pemberi kerja. Pekerja membayar paspor, "
            "SKCK dan pemeriksaan kesehatan sendiri (sekitar Rp1.500.000)."
        ),
        openings=8,
    ),
    DemoPost(
        "pt-sinar-logistik",
        "job",
        "Staf Gudang",
        "Menerima, menyimpan dan mengirim barang di gudang Cakung.",
        ["NK-LOG-01"],
        regency="31.75",
        employment="full_time",
        pay=(5_000_000, 5_400_000),
        publish=False,  # waits in the admin's review queue
    ),
]

# Seeded workers' applications to the welding job, one at each stage.
STAGES = [
    [],
    ["shortlisted"],
    ["shortlisted", "interview"],
    ["shortlisted", "interview", "offered"],
    ["shortlisted", "interview", "offered", "hired"],
    ["not_selected"],
]


def _post(spec: DemoPost, admin: User, today: datetime.date) -> Opportunity:
    employer = org_selectors.get_organization(spec.employer)
    found = Opportunity.objects.filter(employer=employer, title=spec.title).first()
    if found is not None:
        return found
    data = services.OpportunityData(
        kind=spec.kind,
        title=spec.title,
        description=spec.description,
        closes_on=today + datetime.timedelta(days=spec.days_open),
        regency_code=spec.regency,
        remote=spec.remote,
        employment=spec.employment,
        education=spec.education,
        openings=spec.openings,
        pay_min=spec.pay[0] if spec.pay else None,
        pay_max=spec.pay[1] if spec.pay else None,
        currency=spec.currency,
        pay_basis=spec.pay_basis,
        destination_country=spec.country,
        language_requirement=spec.language,
        placement_costs=spec.costs,
        worker_costs_idr=0 if spec.kind == "abroad" else None,
        skills=[services.SkillWanted(code=c) for c in spec.required]
        + [services.SkillWanted(code=c, required=False) for c in spec.nice],
        preferred_courses=spec.courses,
    )
    opportunity = services.post_opportunity(actor=admin, employer_code=spec.employer, data=data)
    if spec.publish:
        opportunity = services.review_opportunity(actor=admin, opportunity_id=opportunity.pk, decision="publish")
    return opportunity


@transaction.atomic
def ensure_jobs(*, admin: User) -> list[Opportunity]:
    today = timezone.localdate()
    services.record_licence(
        actor=admin,
        employer_code="pt-karya-migran",
        number="KEP.245/PK.02.02/VIII/2023",
        valid_from=datetime.date(2023, 8, 1),
        valid_until=datetime.date(2028, 7, 31),
    )
    posts = [_post(spec, admin, today) for spec in POSTS]
    welding = posts[0]
    # Kadin Kota Bekasi vouches for its member's post
    chapter = org_selectors.organization("kadin-kota-bekasi")
    if chapter is not None and welding.vouched_by_id is None:
        Opportunity.objects.filter(pk=welding.pk).update(vouched_by=chapter, vouched_at=timezone.now())
    # train to hire: the welding course path, interviews within two months
    services.set_commitment(
        actor=admin,
        opportunity_id=welding.pk,
        course_codes=["las-smaw-dasar", "k3-pabrik"],
        interview_by=today + datetime.timedelta(days=60),
    )
    if not Application.objects.filter(opportunity=welding).exists():
        seeded = account_selectors.workers().filter(phone__startswith=SEEDED_PHONE_PREFIX).order_by("pk")
        workers = list(seeded[: len(STAGES) + 1])
        for worker, stages in zip(workers, STAGES, strict=False):
            application = services.apply(worker=worker, opportunity=welding, message="Saya lulusan SMK teknik las.")
            for stage in stages:
                services.move_application(actor=admin, application_id=application.pk, stage=stage)
        if len(workers) > len(STAGES):
            withdrawn = services.apply(worker=workers[len(STAGES)], opportunity=welding)
            services.withdraw(worker=workers[len(STAGES)], application_id=withdrawn.pk)
        demo_worker = account_selectors.user_by_login("pekerja@demo.naker.id")
        if demo_worker is not None:
            services.apply(worker=demo_worker, opportunity=posts[2], message="Saya suka memasak.")
    return posts
