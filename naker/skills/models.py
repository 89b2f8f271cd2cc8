"""Classifications: sectors (KBLI 2020 sections) and occupations (KBJI 2014 major groups), and the
skills taxonomy: general skills and SKKNI units of competency, each unit with the decree it comes
from and its elements, each element with its performance criteria (kriteria unjuk kerja).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language


class _Classification(models.Model):
    code = models.CharField(max_length=8, primary_key=True)
    name_id = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "id").startswith("en") else self.name_id


class Sector(_Classification):
    """A KBLI 2020 section (A–U)."""


class Occupation(_Classification):
    """A KBJI 2014 major group (0–9)."""


class Skill(models.Model):
    """A skill in the taxonomy; an SKKNI unit of competency is a skill with kind `skkni_unit`."""

    class Kind(models.TextChoices):
        SKKNI_UNIT = "skkni_unit", "SKKNI"
        GENERAL = "general", "general"

    code = models.CharField(max_length=40, primary_key=True)
    name_id = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.GENERAL)
    sector = models.ForeignKey(Sector, null=True, blank=True, on_delete=models.SET_NULL, related_name="skills")
    # SKKNI units: the ministerial decree (Keputusan Menteri) that set the standard, as published
    decree = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "id").startswith("en") else self.name_id


class UnitElement(models.Model):
    """An element of competency of an SKKNI unit, with its performance criteria in order."""

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="elements")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    criteria = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["skill", "position"]
        constraints = [models.UniqueConstraint(fields=["skill", "position"], name="unitelement_unique_position")]

    def __str__(self) -> str:
        return f"{self.skill_id} {self.position}. {self.title}"
