"""The NIK (Nomor Induk Kependudukan): form, region prefix and the birth date and sex it encodes.

python-stdnum checks the form, and its region table (which predates 2012) is the source of the
*historic* prefixes that regencies bore before they moved province; today's prefixes come from our
own region data. A NIK keeps the prefix it was issued under, so both are accepted.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass

from django.utils.translation import gettext as _
from stdnum import numdb
from stdnum.id import nik as stdnum_nik

from naker.core import crypto
from naker.regions import selectors as region_selectors


class NikError(ValueError):
    pass


@dataclass(frozen=True)
class NikInfo:
    nik: str
    birth_date: datetime.date
    sex: str  # "male" | "female"

    @property
    def prefix(self) -> str:
        return self.nik[:4]


def ascii_digits(value: str) -> str:
    """NFKC, then every Unicode decimal digit (Arabic-Indic, Devanagari, fullwidth…) as ASCII.

    `3171٠١٥٧٠٨٩٠٠٠٠١` and `317101²708900001` read as the digits they show, so that one person's
    NIK (or phone number) has one form, one keyed hash and one account.
    """
    folded = unicodedata.normalize("NFKC", str(value or ""))
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in folded)


def is_historic_prefix(prefix: str) -> bool:
    """True where stdnum's pre-2012 table knows this province+regency code."""
    found = numdb.get("id/loc").info(prefix)
    return len(found) >= 2 and bool(found[1][1])


def _birth_date(nik: str, today: datetime.date) -> datetime.date:
    day = int(nik[6:8])
    if day > 40:
        day -= 40
    month, yy = int(nik[8:10]), int(nik[10:12])
    # The NIK has a two-digit year: take the most recent century that is not in the future.
    year = 2000 + yy if 2000 + yy <= today.year else 1900 + yy
    try:
        born = datetime.date(year, month, day)
    except ValueError:
        raise NikError(_("Digits 7 to 12 of the NIK are not a real date of birth.")) from None
    if born > today:
        born = born.replace(year=year - 100)
    return born


def parse_nik(value: str, *, current_prefixes: Collection[str], today: datetime.date | None = None) -> NikInfo:
    """Checks a NIK and reads the birth date and sex from it. Raises NikError with a plain message."""
    nik = stdnum_nik.compact(ascii_digits(value))
    if not nik:
        raise NikError(_("Enter the NIK: the 16 digits on your KTP."))
    if not nik.isascii() or not nik.isdigit():  # what is stored and hashed is exactly 16 ASCII digits
        raise NikError(_("The NIK may contain digits only."))
    if len(nik) != 16:
        raise NikError(_("The NIK has 16 digits; this one has %(count)d.") % {"count": len(nik)})
    if nik[:4] not in current_prefixes and not is_historic_prefix(nik[:4]):
        raise NikError(
            _("The first 4 digits of the NIK (%(prefix)s) are not a regency or city code.") % {"prefix": nik[:4]}
        )
    born = _birth_date(nik, today or datetime.date.today())
    sex = "female" if int(nik[6:8]) > 40 else "male"
    return NikInfo(nik=nik, birth_date=born, sex=sex)


def mask_nik(nik: str) -> str:
    """`3174********0001`: the region and the serial show, the birth date does not."""
    return nik[:4] + "*" * (len(nik) - 8) + nik[-4:]


def read_nik(value: str, *, today: datetime.date | None = None) -> NikInfo:
    """The one way to read a NIK someone typed or a file holds: against today's region codes.

    Registration (web and API), the NIK check and the member import all call this. Raises NikError.
    """
    return parse_nik(value, current_prefixes=region_selectors.current_nik_prefixes(), today=today)


@dataclass(frozen=True)
class StoredNik:
    """The three columns a NIK is kept as (DESIGN.md §4): never the NIK itself in clear."""

    encrypted: str  # Fernet, key from the environment; decrypted only by accounts.selectors
    hash: str  # keyed HMAC, for one account per NIK and for lookups
    masked: str  # `3174********0001`, what lists show

    def as_fields(self) -> dict[str, str]:
        """The WorkerProfile fields, for `WorkerProfile(**stored.as_fields(), ...)`."""
        return {"nik_encrypted": self.encrypted, "nik_hash": self.hash, "nik_masked": self.masked}


def stored_nik(nik: str | NikInfo, *, known_hash: str | None = None) -> StoredNik:
    """Builds the stored columns of a NIK already read (by `read_nik` / `parse_nik`): computed once.

    Public for every writer of worker profiles: registration, the member import, the demo data and
    the test factories. `known_hash` is this same NIK's keyed hash where the server took it earlier
    (web registration's first step, carried in its sealed draft): never a value a client sent.
    """
    digits = nik.nik if isinstance(nik, NikInfo) else nik
    return StoredNik(
        encrypted=crypto.encrypt(digits), hash=known_hash or crypto.keyed_hash(digits), masked=mask_nik(digits)
    )


def nik_hash(nik: str | NikInfo) -> str:
    """The keyed hash alone (to look a NIK up without encrypting it)."""
    return crypto.keyed_hash(nik.nik if isinstance(nik, NikInfo) else nik)
