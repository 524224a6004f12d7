"""Money is Decimal, rounded once per line with one rule: ROUND_HALF_UP to the cent.

Floats are refused outright: a float that reaches money has already lost a cent somewhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")
RATE_QUANTUM = Decimal("0.0001")
ZERO = Decimal("0.00")

FLOAT_REFUSED = _("Money must not be a float; pass a Decimal or a string such as '12.30'.")
NOT_A_NUMBER = _("'%(value)s' is not an amount of money.")


class MoneyError(TypeError):
    """Raised when something that is not safely money is used as money."""


def to_decimal(value: Decimal | int | str) -> Decimal:
    """Turn an int, a numeric string or a Decimal into a Decimal; refuse floats and garbage."""
    if isinstance(value, bool):
        raise MoneyError(str(NOT_A_NUMBER % {"value": value}))
    if isinstance(value, float):
        raise MoneyError(str(FLOAT_REFUSED))
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip().replace(" ", "").replace("\u00a0", ""))
        except InvalidOperation:
            raise MoneyError(str(NOT_A_NUMBER % {"value": value})) from None
    else:
        raise MoneyError(str(NOT_A_NUMBER % {"value": value}))
    if not result.is_finite():
        raise MoneyError(str(NOT_A_NUMBER % {"value": value}))
    return result


def round_money(value: Decimal | int | str) -> Decimal:
    """The one rounding rule for amounts: half up, to the cent."""
    return to_decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def round_rate(value: Decimal | int | str) -> Decimal:
    """Rates keep four decimals, rounded half up."""
    return to_decimal(value).quantize(RATE_QUANTUM, rounding=ROUND_HALF_UP)


def line_amount(quantity: Decimal | int | str, unit_price: Decimal | int | str) -> Decimal:
    """An amount for one line: quantity x price, rounded once."""
    return round_money(to_decimal(quantity) * to_decimal(unit_price))


def percent_of(amount: Decimal | int | str, rate_percent: Decimal | int | str) -> Decimal:
    """``rate_percent`` % of ``amount``, rounded once (for tax or a premium on one line)."""
    return round_money(to_decimal(amount) * to_decimal(rate_percent) / Decimal(100))


def money_sum(values: Iterable[Decimal | int | str]) -> Decimal:
    """Sum already rounded lines; the total needs no further rounding."""
    total = ZERO
    for value in values:
        total += round_money(value)
    return total


def allocate(total: Decimal | int | str, weights: Iterable[Decimal | int | str]) -> list[Decimal]:
    """Split ``total`` by ``weights`` into cents that add up exactly to the total.

    Each share is rounded down to the cent; the cents left over go to the largest remainders.
    """
    total_d = round_money(total)
    weight_list = [to_decimal(w) for w in weights]
    weight_sum = sum(weight_list, Decimal(0))
    if not weight_list or weight_sum <= 0:
        raise MoneyError(str(_("Weights must be positive to allocate an amount.")))
    raw = [total_d * w / weight_sum for w in weight_list]
    shares = [r.quantize(CENT, rounding="ROUND_DOWN") for r in raw]
    leftover = int((total_d - sum(shares, Decimal(0))) / CENT)
    order = sorted(range(len(raw)), key=lambda i: abs(raw[i] - shares[i]), reverse=True)
    step = CENT if leftover >= 0 else -CENT
    for i in order[: abs(leftover)]:
        shares[i] += step
    return shares
