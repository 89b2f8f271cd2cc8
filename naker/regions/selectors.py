"""Reads of region data. Regions are public reference data: no viewer scoping needed."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import QuerySet

from naker.regions.models import Province, Regency


def provinces() -> QuerySet[Province]:
    return Province.objects.order_by("code")


def province_choices() -> list[tuple[str, str]]:
    """(code, name) of every province, for pickers and filters: cached (reference data changes only
    with a migration, and a deployment clears nothing it needs: an hour at most)."""
    found = cache.get("naker:regions:provinces")
    if found is None:
        found = list(provinces().values_list("code", "name"))
        cache.set("naker:regions:provinces", found, 3600)
    return found  # type: ignore[no-any-return]


def regencies_of(province_code: str) -> QuerySet[Regency]:
    return Regency.objects.filter(province_id=province_code).order_by("code")


def regencies() -> QuerySet[Regency]:
    """Every regency and city, by province then code (for pickers grouped by province)."""
    return Regency.objects.select_related("province").order_by("province_id", "code")


def regency(code: str) -> Regency | None:
    return Regency.objects.select_related("province").filter(code=code).first()


def kept_regency(code: str) -> Regency | None:
    """`regency(code)` with its province, cached an hour like the province choices (reference data)."""
    key = f"naker:regions:regency:{code}"
    found = cache.get(key)
    if found is None:
        found = regency(code)
        if found is not None:
            cache.set(key, found, 3600)
    return found  # type: ignore[no-any-return]


_prefixes: frozenset[str] = frozenset()


def current_nik_prefixes() -> frozenset[str]:
    """Four-digit NIK prefixes of today's 514 regencies and cities, read once per process
    (reference data changes only with a migration)."""
    global _prefixes
    if not _prefixes:
        _prefixes = frozenset(code.replace(".", "") for code in Regency.objects.values_list("code", flat=True))
    return _prefixes


def regency_for_nik_prefix(prefix: str) -> Regency | None:
    return regency(f"{prefix[:2]}.{prefix[2:4]}")
