"""Writes of the skills app: loading SKKNI units (from a register file, or the demo's units)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from naker.skills.models import Skill, UnitElement

if TYPE_CHECKING:
    from naker.skills.register import ParsedUnit


@transaction.atomic
def save_units(units: list[ParsedUnit], *, sector_code: str | None = None) -> tuple[int, int]:
    """Adds or updates SKKNI units and replaces their elements; (units, elements) written.

    The register is parsed before (naker.skills.register, outside any transaction); this is one
    short transaction for all of it, so a register is loaded whole or not at all."""
    codes = [u.code for u in units]
    existing = {s.code: s for s in Skill.objects.filter(code__in=codes)}
    for unit in units:
        skill = existing.get(unit.code) or Skill(code=unit.code)
        skill.name_id = unit.title
        skill.name_en = unit.title_en or skill.name_en or unit.title
        skill.kind = Skill.Kind.SKKNI_UNIT
        if unit.decree:
            skill.decree = unit.decree
        if sector_code and not skill.sector_id:
            skill.sector_id = sector_code
        skill.save()
    UnitElement.objects.filter(skill_id__in=codes).delete()
    elements = [
        UnitElement(skill_id=u.code, position=e.position, title=e.title, criteria=e.criteria)
        for u in units
        for e in u.elements
    ]
    UnitElement.objects.bulk_create(elements, batch_size=2000)
    return len(units), len(elements)
