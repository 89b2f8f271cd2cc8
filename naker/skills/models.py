"""Classifications: sectors (KBLI 2020 sections) and occupations (KBJI 2014 major groups), and the
skills taxonomy: general skills and SKKNI units of competency, each unit with the decree it comes
from and its elements, each element with its performance criteria (kriteria unjuk kerja).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language

# Short plain names (Indonesian, English) for the official titles, some over 100 characters long.
SHORT_NAMES: dict[tuple[str, str], tuple[str, str]] = {
    ("Sector", "A"): ("Pertanian, hutan, perikanan", "Farming, forestry, fishing"),
    ("Sector", "B"): ("Pertambangan", "Mining"),
    ("Sector", "C"): ("Industri pengolahan (pabrik)", "Manufacturing"),
    ("Sector", "D"): ("Listrik dan gas", "Electricity and gas"),
    ("Sector", "E"): ("Air bersih, limbah, sampah", "Water, sewage, waste"),
    ("Sector", "F"): ("Konstruksi", "Construction"),
    ("Sector", "G"): ("Perdagangan dan bengkel", "Trade and vehicle repair"),
    ("Sector", "H"): ("Transportasi dan gudang", "Transport and storage"),
    ("Sector", "I"): ("Hotel dan rumah makan", "Hotels and food"),
    ("Sector", "J"): ("Informasi dan komunikasi", "Information and communication"),
    ("Sector", "K"): ("Keuangan dan asuransi", "Finance and insurance"),
    ("Sector", "L"): ("Real estat", "Real estate"),
    ("Sector", "M"): ("Jasa profesional dan teknis", "Professional and technical services"),
    ("Sector", "N"): ("Penunjang usaha, penyaluran kerja", "Business support, staffing"),
    ("Sector", "O"): ("Pemerintahan", "Government"),
    ("Sector", "P"): ("Pendidikan", "Education"),
    ("Sector", "Q"): ("Kesehatan dan sosial", "Health and social work"),
    ("Sector", "R"): ("Seni, hiburan, rekreasi", "Arts and recreation"),
    ("Sector", "S"): ("Jasa lainnya", "Other services"),
    ("Sector", "T"): ("Rumah tangga (PRT)", "Households as employers"),
    ("Sector", "U"): ("Badan internasional", "International bodies"),
    ("Occupation", "0"): ("TNI dan Polri", "Armed forces"),
    ("Occupation", "1"): ("Manajer", "Managers"),
    ("Occupation", "2"): ("Tenaga profesional", "Professionals"),
    ("Occupation", "3"): ("Teknisi", "Technicians"),
    ("Occupation", "4"): ("Staf kantor / tata usaha", "Office and clerical staff"),
    ("Occupation", "5"): ("Jasa dan penjualan", "Service and sales"),
    ("Occupation", "6"): ("Petani, pekebun, nelayan", "Farmers and fishers"),
    ("Occupation", "7"): ("Tukang dan pengrajin", "Craft and trades"),
    ("Occupation", "8"): ("Operator mesin dan sopir", "Machine operators and drivers"),
    ("Occupation", "9"): ("Pekerja kasar dan kebersihan", "Labourers and cleaners"),
}


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
        """The official title (BPS), in the active language."""
        return self.name_en if (get_language() or "id").startswith("en") else self.name_id

    @property
    def short_name(self) -> str:
        """A short plain name for choices and narrow screens; the official title stays in `name`."""
        short = SHORT_NAMES.get((type(self).__name__, self.code))
        if short is None:
            return self.name
        return short[1] if (get_language() or "id").startswith("en") else short[0]

    @property
    def label(self) -> str:
        """What a choice shows: the short name and the official code (KBLI A, KBJI 7)."""
        scheme = "KBLI" if type(self).__name__ == "Sector" else "KBJI"
        return f"{self.short_name} ({scheme} {self.code})"


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
        """The official title (BPS), in the active language."""
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
