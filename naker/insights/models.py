"""Aggregates that dashboards and targets read, so that no request counts millions of rows.

Every count is kept at each level it is shown at: the nation, each province, each regency, and
each organisation (its own members; dashboards add up the subtree). A refresh adds what happened
since the last one (rows past a watermark), so keeping them current costs little.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    NATION = "nation"
    PROVINCE = "province"
    REGENCY = "regency"
    ORGANIZATION = "organization"


class DailyCount(models.Model):
    day = models.DateField()
    level = models.CharField(max_length=12, choices=Level.choices)
    code = models.CharField(max_length=64, blank=True)  # "" for the nation, else province/regency/org code
    metric = models.CharField(max_length=16)  # registered | enrolments | completions
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["level", "code", "metric", "day"], name="dailycount_unique")]


class Breakdown(models.Model):
    """Registered workers by one dimension (sex, age band, education, employment, area type)."""

    level = models.CharField(max_length=12, choices=Level.choices)
    code = models.CharField(max_length=64, blank=True)
    dimension = models.CharField(max_length=16)
    value = models.CharField(max_length=24)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["level", "code", "dimension", "value"], name="breakdown_unique")]


class Watermark(models.Model):
    """How far each refresh has read: the last id, or the last time for changes of status."""

    name = models.CharField(max_length=32, primary_key=True)
    last_id = models.BigIntegerField(default=0)
    last_time = models.DateTimeField(null=True, blank=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)


class AdoptionTarget(models.Model):
    """E.g. 5,000 registered workers nationally by 31 August.

    Moved from outreach (migrations outreach 0003 and insights 0002 keep the table and its rows)."""

    class Metric(models.TextChoices):
        REGISTERED = "registered", _("Registered workers")
        ACTIVE = "active", _("Active learners (last 30 days)")
        COMPLETIONS = "completions", _("Course completions")
        CERTIFICATIONS = "certifications", _("Certifications")
        PLACEMENTS = "placements", _("Placements")

    class Scope(models.TextChoices):
        NATION = "nation", _("Nation")
        PROVINCE = "province", _("Province")
        REGENCY = "regency", _("Regency/city")
        ORGANIZATION = "organization", _("Organisation and everything under it")

    name = models.CharField(max_length=200)
    scope = models.CharField(max_length=12, choices=Scope.choices)
    scope_code = models.CharField(max_length=64, blank=True)
    metric = models.CharField(max_length=16, choices=Metric.choices)
    goal = models.PositiveIntegerField()
    start_date = models.DateField()
    due_date = models.DateField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_date"]

    def __str__(self) -> str:
        return self.name
