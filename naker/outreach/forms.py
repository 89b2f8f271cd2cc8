"""Forms of the outreach pages: the member import's upload and column screen, events and attendance."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from naker.accounts import services as account_services
from naker.core.validation import validate_sane_date
from naker.regions import selectors as region_selectors

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


BLANK = [("", "—")]


class EventForm(forms.Form):
    """Plan an event: organisations and the place are chosen by name, never typed as codes."""

    title = forms.CharField(label=_("Title"), max_length=200)
    organizer = forms.ChoiceField(label=_("Organised by"), choices=BLANK)
    co_organizer = forms.CharField(
        label=_("Together with (optional)"),
        max_length=200,
        required=False,
        help_text=_("The name of another union or chamber. Its officers are asked to accept."),
        widget=forms.TextInput(attrs={"list": "partner-names", "autocomplete": "off"}),
    )
    co_organizer_2 = forms.CharField(
        label=_("And with (optional)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"list": "partner-names", "autocomplete": "off"}),
    )
    starts_at = forms.DateTimeField(
        label=_("Date and time (WIB)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        validators=[validate_sane_date],
    )
    venue = forms.CharField(label=_("Venue"), max_length=200)
    province = forms.ChoiceField(label=_("Province of the event"), choices=BLANK)
    regency_code = forms.ChoiceField(label=_("Regency or city of the event"), choices=BLANK)
    partners = forms.CharField(
        label=_("Other partners (optional)"),
        max_length=300,
        required=False,
        help_text=_("Partners that are not on Kadin for Naker, for example a village office."),
    )

    def __init__(self, *args: Any, organizers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choose("organizer", organizers, blank=len(organizers) != 1)
        self._choose("province", [(p.code, p.name) for p in region_selectors.provinces()])
        province = self.data.get("province") or self.initial.get("province")
        if province:
            self._choose("regency_code", [(r.code, r.name) for r in region_selectors.regencies_of(str(province))])

    def _choose(self, name: str, choices: list[tuple[str, str]], blank: bool = True) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = (BLANK if blank else []) + choices

    def co_organizer_names(self) -> list[tuple[str, str]]:
        """(field, name typed) of each co-organiser named."""
        return [(f, self.cleaned_data[f]) for f in ("co_organizer", "co_organizer_2") if self.cleaned_data.get(f)]


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Attendance code (scan the worker's QR code)"), max_length=500)


class InvitationForm(SetPasswordForm):
    """An imported worker's first visit: a password, the privacy notice, and a check of the birth
    date and sex the union's list gave (read from the NIK). Messages in the site's own words."""

    new_password1 = forms.CharField(
        label=_("Password (at least 8 characters)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label=_("Type the password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    identity = forms.BooleanField(label=_("Yes, this is me: the birth date and sex above are right."), required=False)
    consent = forms.BooleanField(label=_("I have read and agree to the privacy notice."), required=False)

    def clean_new_password2(self) -> str:
        first, second = self.cleaned_data.get("new_password1") or "", self.cleaned_data.get("new_password2") or ""
        if first and second and first != second:
            raise forms.ValidationError(_("The two passwords are not the same. Type them again."))
        return second

    def clean(self) -> dict[str, Any]:
        # SetPasswordForm's own checks speak in another voice: neither its clean() nor its
        # _post_clean() is called; ours are below and in _post_clean.
        data = self.cleaned_data
        if not data.get("identity"):
            self.add_error(
                "identity",
                _("Confirm your birth date and sex, or ask your union officer to correct them first."),
            )
        if not data.get("consent"):
            self.add_error("consent", _("You must agree to the privacy notice to use your account."))
        return data

    def _post_clean(self) -> None:  # BaseForm's own is empty
        password = self.cleaned_data.get("new_password2")
        if password and "new_password2" not in self.errors:
            for problem in account_services.password_problems(password, self.user):
                self.add_error("new_password1", problem)
