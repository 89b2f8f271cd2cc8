"""Indonesian mobile numbers in their common forms, stored as E.164."""

from __future__ import annotations

import pytest
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
