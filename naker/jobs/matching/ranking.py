"""How well a worker fits an opportunity, and the reasons in plain words: one rule for both sides
(a worker's matches, an employer's candidates). Pure functions of plain data: no queries here.

Score out of 100 (docs/decisions/0015-matching.md):
- required skills, 60: each required skill counts by its strongest evidence: a competency
  certificate unit 1.0 (verified by an LSP), a completed course 0.8, a skill the worker declared 0.25.
  Only the first two are *proven*: "x dari y" counts proven skills alone.
- nice-to-have skills, 5, the same way;
- location, 15: the worker's own or a wanted regency, or remote work they want; less for the same
  province, for a worker willing to relocate, for work abroad they did not ask for;
- kind, 10: a kind the worker looks for (5 when they named none);
- pay, 5: up to Rp 10 million a month (2 when the pay is not stated in rupiah a month);
- closing date, 5: a week or more to apply gets all of it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

COMPETENCY, COURSE, DECLARED = "competency", "course", "declared"
WEIGHT = {COMPETENCY: 1.0, COURSE: 0.8, DECLARED: 0.25}
STRENGTH = {COMPETENCY: 3, COURSE: 2, DECLARED: 1}
PROVEN = (COMPETENCY, COURSE)
GOOD_PAY_IDR = 10_000_000
ABROAD = "abroad"


def stronger(a: str | None, b: str) -> str:
    return b if a is None or STRENGTH[b] > STRENGTH[a] else a


@dataclass
class Seeker:
    """A worker as matching sees them."""

    id: int
    skills: dict[str, str]  # skill code → strongest source
    regency_id: str = ""
    province_id: str = ""
    kinds: frozenset[str] = frozenset()
    regencies: frozenset[str] = frozenset()
    relocate: bool = False
    abroad: bool = False
    remote: bool = False


@dataclass
class Post:
    """An opportunity as matching sees it."""

    id: int
    kind: str
    closes_on: datetime.date
    skills: list[tuple[str, bool]]  # (skill code, required)
    regency_id: str = ""
    province_id: str = ""
    remote: bool = False
    pay_min: int | None = None
    pay_max: int | None = None
    currency: str = "IDR"
    pay_basis: str = "month"


@dataclass
class Fit:
    score: float
    required_total: int
    required_covered: int  # proven (certificate or course) only
    verified: int  # required skills proven by a competency certificate
    missing: list[str]  # required skills not proven (declared ones included)
    declared_only: list[str]  # required skills the worker only declared
    nice_missing: list[str]
    location: str
    kind_wanted: bool | None
    days_left: int
    matched: list[str] = field(default_factory=list)


def _skills_part(seeker: Seeker, codes: Sequence[str]) -> float:
    if not codes:
        return 0.0
    return sum(WEIGHT.get(seeker.skills.get(c, ""), 0.0) for c in codes) / len(codes)


def location_of(seeker: Seeker, post: Post) -> str:
    if post.kind == ABROAD:
        return "abroad_wanted" if seeker.abroad else "abroad"
    if post.remote:
        return "remote_wanted" if seeker.remote else "remote"
    if post.regency_id and post.regency_id == seeker.regency_id:
        return "home"
    if post.regency_id and post.regency_id in seeker.regencies:
        return "wanted"
    if post.province_id and post.province_id == seeker.province_id:
        return "province"
    return "relocate" if seeker.relocate else "far"


LOCATION_POINTS = {
    "abroad_wanted": 15,
    "remote_wanted": 15,
    "home": 15,
    "wanted": 15,
    "remote": 12,
    "province": 9,
    "relocate": 7,
    "abroad": 3,
    "far": 0,
}


def fit(seeker: Seeker, post: Post, *, today: datetime.date) -> Fit:
    required = [c for c, r in post.skills if r]
    nice = [c for c, r in post.skills if not r]
    proven = {c for c, s in seeker.skills.items() if s in PROVEN}
    main = required or nice  # a post naming only nice-to-have skills is judged on them
    points = 60 * _skills_part(seeker, main) + (5 * _skills_part(seeker, nice) if required else 0)
    location = location_of(seeker, post)
    points += LOCATION_POINTS[location]
    kind_wanted = (post.kind in seeker.kinds) if seeker.kinds else None
    points += 5 if kind_wanted is None else (10 if kind_wanted else 0)
    pay = post.pay_max or post.pay_min
    if pay and post.currency == "IDR" and post.pay_basis == "month":
        points += 5 * min(1.0, pay / GOOD_PAY_IDR)
    else:
        points += 2
    days_left = (post.closes_on - today).days
    points += 5 * max(0.0, min(1.0, days_left / 7))
    return Fit(
        score=round(points, 1),
        required_total=len(required),
        required_covered=sum(1 for c in required if c in proven),
        verified=sum(1 for c in required if seeker.skills.get(c) == COMPETENCY),
        missing=[c for c in required if c not in proven],
        declared_only=[c for c in required if seeker.skills.get(c) == DECLARED],
        nice_missing=[c for c in nice if c not in proven],
        location=location,
        kind_wanted=kind_wanted,
        days_left=days_left,
        matched=[c for c, _r in post.skills if c in seeker.skills],
    )


def order_key(f: Fit, post: Post) -> tuple[float, int, datetime.date, int]:
    return (-f.score, -f.required_covered, post.closes_on, post.id)


# --- words ----------------------------------------------------------------------------------------


def hours_text(hours: Decimal | float | int) -> str:
    value = Decimal(str(hours))
    return str(int(value)) if value == value.to_integral_value() else number_format(value, 1)


def rupiah(amount: int) -> str:
    return "Rp " + f"{amount:,}".replace(",", ".")


def and_list(items: Iterable[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


@dataclass(frozen=True)
class CourseWords:
    """What a reason says about a course of the path."""

    title: str
    provider: str
    hours: Decimal
    price_idr: int
    skill_ids: frozenset[str]


def course_text(c: CourseWords) -> str:
    values = {"title": c.title, "provider": c.provider, "hours": hours_text(c.hours)}
    if c.price_idr == 0:
        return _("%(title)s (%(provider)s, %(hours)s hours, free)") % values
    return _("%(title)s (%(provider)s, %(hours)s hours, %(price)s)") % {**values, "price": rupiah(c.price_idr)}


def skills_sentence(f: Fit, names: dict[str, str], path: Sequence[CourseWords], *, employer: bool = False) -> str:
    """ "Anda punya 4 dari 5 keterampilan wajib; kurang: pengelasan SMAW; kursus Dasar Las SMAW
    (BLK Bekasi, 40 jam, gratis) mengajarkannya"."""
    values = {"covered": f.required_covered, "total": f.required_total}
    if f.required_total == 0:
        return _("No required skills named") if employer else _("This opportunity names no required skill")
    parts = [
        (
            _("Has %(covered)s of %(total)s required skills")
            if employer
            else _("You have %(covered)s of %(total)s required skills")
        )
        % values
    ]
    if f.missing:
        parts.append(_("missing: %(skills)s") % {"skills": and_list(names.get(c, c) for c in f.missing)})
        teaching = [c for c in path if c.skill_ids & set(f.missing)]
        taught = set().union(*(c.skill_ids for c in teaching)) if teaching else set()
        untaught = [c for c in f.missing if c not in taught]
        if len(teaching) == 1:
            parts.append(_("the course %(courses)s teaches it") % {"courses": course_text(teaching[0])})
        elif teaching:
            parts.append(_("the courses %(courses)s teach them") % {"courses": and_list(map(course_text, teaching))})
        if teaching and untaught:
            parts.append(
                _("no course teaches %(skills)s yet") % {"skills": and_list(names.get(c, c) for c in untaught)}
            )
        elif not teaching:
            parts.append(_("no course teaches it yet"))
    return "; ".join(parts)


LOCATION_WORDS = {
    "abroad_wanted": ("Work abroad, as you wish", "Wants to work abroad"),
    "abroad": ("Work abroad (you did not ask for it)", "Did not ask to work abroad"),
    "remote_wanted": ("Remote work, as you wish", "Wants remote work"),
    "remote": ("Remote work", "Remote work"),
    "home": ("In your regency or city", "Lives in the regency or city"),
    "wanted": ("In a regency or city you chose", "Chose this regency or city"),
    "province": ("In your province", "Lives in the province"),
    "relocate": ("Elsewhere; you are willing to move", "Willing to move"),
    "far": ("Far from where you live", "Lives far away"),
}


def reasons(f: Fit, names: dict[str, str], path: Sequence[CourseWords], *, employer: bool = False) -> list[str]:
    """The explanation, most important first; the same on both sides, in the reader's person."""
    said = [skills_sentence(f, names, path, employer=employer)]
    if f.verified:
        said.append(_("%(n)s of them proven by a competency certificate") % {"n": f.verified})
    if f.declared_only:
        declared = and_list(names.get(c, c) for c in f.declared_only)
        said.append(
            (_("Declared, not yet proven: %(skills)s") if employer else _("You declared %(skills)s; not yet proven"))
            % {"skills": declared}
        )
    said.append(_(LOCATION_WORDS[f.location][1 if employer else 0]))
    if f.kind_wanted:
        said.append(_("Looks for this kind of work") if employer else _("The kind of work you look for"))
    if f.days_left >= 0:
        said.append(_("Closes in %(days)s days") % {"days": f.days_left})
    return said
