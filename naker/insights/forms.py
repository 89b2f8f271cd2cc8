"""Forms of the insights pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from naker.core.validation import INT32_MAX, validate_sane_date
from naker.insights.models import AdoptionTarget

# A date input takes and shows only ISO dates (YYYY-MM-DD), whatever the language: the localised
# format (30-11-2026) would be rejected by the browser and block saving.
ISO_DATE = "%Y-%m-%d"


class TargetForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    scope = forms.ChoiceField(label=_("For"), choices=AdoptionTarget.Scope.choices)
    scope_code = forms.CharField(
        label=_("Province, regency or organisation code (empty for the nation)"),
        max_length=64,
        required=False,
    )
    metric = forms.ChoiceField(label=_("What is counted"), choices=AdoptionTarget.Metric.choices)
    goal = forms.IntegerField(label=_("Target"), min_value=1, max_value=INT32_MAX)
    start_date = forms.DateField(
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE),
        validators=[validate_sane_date],
    )
    due_date = forms.DateField(
        label=_("Reached by"),
        widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE),
        validators=[validate_sane_date],
    )
