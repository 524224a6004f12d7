"""The posting service: every refusal writes nothing; idempotent keys; balances kept; reversal."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from backoffice.models import AuditEvent
from finance.interface import LineIn, Source
from finance.models import AccountBalance, JournalEntry, JournalLine, Period
from finance.services import (
    journal_entry_post,
    journal_entry_reverse,
    period_lock,
)
from tests.finance.factories import D, account, books, sale

DAY = date(2026, 3, 10)


@pytest.fixture
def world(db):
    return books(2026)


def _refused(world, lines, *, day=DAY, message: str) -> None:
    before = (
        JournalEntry.objects.count(),
        JournalLine.objects.count(),
        AccountBalance.objects.count(),
    )
    with pytest.raises(ValidationError) as caught:
        journal_entry_post(date=day, lines=lines, memo="x", actor=None)
    assert message in " ".join(caught.value.messages)
    after = (
        JournalEntry.objects.count(),
        JournalLine.objects.count(),
        AccountBalance.objects.count(),
    )
    assert after == before


def test_a_balanced_entry_is_posted_with_its_lines_source_and_balances(world):
    entry = journal_entry_post(
        date=DAY,
        lines=[
            LineIn("503", debit=D("1200.00")),
            LineIn("702", credit="1000.00", department=world["sales"]),
            LineIn("4532", credit=Decimal("200")),
        ],
        memo="Cash sale",
        source=Source(type="invoicing.invoice", id="17", label="Invoice 17", url="/inv/17/"),
        key="invoice:17",
        actor=None,
    )
    assert entry.total == D("1200.00")
    assert entry.period == Period.objects.get(start=date(2026, 3, 1))
    assert [(ln.account.number, ln.debit, ln.credit) for ln in entry.lines.order_by("id")] == [
        ("503", D("1200.00"), D("0.00")),
        ("702", D("0.00"), D("1000.00")),
        ("4532", D("0.00"), D("200.00")),
    ]
    assert (entry.source_type, entry.source_id, entry.source_url) == (
        "invoicing.invoice",
        "17",
        "/inv/17/",
    )
    sales = AccountBalance.objects.get(account=account("702"), department=world["sales"])
    assert (sales.debit, sales.credit) == (D("0.00"), D("1000.00"))
    assert AuditEvent.objects.filter(kind="finance.entry_posted").count() == 1


def test_the_same_key_posted_again_returns_the_first_entry_and_adds_nothing(world):
    first = sale(DAY, "100.00", world, key="k-1")
    again = sale(DAY, "100.00", world, key="k-1")
    assert again.pk == first.pk
    assert JournalEntry.objects.count() == 1
    balance = AccountBalance.objects.get(account=account("411"))
    assert balance.debit == D("120.00")


def test_balances_add_up_over_several_entries_in_one_period(world):
    sale(DAY, "100.00", world)
    sale(date(2026, 3, 31), "50.00", world)
    balance = AccountBalance.objects.get(account=account("411"), period__start=date(2026, 3, 1))
    assert balance.debit == D("180.00")


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([LineIn("503", debit=12.3), LineIn("101", credit="12.30")], "never a float"),
        ([LineIn("503", debit="100.00"), LineIn("101", credit="99.99")], "does not balance"),
        (
            [LineIn("503", debit="10", credit="10"), LineIn("101", credit="10")],
            "either a debit or a credit",
        ),
        ([LineIn("503"), LineIn("101", credit="0")], "enter a debit or a credit"),
        ([LineIn("503", debit="-10"), LineIn("101", credit="-10")], "cannot be negative"),
        ([LineIn("503", debit="10.005"), LineIn("101", credit="10.005")], "at most two decimals"),
        ([LineIn("50", debit="10"), LineIn("101", credit="10")], "is a group account"),
        ([LineIn("999", debit="10"), LineIn("101", credit="10")], "there is no account 999"),
        ([LineIn("503", debit="10")], "at least two lines"),
        ([LineIn("503", debit="abc"), LineIn("101", credit="10")], "is not an amount"),
    ],
)
def test_bad_lines_are_refused_and_nothing_is_written(world, lines, message):
    _refused(world, lines, message=message)


def test_an_inactive_account_is_refused(world):
    from finance.models import Account

    Account.objects.filter(number="502").update(is_active=False)
    _refused(world, [LineIn("502", debit="5"), LineIn("101", credit="5")], message="not active")


def test_an_account_that_needs_a_department_or_partner_refuses_a_line_without(world):
    _refused(
        world,
        [LineIn("602", debit="5"), LineIn("503", credit="5")],
        message="account 602 needs a department",
    )
    _refused(
        world,
        [LineIn("411", debit="5"), LineIn("503", credit="5")],
        message="account 411 needs a partner",
    )


def test_a_date_in_a_locked_or_missing_period_is_refused(world):
    period_lock(period=Period.objects.get(start=date(2026, 3, 1)), actor=None)
    lines = [LineIn("503", debit="5"), LineIn("101", credit="5")]
    _refused(world, lines, message="is locked")
    _refused(world, lines, day=date(2031, 1, 5), message="No fiscal period covers 2031-01-05")


def test_reversal_posts_the_mirror_on_the_day_asked_and_links_both_ways(world):
    original = sale(DAY, "100.00", world)
    reversal = journal_entry_reverse(entry=original, actor=None, on=date(2026, 4, 2))
    assert reversal.date == date(2026, 4, 2)
    assert reversal.reverses == original
    assert JournalEntry.objects.get(reverses=original) == reversal
    assert [(ln.account.number, ln.debit, ln.credit) for ln in reversal.lines.order_by("id")] == [
        ("411", D("0.00"), D("120.00")),
        ("702", D("100.00"), D("0.00")),
        ("4532", D("20.00"), D("0.00")),
    ]
    # Nothing was edited: the original keeps its lines.
    assert original.lines.get(account__number="411").debit == D("120.00")


def test_reversal_into_a_locked_period_goes_to_the_first_open_day(world):
    original = sale(DAY, "100.00", world)
    for start in (date(2026, 4, 1), date(2026, 5, 1)):
        period_lock(period=Period.objects.get(start=start), actor=None)
    reversal = journal_entry_reverse(entry=original, actor=None, on=date(2026, 4, 20))
    assert reversal.date == date(2026, 6, 1)


def test_an_entry_is_reversed_once_and_a_reversal_is_not_reversed(world):
    original = sale(DAY, "100.00", world)
    reversal = journal_entry_reverse(entry=original, actor=None, on=DAY)
    with pytest.raises(ValidationError, match="already reversed"):
        journal_entry_reverse(entry=original, actor=None, on=DAY)
    with pytest.raises(ValidationError, match="itself a reversal"):
        journal_entry_reverse(entry=reversal, actor=None, on=DAY)
    assert JournalEntry.objects.count() == 2
