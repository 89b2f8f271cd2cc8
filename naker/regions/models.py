"""Indonesia's administrative regions (Kemendagri codes): province → regency/city → district."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    code = models.CharField(max_length=2, primary_key=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Regency(models.Model):
    """A kabupaten (regency, mostly rural) or kota (city). Code as `32.75`."""

    class Type(models.TextChoices):
        KABUPATEN = "kabupaten", _("Regency (kabupaten)")
        KOTA = "kota", _("City (kota)")

    code = models.CharField(max_length=5, primary_key=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="regencies")
    name = models.CharField(max_length=100)
    type = models.CharField(max_length=10, choices=Type.choices)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "regencies"

    def __str__(self) -> str:
        return self.name

    @property
    def nik_prefix(self) -> str:
        """The first four digits of a NIK issued in this regency today."""
        return self.code.replace(".", "")


class District(models.Model):
    """A kecamatan. Code as `32.75.01`."""

    code = models.CharField(max_length=8, primary_key=True)
    regency = models.ForeignKey(Regency, on_delete=models.PROTECT, related_name="districts")
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
