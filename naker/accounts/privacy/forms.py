"""Page forms of privacy operations. They only shape input; every rule is in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from naker.accounts.models import DataBreach, PrivacyRequest

BLANK: list[tuple[str, Any]] = [("", "—")]


class PrivacyRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you ask for?"), choices=BLANK + PrivacyRequest.Kind.choices, required=False
    )
    details = forms.CharField(
        label=_("Tell us what is wrong and what you ask for"),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
        max_length=4000,
        required=False,
        help_text=_("Do not write passwords or codes here."),
    )
    nik = forms.CharField(
        label=_("The correct NIK (only to correct your NIK)"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=BLANK
        + [(v, label) for v, label in PrivacyRequest.Outcome.choices if v != PrivacyRequest.Outcome.WITHDRAWN],
        required=False,
    )
    answer = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=8000,
        required=False,
        help_text=_("The person reads this. Do not copy a NIK or other personal data into it."),
    )
    refusal_reason = forms.CharField(
        label=_("Why refused, or what was not done (for refused and partly)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=8000,
        required=False,
    )
    apply_nik = forms.BooleanField(label=_("Apply the corrected NIK to the account"), required=False)
    corrected_nik = forms.CharField(
        label=_("Corrected NIK (leave empty to apply the one the person gave)"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class BreachForm(forms.Form):
    discovered_at = forms.DateTimeField(
        label=_("Discovered at (WIB)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    what_happened = forms.CharField(
        label=_("What happened: when and how the data was disclosed"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20000,
        required=False,
    )
    data_kinds = forms.MultipleChoiceField(
        label=_("Kinds of personal data concerned"),
        choices=DataBreach.DataKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    scope = forms.ChoiceField(label=_("Who is affected"), choices=BLANK + DataBreach.Scope.choices, required=False)
    scope_code = forms.CharField(label=_("Province or regency code (for those scopes)"), max_length=8, required=False)
    people = forms.CharField(
        label=_("The people affected (for a list): one mobile number or email a line"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=200000,
        required=False,
    )
    containment = forms.CharField(
        label=_("Containment and recovery steps taken"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20000,
        required=False,
    )


class NoticesForm(forms.Form):
    notice_people = forms.CharField(
        label=_("Notice to the people affected"),
        widget=forms.Textarea(attrs={"rows": 14}),
        max_length=40000,
        required=False,
    )
    notice_authority = forms.CharField(
        label=_("Notice to the authority"), widget=forms.Textarea(attrs={"rows": 14}), max_length=40000, required=False
    )
