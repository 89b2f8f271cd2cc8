"""Forms of the matching pages: declaring a skill, job preferences, the filters of both lists."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from naker.jobs.models import Opportunity
from naker.regions import selectors as region_selectors


def kind_choices(blank: bool = False) -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = [(k, label) for k, label in Opportunity.Kind.choices]
    return [("", _("Any kind")), *found] if blank else found


def _regency_choices(province_id: str) -> list[tuple[str, str]]:
    """Kept an hour per province, as the provinces are (reference data changes only with a migration):
    the filters are on every visit to "Jobs for me" (issue 13)."""
    key = f"naker:jobs:regency-choices:{province_id}"
    found = cache.get(key)
    if found is None:
        found = [(r.code, f"– {r.name}") for r in region_selectors.regencies_of(province_id)]
        cache.set(key, found, 3600)
    return found  # type: ignore[no-any-return]


def region_choices(province_id: str) -> list[tuple[str, str]]:
    """Anywhere, every province, and the regencies of one province (a short list for a phone)."""
    found: list[tuple[str, str]] = [("", str(_("Anywhere")))]
    found += region_selectors.province_choices()
    if province_id:
        found += _regency_choices(province_id)
    return found


class DeclareSkillForm(forms.Form):
    code = forms.CharField(
        label=_("Skill code"),
        max_length=40,
        help_text=_("The code of the skill, as in the list of skills (for example NK-LAS-01)."),
    )


class PreferencesForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Kinds of work I look for"), required=False, widget=forms.CheckboxSelectMultiple
    )
    regency_codes = forms.MultipleChoiceField(
        label=_("Regencies and cities where I want to work"), required=False, widget=forms.CheckboxSelectMultiple
    )
    willing_to_relocate = forms.BooleanField(label=_("I am willing to move for work"), required=False)
    abroad = forms.BooleanField(label=_("I want to work abroad"), required=False)
    remote = forms.BooleanField(label=_("I want remote work"), required=False)
    findable = forms.BooleanField(
        label=_("Employers may find me"),
        required=False,
        help_text=_("Employers see your skills and region, not your name or number, until you apply."),
    )
    automated_matching = forms.BooleanField(
        label=_("Rank opportunities for me automatically"),
        required=False,
        help_text=_("Without it, nothing ranks you or for you; you can still look at opportunities and apply."),
    )
    show_union = forms.BooleanField(label=_("Show my union membership to employers"), required=False)

    def __init__(self, *args: Any, province_id: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = kind_choices()  # type: ignore[attr-defined]
        self.fields["regency_codes"].choices = [  # type: ignore[attr-defined]
            (r.code, r.name) for r in region_selectors.regencies_of(province_id)
        ]


class FiltersForm(forms.Form):
    region = forms.ChoiceField(label=_("Region"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    verified_only = forms.BooleanField(label=_("Verified skills only"), required=False)

    def __init__(self, *args: Any, province_id: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = region_choices(province_id)  # type: ignore[attr-defined]
        self.fields["kind"].choices = kind_choices(blank=True)  # type: ignore[attr-defined]


class InviteForm(forms.Form):
    worker_id = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    message = forms.CharField(label=_("Message"), max_length=1000, required=False)
