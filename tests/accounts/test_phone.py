"""Indonesian mobile numbers in their common forms, stored as E.164."""

from __future__ import annotations

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from naker.accounts.phone import PhoneError, mask_phone, normalize_phone


@given(
    operator=st.sampled_from(["811", "812", "813", "821", "852", "857", "859", "877", "878", "881", "895"]),
    rest=st.text(alphabet="0123456789", min_size=7, max_size=8),
)
def test_every_common_form_of_one_number_is_stored_the_same(operator, rest):
    national = f"0{operator}{rest}"
    forms = [
        national,
        f"+62{national[1:]}",
        f"62{national[1:]}",
        national[1:],
        f"{national[:4]}-{national[4:8]}-{national[8:]}",
        f"+62 {operator} {rest}",
        f"'{national}",
    ]
    stored = {normalize_phone(f) for f in forms}
    assert stored == {f"+62{operator}{rest}"}


@pytest.mark.parametrize("raw", ["", "abc", "0212345678", "+6598765432", "0812", "08123456789012345"])
def test_what_is_not_an_indonesian_mobile_number_is_refused(raw):
    with pytest.raises(PhoneError):
        normalize_phone(raw)


def test_a_masked_number_keeps_the_operator_and_last_digits():
    assert mask_phone("+6281234567890") == "+62812*****890"


def test_a_number_a_spreadsheet_marked_as_text_with_an_apostrophe():
    assert normalize_phone("'6281234567890") == "+6281234567890"
    assert normalize_phone("'081234567890") == "+6281234567890"
    assert normalize_phone("(0812) 3456.7890") == "+6281234567890"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Enter a mobile number."),
        (None, "Enter a mobile number."),
        ("  - ", "Enter a mobile number."),
        ("abc", "This is not a phone number."),
        ("+0812345678", "This is not a phone number."),  # a plus, then no country code
        ("+", "This is not a phone number."),
        ("+6598765432", "Enter an Indonesian mobile number (+62)."),
        ("0212345678", "This is not a valid Indonesian mobile number."),  # a Jakarta landline
        ("0812", "This is not a valid Indonesian mobile number."),
    ],
)
def test_a_refused_number_says_why_in_words(raw, message):
    with translation.override("en"), pytest.raises(PhoneError) as refused:
        normalize_phone(raw)
    assert str(refused.value) == message


def test_no_number_masks_to_nothing():
    assert mask_phone("") == ""
