"""Forms of the outreach pages: the member import's upload and column screen, events and attendance."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from naker.core.validation import validate_sane_date

FIELD_LABELS = {
    "": _("(leave out)"),
    "full_name": _("Name"),
    "nik": _("NIK"),
    "phone": _("Mobile number"),
    "regency": _("Regency/city"),
    "birth_date": _("Date of birth"),
    "email": _("Email"),
}


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Member list (CSV or XLSX)"))


class MappingForm(forms.Form):
    consent_attested = forms.BooleanField(
        label=_("The union attests that these members agreed to be registered on Kadin for Naker."), required=False
    )

    def __init__(self, *args: Any, headers: list[str], mapping: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index, header in enumerate(headers):
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=header or f"#{index + 1}",
                choices=list(FIELD_LABELS.items()),
                required=False,
                initial=mapping.get(str(index), ""),
            )
        self.order_fields([f"col_{i}" for i in range(len(headers))] + ["consent_attested"])

    def mapping(self) -> dict[str, str]:
        return {name[4:]: value for name, value in self.cleaned_data.items() if name.startswith("col_") and value}


class EventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    organizers = forms.CharField(label=_("Organisers (codes, separated by commas)"), max_length=300)
    starts_at = forms.DateTimeField(
        label=_("Date and time (WIB)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        validators=[validate_sane_date],
    )
    venue = forms.CharField(label=_("Venue"), max_length=200)
    regency_code = forms.CharField(label=_("Regency/city code (e.g. 32.75)"), max_length=8)
    partners = forms.CharField(label=_("Partners"), max_length=300, required=False)


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Attendance code (scan the worker's QR code)"), max_length=500)
