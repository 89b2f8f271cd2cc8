"""A regency or city as people write it: "Kab. Bekasi", "KABUPATEN BEKASI", "Kota Bekasi", "32.16",
"3216", "Jakarta Selatan". A bare name that fits two ("Bekasi": the city and the regency) is
ambiguous, and the answer names both."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from naker.regions.models import Regency

KABUPATEN_PREFIXES = ("kabupaten administrasi", "kabupaten", "kab.", "kab")
KOTA_PREFIXES = ("kota administrasi", "kota adm.", "kota adm", "kota")


@dataclass
class RegencyIndex:
    by_code: dict[str, Regency] = field(default_factory=dict)
    by_name: dict[tuple[str, str], Regency] = field(default_factory=dict)  # (type, base name)
    by_base: dict[str, list[Regency]] = field(default_factory=dict)


class UnknownRegency(ValueError):
    pass


class AmbiguousRegency(ValueError):
    def __init__(self, candidates: list[Regency]):
        self.candidates = candidates
        super().__init__(", ".join(r.name for r in candidates))


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^0-9a-z. ]", " ", text.lower())).strip()


def split_name(text: str) -> tuple[str | None, str]:
    """("kabupaten" | "kota" | None, the base name)."""
    cleaned = _clean(text)
    for prefix in KABUPATEN_PREFIXES:
        if cleaned.startswith(prefix + " ") or cleaned.startswith(prefix + "."):
            return Regency.Type.KABUPATEN, cleaned[len(prefix) :].strip(" .")
    for prefix in KOTA_PREFIXES:
        if cleaned.startswith(prefix + " ") or cleaned.startswith(prefix + "."):
            return Regency.Type.KOTA, cleaned[len(prefix) :].strip(" .")
    return None, cleaned.strip(" .")


def build_index() -> RegencyIndex:
    index = RegencyIndex()
    for regency in Regency.objects.all():
        index.by_code[regency.code] = regency
        index.by_code[regency.code.replace(".", "")] = regency
        _kind, base = split_name(regency.name)
        index.by_name[(regency.type, base)] = regency
        index.by_base.setdefault(base, []).append(regency)
    return index


def match(text: str, index: RegencyIndex) -> Regency:
    raw = (text or "").strip()
    if not raw:
        raise UnknownRegency(raw)
    code = raw.replace(" ", "")
    if code in index.by_code:
        return index.by_code[code]
    kind, base = split_name(raw)
    if kind is not None:
        found = index.by_name.get((kind, base))
        if found is None:
            raise UnknownRegency(raw)
        return found
    candidates = index.by_base.get(base, [])
    if len(candidates) == 1:
        return candidates[0]
    if len(candidates) > 1:
        raise AmbiguousRegency(sorted(candidates, key=lambda r: r.name))
    raise UnknownRegency(raw)
