"""Periods: lock, reopen with a reason (audited), and the year-end closing with exact figures."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from backoffice.models import AuditEvent
from finance.interface import LineIn
from finance.models import AccountBalance, FiscalYear, JournalEntry, Period
from finance.selectors import balance_sheet, profit_and_loss, trial_balance
from finance.services import (
    balances_reconcile,
    fiscal_year_close,
    fiscal_year_open,
    journal_entry_post,
    period_lock,
    period_reopen,
)
from tests.finance.factories import D, account, books, cash_in, expense, sale


@pytest.fixture
def world(db):
    return books(2025, 2026)


def test_a_year_has_twelve_monthly_periods_and_opens_once(world):
    periods = Period.objects.filter(fiscal_year__year=2026).order_by("start")
    assert [(p.start, p.end) for p in periods][1] == (date(2026, 2, 1), date(2026, 2, 28))
    assert periods.count() == 12
    with pytest.raises(ValidationError, match="already exists"):
        fiscal_year_open(year=2026, actor=None)
    with pytest.raises(ValidationError, match="between 2000 and 2100"):
        fiscal_year_open(year=9999, actor=None)


def test_lock_then_reopen_needs_a_reason_and_is_audited(world, make_user):
    finance = make_user("Finance")
    march = Period.objects.get(start=date(2026, 3, 1))
    period_lock(period=march, actor=finance)
    with pytest.raises(ValidationError, match="Say why"):
        period_reopen(period=march, reason="  ", actor=finance)
    march.refresh_from_db()
    assert march.is_locked
    period_reopen(period=march, reason="Late supplier bill", actor=finance)
    march.refresh_from_db()
    assert not march.is_locked
    event = AuditEvent.objects.get(kind="finance.period_reopened")
    assert event.data["reason"] == "Late supplier bill"
    assert event.actor == finance
    cash_in(date(2026, 3, 5), "10.00")  # posting works again


def test_year_end_closing_moves_the_result_to_retained_earnings_with_exact_figures(world):
    cash_in(date(2025, 1, 2), "1000.00")
    sale(date(2025, 3, 1), "500.00", world)  # income 500 (Sales)
    expense(date(2025, 4, 1), "120.00", world)  # expense 120 (Operations)
    expense(date(2025, 5, 1), "30.00", world, account_number="601")
    year = FiscalYear.objects.get(year=2025)
    entry = fiscal_year_close(fiscal_year=year, actor=None)
    assert entry.date == date(2025, 12, 31)
    assert entry.kind == JournalEntry.Kind.CLOSING
    lines = sorted(
        (ln.account.number, ln.department_id, ln.debit, ln.credit) for ln in entry.lines.all()
    )
    assert lines == [
        ("123", None, D("0.00"), D("350.00")),
        ("601", world["ops"].pk, D("0.00"), D("30.00")),
        ("602", world["ops"].pk, D("0.00"), D("120.00")),
        ("702", world["sales"].pk, D("500.00"), D("0.00")),
    ]
    year.refresh_from_db()
    assert year.is_closed
    assert not year.periods.filter(is_locked=False).exists()
    # The profit and loss of the year still shows the year; the balance sheet shows it closed.
    pl = profit_and_loss(start=date(2025, 1, 1), end=date(2025, 12, 31))
    assert pl.profit == D("350.00")
    bs = balance_sheet(as_of=date(2026, 1, 31))
    assert bs.result == D("0.00")
    assert [(r.account.number, r.amount) for r in bs.equity.rows] == [
        ("101", D("1000.00")),
        ("123", D("350.00")),
    ]
    assert bs.balanced
    # The new year opens with the closing balances.
    tb = trial_balance(start=date(2026, 1, 1), end=date(2026, 1, 31))
    opening = {r.account.number: r.opening for r in tb.rows}
    assert opening == {
        "101": D("-1000.00"),
        "123": D("-350.00"),
        "411": D("600.00"),
        "4532": D("-100.00"),
        "503": D("850.00"),
    }
    # Closing again changes nothing.
    assert fiscal_year_close(fiscal_year=year, actor=None) == entry
    assert JournalEntry.objects.filter(kind="closing").count() == 1


def test_a_year_with_a_loss_debits_retained_earnings(world):
    expense(date(2025, 4, 1), "80.00", world)
    entry = fiscal_year_close(fiscal_year=FiscalYear.objects.get(year=2025), actor=None)
    retained = entry.lines.get(account__number="123")
    assert (retained.debit, retained.credit) == (D("80.00"), D("0.00"))


def test_a_closed_year_cannot_be_reopened(world):
    year = FiscalYear.objects.get(year=2025)
    fiscal_year_close(fiscal_year=year, actor=None)
    with pytest.raises(ValidationError, match="is closed"):
        period_reopen(period=year.periods.first(), reason="why", actor=None)


def test_the_balance_table_reconciles_with_the_lines(world):
    sale(date(2026, 3, 1), "100.00", world)
    journal_entry_post(
        date=date(2026, 3, 2),
        lines=[LineIn("503", debit="5.00"), LineIn("101", credit="5.00")],
        actor=None,
    )
    assert balances_reconcile() == []
    AccountBalance.objects.filter(account=account("503")).update(debit=D("1.00"))
    differences = balances_reconcile()
    assert len(differences) == 1
    assert differences[0][3:] == (D("1.00"), D("5.00"))
