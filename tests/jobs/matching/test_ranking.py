"""The score and the reasons a worker (and an employer) reads for one opportunity, from what each of
them entered: the skills a post requires, the worker's evidence, where both are, the kind of work,
the pay and the closing date. Pure functions: no database, so these run in milliseconds."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from naker.jobs.matching import ranking
from naker.jobs.matching.ranking import COMPETENCY, COURSE, DECLARED, CourseWords, Post, Seeker

TODAY = datetime.date(2026, 6, 1)
NAMES = {"LAS": "pengelasan SMAW", "K3": "K3 las", "GBR": "membaca gambar", "FORK": "forklift"}
BLK = CourseWords("Dasar Las SMAW", "BLK Bekasi", Decimal(40), 0, frozenset({"GBR"}))
PAID = CourseWords("Gambar Teknik", "LPK Maju", Decimal("12.5"), 150_000, frozenset({"GBR", "FORK"}))
OTHER = CourseWords("Pemasaran Digital", "LPK Maju", Decimal(8), 0, frozenset({"PMS"}))


def welder() -> Seeker:
    """Certified in SMAW, declared K3 on their own, completed a drawing course; lives in Kota Bekasi."""
    return Seeker(
        id=1,
        skills={"LAS": COMPETENCY, "K3": DECLARED, "GBR": COURSE},
        regency_id="32.75",
        province_id="32",
        kinds=frozenset({"job"}),
    )


def welding_job(**changes: object) -> Post:
    """Requires SMAW, K3 and forklift; drawing and blueprint-free extras are nice to have."""
    values: dict[str, object] = {
        "id": 7,
        "kind": "job",
        "closes_on": TODAY + datetime.timedelta(days=3),
        "skills": [("LAS", True), ("K3", True), ("FORK", True), ("GBR", False), ("CAT", False)],
        "regency_id": "32.75",
        "province_id": "32",
        "pay_min": 3_000_000,
        "pay_max": 5_000_000,
    }
    values.update(changes)
    return Post(**values)  # type: ignore[arg-type]


def test_the_score_adds_skills_place_kind_pay_and_time_left() -> None:
    f = ranking.fit(welder(), welding_job(), today=TODAY)
    # required (1.0 + 0.25 + 0) / 3 x 60 = 25; nice (0.8 + 0) / 2 x 5 = 2; home 15; kind wanted 10;
    # Rp 5,000,000 of 10 million x 5 = 2.5; 3 of 7 days x 5 = 2.14
    assert f.score == 56.6
    assert (f.required_total, f.required_covered, f.verified) == (3, 1, 1)
    assert f.missing == ["K3", "FORK"]  # a declared skill is not proven
    assert f.declared_only == ["K3"]
    assert f.nice_missing == ["CAT"]
    assert (f.location, f.kind_wanted, f.days_left) == ("home", True, 3)
    assert f.matched == ["LAS", "K3", "GBR"]


def test_a_post_naming_only_nice_to_have_skills_is_judged_on_them() -> None:
    post = welding_job(skills=[("GBR", False), ("CAT", False)], pay_min=None, pay_max=None)
    f = ranking.fit(welder(), post, today=TODAY)
    # (0.8 + 0) / 2 x 60 = 24, no separate nice part; home 15; kind 10; pay not stated 2; 2.14 for time
    assert f.score == 53.1
    assert (f.required_total, f.required_covered, f.missing, f.nice_missing) == (0, 0, [], ["CAT"])


def test_a_post_naming_no_skill_scores_only_place_kind_pay_and_time() -> None:
    f = ranking.fit(Seeker(id=2, skills={}), welding_job(skills=[], pay_min=None, pay_max=None), today=TODAY)
    assert f.score == 9.1  # far 0 + 5 + 2 + 2.1: far (no regency given), no kind named, pay not stated
    assert f.location == "far"
    assert f.kind_wanted is None


@pytest.mark.parametrize(
    ("kinds", "kind_wanted", "score"),
    [(frozenset({"gig"}), False, 0), (frozenset(), None, 5), (frozenset({"gig", "job"}), True, 10)],
)
def test_the_kind_of_work_counts_ten_five_when_none_named_or_nothing(
    kinds: frozenset[str], kind_wanted: bool | None, score: int
) -> None:
    seeker = Seeker(id=2, skills={}, kinds=kinds)
    f = ranking.fit(seeker, welding_job(skills=[], pay_min=None, pay_max=None), today=TODAY)
    assert f.kind_wanted is kind_wanted
    assert f.score == round(score + 2 + 5 * 3 / 7, 1)


@pytest.mark.parametrize(
    ("pay", "points"),
    [
        ({"pay_min": 3_000_000, "pay_max": None}, 1.5),  # only a minimum: it counts
        ({"pay_min": 3_000_000, "pay_max": 5_000_000}, 2.5),  # the maximum counts
        ({"pay_min": 12_000_000, "pay_max": 20_000_000}, 5),  # at most 5
        ({"pay_min": None, "pay_max": None}, 2),  # not stated
        ({"pay_max": 5_000_000, "currency": "USD"}, 2),  # not in rupiah
        ({"pay_max": 5_000_000, "pay_basis": "piece"}, 2),  # not a month
    ],
)
def test_pay_up_to_ten_million_a_month_counts_up_to_five(pay: dict[str, object], points: float) -> None:
    post = welding_job(skills=[], closes_on=TODAY + datetime.timedelta(days=30), **pay)
    f = ranking.fit(Seeker(id=2, skills={}), post, today=TODAY)
    assert f.score == 5 + 5 + points  # far, no kind named, a month to apply


@pytest.mark.parametrize(("days", "points", "shown"), [(10, 5, True), (3, 2.1, True), (0, 0, True), (-2, 0, False)])
def test_a_week_or_more_to_apply_gets_five_points(days: int, points: float, shown: bool) -> None:
    post = welding_job(skills=[], pay_min=None, pay_max=None, closes_on=TODAY + datetime.timedelta(days=days))
    f = ranking.fit(Seeker(id=2, skills={}), post, today=TODAY)
    assert f.score == round(5 + 2 + points, 1)
    assert (f"Ditutup {days} hari lagi" in ranking.reasons(f, NAMES, [])) is shown


def _place(**post: object) -> Post:
    return welding_job(skills=[], pay_min=None, pay_max=None, closes_on=TODAY - datetime.timedelta(days=1), **post)


@pytest.mark.parametrize(
    ("seeker", "post", "location", "points", "worker_reads", "employer_reads"),
    [
        ({"regency_id": "32.75"}, {}, "home", 15, "Di kabupaten/kota Anda", "Tinggal di kabupaten/kota ini"),
        (
            {"regency_id": "32.16", "regencies": frozenset({"32.75"})},
            {},
            "wanted",
            15,
            "Di kabupaten/kota yang Anda pilih",
            "Memilih kabupaten/kota ini",
        ),
        (
            {"regency_id": "32.16", "province_id": "32"},
            {},
            "province",
            9,
            "Di provinsi Anda",
            "Tinggal di provinsi ini",
        ),
        (
            {"regency_id": "73.71", "province_id": "73", "relocate": True},
            {},
            "relocate",
            7,
            "Di tempat lain; Anda bersedia pindah",
            "Bersedia pindah",
        ),
        ({"regency_id": "73.71", "province_id": "73"}, {}, "far", 0, "Jauh dari tempat tinggal Anda", "Tinggal jauh"),
        (
            {"regency_id": "32.75", "remote": True},
            {"remote": True},
            "remote_wanted",
            15,
            "Kerja jarak jauh, sesuai keinginan Anda",
            "Ingin kerja jarak jauh",
        ),
        ({"regency_id": "32.75"}, {"remote": True}, "remote", 12, "Kerja jarak jauh", "Kerja jarak jauh"),
        (
            {"regency_id": "32.75", "abroad": True},
            {"kind": "abroad"},
            "abroad_wanted",
            15,
            "Kerja di luar negeri, sesuai keinginan Anda",
            "Ingin kerja di luar negeri",
        ),
        (
            {"regency_id": "32.75"},
            {"kind": "abroad"},
            "abroad",
            3,
            "Kerja di luar negeri (Anda tidak memintanya)",
            "Tidak meminta kerja di luar negeri",
        ),
    ],
)
def test_where_the_work_is_counts_and_is_said(
    seeker: dict[str, object],
    post: dict[str, object],
    location: str,
    points: int,
    worker_reads: str,
    employer_reads: str,
) -> None:
    f = ranking.fit(Seeker(id=3, skills={}, **seeker), _place(**post), today=TODAY)  # type: ignore[arg-type]
    assert f.location == location
    assert f.score == points + 5 + 2  # no kind named, pay not stated, closed
    assert ranking.reasons(f, NAMES, []) == ["Lowongan ini tidak menyebut keterampilan wajib", worker_reads]
    assert ranking.reasons(f, NAMES, [], employer=True) == ["Tidak ada keterampilan wajib", employer_reads]
    with translation.override("en"):  # the English words differ where the Indonesian ones are the same
        worker_en = ranking.reasons(f, NAMES, [])[1]
        employer_en = ranking.reasons(f, NAMES, [], employer=True)[1]
    assert (worker_en, employer_en) == ranking.LOCATION_WORDS[location]


def test_the_strongest_evidence_of_a_skill_wins() -> None:
    assert ranking.stronger(None, DECLARED) == DECLARED
    assert ranking.stronger(DECLARED, COURSE) == COURSE
    assert ranking.stronger(COURSE, DECLARED) == COURSE
    assert ranking.stronger(COURSE, COMPETENCY) == COMPETENCY
    assert ranking.stronger(COMPETENCY, COURSE) == COMPETENCY
    assert ranking.stronger(DECLARED, COMPETENCY) == COMPETENCY


def test_equal_scores_put_more_proven_skills_first_then_the_earlier_closing_date() -> None:
    early, late = welding_job(id=1), welding_job(id=2, closes_on=TODAY + datetime.timedelta(days=9))
    fit = ranking.fit(welder(), early, today=TODAY)
    more = ranking.Fit(**{**fit.__dict__, "required_covered": 2})
    keys = sorted(
        [
            (ranking.order_key(fit, late), "late"),
            (ranking.order_key(more, late), "more"),
            (ranking.order_key(fit, early), "early"),
        ]
    )
    assert [name for _k, name in keys] == ["more", "early", "late"]
    higher = ranking.Fit(**{**fit.__dict__, "score": fit.score + 1, "required_covered": 0})
    assert ranking.order_key(higher, late) < ranking.order_key(more, early)


def test_the_worker_reads_what_they_have_what_is_missing_and_which_course_teaches_it() -> None:
    f = ranking.fit(
        welder(), welding_job(skills=[("LAS", True), ("K3", True), ("GBR", True), ("FORK", True)]), today=TODAY
    )
    # GBR is proven by a course, LAS by a certificate: 2 of 4; K3 declared and FORK missing
    assert ranking.reasons(f, NAMES, [BLK, OTHER]) == [
        "Anda punya 2 dari 4 keterampilan wajib; kurang: K3 las dan forklift; belum ada kursus yang mengajarkannya",
        "1 di antaranya terbukti dengan sertifikat kompetensi",
        "Anda menyatakan sendiri K3 las; belum terbukti",
        "Di kabupaten/kota Anda",
        "Jenis kerja yang Anda cari",
        "Ditutup 3 hari lagi",
    ]
    path = [CourseWords("K3 Pengelasan", "BLK Bekasi", Decimal(16), 0, frozenset({"K3"})), PAID]
    assert ranking.skills_sentence(f, NAMES, path) == (
        "Anda punya 2 dari 4 keterampilan wajib; kurang: K3 las dan forklift; "
        "kursus K3 Pengelasan (BLK Bekasi, 16 jam, gratis) dan Gambar Teknik (LPK Maju, 12,5 jam, Rp 150.000) "
        "mengajarkannya"
    )
    with translation.override("en"):
        assert ranking.skills_sentence(f, NAMES, path[1:]) == (
            "You have 2 of 4 required skills; missing: K3 las and forklift; "
            "the course Gambar Teknik (LPK Maju, 12.5 hours, Rp 150.000) teaches it; no course teaches K3 las yet"
        )
        assert ranking.skills_sentence(f, NAMES, path).endswith(
            "; the courses K3 Pengelasan (BLK Bekasi, 16 hours, free) and Gambar Teknik (LPK Maju, 12.5 hours, "
            "Rp 150.000) teach them"
        )
        assert ranking.skills_sentence(f, NAMES, [OTHER]).endswith("; no course teaches it yet")


def test_the_employer_reads_the_same_in_the_third_person_and_unnamed_skills_by_code() -> None:
    f = ranking.fit(welder(), welding_job(skills=[("LAS", True), ("K3", True), ("X-9", True)]), today=TODAY)
    assert ranking.reasons(f, {}, [], employer=True) == [
        "Punya 1 dari 3 keterampilan wajib; kurang: K3 dan X-9; belum ada kursus yang mengajarkannya",
        "1 di antaranya terbukti dengan sertifikat kompetensi",
        "Dinyatakan sendiri, belum terbukti: K3",
        "Tinggal di kabupaten/kota ini",
        "Mencari jenis kerja ini",
        "Ditutup 3 hari lagi",
    ]
    k3 = CourseWords("K3 Pengelasan", "BLK Bekasi", Decimal(16), 0, frozenset({"K3"}))
    assert ranking.skills_sentence(f, {}, [k3], employer=True) == (
        "Punya 1 dari 3 keterampilan wajib; kurang: K3 dan X-9; "
        "kursus K3 Pengelasan (BLK Bekasi, 16 jam, gratis) mengajarkannya; belum ada kursus untuk X-9"
    )


def test_lists_of_names_read_naturally() -> None:
    assert ranking.and_list([]) == ""
    assert ranking.and_list(["las"]) == "las"
    assert ranking.and_list(["las", "K3"]) == "las dan K3"
    assert ranking.and_list(["las", "K3", "forklift"]) == "las, K3 dan forklift"


def test_hours_and_prices_read_as_people_write_them() -> None:
    assert ranking.hours_text(Decimal(40)) == "40"
    assert ranking.hours_text(Decimal("12.5")) == "12,5"
    assert ranking.hours_text(Decimal("2.25")) in ("2,2", "2,3")  # one decimal, rounded
    assert ranking.rupiah(1_250_000) == "Rp 1.250.000"
    assert ranking.course_text(PAID) == "Gambar Teknik (LPK Maju, 12,5 jam, Rp 150.000)"
    assert ranking.course_text(BLK) == "Dasar Las SMAW (BLK Bekasi, 40 jam, gratis)"
