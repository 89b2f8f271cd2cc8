"""One row of a member list: its values checked, or every reason it is refused."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from naker.accounts.nik import NikError, NikInfo, StoredNik, parse_nik, stored_nik
from naker.accounts.phone import PhoneError, normalize_phone
from naker.core import crypto
from naker.outreach.member_import import cells
from naker.regions import matching

if TYPE_CHECKING:
    from naker.regions.models import Regency


@dataclass
class CheckedRow:
    row_number: int
    full_name: str
    nik: NikInfo
    stored_nik: StoredNik  # built once here; accounts stores these columns as they are
    phone: str
    email: str | None
    regency: Regency

    @property
    def nik_hash(self) -> str:
        return self.stored_nik.hash


def value_of(row: list[Any], mapping: dict[str, str], field: str) -> Any:
    for index, name in mapping.items():
        if name == field:
            i = int(index)
            return row[i] if i < len(row) else None
    return None


def check_row(
    row: list[Any], mapping: dict[str, str], index: matching.RegencyIndex, prefixes: frozenset[str]
) -> CheckedRow | str:
    """The row's values, or the reasons it is refused (all of them, joined)."""
    reasons: list[str] = []
    full_name = " ".join(str(value_of(row, mapping, "full_name") or "").split())
    if len(full_name) < 2:
        reasons.append(_("Name is empty."))
    nik = None
    try:
        nik = parse_nik(cells.nik_text(value_of(row, mapping, "nik")), current_prefixes=prefixes)
    except (NikError, cells.CellError) as exc:
        reasons.append(_("NIK: %(reason)s") % {"reason": exc})
    phone = ""
    try:
        phone = normalize_phone(cells.phone_text(value_of(row, mapping, "phone")))
    except PhoneError as exc:
        reasons.append(_("Mobile number: %(reason)s") % {"reason": exc})
    regency = None
    raw_regency = str(value_of(row, mapping, "regency") or "").strip()
    try:
        regency = matching.match(raw_regency, index)
    except matching.AmbiguousRegency as exc:
        reasons.append(
            _('Regency/city "%(value)s" could be %(options)s: write which one.')
            % {"value": raw_regency, "options": _(" or ").join(r.name for r in exc.candidates)}
        )
    except matching.UnknownRegency:
        reasons.append(_('Regency/city "%(value)s" is not known.') % {"value": raw_regency})
    try:
        born = cells.parse_date(value_of(row, mapping, "birth_date"))
        if born and nik and born != nik.birth_date:
            reasons.append(_("Date of birth %(date)s does not match the NIK.") % {"date": born.strftime("%d/%m/%Y")})
    except cells.CellError as exc:
        reasons.append(_("Date of birth: %(reason)s") % {"reason": exc})
    email = str(value_of(row, mapping, "email") or "").strip().lower() or None
    if email:
        try:
            validate_email(email)
        except ValidationError:
            reasons.append(_("Email %(value)s is not valid.") % {"value": email})
    if reasons or nik is None or regency is None:
        return " ".join(reasons)
    return CheckedRow(0, full_name, nik, stored_nik(nik), phone, email, regency)


def person_hashes(row: list[Any], mapping: dict[str, str], *, nik_hash: str = "") -> tuple[str, str]:
    """Keyed hashes of a row's NIK and mobile number, where they can be read ("" where not): they
    let the erasure of a person find the refused rows' files that name them. `nik_hash` is the
    row's hash when check_row already took it (not taken twice)."""
    phone_hash = ""
    if not nik_hash:
        try:
            digits = cells.nik_text(value_of(row, mapping, "nik"))
            if re.fullmatch(r"\d{16}", digits):
                nik_hash = crypto.keyed_hash(digits)
        except cells.CellError:
            pass
    with contextlib.suppress(PhoneError):
        phone_hash = crypto.keyed_hash(normalize_phone(cells.phone_text(value_of(row, mapping, "phone"))))
    return nik_hash, phone_hash
