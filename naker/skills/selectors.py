from django.core.cache import cache
from django.db.models import QuerySet

from naker.skills.models import Occupation, Sector, Skill


def sectors() -> QuerySet[Sector]:
    return Sector.objects.order_by("code")


def sector_choices() -> list[tuple[str, str]]:
    """(code, "code name") of every sector, for filters: cached an hour (reference data)."""
    found = cache.get("naker:skills:sectors")
    if found is None:
        found = [(s.code, f"{s.code} {s.name}") for s in sectors()]
        cache.set("naker:skills:sectors", found, 3600)
    return found  # type: ignore[no-any-return]


def occupations() -> QuerySet[Occupation]:
    return Occupation.objects.order_by("code")


def occupation(code: str) -> Occupation | None:
    return Occupation.objects.filter(code=code).first()


def skills_by_code(codes: list[str]) -> dict[str, Skill]:
    return {s.code: s for s in Skill.objects.filter(code__in=codes)}


def skills() -> QuerySet[Skill]:
    return Skill.objects.select_related("sector").order_by("code")
