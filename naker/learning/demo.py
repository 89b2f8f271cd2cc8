"""Demo courses: every theme, online and in class, with quizzes; and scale data for the bench."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import reset_queries, transaction
from django.utils import timezone

from naker.accounts.selectors import workers
from naker.learning import search, services
from naker.learning.demo_content import CONTENT, Question
from naker.learning.models import Course, CourseVersion, Enrolment, Lesson, Module, OfflineSession
from naker.skills.loader import ensure_skills as load_skills
from naker.skills.loader import load_demo_units

if TYPE_CHECKING:
    from naker.accounts.models import User
    from naker.organizations.models import Organization

# Demo skills. Codes are the platform's own, not SKKNI unit numbers (those come with real SKKNI data).
DEMO_SKILLS = [
    ("NK-LAS-01", "Pengelasan SMAW posisi datar", "SMAW welding, flat position", "C"),
    ("NK-LAS-02", "Keselamatan kerja pengelasan", "Welding safety", "C"),
    ("NK-DIG-01", "Pemasaran digital untuk UMKM", "Digital marketing for small businesses", "J"),
    ("NK-DIG-02", "Mengelola toko daring", "Running an online shop", "G"),
    ("NK-DIG-03", "Aplikasi perkantoran dasar", "Basic office software", "J"),
    ("NK-KEU-01", "Pembukuan usaha kecil", "Small-business bookkeeping", "M"),
    ("NK-KAR-01", "Menulis CV dan wawancara kerja", "CV writing and job interviews", None),
    ("NK-KOM-01", "Komunikasi di tempat kerja", "Communication at work", None),
    ("NK-LN-01", "Bahasa Jepang dasar untuk kerja", "Basic Japanese for work", None),
    ("NK-LN-02", "Persiapan kerja di luar negeri", "Preparing to work abroad", "N"),
    ("NK-JHT-01", "Menjahit pakaian dasar", "Basic garment sewing", "C"),
    ("NK-K3-01", "K3 di pabrik", "Occupational safety in factories", "C"),
    ("NK-LOG-01", "Pergudangan dan logistik", "Warehousing and logistics", "H"),
    ("NK-KUL-01", "Usaha kuliner rumahan", "Home food business", "I"),
]


def _quiz(title: str, questions: list[tuple[str, str, list[tuple[str, bool]]]]) -> dict[str, Any]:
    return {
        "kind": "quiz",
        "title": title,
        "pass_mark": 70,
        "max_attempts": 3,
        "retry_wait_minutes": 60,
        "minutes": 10,
        "questions": [
            {"kind": k, "text": t, "choices": [{"text": c, "correct": ok} for c, ok in cs]} for k, t, cs in questions
        ],
    }


GENERIC_QUESTIONS: list[Question] = [
    ("single", "Apa tujuan utama kursus ini?", [("Menambah keterampilan kerja", True), ("Mengisi waktu saja", False)]),
    ("true_false", "Keselamatan kerja boleh diabaikan jika terburu-buru.", [("Benar", False), ("Salah", True)]),
    ("multiple", "Mana sikap kerja yang baik?", [("Tepat waktu", True), ("Teliti", True), ("Ceroboh", False)]),
]


def _package(
    code: str,
    title: str,
    summary: str,
    theme: str,
    track: str,
    skills: list[str],
    *,
    sector: str | None = None,
    occupation: str | None = None,
    mode: str = "online",
    hours: int = 6,
    level: str = "beginner",
) -> dict[str, Any]:
    reading_title, reading, video_title, video_text, questions = CONTENT.get(
        code, (f"Apa itu {title.lower()}?", summary, "Video: langkah pertama", summary, GENERIC_QUESTIONS)
    )
    return {
        "code": code,
        "title": title,
        "summary": summary,
        "theme": theme,
        "track": track,
        "skills": skills,
        "sector": sector,
        "occupation": occupation,
        "mode": mode,
        "estimated_hours": hours,
        "level": level,
        "modules": [
            {
                "title": "Pengenalan",
                "lessons": [
                    {"kind": "text", "title": reading_title, "body": reading, "minutes": 10},
                    {
                        "kind": "video",
                        "title": video_title,
                        "media_url": "https://video.naker.id/demo.mp4",
                        "media_size_bytes": 14_500_000,
                        "body": video_text,
                        "minutes": 12,
                    },
                ],
            },
            {
                "title": "Praktik",
                "lessons": [
                    {
                        "kind": "file",
                        "title": "Lembar kerja (PDF)",
                        "media_url": "https://naker.id/demo/lembar-kerja.pdf",
                        "media_size_bytes": 350_000,
                        "minutes": 20,
                    },
                    _quiz("Kuis akhir", questions),
                ],
            },
        ],
    }


DEMO_COURSES = [
    (
        "lpk-terampil",
        _package(
            "las-smaw-dasar",
            "Pengelasan (Las) SMAW untuk Pemula",
            "Belajar las listrik SMAW posisi datar dengan aman, dari menyiapkan mesin sampai hasil las yang rapi.",
            "industry",
            "reskilling",
            ["NK-LAS-01", "NK-LAS-02", "LOG.OO01.002.01"],
            sector="C",
            occupation="7",
            mode="hybrid",
            hours=40,
        ),
    ),
    (
        "lpk-terampil",
        _package(
            "digital-marketing-umkm",
            "Digital Marketing untuk UMKM",
            "Pemasaran digital untuk usaha kecil: foto produk, media sosial, dan iklan murah yang tepat sasaran.",
            "digital",
            "reskilling",
            ["NK-DIG-01", "NK-DIG-02"],
            sector="J",
            hours=12,
        ),
    ),
    (
        "lpk-terampil",
        _package(
            "toko-online-pemula",
            "Membuka Toko Online dari Nol",
            "Langkah membuka toko di marketplace, mengatur stok, dan melayani pembeli.",
            "side_income",
            "reskilling",
            ["NK-DIG-02"],
            sector="G",
            hours=8,
        ),
    ),
    (
        "lpk-terampil",
        _package(
            "pembukuan-usaha-kecil",
            "Pembukuan Sederhana untuk Usaha Kecil",
            "Mencatat uang masuk dan keluar, menghitung untung, dan memisahkan uang usaha dari uang rumah tangga.",
            "side_income",
            "upskilling",
            ["NK-KEU-01"],
            sector="M",
            hours=6,
        ),
    ),
    (
        "lpk-terampil",
        _package(
            "cv-dan-wawancara",
            "Menulis CV dan Menghadapi Wawancara Kerja",
            "Membuat CV yang dibaca perekrut dan menjawab pertanyaan wawancara dengan percaya diri.",
            "career",
            "upskilling",
            ["NK-KAR-01", "NK-KOM-01"],
            hours=4,
        ),
    ),
    (
        "lpk-terampil",
        _package(
            "komunikasi-kerja",
            "Komunikasi yang Baik di Tempat Kerja",
            "Berbicara dengan atasan dan rekan kerja, menyampaikan keluhan, dan bekerja dalam tim.",
            "self_development",
            "upskilling",
            ["NK-KOM-01"],
            hours=3,
        ),
    ),
    (
        "lpk-terampil",
        _package(
            "bahasa-jepang-kerja",
            "Bahasa Jepang Dasar untuk Bekerja di Jepang",
            "Persiapan bahasa dan budaya kerja untuk calon pekerja migran ke Jepang (setara JLPT N5).",
            "work_abroad",
            "reskilling",
            ["NK-LN-01", "NK-LN-02"],
            sector="N",
            mode="hybrid",
            hours=60,
        ),
    ),
    (
        "blk-bekasi",
        _package(
            "menjahit-pakaian",
            "Menjahit Pakaian untuk Industri Garmen",
            "Teknik menjahit dengan mesin industri, membaca pola, dan menjaga mutu jahitan.",
            "industry",
            "upskilling",
            ["NK-JHT-01", "NK-K3-01"],
            sector="C",
            occupation="7",
            mode="offline",
            hours=30,
        ),
    ),
    (
        "blk-bekasi",
        _package(
            "k3-pabrik",
            "Keselamatan dan Kesehatan Kerja (K3) di Pabrik",
            "Mengenali bahaya di pabrik, memakai alat pelindung diri, dan bertindak saat terjadi kecelakaan.",
            "industry",
            "upskilling",
            ["NK-K3-01"],
            sector="C",
            occupation="8",
            hours=5,
        ),
    ),
    (
        "blk-bekasi",
        _package(
            "gudang-logistik",
            "Dasar Pergudangan dan Logistik",
            "Penerimaan barang, penyimpanan, pengambilan pesanan, dan pencatatan stok di gudang.",
            "industry",
            "reskilling",
            ["NK-LOG-01"],
            sector="H",
            occupation="4",
            mode="hybrid",
            hours=16,
        ),
    ),
    (
        "blk-bekasi",
        _package(
            "office-dasar",
            "Aplikasi Perkantoran Dasar (Office)",
            "Mengetik surat, membuat tabel sederhana, dan mengirim email untuk pekerjaan administrasi.",
            "digital",
            "upskilling",
            ["NK-DIG-03"],
            sector="J",
            occupation="4",
            hours=10,
        ),
    ),
    (
        "blk-bekasi",
        _package(
            "usaha-kuliner-rumahan",
            "Memulai Usaha Kuliner Rumahan",
            "Dari resep ke produk: kemasan, izin PIRT, harga jual, dan penjualan lewat aplikasi.",
            "side_income",
            "reskilling",
            ["NK-KUL-01", "NK-DIG-01"],
            sector="I",
            hours=8,
        ),
    ),
]

# (course, regency, venue, days from now, capacity)
DEMO_SESSIONS = [
    ("las-smaw-dasar", "32.75", "BLK Kota Bekasi, Jl. Pramuka", 7, 20),
    ("las-smaw-dasar", "35.78", "Balai Latihan Kerja Surabaya", 14, 15),
    ("menjahit-pakaian", "33.74", "Sanggar Serikat KSPSI Semarang", 10, 25),
    ("menjahit-pakaian", "73.71", "Gedung Kadin Sulawesi Selatan, Makassar", 21, 20),
    ("bahasa-jepang-kerja", "53.71", "LPK Terampil Kupang", 12, 30),
    ("gudang-logistik", "12.71", "Gedung KSBSI Medan", 9, 25),
]


def ensure_skills() -> None:
    load_skills(DEMO_SKILLS)
    load_demo_units()  # SKKNI units: the welding course teaches one


@transaction.atomic
def ensure_courses(*, author: User, admin: User) -> list[Course]:
    """Imports, reviews and publishes the demo courses that are not there yet."""
    ensure_skills()
    courses = []
    for provider, package in DEMO_COURSES:
        course = Course.objects.filter(code=package["code"]).first()
        if course is None or course.published_version_id is None:
            services.import_package(actor=author, provider_code=provider, package=package, submit=True)
            services.review(admin=admin, course_code=package["code"], approve=True)
            course = Course.objects.get(code=package["code"])
        courses.append(course)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    for code, regency, venue, days, capacity in DEMO_SESSIONS:
        course = Course.objects.get(code=code)
        if not OfflineSession.objects.filter(course=course, venue=venue).exists():
            services.create_session(
                actor=author,
                course_code=code,
                starts_at=now + timedelta(days=days, hours=2),
                ends_at=now + timedelta(days=days, hours=6),
                venue=venue,
                regency_code=regency,
                capacity=capacity,
                co_host_codes=["kadin-jabar"] if regency.startswith("32") else [],
            )
    return courses


def ensure_progress(*, workers: list[Any], courses: list[Course], seed: int = 11) -> None:
    """Some demo workers in progress, some done, one failing a quiz first."""
    rng = random.Random(seed)
    online = [c for c in courses if c.mode == Course.Mode.ONLINE]
    for i, worker in enumerate(workers):
        for course in rng.sample(online, k=min(2, len(online))):
            enrolment = services.enrol(worker=worker, course_code=course.code)
            if enrolment.status == Enrolment.Status.COMPLETED:
                continue
            lessons = list(
                Lesson.objects.filter(module__version=enrolment.version).order_by("module__position", "position")
            )
            reading = [le for le in lessons if le.kind != Lesson.Kind.QUIZ]
            for lesson in reading[: 1 + i % len(reading)]:
                services.complete_lesson(worker=worker, lesson_id=lesson.pk)
            if i % 3 == 0 and len(reading) == len(lessons) - 1:
                for lesson in reading:
                    services.complete_lesson(worker=worker, lesson_id=lesson.pk)
                quiz = lessons[-1]
                attempt = services.start_quiz(worker=worker, lesson_id=quiz.pk)
                services.submit_quiz(worker=worker, attempt_id=attempt.pk, answers=correct_answers(quiz))


def correct_answers(quiz: Lesson) -> dict[str, list[int]]:
    return {
        str(q.pk): [c.pk for c in q.choices.all() if c.is_correct] for q in quiz.questions.prefetch_related("choices")
    }


# --- scale (bench) ------------------------------------------------------------------------------

THEMES = [t for t, _ in Course.Theme.choices]
WORDS = (
    "pelatihan las listrik jahit garmen pemasaran digital toko online pembukuan usaha kuliner bahasa jepang korea "
    "gudang logistik mesin otomotif bengkel motor perhotelan dapur barista listrik instalasi rumah komputer "
    "desain grafis fotografi produk perawatan lansia pertanian hidroponik peternakan perikanan tambak"
).split()


def seed_courses(total: int, *, provider: Organization, batch_size: int = 2000, seed: int = 5) -> int:
    """Tops published bench courses up to `total`, each with one module of three lessons, indexed
    for search. Bulk inserts: 20,000 courses take seconds, not minutes."""
    start = Course.objects.filter(code__startswith="bench-").count()
    rng = random.Random(seed)
    now = timezone.now()
    for lo in range(start, total, batch_size):
        hi = min(lo + batch_size, total)
        with transaction.atomic():
            courses = []
            for i in range(lo, hi):
                words = rng.sample(WORDS, 4)
                courses.append(
                    Course(
                        code=f"bench-{i}",
                        provider=provider,
                        title=f"Kursus {' '.join(words[:3]).title()} {i}",
                        summary=f"Belajar {' '.join(words)} untuk pekerja.",
                        theme=rng.choice(THEMES),
                        track=rng.choice(["upskilling", "reskilling"]),
                        level="beginner",
                        mode=rng.choice(["online", "offline", "hybrid"]),
                        estimated_hours=Decimal(rng.randint(2, 60)),
                        price_idr=rng.choice([0, 0, 0, 150_000]),
                        published_at=now - timedelta(days=rng.randint(0, 365)),
                        enrolment_count=rng.randint(0, 5000),
                    )
                )
            Course.objects.bulk_create(courses)
            versions = CourseVersion.objects.bulk_create(
                [
                    CourseVersion(
                        course=c, number=1, status=CourseVersion.Status.PUBLISHED, published_at=c.published_at
                    )
                    for c in courses
                ]
            )
            for c, v in zip(courses, versions, strict=True):
                c.published_version = v
            Course.objects.bulk_update(courses, ["published_version"])
            modules = Module.objects.bulk_create([Module(version=v, position=1, title="Materi") for v in versions])
            Lesson.objects.bulk_create(
                [
                    Lesson(module=m, position=p, title=f"Bagian {p}", kind="text", body="Isi pelajaran.", minutes=20)
                    for m in modules
                    for p in (1, 2, 3)
                ]
            )
            search.bulk_index(
                {
                    c.pk: (
                        search.analyse_text([c.title]),
                        search.analyse_text([c.summary]),
                        search.analyse_text([provider.name, "Materi", "Bagian"]),
                    )
                    for c in courses
                }
            )
        reset_queries()
    return max(0, total - start)


def seed_enrolments(total: int, *, batch_size: int = 20000, seed: int = 9) -> int:
    """Tops enrolments up to `total`, spread over seeded workers and bench courses (bulk)."""
    start = Enrolment.objects.count()
    if start >= total:
        return 0
    worker_ids = list(workers().order_by("pk").values_list("pk", flat=True))
    courses = list(Course.objects.filter(code__startswith="bench-").values_list("pk", "published_version_id"))
    rng = random.Random(seed + start)
    now = timezone.now()
    # Each worker takes distinct courses: walk workers round-robin, course offset by a stride.
    for lo in range(start, total, batch_size):
        hi = min(lo + batch_size, total)
        rows = []
        for i in range(lo, hi):
            w = worker_ids[i % len(worker_ids)]
            nth = i // len(worker_ids)
            course_id, version_id = courses[(w * 7919 + nth) % len(courses)]  # distinct per worker
            done = rng.random() < 0.3
            rows.append(
                Enrolment(
                    user_id=w,
                    course_id=course_id,
                    version_id=version_id,
                    status=Enrolment.Status.COMPLETED if done else Enrolment.Status.ACTIVE,
                    progress_percent=100 if done else rng.choice([0, 33, 67]),
                    enrolled_at=now - timedelta(days=rng.randint(0, 300)),
                    minutes_learned=rng.choice([0, 20, 40, 60]),
                    completed_at=now if done else None,
                )
            )
        Enrolment.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
        reset_queries()
    return total - start
