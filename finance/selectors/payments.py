"""Reads of payments, bank lines with their suggested matches, open documents, reminders and
customer statements (Finance only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.utils.translation import gettext_lazy as _

from backoffice.models import User
from backoffice.money import ZERO
from finance import permissions
from finance.domain import payables as rules
from finance.models import (
    BankLine,
    BankStatement,
    Partner,
    Payment,
    PaymentAllocation,
    SalesInvoice,
    SupplierBill,
)

MONEY = DecimalField(max_digits=16, decimal_places=2)
BUCKET_LABELS = {
    rules.CURRENT: _("Not yet due"),
    rules.D30: _("1-30 days"),
    rules.D60: _("31-60 days"),
    rules.D90: _("61-90 days"),
    rules.OVER90: _("Over 90 days"),
}
#: What is still owed on an issued invoice or debit note.
INVOICE_OPEN = ExpressionWrapper(
    F("total") + F("debited_amount") - F("credited_amount") - F("paid_amount"), output_field=MONEY
)
BILL_OPEN = ExpressionWrapper(F("total") - F("amount_paid"), output_field=MONEY)


def _require(viewer: User) -> None:
    if not permissions.sees_payments(viewer):
        raise PermissionDenied


def open_invoices() -> QuerySet[SalesInvoice]:
    """Issued invoices and debit notes with something left to pay, with ``open`` annotated."""
    return (
        SalesInvoice.objects.filter(
            status=SalesInvoice.Status.ISSUED,
            kind__in=[SalesInvoice.Kind.INVOICE, SalesInvoice.Kind.DEBIT_NOTE],
        )
        .annotate(open=INVOICE_OPEN)
        .filter(open__gt=0)
    )


def open_bills() -> QuerySet[SupplierBill]:
    return SupplierBill.objects.posted().annotate(open=BILL_OPEN).filter(open__gt=0)


def payment_list(
    *, viewer: User, direction: str = "", search: str = "", unallocated: bool = False
) -> QuerySet[Payment]:
    _require(viewer)
    payments = Payment.objects.select_related("partner", "employee", "entry").order_by(
        "-date", "-id"
    )
    if direction in Payment.Direction.values:
        payments = payments.filter(direction=direction)
    if unallocated:
        payments = payments.with_credit().filter(partner__isnull=False)
    if search:
        payments = payments.filter(
            Q(partner__name__icontains=search) | Q(reference__icontains=search)
        )
    return payments


def payment_get(*, viewer: User, pk: int) -> Payment:
    _require(viewer)
    return Payment.objects.select_related("partner", "employee", "entry").get(pk=pk)


def payment_allocations(*, payment: Payment) -> QuerySet[PaymentAllocation]:
    """The payment's allocations with their undos (negative rows), each flagged ``undone``."""
    return with_undone(payment.allocations.select_related("invoice", "bill").order_by("pk"))


def with_undone(allocations: QuerySet[PaymentAllocation]) -> QuerySet[PaymentAllocation]:
    return allocations.annotate(
        undone=Exists(PaymentAllocation.objects.filter(reversal_of=OuterRef("pk")))
    )


def allocation_get(*, viewer: User, pk: int) -> PaymentAllocation | None:
    if not permissions.sees_payments(viewer):
        raise PermissionDenied
    return PaymentAllocation.objects.filter(pk=pk).first()


def documents_to_allocate(*, payment: Payment) -> list[rules.OpenDocument]:
    """The partner's open documents on the payment's side, oldest due first."""
    if payment.partner_id is None:
        return []
    if payment.direction == Payment.Direction.RECEIVED:
        rows = (
            open_invoices()
            .filter(partner_id=payment.partner_id)
            .order_by("due_date", "pk")
            .values_list("pk", "number", "open")[:200]
        )
        kind = "invoice"
    else:
        rows = (
            open_bills()
            .filter(supplier_id=payment.partner_id)
            .order_by("due_date", "pk")
            .values_list("pk", "number", "open")[:200]
        )
        kind = "bill"
    return [
        rules.OpenDocument(kind, pk, number or "", payment.partner_id, "", open_amount)
        for pk, number, open_amount in rows
    ]


def statement_list(*, viewer: User) -> QuerySet[BankStatement]:
    _require(viewer)
    return (
        BankStatement.objects.select_related("account", "imported_by")
        .annotate(
            line_count=Count("lines"), open_count=Count("lines", filter=Q(lines__status="open"))
        )
        .order_by("-imported_at", "-id")
    )


def statement_get(*, viewer: User, pk: int) -> BankStatement:
    _require(viewer)
    return BankStatement.objects.select_related("account").get(pk=pk)


@dataclass(frozen=True)
class LineWithSuggestions:
    line: BankLine
    suggestions: list[rules.Suggestion]
    partner: Partner | None


def statement_lines(*, statement: BankStatement) -> list[LineWithSuggestions]:
    """Every line with up to three suggested documents, in a fixed number of queries: the open
    documents of the partners the lines name (by IBAN or name) and of any number in the
    references are read once."""
    lines = list(statement.lines.select_related("payment").order_by("booked_on", "pk"))
    pending = [ln for ln in lines if ln.status == BankLine.Status.OPEN]
    if not pending:
        return [LineWithSuggestions(ln, [], None) for ln in lines]
    ibans = {ln.counterparty_iban for ln in pending if ln.counterparty_iban}
    names = {ln.counterparty.strip() for ln in pending if ln.counterparty.strip()}
    partners = list(
        Partner.objects.filter(Q(iban__in=ibans) | Q(name__in=names)).only("pk", "name", "iban")
    )
    by_iban = {p.iban: p for p in partners if p.iban}
    by_name = {p.name.casefold(): p for p in partners}
    amounts = {abs(ln.amount) for ln in pending}
    partner_ids = [p.pk for p in partners]
    invoices = (
        open_invoices()
        .filter(Q(partner_id__in=partner_ids) | Q(open__in=amounts))
        .select_related("partner")
        .order_by("due_date")[:2000]
    )
    bills = (
        open_bills()
        .filter(Q(supplier_id__in=partner_ids) | Q(open__in=amounts))
        .select_related("supplier")
        .order_by("due_date")[:2000]
    )
    incoming = [
        rules.OpenDocument(
            "invoice", i.pk, i.number or "", i.partner_id, i.partner.name, i.open, i.partner.iban
        )
        for i in invoices
    ]
    outgoing = [
        rules.OpenDocument(
            "bill", b.pk, b.number, b.supplier_id, b.supplier.name, b.open, b.supplier.iban
        )
        for b in bills
    ]
    result = []
    for ln in lines:
        partner = by_iban.get(ln.counterparty_iban) or by_name.get(
            ln.counterparty.strip().casefold()
        )
        if ln.status != BankLine.Status.OPEN:
            result.append(LineWithSuggestions(ln, [], partner))
            continue
        candidates = incoming if ln.amount > 0 else outgoing
        plain = rules.StatementLine(
            booked_on=ln.booked_on,
            amount=ln.amount,
            counterparty=ln.counterparty,
            counterparty_iban=ln.counterparty_iban,
            reference=ln.reference,
        )
        result.append(
            LineWithSuggestions(
                ln, rules.suggest_matches(line=plain, documents=candidates), partner
            )
        )
    return result


def bank_line_get(*, viewer: User, pk: int) -> BankLine:
    _require(viewer)
    return BankLine.objects.select_related("statement").get(pk=pk)


@dataclass(frozen=True)
class OverdueCustomer:
    partner_id: int
    name: str
    email: str
    count: int
    amount: Decimal
    numbers: str


def overdue_by_customer(*, on: date) -> list[OverdueCustomer]:
    """Customers with invoices due before ``on`` and unpaid, with what they owe (for reminders)."""
    rows = (
        open_invoices()
        .filter(due_date__lt=on)
        .values("partner_id", "partner__name", "partner__emails")
        .annotate(count=Count("pk"), amount=Sum("open"))
        .order_by("partner_id")
    )
    numbers: dict[int, list[str]] = {}
    for partner_id, number in (
        open_invoices()
        .filter(due_date__lt=on)
        .order_by("due_date")
        .values_list("partner_id", "number")
    ):
        numbers.setdefault(partner_id, []).append(number or "")
    return [
        OverdueCustomer(
            partner_id=r["partner_id"],
            name=r["partner__name"],
            email=(r["partner__emails"] or "").replace(";", ",").split(",")[0].strip(),
            count=r["count"],
            amount=r["amount"] or ZERO,
            numbers=", ".join(numbers.get(r["partner_id"], [])[:20]),
        )
        for r in rows
    ]


@dataclass(frozen=True)
class StatementRow:
    day: date
    text: str
    reference: str
    debit: Decimal
    credit: Decimal
    balance: Decimal
    due: date | None = None


def customer_statement(*, viewer: User, partner: Partner, start: date, end: date) -> dict:
    """A customer's account between two days: the balance brought forward, every issued document
    and payment received, and what is open at the end with its ageing."""
    _require(viewer)
    docs = SalesInvoice.objects.filter(partner=partner, status=SalesInvoice.Status.ISSUED).order_by(
        "issue_date", "pk"
    )
    pays = Payment.objects.filter(partner=partner, direction=Payment.Direction.RECEIVED)
    opening = (docs.filter(issue_date__lt=start).aggregate(s=Sum("total"))["s"] or ZERO) - (
        pays.filter(date__lt=start).aggregate(s=Sum("amount"))["s"] or ZERO
    )
    events = [
        (d.issue_date, 0, d.pk, d.get_kind_display(), d.number or "", d.total, d.due_date)
        for d in docs.filter(issue_date__gte=start, issue_date__lte=end)
    ] + [
        (
            p.date,
            1,
            p.pk,
            str(p.get_direction_display()),
            p.reference or p.reference_code,
            -p.amount,
            None,
        )
        for p in pays.filter(date__gte=start, date__lte=end)
    ]
    events.sort(key=lambda e: (e[0], e[1], e[2]))
    balance = opening
    rows = []
    for day, _order, _pk, text, reference, amount, due in events:
        balance += amount
        rows.append(
            StatementRow(
                day=day,
                text=text,
                reference=reference,
                debit=amount if amount > 0 else ZERO,
                credit=-amount if amount < 0 else ZERO,
                balance=balance,
                due=due,
            )
        )
    buckets = dict.fromkeys(rules.BUCKETS, ZERO)
    open_docs = list(open_invoices().filter(partner=partner).order_by("due_date", "pk"))
    for doc in open_docs:
        buckets[rules.bucket_of(due=doc.due_date or doc.issue_date, on=end)] += doc.open
    return {
        "partner": partner,
        "start": start,
        "end": end,
        "opening": opening,
        "rows": rows,
        "closing": balance,
        "open_docs": open_docs,
        "buckets": [(BUCKET_LABELS[k], buckets[k]) for k in rules.BUCKETS],
        "open_total": sum((d.open for d in open_docs), ZERO),
    }
