"""Indonesian mobile numbers in any common form, stored as E.164 (+62…)."""

from __future__ import annotations

import re

import phonenumbers
from django.utils.translation import gettext as _

from naker.accounts.nik import ascii_digits


class PhoneError(ValueError):
    pass


_MOBILE_TYPES = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


def normalize_phone(value: str) -> str:
    """`0812-3456-7890`, `+62 812 3456 7890`, `6281234567890`, `81234567890` → `+6281234567890`."""
    raw = re.sub(r"[\s\-().]", "", ascii_digits(value))
    if raw.startswith("'"):  # a spreadsheet's text marker
        raw = raw[1:]
    if not raw:
        raise PhoneError(_("Enter a mobile number."))
    # "62812…" and "812…" (the trunk 0 a spreadsheet dropped) need no clean-up here: phonenumbers,
    # parsing with region ID, reads a leading 62 as the country code and a bare 8… as a national number.
    if not re.fullmatch(r"\+?[0-9]{1,17}", raw):  # only ASCII digits reach phonenumbers; it judges the length
        raise PhoneError(_("This is not a phone number."))
    try:
        parsed = phonenumbers.parse(raw, "ID")
    except phonenumbers.NumberParseException:
        raise PhoneError(_("This is not a phone number.")) from None
    if parsed.country_code != 62:
        raise PhoneError(_("Enter an Indonesian mobile number (+62)."))
    if not phonenumbers.is_valid_number(parsed) or phonenumbers.number_type(parsed) not in _MOBILE_TYPES:
        raise PhoneError(_("This is not a valid Indonesian mobile number."))
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def mask_phone(e164: str) -> str:
    return e164[:6] + "*" * max(0, len(e164) - 9) + e164[-3:] if e164 else ""
