"""Undoing a payment allocation: the document is open again and the payment unallocated, by a new
negative allocation row (rows are never changed); audited; once only; refused in a locked period;
only for those who may allocate, after the page asks to confirm."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from backoffice import roles
from backoffice.models import AuditEvent
from finance.interface import BillLineIn
from finance.models import Payment, PaymentAllocation, Period, SalesInvoice, SupplierBill
from finance.services import (
    AllocationIn,
    payment_allocate,
    payment_allocation_undo,
    payment_record,
    period_lock,
    supplier_bill_approve,
    supplier_bill_pay,
    supplier_bill_post,
    supplier_bill_save,
)
from tests.finance.invoicing_factories import invoicing_world, issued, line

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def world(make_user):
    w = invoicing_world()
    # 100.00 + 20 % VAT = 120.00 open on the invoice.
    w["inv"] = issued(w, line(w, price="100.00"), due_date=date(2026, 3, 20))
    w["payment"] = payment_record(
        direction="received",
        partner=w["client"],
        amount=D("50.00"),
        date=date(2026, 3, 25),
        actor=None,
    )
    w["user"] = make_user(roles.FINANCE, username="fin")
    return w


def _allocate(world) -> PaymentAllocation:
    [allocation] = payment_allocate(
        payment=world["payment"],
        allocations=[AllocationIn("invoice", world["inv"].pk, "50.00")],
        actor=world["user"],
    )
    return PaymentAllocation.objects.get(payment=world["payment"], amount=D("50.00"))


def _state(world) -> tuple[Decimal, Decimal, int]:
    inv = SalesInvoice.objects.get(pk=world["inv"].pk)
    payment = Payment.objects.get(pk=world["payment"].pk)
    return inv.amount_open, payment.unallocated, PaymentAllocation.objects.count()


def test_allocate_then_undo_opens_the_invoice_and_frees_the_payment(world):
    allocation = _allocate(world)
    assert _state(world)[:2] == (D("70.00"), D("0.00"))

    undo = payment_allocation_undo(allocation=allocation, actor=world["user"])

    assert _state(world) == (D("120.00"), D("50.00"), 2)
    assert (undo.amount, undo.reversal_of_id, undo.invoice_id) == (
        D("-50.00"),
        allocation.pk,
        world["inv"].pk,
    )
    allocation.refresh_from_db()
    assert allocation.amount == D("50.00")  # the original row is never changed
    event = AuditEvent.objects.get(kind="finance.payment_allocation_undone")
    assert event.object_id == str(world["payment"].pk)
    # The payment can be allocated again.
    payment_allocate(
        payment=world["payment"],
        allocations=[AllocationIn("invoice", world["inv"].pk, "50.00")],
        actor=world["user"],
    )
    assert _state(world)[:2] == (D("70.00"), D("0.00"))


def test_undo_twice_is_refused_and_nothing_changes(world):
    allocation = _allocate(world)
    undo = payment_allocation_undo(allocation=allocation, actor=world["user"])
    before = _state(world)

    with pytest.raises(ValidationError, match="undone already"):
        payment_allocation_undo(allocation=allocation, actor=world["user"])
    with pytest.raises(ValidationError, match="undoes an allocation"):
        payment_allocation_undo(allocation=undo, actor=world["user"])

    assert _state(world) == before
    assert AuditEvent.objects.filter(kind="finance.payment_allocation_undone").count() == 1


def test_undo_in_a_locked_period_is_refused(world):
    allocation = _allocate(world)
    period_lock(period=Period.objects.containing(date(2026, 3, 25)).get(), actor=None)
    before = _state(world)

    with pytest.raises(ValidationError, match="locked"):
        payment_allocation_undo(allocation=allocation, actor=world["user"])

    assert _state(world) == before


def test_a_bill_payment_can_be_undone_and_the_bill_paid_again(world):
    bill = supplier_bill_save(
        bill=None,
        supplier=world["supplier"],
        number="F-1",
        bill_date=date(2026, 3, 2),
        due_date=date(2026, 3, 12),
        lines=[BillLineIn("Paper", "2", "50.00", "20", "601", world["ops"])],
        actor=None,
    )
    supplier_bill_approve(bill=bill, actor=None)
    supplier_bill_post(bill=bill, actor=None)
    payment = supplier_bill_pay(bill=bill, date=date(2026, 3, 20), actor=None)
    allocation = payment.allocations.get()

    payment_allocation_undo(allocation=allocation, actor=world["user"])

    bill.refresh_from_db()
    payment.refresh_from_db()
    assert (bill.amount_paid, bill.open_amount, payment.unallocated) == (
        D("0.00"),
        D("120.00"),
        D("120.00"),
    )
    assert SupplierBill.objects.open().filter(pk=bill.pk).exists()


def test_a_user_who_may_not_allocate_may_not_undo(world, make_user):
    allocation = _allocate(world)
    staff = make_user(roles.STAFF, username="staff")

    with pytest.raises(PermissionDenied):
        payment_allocation_undo(allocation=allocation, actor=staff)
    assert _state(world)[:2] == (D("70.00"), D("0.00"))


@pytest.mark.postgres
def test_postgres_still_refuses_changing_or_deleting_an_allocation(world):
    allocation = _allocate(world)

    with pytest.raises(Exception, match="never changed"), transaction.atomic():
        PaymentAllocation.objects.filter(pk=allocation.pk).update(amount=D("1.00"))
    with pytest.raises(Exception, match="never changed"), transaction.atomic():
        PaymentAllocation.objects.filter(pk=allocation.pk).delete()


def test_a_second_undo_row_is_refused_by_the_database(world):
    from django.db import IntegrityError

    allocation = _allocate(world)
    payment_allocation_undo(allocation=allocation, actor=world["user"])

    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentAllocation.objects.create(
            payment=world["payment"],
            invoice=world["inv"],
            amount=D("-50.00"),
            reversal_of=allocation,
        )


# Pages ---------------------------------------------------------------------------------------


def test_the_payment_page_offers_undo_with_a_confirmation_and_undoes(world, client, login):
    allocation = _allocate(world)
    login(client, world["user"])
    url = reverse("finance:payment-allocation-undo", args=[allocation.pk])
    detail = reverse("finance:payment-detail", args=[world["payment"].pk])

    page = client.get(detail).content.decode()
    assert f'action="{url}"' in page and "data-confirm=" in page

    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == detail
    assert _state(world)[:2] == (D("120.00"), D("50.00"))
    page = client.get(detail).content.decode()
    assert "Undone" in page and f'action="{url}"' not in page

    response = client.post(url, follow=True)
    assert "undone already" in response.content.decode()
    assert _state(world) == (D("120.00"), D("50.00"), 2)


def test_the_bill_page_offers_undo_and_comes_back(world, client, login):
    bill = supplier_bill_save(
        bill=None,
        supplier=world["supplier"],
        number="F-2",
        bill_date=date(2026, 3, 2),
        due_date=date(2026, 3, 12),
        lines=[BillLineIn("Paper", "1", "10.00", "20", "601", world["ops"])],
        actor=None,
    )
    supplier_bill_approve(bill=bill, actor=None)
    supplier_bill_post(bill=bill, actor=None)
    allocation = supplier_bill_pay(bill=bill, date=date(2026, 3, 20), actor=None).allocations.get()
    login(client, world["user"])
    url = reverse("finance:payment-allocation-undo", args=[allocation.pk])
    detail = reverse("finance:bill-detail", args=[bill.pk])

    assert f'action="{url}"' in client.get(detail).content.decode()
    response = client.post(url, {"back": "bill"})

    assert response.status_code == 302 and response["Location"] == detail
    bill.refresh_from_db()
    assert bill.open_amount == D("12.00")


@pytest.mark.parametrize("role", [roles.STAFF, roles.MANAGER])
def test_roles_without_the_permission_get_no_undo(world, client, login, make_user, role):
    allocation = _allocate(world)
    login(client, make_user(role, username=f"u-{role}"))

    response = client.post(reverse("finance:payment-allocation-undo", args=[allocation.pk]))

    assert response.status_code in (403, 404)
    assert _state(world) == (D("70.00"), D("0.00"), 1)


def test_undoing_an_unknown_allocation_is_404(world, client, login):
    login(client, world["user"])
    response = client.post(reverse("finance:payment-allocation-undo", args=[999999]))
    assert response.status_code == 404


def test_undo_is_post_only(world, client, login):
    allocation = _allocate(world)
    login(client, world["user"])
    response = client.get(reverse("finance:payment-allocation-undo", args=[allocation.pk]))
    assert response.status_code == 405
