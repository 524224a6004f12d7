from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backoffice.money import (
    MoneyError,
    allocate,
    line_amount,
    money_sum,
    percent_of,
    round_money,
    to_decimal,
)


def test_round_money_rounds_half_up_to_the_cent():
    assert round_money("2.675") == Decimal("2.68")
    assert round_money("2.665") == Decimal("2.67")
    assert round_money("-2.665") == Decimal("-2.67")
    assert round_money(3) == Decimal("3.00")


def test_floats_are_refused_with_a_clear_error():
    with pytest.raises(MoneyError, match="float"):
        round_money(0.1)
    with pytest.raises(MoneyError):
        to_decimal("twelve")
    with pytest.raises(MoneyError):
        to_decimal("NaN")
    with pytest.raises(MoneyError):
        to_decimal(True)


def test_lines_are_rounded_once_then_summed():
    lines = [line_amount("3", "0.335"), line_amount("1", "0.335")]
    assert lines == [Decimal("1.01"), Decimal("0.34")]
    assert money_sum(lines) == Decimal("1.35")
    assert percent_of("100.05", "20") == Decimal("20.01")


def test_allocate_splits_exactly():
    assert allocate("100.00", [1, 1, 1]) == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    assert allocate("0.05", [1, 1]) == [Decimal("0.03"), Decimal("0.02")]
    with pytest.raises(MoneyError):
        allocate("10", [0, 0])


@given(
    total=st.decimals(min_value=Decimal("-100000"), max_value=Decimal("100000"), places=2),
    weights=st.lists(st.integers(min_value=1, max_value=1000), min_size=1, max_size=12),
)
def test_allocate_always_adds_up_to_the_total(total, weights):
    shares = allocate(total, weights)
    assert sum(shares, Decimal(0)) == total
    assert all(share == share.quantize(Decimal("0.01")) for share in shares)
