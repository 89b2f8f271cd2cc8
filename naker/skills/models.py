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
