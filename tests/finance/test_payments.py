"""Payments: posting, allocation (partial, over-payment kept as credit, refused when too much),
bank statement import (all or nothing, same file once, confirmed matches), reminders run twice."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from finance.domain import payables as rules
from finance.models import (
    Account,
    BankLine,
    BankStatement,
    JournalLine,
    Payment,
    PaymentAllocation,
    PaymentReminder,
)
from finance.selectors.payments import statement_lines
from finance.services import (
    AllocationIn,
    StatementError,
    bank_line_confirm,
    bank_statement_import,
    payment_allocate,
    payment_record,
    payment_reminders_send,
)
from tests.finance.invoicing_factories import invoicing_world, issued, line

pytestmark = pytest.mark.django_db
D = Decimal
SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "samples" / "camt053-sample.xml"


@pytest.fixture
def world():
    w = invoicing_world()
    w["inv1"] = issued(w, line(w, price="100.00"), due_date=date(2026, 3, 20))  # total 120.00
    w["inv2"] = issued(w, line(w, price="50.00"), due_date=date(2026, 3, 25))  # total 60.00
    return w


def _receive(world, amount, allocations=()):
    return payment_record(
        direction=Payment.Direction.RECEIVED,
        partner=world["client"],
        amount=D(amount),
        date=date(2026, 4, 1),
        reference="transfer",
        allocations=allocations,
        actor=None,
    )


def test_payment_posts_bank_against_the_customer(world):
    payment = _receive(world, "150.00")

    lines = {
        (ln.account.number, ln.debit, ln.credit, ln.partner_id)
        for ln in JournalLine.objects.filter(entry=payment.entry).select_related("account")
    }
    assert lines == {
        ("503", D("150.00"), D("0.00"), None),
        ("411", D("0.00"), D("150.00"), world["client"].pk),
    }


def test_allocation_to_two_invoices_keeps_the_rest_as_credit(world):
    payment = _receive(
        world,
        "200.00",
        [
            AllocationIn("invoice", world["inv1"].pk, "120.00"),
            AllocationIn("invoice", world["inv2"].pk, "30.00"),
        ],
    )

    world["inv1"].refresh_from_db()
    world["inv2"].refresh_from_db()
    assert (world["inv1"].amount_open, world["inv2"].amount_open) == (D("0.00"), D("30.00"))
    assert (payment.allocated, payment.unallocated) == (D("150.00"), D("50.00"))

    payment_allocate(
        payment=payment,
        allocations=[AllocationIn("invoice", world["inv2"].pk, "30.00")],
        actor=None,
    )

    payment.refresh_from_db()
    assert payment.unallocated == D("20.00")
    assert PaymentAllocation.objects.filter(payment=payment).count() == 3


def test_allocating_more_than_the_payment_is_refused_and_nothing_changes(world):
    payment = _receive(world, "100.00")

    with pytest.raises(ValidationError, match="more than the 100.00 left"):
        payment_allocate(
            payment=payment,
            allocations=[
                AllocationIn("invoice", world["inv2"].pk, "60.00"),
                AllocationIn("invoice", world["inv1"].pk, "60.00"),
            ],
            actor=None,
        )

    payment.refresh_from_db()
    world["inv2"].refresh_from_db()
    assert payment.allocated == D("0.00")
    assert world["inv2"].paid_amount == D("0.00")
    assert not PaymentAllocation.objects.exists()


def test_allocating_more_than_is_open_on_an_invoice_is_refused(world):
    payment = _receive(world, "500.00")

    with pytest.raises(ValidationError, match="more than the 60.00 still open"):
        payment_allocate(
            payment=payment,
            allocations=[AllocationIn("invoice", world["inv2"].pk, "61.00")],
            actor=None,
        )
    assert not PaymentAllocation.objects.exists()


def test_a_payment_made_cannot_settle_a_sales_invoice(world):
    payment = payment_record(
        direction=Payment.Direction.PAID,
        partner=world["client"],
        amount=D("10.00"),
        date=date(2026, 4, 1),
        actor=None,
    )

    with pytest.raises(ValidationError, match="settles sales invoices"):
        payment_allocate(
            payment=payment,
            allocations=[AllocationIn("invoice", world["inv1"].pk, "10.00")],
            actor=None,
        )


@pytest.mark.parametrize("amount", ["0", "-5", "1.234", "abc"])
def test_bad_payment_amounts_write_nothing(world, amount):
    with pytest.raises(ValidationError):
        _receive(world, amount) if amount != "abc" else payment_record(
            direction="received",
            partner=world["client"],
            amount="abc",
            date=date(2026, 4, 1),
            actor=None,
        )
    assert not Payment.objects.exists()


def test_a_float_amount_is_refused(world):
    with pytest.raises(ValidationError):
        payment_record(
            direction="received",
            partner=world["client"],
            amount=1.5,
            date=date(2026, 4, 1),
            actor=None,
        )


# Bank statements ---------------------------------------------------------------------------------


def _statement_for(world, lines):
    data = rules.camt053_build(
        statement_id="S-1",
        iban="BG80BNBG96611020345678",
        created=datetime(2026, 4, 2, tzinfo=UTC),
        lines=lines,
    )
    return bank_statement_import(
        data=data, filename="s.xml", account=Account.objects.get(number="503"), actor=None
    )


def test_import_suggests_and_confirming_posts_and_allocates(world):
    inv1 = world["inv1"]
    statement = _statement_for(
        world,
        [
            rules.StatementLine(
                date(2026, 4, 2), D("120.00"), "Клиент ООД", "", f"Invoice {inv1.number}"
            ),
            rules.StatementLine(date(2026, 4, 2), D("-9.00"), "Bank", "", "fee"),
        ],
    )
    rows = statement_lines(statement=statement)
    assert [s.document.id for s in rows[0].suggestions][:1] == [inv1.pk]
    assert rows[0].suggestions[0].reasons[0] == "reference"
    assert Payment.objects.count() == 0  # nothing posted before the user confirms

    payment = bank_line_confirm(
        line=rows[0].line, partner=world["client"], document=("invoice", inv1.pk), actor=None
    )

    inv1.refresh_from_db()
    assert inv1.amount_open == D("0.00")
    assert payment.amount == D("120.00") and payment.unallocated == D("0.00")
    assert BankLine.objects.get(pk=rows[0].line.pk).status == BankLine.Status.MATCHED
    with pytest.raises(ValidationError):
        bank_line_confirm(line=rows[0].line, partner=world["client"], document=None, actor=None)
    assert Payment.objects.count() == 1


def test_the_sample_file_imports_and_the_same_file_only_once(world):
    account = Account.objects.get(number="503")
    data = SAMPLE.read_bytes()

    statement = bank_statement_import(data=data, filename="camt.xml", account=account, actor=None)

    assert statement.format == BankStatement.Format.CAMT053
    assert statement.lines.count() == 4
    with pytest.raises(StatementError) as refused:
        bank_statement_import(data=data, filename="camt.xml", account=account, actor=None)
    assert "imported already" in refused.value.errors[0].message
    assert BankStatement.objects.count() == 1


def test_a_malformed_line_refuses_the_whole_file(world):
    data = b"date,amount,counterparty,iban,reference\n2026-04-01,10.00,A,,x\n2026-04-01,ten,B,,y\n"

    with pytest.raises(StatementError) as refused:
        bank_statement_import(
            data=data, filename="s.csv", account=Account.objects.get(number="503"), actor=None
        )

    assert [e.line for e in refused.value.errors] == [3]
    assert not BankStatement.objects.exists() and not BankLine.objects.exists()


def test_statement_lines_reads_in_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    lines = [
        rules.StatementLine(date(2026, 4, 2), D(f"{n}.00"), f"Payer {n}", "", f"ref {n}")
        for n in range(1, 40)
    ]
    statement = _statement_for(world, lines)

    with django_assert_max_num_queries(6):
        rows = statement_lines(statement=statement)
    assert len(rows) == 39


# Reminders ---------------------------------------------------------------------------------------


def test_reminders_twice_in_a_week_send_once(world):
    mail.outbox.clear()
    monday = date(2026, 4, 6)

    first = payment_reminders_send(on=monday)
    second = payment_reminders_send(on=monday)
    later_that_week = payment_reminders_send(on=monday + timedelta(days=3))

    assert (first, second, later_that_week) == (1, 0, 0)
    reminder = PaymentReminder.objects.get()
    assert (reminder.invoice_count, reminder.amount) == (2, D("180.00"))
    assert payment_reminders_send(on=monday + timedelta(days=7)) == 1


def test_reminders_skip_paid_and_not_yet_due_invoices(world):
    _receive(
        world,
        "180.00",
        [
            AllocationIn("invoice", world["inv1"].pk, "120.00"),
            AllocationIn("invoice", world["inv2"].pk, "60.00"),
        ],
    )

    assert payment_reminders_send(on=date(2026, 4, 6)) == 0
    assert payment_reminders_send(on=date(2026, 3, 1)) == 0
