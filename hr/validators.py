"""Validation of Bulgarian national IDs and bank accounts (python-stdnum)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import iban as stdnum_iban
from stdnum.bg import egn as stdnum_egn
from stdnum.exceptions import ValidationError as StdnumError

EGN_INVALID = _("This is not a valid EGN: check the ten digits.")
IBAN_INVALID = _("This is not a valid IBAN.")


def validate_egn(value: str) -> None:
    if not value:
        return
    try:
        stdnum_egn.validate(value)
    except StdnumError:
        raise ValidationError(EGN_INVALID, code="invalid_egn") from None


def validate_iban(value: str) -> None:
    if not value:
        return
    try:
        stdnum_iban.validate(value)
    except StdnumError:
        raise ValidationError(IBAN_INVALID, code="invalid_iban") from None


def compact_iban(value: str) -> str:
    return stdnum_iban.compact(value) if value else ""
