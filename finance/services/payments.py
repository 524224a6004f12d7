"""Payments: recorded (by hand, from a bank line or to pay a bill), posted once in full against
the partner, then allocated to documents. Bank statements are read whole and written only when
every line is good; the matches they suggest are written only when the user confirms one.

Allocation locks the payment and each document and checks, inside that lock, that neither the
payment's unallocated amount nor the document's open amount is exceeded: allocating more than a
payment, or paying a bill twice, is refused with nothing written. An allocation is undone by a
new negative allocation row, once, in the same locks.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from backoffice.models import User
from backoffice.money import ZERO, MoneyError, to_decimal
from backoffice.services import action_record
from finance import permissions
from finance.audit import FinanceAudit
from finance.domain import payables as rules
from finance.interface import LineIn, Source
from finance.models import (
    Account,
    BankLine,
    BankStatement,
    Partner,
    Payment,
    PaymentAllocation,
    PaymentReminder,
    Period,
    SalesInvoice,
    SupplierBill,
)
from finance.selectors.payables import role_account
from finance.selectors.payments import overdue_by_customer
from finance.services.invoicing import invoice_paid_add
from finance.services.posting import journal_entry_post

TOO_MUCH = _("%(amount)s is more than the %(left)s left to allocate on this payment.")
MORE_THAN_OPEN = _("%(amount)s is more than the %(open)s still open on %(ref)s.")
ALREADY_PAID = _("%(ref)s is already paid in full.")
WRONG_SIDE = _("A payment received settles sales invoices; a payment made settles bills.")
OTHER_PARTNER = _("%(ref)s belongs to %(partner)s, not to this payment's partner.")
NOT_ISSUED = _("%(ref)s is not an issued invoice.")
NOT_POSTED = _("Post %(ref)s before paying it.")
BAD_AMOUNT = _("%(value)s is not an amount.")
NOT_POSITIVE = _("The amount must be more than zero.")
NO_PARTNER = _("Choose the partner.")
FILE_SEEN = _("This file was imported already (%(when)s).")
LINE_DONE = _("This bank line is already matched.")
NOT_BANK = _("Choose a bank account.")
NOT_FOUND = _("A document to allocate to was not found.")
NO_ALLOCATION = _("This allocation does not exist.")
UNDONE_ALREADY = _("This allocation was undone already; nothing was changed.")
UNDO_OF_UNDO = _("This line undoes an allocation; allocate the payment again instead.")
UNDO_LOCKED = _(
    "The period %(period)s is locked; an allocation of a payment dated in it cannot be undone."
)
UNDO_MORE_THAN_PAID = _(
    "%(ref)s shows only %(paid)s paid, less than the %(amount)s to undo; nothing was changed."
)


def _fail(message, field: str = "__all__", **params: Any) -> ValidationError:
    return ValidationError({field: ValidationError(message, params=params)})


def _money(value: Any, field: str = "amount") -> Decimal:
    if isinstance(value, float):
        raise _fail(BAD_AMOUNT, field, value=value)
    try:
        amount = to_decimal(value)
    except MoneyError:
        raise _fail(BAD_AMOUNT, field, value=value) from None
    if amount != amount.quantize(Decimal("0.01")):
        raise _fail(BAD_AMOUNT, field, value=value)
    if amount <= 0:
        raise _fail(NOT_POSITIVE, field)
    return amount.quantize(Decimal("0.01"))


@dataclass(frozen=True)
class AllocationIn:
    """A part of a payment for one document: ``kind`` "invoice" or "bill" and its id."""

    kind: str
    id: int
    amount: Any


def _money_account(method: str, account: Account | None) -> Account:
    if account is not None:
        return account
    return role_account("cash" if method == Payment.Method.CASH else "bank")


@transaction.atomic
def payment_record(
    *,
    direction: str,
    partner: Partner | None,
    amount: Any,
    date: date,
    method: str = Payment.Method.BANK,
    reference: str = "",
    memo: str = "",
    allocations: Sequence[AllocationIn] = (),
    money_account: Account | None = None,
    actor: User | None,
) -> Payment:
    """Record and post a payment from or to a partner, then allocate it (what is not allocated
    stays as the partner's credit)."""
    amount = _money(amount)
    if partner is None:
        raise _fail(NO_PARTNER, "partner")
    payment = Payment.objects.create(
        direction=direction,
        method=method,
        partner=partner,
        date=date,
        amount=amount,
        reference=(reference or "")[:140],
        memo=(memo or "")[:300],
        created_by=actor,
    )
    counter = role_account("receivable" if direction == Payment.Direction.RECEIVED else "payable")
    cash = _money_account(method, money_account)
    text = f"{partner.name} {reference}".strip()[:300]
    if direction == Payment.Direction.RECEIVED:
        lines = [
            LineIn(account=cash.pk, debit=amount, text=text),
            LineIn(account=counter.pk, credit=amount, partner=partner.pk, text=text),
        ]
    else:
        lines = [
            LineIn(account=counter.pk, debit=amount, partner=partner.pk, text=text),
            LineIn(account=cash.pk, credit=amount, text=text),
        ]
    _post(payment, lines, actor)
    if allocations:
        payment_allocate(payment=payment, allocations=allocations, actor=actor)
        payment.refresh_from_db()
    return payment


def _post(payment: Payment, lines: list[LineIn], actor: User | None) -> None:
    entry = journal_entry_post(
        date=payment.date,
        lines=lines,
        memo=str(payment.memo or payment.reference or payment.reference_code)[:300],
        source=Source(
            type="finance.payment",
            id=str(payment.pk),
            label=payment.reference_code,
            url=reverse("finance:payment-detail", args=[payment.pk]),
        ),
        key=f"payment:{payment.pk}",
        actor=actor,
    )
    payment.entry = entry
    payment.save(update_fields=["entry"])
    action_record(
        kind=FinanceAudit.PAYMENT_RECORDED,
        summary=gettext_noop("Payment %(ref)s of %(amount)s recorded"),
        params={"ref": payment.reference_code, "amount": str(payment.amount)},
        actor=actor,
        target=payment,
    )


@transaction.atomic
def payment_allocate(
    *, payment: Payment, allocations: Sequence[AllocationIn], actor: User | None
) -> list[PaymentAllocation]:
    """Set parts of ``payment`` against documents; all or nothing."""
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    wanted = [(a.kind, int(a.id), _money(a.amount)) for a in allocations]
    total = sum((amount for _kind, _id, amount in wanted), ZERO)
    left = payment.amount - payment.allocated
    if total > left:
        raise _fail(TOO_MUCH, "amount", amount=total, left=left)
    created = []
    # Lock documents in id order so two allocations never deadlock.
    for kind, pk, amount in sorted(wanted, key=lambda w: (w[0], w[1])):
        if kind == "invoice":
            if payment.direction != Payment.Direction.RECEIVED:
                raise _fail(WRONG_SIDE)
            doc = SalesInvoice.objects.select_for_update().filter(pk=pk).first()
            if doc is None:
                raise _fail(NOT_FOUND)
            ref = doc.reference
            if not doc.is_issued or doc.kind == SalesInvoice.Kind.CREDIT_NOTE:
                raise _fail(NOT_ISSUED, ref=ref)
            open_amount = doc.amount_open
        elif kind == "bill":
            if payment.direction != Payment.Direction.PAID:
                raise _fail(WRONG_SIDE)
            doc = SupplierBill.objects.select_for_update().filter(pk=pk).first()
            if doc is None:
                raise _fail(NOT_FOUND)
            ref = f"{doc.reference} ({doc.number})" if doc.number else doc.reference
            if doc.status != SupplierBill.Status.POSTED:
                raise _fail(NOT_POSTED, ref=ref)
            open_amount = doc.open_amount
        else:
            raise _fail(WRONG_SIDE)
        partner_id = doc.partner_id if kind == "invoice" else doc.supplier_id
        if partner_id != payment.partner_id:
            raise _fail(OTHER_PARTNER, ref=ref, partner=str(Partner.objects.get(pk=partner_id)))
        if open_amount <= 0:
            raise _fail(ALREADY_PAID, "amount", ref=ref)
        if amount > open_amount:
            raise _fail(MORE_THAN_OPEN, "amount", amount=amount, open=open_amount, ref=ref)
        if kind == "invoice":
            invoice_paid_add(invoice_id=pk, amount=amount)
            created.append(PaymentAllocation(payment=payment, invoice_id=pk, amount=amount))
        else:
            SupplierBill.objects.filter(pk=pk).update(amount_paid=F("amount_paid") + amount)
            created.append(PaymentAllocation(payment=payment, bill_id=pk, amount=amount))
        created[-1].created_by = actor
    PaymentAllocation.objects.bulk_create(created)
    Payment.objects.filter(pk=payment.pk).update(allocated=F("allocated") + total)
    action_record(
        kind=FinanceAudit.PAYMENT_ALLOCATED,
        summary=gettext_noop("%(amount)s of payment %(ref)s allocated"),
        params={"ref": payment.reference_code, "amount": str(total)},
        actor=actor,
        target=payment,
    )
    return created


@transaction.atomic
def payment_allocation_undo(
    *, allocation: PaymentAllocation | int, actor: User | None
) -> PaymentAllocation:
    """Undo an allocation: the document is open again by its amount and the payment has it left
    to allocate. Allocations are never changed or deleted, so the undo is a new allocation row of
    the negative amount pointing at the one it cancels (one undo per allocation). Allocations
    post nothing to the ledger, so there is no entry to reverse; the payment's period must be
    open. Refused with nothing written: an allocation undone already, an undo itself, a locked
    period, a document showing less paid than the amount."""
    if actor is not None and not permissions.records_payments(actor):
        raise PermissionDenied
    pk = getattr(allocation, "pk", allocation)
    payment_id = (
        PaymentAllocation.objects.filter(pk=pk).values_list("payment_id", flat=True).first()
    )
    if payment_id is None:
        raise _fail(NO_ALLOCATION)
    # The payment first, then the document: the order ``payment_allocate`` locks them in.
    payment = Payment.objects.select_for_update().get(pk=payment_id)
    original = PaymentAllocation.objects.get(pk=pk)
    if original.reversal_of_id is not None:
        raise _fail(UNDO_OF_UNDO)
    if PaymentAllocation.objects.filter(reversal_of=original).exists():
        raise _fail(UNDONE_ALREADY)
    period = Period.objects.containing(payment.date).first()
    if period is not None and period.is_locked:
        raise _fail(UNDO_LOCKED, period=str(period))
    amount = original.amount
    if payment.allocated < amount:
        raise _fail(
            UNDO_MORE_THAN_PAID, ref=payment.reference_code, paid=payment.allocated, amount=amount
        )
    if original.invoice_id:
        doc = SalesInvoice.objects.select_for_update().get(pk=original.invoice_id)
        ref = doc.reference
        if doc.paid_amount < amount:
            raise _fail(UNDO_MORE_THAN_PAID, ref=ref, paid=doc.paid_amount, amount=amount)
        invoice_paid_add(invoice_id=doc.pk, amount=-amount)
    else:
        doc = SupplierBill.objects.select_for_update().get(pk=original.bill_id)
        ref = f"{doc.reference} ({doc.number})" if doc.number else doc.reference
        if doc.amount_paid < amount:
            raise _fail(UNDO_MORE_THAN_PAID, ref=ref, paid=doc.amount_paid, amount=amount)
        SupplierBill.objects.filter(pk=doc.pk).update(amount_paid=F("amount_paid") - amount)
    undo = PaymentAllocation.objects.create(
        payment=payment,
        invoice_id=original.invoice_id,
        bill_id=original.bill_id,
        amount=-amount,
        reversal_of=original,
        created_by=actor,
    )
    Payment.objects.filter(pk=payment.pk).update(allocated=F("allocated") - amount)
    action_record(
        kind=FinanceAudit.PAYMENT_ALLOCATION_UNDONE,
        summary=gettext_noop("Allocation of %(amount)s of payment %(ref)s to %(doc)s undone"),
        params={"ref": payment.reference_code, "amount": str(amount), "doc": ref},
        actor=actor,
        target=payment,
    )
    return undo


@transaction.atomic
def supplier_bill_pay(
    *,
    bill: SupplierBill,
    date: date,
    method: str = Payment.Method.BANK,
    reference: str = "",
    actor: User | None,
) -> Payment:
    """Pay what is open on a posted bill; a bill already paid is refused (nothing written)."""
    bill = SupplierBill.objects.select_for_update().select_related("supplier").get(pk=bill.pk)
    ref = f"{bill.reference} ({bill.number})"
    if bill.status != SupplierBill.Status.POSTED:
        raise _fail(NOT_POSTED, ref=ref)
    if bill.open_amount <= 0:
        raise _fail(ALREADY_PAID, ref=ref)
    return payment_record(
        direction=Payment.Direction.PAID,
        partner=bill.supplier,
        amount=bill.open_amount,
        date=date,
        method=method,
        reference=reference or bill.number,
        allocations=[AllocationIn("bill", bill.pk, bill.open_amount)],
        actor=actor,
    )


# Bank statements ---------------------------------------------------------------------------------


STATEMENT_MESSAGES = {
    rules.TOO_BIG: _("The file is larger than %(mb)s MB."),
    rules.DTD_REFUSED: _("The file declares a DTD or entities; a bank statement never does."),
    rules.NOT_XML: _("The file is not well-formed XML: %(error)s"),
    rules.NOT_CAMT: _("This is not an ISO 20022 CAMT.053 bank statement (no BkToCstmrStmt/Stmt)."),
    rules.NO_ENTRIES: _("The statement has no entries."),
    rules.TOO_MANY: _("The statement has more than %(max)s lines; split it."),
    rules.BAD_AMOUNT: _("%(value)s is not an amount."),
    rules.BAD_DATE: _("%(value)s is not a date (use YYYY-MM-DD or DD.MM.YYYY)."),
    rules.BAD_SIDE: _("Credit or debit is missing (CdtDbtInd is %(value)s)."),
    rules.NO_AMOUNT: _("The amount is missing."),
    rules.NO_DATE: _("The booking date is missing."),
    rules.ZERO_AMOUNT: _("The amount is zero."),
    rules.BAD_CURRENCY: _("The currency is %(value)s; only %(expected)s is accepted."),
    rules.CSV_HEADER: _(
        "The first row must name the columns: date, amount, counterparty, iban, reference."
    ),
    rules.CSV_NOT_TEXT: _("The file is not UTF-8 text."),
    rules.CSV_COLUMNS: _("%(count)s columns; expected %(expected)s."),
}


@dataclass(frozen=True)
class RowMessage:
    """A refused line of a statement (0: the whole file) and why, in the reader's language."""

    line: int
    message: str


def statement_messages(errors: Sequence[rules.LineError]) -> list[RowMessage]:
    return [
        RowMessage(
            e.line,
            str(STATEMENT_MESSAGES[e.code]) % e.params
            if e.params
            else str(STATEMENT_MESSAGES[e.code]),
        )
        for e in errors
    ]


class StatementError(Exception):
    """The file was refused: ``errors`` are the lines and why, for the page."""

    def __init__(self, errors: list[RowMessage]):
        super().__init__("statement refused")
        self.errors = errors


@transaction.atomic
def bank_statement_import(
    *, data: bytes, filename: str, account: Account, actor: User
) -> BankStatement:
    """Read a CAMT.053 XML or CSV statement into bank lines to match; any bad line refuses the
    whole file, and the same file is imported once."""
    if account is None:
        raise _fail(NOT_BANK, "account")
    is_xml = data.lstrip()[:5] in (b"<?xml", b"<Docu") or data.lstrip().startswith(b"<")
    parsed = rules.parse_camt053(data) if is_xml else rules.parse_statement_csv(data)
    if parsed.errors:
        raise StatementError(statement_messages(parsed.errors))
    digest = hashlib.sha256(data).hexdigest()
    seen = BankStatement.objects.filter(sha256=digest).first()
    if seen is not None:
        raise StatementError(
            [RowMessage(0, str(FILE_SEEN % {"when": f"{seen.imported_at:%Y-%m-%d}"}))]
        )
    statement = BankStatement.objects.create(
        account=account,
        format=BankStatement.Format.CAMT053 if is_xml else BankStatement.Format.CSV,
        filename=(filename or "statement")[:200],
        sha256=digest,
        statement_id=parsed.statement_id[:100],
        iban=parsed.iban[:34],
        imported_by=actor,
    )
    BankLine.objects.bulk_create(
        [
            BankLine(
                statement=statement,
                booked_on=line.booked_on,
                amount=line.amount,
                counterparty=line.counterparty,
                counterparty_iban=line.counterparty_iban,
                reference=line.reference,
                bank_reference=line.bank_reference,
            )
            for line in parsed.lines
        ]
    )
    action_record(
        kind=FinanceAudit.STATEMENT_IMPORTED,
        summary=gettext_noop("Bank statement %(name)s imported with %(count)s lines"),
        params={"name": statement.filename, "count": len(parsed.lines)},
        actor=actor,
        target=statement,
    )
    return statement


@transaction.atomic
def bank_line_confirm(
    *,
    line: BankLine,
    partner: Partner,
    document: tuple[str, int] | None,
    actor: User,
) -> Payment:
    """Turn a bank line into a posted payment of ``partner`` and allocate it to ``document``
    (up to what is open there; the rest stays as credit)."""
    line = BankLine.objects.select_for_update().select_related("statement").get(pk=line.pk)
    if line.status != BankLine.Status.OPEN:
        raise _fail(LINE_DONE)
    received = line.amount > 0
    amount = abs(line.amount)
    allocations = []
    if document is not None:
        kind, pk = document
        found = (SalesInvoice if kind == "invoice" else SupplierBill).objects.filter(pk=pk).first()
        if found is None:
            raise _fail(NOT_FOUND)
        open_amount = found.amount_open if kind == "invoice" else found.open_amount
        share = min(amount, open_amount)
        if share > 0:
            allocations.append(AllocationIn(kind, pk, share))
    payment = payment_record(
        direction=Payment.Direction.RECEIVED if received else Payment.Direction.PAID,
        partner=partner,
        amount=amount,
        date=line.booked_on,
        method=Payment.Method.BANK,
        reference=line.reference[:140],
        memo=line.counterparty,
        allocations=allocations,
        money_account=line.statement.account,
        actor=actor,
    )
    line.payment = payment
    line.status = BankLine.Status.MATCHED
    line.save(update_fields=["payment", "status"])
    return payment


@transaction.atomic
def bank_line_ignore(*, line: BankLine, actor: User) -> BankLine:
    line = BankLine.objects.select_for_update().get(pk=line.pk)
    if line.status != BankLine.Status.OPEN:
        raise _fail(LINE_DONE)
    line.status = BankLine.Status.IGNORED
    line.save(update_fields=["status"])
    return line


# Reminders ---------------------------------------------------------------------------------------


def payment_reminders_send(*, on: date, actor: User | None = None) -> int:
    """Remind each customer with overdue invoices, at most once a week (a unique row per customer
    and week): running twice, or on every night of the week, sends nothing more."""
    week = on - timedelta(days=on.weekday())
    sent = 0
    for row in overdue_by_customer(on=on):
        try:
            with transaction.atomic():
                PaymentReminder.objects.create(
                    partner_id=row.partner_id,
                    week=week,
                    invoice_count=row.count,
                    amount=row.amount,
                    email=row.email[:254],
                )
                _remind(row, on=on)
        except IntegrityError:
            continue
        sent += 1
    if sent:
        action_record(
            kind=FinanceAudit.REMINDERS_SENT,
            summary=gettext_noop("%(count)s payment reminders sent"),
            params={"count": sent},
            actor=actor,
        )
    return sent


def _remind(row, *, on: date) -> None:
    """E-mail the customer after commit (console backend by default)."""
    if not row.email:
        return
    from django.core.mail import send_mail
    from django.utils import translation

    with translation.override("bg"):
        subject = str(_("Payment reminder: %(count)s overdue invoices")) % {"count": row.count}
        body = str(
            _(
                "Dear customer, according to our records %(count)s invoices of %(amount)s EUR "
                "were due before %(date)s and are unpaid: %(numbers)s. Please pay them or tell "
                "us if you already have."
            )
        ) % {
            "count": row.count,
            "amount": row.amount,
            "date": on.isoformat(),
            "numbers": row.numbers,
        }
    address = row.email

    def send() -> None:
        send_mail(subject, body, None, [address], fail_silently=True)

    transaction.on_commit(send, robust=True)


__all__ = [
    "AllocationIn",
    "StatementError",
    "bank_line_confirm",
    "bank_line_ignore",
    "bank_statement_import",
    "payment_allocate",
    "payment_allocation_undo",
    "payment_record",
    "payment_reminders_send",
    "supplier_bill_pay",
]
