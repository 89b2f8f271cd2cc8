"""Classifications: sectors (KBLI 2020 sections) and occupations (KBJI 2014 major groups).

The skills taxonomy proper (SKKNI units) grows here with the learning work.
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

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "id").startswith("en") else self.name_id
