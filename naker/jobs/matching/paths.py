"""The learning path that closes a skill gap: the cheapest set of published courses that together
teach the missing skills (a weighted set cover). Pure functions of plain data: no queries here.

A path's cost, compared in this order (docs/decisions/0015-matching.md):
1. when the worker asks for classes near them: how many in-class or hybrid courses have no class in
   their province (online courses are near everyone);
2. total hours;
3. how many courses cost money, then the total price (free first when equal);
4. how many courses.
Exact for up to 12 missing skills (a search over the subsets of missing skills, after keeping only
the best course for each distinct set of skills taught); greedy beyond (cost per newly taught skill).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

EXACT_UP_TO = 12
IN_CLASS = ("offline", "hybrid")


class Offer(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def code(self) -> str: ...
    @property
    def hours(self) -> Decimal: ...
    @property
    def price_idr(self) -> int: ...
    @property
    def mode(self) -> str: ...
    @property
    def skill_ids(self) -> frozenset[str]: ...


Cost = tuple[int, Decimal, int, int, int]
ZERO: Cost = (0, Decimal(0), 0, 0, 0)


@dataclass
class Path:
    courses: list[Offer] = field(default_factory=list)
    taught: frozenset[str] = frozenset()  # missing skills the path teaches
    untaught: frozenset[str] = frozenset()  # missing skills no published course teaches
    hours: Decimal = Decimal(0)
    price_idr: int = 0
    far: int = 0  # in-class courses without a class near the worker (when asked)
    exact: bool = True


def _cost(offer: Offer, near: Mapping[int, str] | None) -> Cost:
    far = int(near is not None and offer.mode in IN_CLASS and offer.id not in near)
    return (far, Decimal(offer.hours), int(offer.price_idr > 0), offer.price_idr, 1)


def _add(a: Cost, b: Cost) -> Cost:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3], a[4] + b[4])


def cheapest_path(missing: Iterable[str], offers: Iterable[Offer], *, near: Mapping[int, str] | None = None) -> Path:
    """The cheapest courses that together teach every missing skill some course teaches."""
    wanted = sorted(set(missing))
    bit = {code: 1 << i for i, code in enumerate(wanted)}
    best_for_mask: dict[int, tuple[Cost, str, Offer]] = {}
    for offer in offers:
        mask = 0
        for code in offer.skill_ids:
            mask |= bit.get(code, 0)
        if not mask:
            continue
        key = (_cost(offer, near), offer.code, offer)
        if mask not in best_for_mask or key[:2] < best_for_mask[mask][:2]:
            best_for_mask[mask] = key
    teachable = 0
    for mask in best_for_mask:
        teachable |= mask
    taught = frozenset(c for c in wanted if bit[c] & teachable)
    untaught = frozenset(wanted) - taught
    if not teachable:
        return Path(untaught=untaught)
    candidates = sorted(((m, c, o) for m, (c, _code, o) in best_for_mask.items()), key=lambda t: (t[1], t[2].code))
    exact = len(taught) <= EXACT_UP_TO
    chosen = _exact(candidates, teachable) if exact else _greedy(candidates, teachable)
    chosen.sort(key=lambda o: (Decimal(o.hours), o.code))
    total = ZERO
    for offer in chosen:
        total = _add(total, _cost(offer, near))
    return Path(
        courses=chosen,
        taught=taught,
        untaught=untaught,
        hours=total[1],
        price_idr=total[3],
        far=total[0],
        exact=exact,
    )


def _exact(candidates: list[tuple[int, Cost, Offer]], goal: int) -> list[Offer]:
    # best[mask] = (cost, codes, offers): the cheapest set of courses found teaching exactly `mask`
    best: dict[int, tuple[Cost, tuple[str, ...], list[Offer]]] = {0: (ZERO, (), [])}
    for mask, cost, offer in candidates:
        for have, (have_cost, codes, offers) in list(best.items()):
            new = have | mask
            if new == have:
                continue
            entry = (_add(have_cost, cost), tuple(sorted((*codes, offer.code))), [*offers, offer])
            if new not in best or entry[:2] < best[new][:2]:
                best[new] = entry
    return list(best[goal][2])


def _greedy(candidates: list[tuple[int, Cost, Offer]], goal: int) -> list[Offer]:
    chosen: list[Offer] = []
    have = 0
    while have != goal:
        mask, _c, offer = min(
            (t for t in candidates if t[0] & ~have),
            key=lambda t: (t[1][0], t[1][1] / bin(t[0] & ~have).count("1"), t[1][2], t[2].code),
        )
        chosen.append(offer)
        have |= mask
    return chosen
