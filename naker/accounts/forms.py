"""Page forms. They only shape input; every rule is in services.check_registration."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from naker.accounts import errors, selectors
from naker.accounts.models import WorkerProfile
from naker.regions import selectors as region_selectors
from naker.skills import selectors as skill_selectors

BLANK = [("", "—")]
LOGIN_MAX_LENGTH = 254  # an email address (RFC 5321); any phone form is shorter
EMAIL_MAX_LENGTH = 254  # what the User's email column holds


def _offer(form: forms.BaseForm, name: str, choices: list[tuple[str, str]]) -> None:
    """Sets a choice field's options (read from the database when the form is made)."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = BLANK + choices


class RegistrationForm(forms.Form):
    full_name = forms.CharField(label=_("Full name (as on your KTP)"), max_length=150)
    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=32,
        help_text=_("For example 0812 3456 7890"),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    nik = forms.CharField(
        label=_("NIK (16 digits, on your KTP)"),
        max_length=32,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    province = forms.ChoiceField(label=_("Province where you live"), choices=BLANK)
    regency_code = forms.ChoiceField(label=_("Regency or city where you live"), choices=BLANK, required=False)
    email = forms.EmailField(label=_("Email (optional)"), required=False, max_length=EMAIL_MAX_LENGTH)
    education = forms.ChoiceField(
        label=_("Highest education"), choices=BLANK + list(WorkerProfile.Education.choices), required=False
    )
    employment_status = forms.ChoiceField(
        label=_("Work status"), choices=BLANK + list(WorkerProfile.Employment.choices), required=False
    )
    union_code = forms.CharField(
        label=_("Union code or name (optional)"),
        max_length=200,
        required=False,
        help_text=_("For example ksbsi-dki, or the union's name. The union's officers approve your request to join."),
    )
    union_consent = forms.BooleanField(
        label=_("I agree that my union membership is recorded. Employers do not see it unless I choose."),
        required=False,
    )
    password = forms.CharField(
        label=_("Password (at least 8 characters)"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    consent = forms.BooleanField(label=_("I have read and agree to the privacy notice."), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(self, "province", region_selectors.province_choices())
        province = self.data.get("province") or self.initial.get("province")
        if province:
            _offer(self, "regency_code", [(r.code, r.name) for r in region_selectors.regencies_of(province)])


class PhoneOrEmailLoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Mobile number or email"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    error_messages = {
        "invalid_login": _("The mobile number/email or password is wrong."),
        "inactive": _("This account is no longer active."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # AuthenticationForm caps the box at the USERNAME_FIELD's length (the phone's 16 characters of
        # E.164), so an email or `+62 812-9876-5501` could not be typed whole. People type either.
        username = self.fields["username"]
        assert isinstance(username, forms.CharField)
        username.max_length = LOGIN_MAX_LENGTH
        username.validators = [v for v in username.validators if not isinstance(v, MaxLengthValidator)]
        username.validators.append(MaxLengthValidator(LOGIN_MAX_LENGTH))
        username.widget.attrs["maxlength"] = str(LOGIN_MAX_LENGTH)

    def clean(self) -> dict[str, Any]:
        # The account's growing delay (any address) is checked before the password, and not counted.
        # The cleaned value: a login the field refused (a NUL byte, too long) never reaches the database.
        wait = selectors.login_delay(self.cleaned_data.get("username") or "")
        if wait:
            raise forms.ValidationError(errors.delayed_message(wait), code="delayed")
        return super().clean()


class EraseForm(forms.Form):
    password = forms.CharField(label=_("Your password, to confirm"), widget=forms.PasswordInput)


class ChangePasswordForm(forms.Form):
    old_password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password = forms.CharField(
        label=_("New password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )


class ChangePhoneForm(forms.Form):
    new_phone = forms.CharField(
        label=_("New mobile number"), max_length=LOGIN_MAX_LENGTH, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    password = forms.CharField(
        label=_("Your password, to confirm"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PhoneCodeForm(forms.Form):
    code = forms.CharField(
        label=_("The 6-digit code sent to the new number"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class ResetWithCodeForm(forms.Form):
    login = forms.CharField(label=_("Mobile number or email"), max_length=254)
    code = forms.CharField(label=_("Code from your union officer"), max_length=12)
    new_password = forms.CharField(
        label=_("New password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name (as on your KTP)"), max_length=150)
    email = forms.EmailField(label=_("Email (optional)"), required=False, max_length=EMAIL_MAX_LENGTH)
    province = forms.ChoiceField(label=_("Province where you live"), choices=BLANK)
    regency_code = forms.ChoiceField(label=_("Regency or city where you live"), choices=BLANK)
    education = forms.ChoiceField(
        label=_("Highest education"), choices=BLANK + list(WorkerProfile.Education.choices), required=False
    )
    employment_status = forms.ChoiceField(
        label=_("Work status"), choices=BLANK + list(WorkerProfile.Employment.choices), required=False
    )
    sector_code = forms.ChoiceField(label=_("The sector you work in (or want to)"), required=False)
    occupation_code = forms.ChoiceField(label=_("Your kind of work"), required=False)
    goals = forms.MultipleChoiceField(
        label=_("What do you want from learning?"),
        choices=WorkerProfile.Goal.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(self, "province", region_selectors.province_choices())
        province = self.data.get("province") or self.initial.get("province")
        if province:
            _offer(self, "regency_code", [(r.code, r.name) for r in region_selectors.regencies_of(province)])
        _offer(self, "sector_code", [(s.code, s.label) for s in skill_selectors.sectors()])
        _offer(self, "occupation_code", [(o.code, o.label) for o in skill_selectors.occupations()])
