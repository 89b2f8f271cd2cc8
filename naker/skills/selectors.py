from __future__ import annotations

from collections.abc import Iterable

from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.utils.translation import get_language

from naker.skills.models import Occupation, Sector, Skill


def sectors() -> QuerySet[Sector]:
    return Sector.objects.order_by("code")


def sector_choices() -> list[tuple[str, str]]:
    """(code, "short name (KBLI code)") of every sector, for filters: cached an hour (reference data)."""
    key = f"naker:skills:sectors:{get_language() or 'id'}"  # the short names are the viewer's language
    found = cache.get(key)
    if found is None:
        found = [(s.code, s.label) for s in sectors()]
        cache.set(key, found, 3600)
    return found  # type: ignore[no-any-return]


def occupations() -> QuerySet[Occupation]:
    return Occupation.objects.order_by("code")


def occupation(code: str) -> Occupation | None:
    return Occupation.objects.filter(code=code).first()


def skills_by_code(codes: Iterable[str]) -> dict[str, Skill]:
    return {s.code: s for s in Skill.objects.filter(code__in=list(codes))}


def skills() -> QuerySet[Skill]:
    return Skill.objects.select_related("sector").order_by("code")


def search_skills(q: str = "", *, sector: str = "") -> QuerySet[Skill]:
    """The taxonomy, by code or by a word of its Indonesian or English name, in code order."""
    found = skills()
    for word in q.split()[:8]:
        found = found.filter(Q(code__icontains=word) | Q(name_id__icontains=word) | Q(name_en__icontains=word))
    if sector:
        found = found.filter(sector_id=sector)
    return found


def skill_codes_named(entries: Iterable[str]) -> dict[str, str]:
    """Each entry that names a skill (its code, or its Indonesian or English name, any case) → its code.
    Certificates list skills by name; entries naming nothing are left out."""
    wanted = {e.strip() for e in entries if e and e.strip()}
    if not wanted:
        return {}
    lowered = {e.lower(): e for e in wanted}
    found: dict[str, str] = {}
    for code, name_id, name_en in Skill.objects.filter(
        Q(code__in=wanted) | Q(name_id__in=wanted) | Q(name_en__in=wanted)
    ).values_list("code", "name_id", "name_en"):
        for key in (code, name_id, name_en):
            if key.lower() in lowered:
                found[lowered[key.lower()]] = code
    return found
