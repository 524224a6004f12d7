"""Checks of a partner's identifiers: EIK/BULSTAT, VAT number and IBAN (python-stdnum).

Each function answers the identifier in its compact, canonical form, or raises ``ValueError``
with a message for the form.
"""

from __future__ import annotations

from stdnum import iban as stdnum_iban
from stdnum.bg import egn as bg_egn
from stdnum.bg import vat as bg_vat
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError as StdnumError


def eik_clean(value: str, *, country: str = "BG") -> str:
    """A Bulgarian EIK/BULSTAT (9 or 13 digits, check digit verified); other countries' numbers
    are kept as typed (trimmed)."""
    value = (value or "").strip().replace(" ", "")
    if not value or country.upper() != "BG":
        return value
    if value.upper().startswith("BG"):
        value = value[2:]
    if not value.isdigit() or len(value) not in (9, 13):
        raise ValueError("EIK/BULSTAT has 9 or 13 digits.")
    try:
        head = bg_vat.validate(value[:9])
    except StdnumError:
        raise ValueError("This EIK/BULSTAT fails its check digit.") from None
    if len(value) == 13 and eik13_check_digit(value[:12]) != value[12]:
        raise ValueError("This EIK/BULSTAT fails its check digit.")
    return head + value[9:]


def eik9_check_digit(number: str) -> str:
    """The ninth digit of a company's EIK from its first eight."""
    return bg_vat.calc_check_digit_legal(number[:8])


def eik13_check_digit(number: str) -> str:
    """The thirteenth digit of a branch's BULSTAT from its first twelve."""
    digits = [int(d) for d in number[8:12]]
    check = sum(w * d for w, d in zip((2, 7, 3, 5), digits, strict=True)) % 11
    if check == 10:
        check = sum(w * d for w, d in zip((4, 9, 5, 7), digits, strict=True)) % 11
    return str(check % 10)


def vat_clean(value: str) -> str:
    """A European VAT number with its country prefix ("BG" + EIK, "DE..."), check digits verified."""
    value = (value or "").strip().replace(" ", "").upper()
    if not value:
        return value
    if value[:2].isdigit():
        raise ValueError("A VAT number starts with its country code, e.g. BG123456789.")
    try:
        if value.startswith("BG"):
            number = value[2:]
            if len(number) == 10:  # a person's EGN as VAT number
                return "BG" + bg_egn.validate(number)
            return "BG" + bg_vat.validate(number)
        return eu_vat.validate(value)
    except StdnumError:
        raise ValueError("This VAT number is not valid.") from None


def iban_clean(value: str) -> str:
    value = (value or "").strip().replace(" ", "").upper()
    if not value:
        return value
    try:
        return stdnum_iban.validate(value)
    except StdnumError:
        raise ValueError("This IBAN is not valid.") from None
