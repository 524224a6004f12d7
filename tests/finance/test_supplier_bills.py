"""Supplier bills: drafts from a receipt (idempotent), per-line tax, duplicates refused, approve,
post, pay once, and posted bills that PostgreSQL itself keeps unchanged."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from finance.interface import BillLineIn, Source
from finance.models import JournalLine, Payment, SupplierBill, SupplierBillLine
from finance.services import (
    supplier_bill_approve,
    supplier_bill_draft_create,
    supplier_bill_pay,
    supplier_bill_post,
    supplier_bill_save,
)
from tests.finance.factories import books

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def world():
    return books()


def _lines(world):
    return [
        BillLineIn("Paper", D("3"), D("4.333"), D("20"), "601", world["ops"]),
        BillLineIn("Hotel", D("1"), D("100.00"), D("9"), "602", world["ops"]),
    ]


def _bill(world, number="F-100", **extra):
    return supplier_bill_save(
        bill=None,
        supplier=world["supplier"],
        number=number,
        bill_date=date(2026, 3, 2),
        due_date=date(2026, 3, 30),
        lines=_lines(world),
        actor=None,
        **extra,
    )


def test_tax_is_rounded_per_line_then_summed(world):
    bill = _bill(world)

    assert [(ln.net, ln.vat) for ln in bill.lines.order_by("pk")] == [
        (D("13.00"), D("2.60")),
        (D("100.00"), D("9.00")),
    ]
    assert (bill.net_total, bill.vat_total, bill.total) == (D("113.00"), D("11.60"), D("124.60"))


def test_a_receipt_drafts_one_bill_however_often_it_asks(world):
    source = Source(type="operations.receipt", id="7", label="GRN-7", url="/operations/receipts/7/")

    first = supplier_bill_draft_create(
        supplier=world["supplier"].pk,
        lines=[BillLineIn("Boxes", "10", "2.50")],
        bill_date=date(2026, 3, 2),
        source=source,
        key="receipt:7",
        actor=None,
    )
    again = supplier_bill_draft_create(
        supplier=world["supplier"].pk,
        lines=[BillLineIn("Boxes", "10", "2.50")],
        bill_date=date(2026, 3, 2),
        source=source,
        key="receipt:7",
        actor=None,
    )

    assert again.pk == first.pk
    assert SupplierBill.objects.count() == 1
    assert first.status == SupplierBill.Status.DRAFT
    assert first.due_date == date(2026, 4, 1)
    assert (first.total, first.source_label) == (D("30.00"), "GRN-7")
    assert first.lines.get().account.number == "602"


@pytest.mark.parametrize(
    ("lines", "field"),
    [
        ([], "lines"),
        ([BillLineIn("X", "-1", "2.00")], "lines"),
        ([BillLineIn("X", "1", "-2.00")], "lines"),
        ([BillLineIn("X", "1", "2.00", "120")], "lines"),
        ([BillLineIn("X", 1.5, "2.00")], "lines"),
        ([BillLineIn("X", "1", "2.00", account="9999")], "lines"),
        ([BillLineIn("", "1", "2.00")], "lines"),
    ],
)
def test_bad_draft_lines_write_nothing(world, lines, field):
    with pytest.raises(ValidationError) as refused:
        supplier_bill_draft_create(
            supplier=world["supplier"], lines=lines, bill_date=date(2026, 3, 2), actor=None
        )
    assert field in refused.value.message_dict
    assert not SupplierBill.objects.exists() and not SupplierBillLine.objects.exists()


def test_the_same_supplier_number_twice_is_refused(world):
    _bill(world, number="F-100")

    with pytest.raises(ValidationError) as refused:
        _bill(world, number="f-100")

    assert "already entered" in refused.value.message_dict["number"][0]
    assert SupplierBill.objects.count() == 1


def test_the_database_refuses_a_duplicate_too(world):
    bill = _bill(world, number="F-100")

    with pytest.raises(IntegrityError), transaction.atomic():
        SupplierBill.objects.create(
            supplier=bill.supplier, number="F-100", bill_date=bill.bill_date, due_date=bill.due_date
        )


def test_another_supplier_may_use_the_same_number(world):
    from finance.models import Partner

    _bill(world, number="F-100")
    other = Partner.objects.create(name="Other Ltd", kind="supplier")

    supplier_bill_save(
        bill=None,
        supplier=other,
        number="F-100",
        bill_date=date(2026, 3, 2),
        due_date=date(2026, 3, 30),
        lines=_lines(world),
        actor=None,
    )
    assert SupplierBill.objects.count() == 2


def test_approve_post_and_pay_once(world):
    bill = _bill(world)
    with pytest.raises(ValidationError, match="Approve the bill"):
        supplier_bill_post(bill=bill, actor=None)
    supplier_bill_approve(bill=bill, actor=None)

    bill = supplier_bill_post(bill=bill, actor=None)

    posted = {
        (ln.account.number, ln.debit, ln.credit)
        for ln in JournalLine.objects.filter(entry=bill.entry).select_related("account")
    }
    assert posted == {
        ("601", D("13.00"), D("0.00")),
        ("602", D("100.00"), D("0.00")),
        ("4531", D("11.60"), D("0.00")),
        ("401", D("0.00"), D("124.60")),
    }
    payment = supplier_bill_pay(bill=bill, date=date(2026, 3, 20), actor=None)
    bill.refresh_from_db()
    assert (payment.amount, bill.amount_paid, bill.is_paid) == (D("124.60"), D("124.60"), True)

    with pytest.raises(ValidationError, match="already paid"):
        supplier_bill_pay(bill=bill, date=date(2026, 3, 21), actor=None)
    assert Payment.objects.count() == 1


def test_a_posted_bill_cannot_be_edited(world):
    bill = _bill(world)
    supplier_bill_approve(bill=bill, actor=None)
    supplier_bill_post(bill=bill, actor=None)

    with pytest.raises(ValidationError, match="posted bill cannot be changed"):
        supplier_bill_save(
            bill=bill,
            supplier=world["supplier"],
            number="F-100",
            bill_date=date(2026, 3, 2),
            due_date=date(2026, 3, 30),
            lines=_lines(world)[:1],
            actor=None,
        )
    assert bill.lines.count() == 2


@pytest.mark.postgres
def test_postgres_refuses_changing_a_posted_bill(world):
    bill = _bill(world)
    supplier_bill_approve(bill=bill, actor=None)
    supplier_bill_post(bill=bill, actor=None)

    with pytest.raises(Exception, match="posted"), transaction.atomic():
        SupplierBill.objects.filter(pk=bill.pk).update(total=D("1.00"))
    with pytest.raises(Exception, match="posted"), transaction.atomic():
        SupplierBillLine.objects.filter(bill=bill).delete()
    bill.refresh_from_db()
    assert bill.total == D("124.60")


def test_approving_needs_the_supplier_number(world):
    bill = supplier_bill_draft_create(
        supplier=world["supplier"],
        lines=[BillLineIn("Boxes", "1", "2")],
        bill_date=date(2026, 3, 2),
        actor=None,
    )

    with pytest.raises(ValidationError, match="supplier's invoice number"):
        supplier_bill_approve(bill=bill, actor=None)
