"""The learning path that closes a worker's skill gap, from the courses providers published: fewest
classes far away (when the worker asks for classes near them), then fewest hours, then free first,
then the lower price, then fewer courses. Pure function: no database, so these run in milliseconds."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from naker.jobs.matching.paths import EXACT_UP_TO, cheapest_path


@dataclass(frozen=True)
class Course:
    id: int
    code: str
    hours: Decimal
    price_idr: int
    mode: str
    skill_ids: frozenset[str]


def course(id_: int, code: str, hours: str, skills: str, *, price: int = 0, mode: str = "online") -> Course:
    return Course(id_, code, Decimal(hours), price, mode, frozenset(skills.split()))


def codes(path) -> list[str]:
    return [c.code for c in path.courses]


def test_two_short_courses_beat_one_long_one_and_the_path_lists_the_shortest_first() -> None:
    offers = [
        course(1, "las-dasar", "10", "LAS K3"),
        course(2, "gambar", "5", "GBR", price=100_000),
        course(3, "las-lengkap", "20", "LAS K3 GBR"),
        course(4, "pemasaran", "1", "PMS"),  # teaches nothing missing
    ]
    path = cheapest_path(["LAS", "K3", "GBR", "LAS"], offers)
    assert codes(path) == ["gambar", "las-dasar"]
    assert (path.hours, path.price_idr, path.far, path.exact) == (Decimal(15), 100_000, 0, True)
    assert (path.taught, path.untaught) == (frozenset({"LAS", "K3", "GBR"}), frozenset())


def test_a_skill_no_course_teaches_is_named_and_the_rest_is_still_taught() -> None:
    path = cheapest_path(["LAS", "SELAM"], [course(1, "las-dasar", "10", "LAS K3")])
    assert codes(path) == ["las-dasar"]
    assert (path.taught, path.untaught, path.hours) == (frozenset({"LAS"}), frozenset({"SELAM"}), Decimal(10))
    nothing = cheapest_path(["SELAM"], [course(1, "las-dasar", "10", "LAS K3")])
    assert (codes(nothing), nothing.taught, nothing.untaught) == ([], frozenset(), frozenset({"SELAM"}))
    assert (nothing.hours, nothing.price_idr, nothing.far, nothing.exact) == (Decimal(0), 0, 0, True)


def test_classes_near_the_worker_come_first_only_when_asked() -> None:
    offers = [course(1, "las-kelas", "5", "LAS", mode="offline"), course(2, "las-daring", "10", "LAS")]
    assert codes(cheapest_path(["LAS"], offers)) == ["las-kelas"]  # not asked: fewest hours
    far = cheapest_path(["LAS"], offers, near={})
    assert (codes(far), far.far) == (["las-daring"], 0)  # asked, no class near: online wins
    assert codes(cheapest_path(["LAS"], offers, near={1: "Kota Bekasi"})) == ["las-kelas"]
    hybrid = [course(1, "las-campur", "5", "LAS", mode="hybrid"), course(2, "las-daring", "10", "LAS")]
    assert codes(cheapest_path(["LAS"], hybrid, near={})) == ["las-daring"]
    only_far = cheapest_path(["LAS", "K3"], [course(1, "las-kelas", "5", "LAS", mode="offline")], near={})
    assert only_far.far == 1


def test_with_equal_hours_free_comes_first_then_the_lower_price_then_fewer_courses() -> None:
    paid, free = course(1, "a-berbayar", "10", "LAS", price=50_000), course(2, "b-gratis", "10", "LAS")
    assert codes(cheapest_path(["LAS"], [paid, free])) == ["b-gratis"]
    dear = course(3, "a-mahal", "10", "LAS", price=900_000)
    assert codes(cheapest_path(["LAS"], [dear, paid])) == ["a-berbayar"]
    both = course(4, "z-keduanya", "10", "LAS K3")
    apart = [course(5, "a-las", "5", "LAS"), course(6, "a-k3", "5", "K3")]
    assert codes(cheapest_path(["LAS", "K3"], [*apart, both])) == ["z-keduanya"]
    two_paid = [course(5, "a-las", "5", "LAS", price=10_000), course(6, "a-k3", "5", "K3", price=10_000)]
    one_dearer = course(4, "z-keduanya", "10", "LAS K3", price=30_000)
    assert codes(cheapest_path(["LAS", "K3"], [*two_paid, one_dearer])) == ["z-keduanya"]  # 1 paid < 2 paid
    path = cheapest_path(["LAS", "K3"], [*two_paid, course(4, "z-keduanya", "10", "LAS K3", price=15_000)])
    assert (codes(path), path.price_idr) == (["z-keduanya"], 15_000)


def test_of_two_courses_teaching_the_same_skills_at_the_same_cost_the_first_code_is_kept() -> None:
    offers = [course(1, "las-b", "10", "LAS"), course(2, "las-a", "10", "LAS"), course(3, "las-c", "10", "LAS")]
    assert codes(cheapest_path(["LAS"], offers)) == ["las-a"]


def test_a_shorter_course_is_kept_for_the_same_skills_whatever_its_code() -> None:
    offers = [course(1, "a-panjang", "30", "LAS K3"), course(2, "z-pendek", "8", "LAS K3")]
    assert codes(cheapest_path(["LAS", "K3"], offers)) == ["z-pendek"]


def test_more_than_twelve_missing_skills_are_covered_greedily_by_hours_per_new_skill() -> None:
    skills = [f"S{i:02}" for i in range(EXACT_UP_TO + 1)]
    big = course(1, "besar", "24", " ".join(skills[1:]))  # 12 skills, 2 hours each
    first = course(2, "satu", "1", skills[0])
    singles = [course(10 + i, f"tunggal-{i:02}", "3", s) for i, s in enumerate(skills)]
    path = cheapest_path(skills, [big, first, *singles])
    assert path.exact is False
    assert codes(path) == ["satu", "besar"]
    assert (path.hours, path.taught) == (Decimal(25), frozenset(skills))
    # the big course's cost is shared by the skills it still adds: after "satu" it adds 12 of 13
    overlap = course(1, "besar", "30", " ".join(skills))  # 13 skills, 30 h: 2.3 h per skill, 2.5 after "satu"
    cheap_first = course(2, "satu", "2", skills[0])  # 2 h for one skill
    greedy = cheapest_path(skills, [overlap, cheap_first, *singles])
    assert codes(greedy) == ["satu", "besar"]
    assert greedy.hours == Decimal(32)


def test_twelve_missing_skills_are_still_covered_exactly() -> None:
    skills = [f"S{i:02}" for i in range(EXACT_UP_TO)]
    halves = [course(1, "paruh-a", "10", " ".join(skills[:6])), course(2, "paruh-b", "10", " ".join(skills[6:]))]
    middle = course(3, "tengah", "11", " ".join(skills[3:9]))  # cheapest per skill, but leaves two gaps
    path = cheapest_path(skills, [*halves, middle, course(4, "ujung", "11", " ".join(skills[:3] + skills[9:]))])
    assert path.exact is True
    assert (codes(path), path.hours) == (["paruh-a", "paruh-b"], Decimal(20))
