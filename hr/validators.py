"""Validation of Bulgarian national IDs and bank accounts.

EGN (единен граждански номер): YYMMDD, a three-digit region and serial number, and a check digit.
The month carries the century: 1-12 for 1900-1999, +20 (21-32) for 1800-1899, +40 (41-52) for
2000-2099. The check digit is the sum of the first nine digits times 2, 4, 8, 5, 10, 9, 7, 3, 6,
modulo 11, with 10 written as 0 (the civil registration rules; python-stdnum's ``bg.egn`` agrees).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as StdnumError

EGN_INVALID = _("This is not a valid EGN: check the ten digits.")
EGN_FUTURE = _("This EGN gives a date of birth in the future.")
EGN_OTHER_BIRTH = _("This EGN belongs to someone born on %(date)s; check it or the date of birth.")
BIRTH_FUTURE = _("The date of birth cannot be in the future.")
IBAN_INVALID = _("This is not a valid IBAN.")

EGN_WEIGHTS = (2, 4, 8, 5, 10, 9, 7, 3, 6)


def egn_check_digit(first_nine: str) -> int:
    remainder = sum(int(d) * w for d, w in zip(first_nine, EGN_WEIGHTS, strict=True)) % 11
    return 0 if remainder == 10 else remainder


def egn_birth_date(value: str | None) -> date | None:
    """The date of birth an EGN encodes, or None when it is not a valid EGN."""
    value = (value or "").strip()
    if len(value) != 10 or not value.isascii() or not value.isdigit():
        return None
    if egn_check_digit(value[:9]) != int(value[9]):
        return None
    year, month, day = int(value[:2]), int(value[2:4]), int(value[4:6])
    if month > 40:
        year, month = 2000 + year, month - 40
    elif month > 20:
        year, month = 1800 + year, month - 20
    else:
        year += 1900
    try:
        return date(year, month, day)
    except ValueError:
        return None


def validate_egn(value: str) -> None:
    if not value:
        return
    if egn_birth_date(value) is None:
        raise ValidationError(EGN_INVALID, code="invalid_egn")


def egn_birth_errors(*, egn: str, birth: date | None, today: date) -> dict[str, list]:
    """What is wrong between an EGN and a date of birth (empty: nothing)."""
    errors: dict[str, list] = {}
    if birth is not None and birth > today:
        errors["date_of_birth"] = [ValidationError(BIRTH_FUTURE, code="birth_future")]
    encoded = egn_birth_date(egn) if egn else None
    if encoded is None:
        return errors
    if encoded > today:
        errors["national_id"] = [ValidationError(EGN_FUTURE, code="egn_future")]
    elif birth is not None and birth != encoded and "date_of_birth" not in errors:
        errors["national_id"] = [
            ValidationError(
                EGN_OTHER_BIRTH,
                code="egn_other_birth",
                params={"date": date_format(encoded, "SHORT_DATE_FORMAT")},
            )
        ]
    return errors


def validate_iban(value: str) -> None:
    if not value:
        return
    try:
        stdnum_iban.validate(value)
    except StdnumError:
        raise ValidationError(IBAN_INVALID, code="invalid_iban") from None


def compact_iban(value: str) -> str:
    return stdnum_iban.compact(value) if value else ""
