"""Statements against hand-built books: trial balance, profit and loss by department with a
comparison, balance sheet (the equation holds), general ledger with running balance; partial
months read lines, whole months the balance table, and query counts do not grow with lines."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from finance.selectors import balance_sheet, general_ledger, profit_and_loss, trial_balance
from tests.finance.factories import D, account, books, cash_in, expense, sale


@pytest.fixture
def world(db):
    world = books(2025, 2026)
    cash_in(date(2025, 1, 2), "1000.00")
    sale(date(2025, 3, 15), "200.00", world)  # 411 240 / 702 200 / 4532 40
    sale(date(2026, 3, 15), "100.00", world)  # 411 120 / 702 100 / 4532 20
    sale(date(2026, 4, 10), "300.00", world, department=world["ops"])
    expense(date(2026, 3, 20), "50.00", world)  # 602 ops 50 / 503 50
    expense(date(2026, 4, 5), "70.00", world, department=world["sales"])
    return world


def test_trial_balance_has_opening_turnover_closing_and_balances(world):
    tb = trial_balance(start=date(2026, 1, 1), end=date(2026, 3, 31))
    rows = {r.account.number: (r.opening, r.debit, r.credit, r.closing) for r in tb.rows}
    assert rows == {
        "101": (D("-1000.00"), D("0.00"), D("0.00"), D("-1000.00")),
        "411": (D("240.00"), D("120.00"), D("0.00"), D("360.00")),
        "4532": (D("-40.00"), D("0.00"), D("20.00"), D("-60.00")),
        "503": (D("1000.00"), D("0.00"), D("50.00"), D("950.00")),
        "602": (D("0.00"), D("50.00"), D("0.00"), D("50.00")),
        "702": (D("-200.00"), D("0.00"), D("100.00"), D("-300.00")),
    }
    assert tb.balanced
    assert tb.totals["debit"] == tb.totals["credit"] == D("170.00")


def test_a_range_that_cuts_months_reads_the_lines_of_the_edges(world):
    tb = trial_balance(start=date(2026, 3, 16), end=date(2026, 4, 9))
    rows = {r.account.number: (r.debit, r.credit) for r in tb.rows if r.debit or r.credit}
    assert rows == {
        "503": (D("0.00"), D("120.00")),
        "602": (D("120.00"), D("0.00")),
    }


def test_profit_and_loss_by_department_with_the_same_period_last_year(world):
    pl = profit_and_loss(
        start=date(2026, 1, 1),
        end=date(2026, 12, 31),
        departments=[world["sales"].pk],
        compare="last_year",
    )
    assert [(r.account.number, r.amount, r.compare) for r in pl.income.rows] == [
        ("702", D("100.00"), D("200.00"))
    ]
    assert [(r.account.number, r.amount, r.compare) for r in pl.expenses.rows] == [
        ("602", D("70.00"), D("0.00"))
    ]
    assert (pl.profit, pl.compare_profit) == (D("30.00"), D("200.00"))
    whole = profit_and_loss(start=date(2026, 1, 1), end=date(2026, 12, 31), compare="previous")
    assert whole.profit == D("280.00")
    assert whole.compare_range == (date(2025, 1, 1), date(2025, 12, 31))
    assert whole.compare_profit == D("200.00")


def test_balance_sheet_equation_holds_with_the_unclosed_result(world):
    bs = balance_sheet(as_of=date(2026, 4, 30), compare="previous")
    assert bs.assets.total == D("1000.00") - D("120.00") + D("240.00") + D("120.00") + D("360.00")
    assert bs.liabilities.total == D("40.00") + D("20.00") + D("60.00")
    assert bs.equity.total == D("1000.00")
    assert bs.result == D("200.00") + D("400.00") - D("120.00")
    assert bs.balanced
    assert bs.compare_date == date(2026, 3, 31)
    assert bs.assets.compare_total == bs.compare_liabilities_and_equity


def test_general_ledger_pages_carry_the_running_balance(world):
    for day in range(1, 8):
        cash_in(date(2026, 5, day), "10.00")
    bank = account("503")
    first = general_ledger(account=bank, start=date(2026, 1, 1), end=date(2026, 12, 31), per_page=3)
    assert first.opening == D("1000.00")
    assert [b for _line, b in first.rows] == [D("950.00"), D("880.00"), D("890.00")]
    second = general_ledger(
        account=bank, start=date(2026, 1, 1), end=date(2026, 12, 31), per_page=3, page=2
    )
    assert [b for _line, b in second.rows] == [D("900.00"), D("910.00"), D("920.00")]
    third = general_ledger(
        account=bank, start=date(2026, 1, 1), end=date(2026, 12, 31), per_page=3, page=3
    )
    assert [b for _line, b in third.rows] == [D("930.00"), D("940.00"), D("950.00")]
    assert third.closing == D("950.00")
    assert (third.debit, third.credit) == (D("70.00"), D("120.00"))


def test_statement_query_counts_do_not_grow_with_lines(world):
    def counts() -> list[int]:
        result = []
        for read in (
            lambda: trial_balance(start=date(2026, 1, 1), end=date(2026, 12, 31)),
            lambda: balance_sheet(as_of=date(2026, 12, 31)),
            lambda: profit_and_loss(
                start=date(2026, 1, 1), end=date(2026, 12, 31), departments=[world["ops"].pk]
            ),
            lambda: general_ledger(
                account=account("503"),
                start=date(2026, 1, 1),
                end=date(2026, 12, 31),
                page=2,
                per_page=1,
            ),
        ):
            with CaptureQueriesContext(connection) as queries:
                read()
            result.append(len(queries))
        return result

    before = counts()
    for day in range(1, 28):
        sale(date(2026, 6, day), "10.00", world)
        expense(date(2026, 7, day), "1.00", world)
    assert counts() == before
