"""Aged receivables and payables, and the monthly VAT sales and purchase registers.

The ageing summary is one grouped query whatever the number of documents: each bucket is a
filtered sum over the open amount, by partner. The registers read a month's documents with their
lines in two queries and add up tax base and VAT per rate in Python (amounts are already rounded
per line).
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from backoffice.models import User
from backoffice.money import ZERO, round_money
from finance import permissions
from finance.domain import payables as rules
from finance.models import Partner, Payment, SalesInvoice, SupplierBill, SupplierBillLine
from finance.selectors.payments import BUCKET_LABELS, open_bills, open_invoices

RECEIVABLES, PAYABLES = "receivables", "payables"

#: How a reverse-charge bill shows in the registers: in the purchase register (the tax credit)
#: and, for the same amount, in the sales register (the tax charged), VAT Act art. 82(2)-(5).
REVERSE_PURCHASE = _("Supplier bill, reverse charge (art. 117 protocol)")
REVERSE_SALE = _("Art. 117 protocol, reverse charge (art. 82(2)-(5))")


@dataclass
class AgedRow:
    partner_id: int
    name: str
    buckets: list[Decimal]
    total: Decimal
    credit: Decimal = ZERO

    @property
    def cells(self) -> list[tuple[str, Decimal]]:
        """(bucket key, amount) pairs, for links to the documents behind each amount."""
        return list(zip(rules.BUCKETS, self.buckets, strict=True))


@dataclass
class Aged:
    kind: str
    on: date
    rows: list[AgedRow]
    totals: list[Decimal]
    total: Decimal
    credit: Decimal
    labels: list = field(default_factory=lambda: [BUCKET_LABELS[k] for k in rules.BUCKETS])

    @property
    def total_cells(self) -> list[tuple[str, str, Decimal]]:
        return [
            (key, BUCKET_LABELS[key], value)
            for key, value in zip(rules.BUCKETS, self.totals, strict=True)
        ]


def _require(viewer: User) -> None:
    if not permissions.sees_payables(viewer):
        raise PermissionDenied


def _documents(kind: str) -> QuerySet:
    if kind == PAYABLES:
        return open_bills().annotate(partner_ref=F("supplier_id"), due=F("due_date"))
    return open_invoices().annotate(
        partner_ref=F("partner_id"), due=Coalesce("due_date", "issue_date")
    )


def _bucket_filter(on: date, key: str) -> Q:
    start, end = rules.bucket_ranges(on)[key]
    q = Q()
    if start is not None:
        q &= Q(due__gte=start)
    if end is not None:
        q &= Q(due__lte=end)
    return q


def aged(*, viewer: User, kind: str, on: date, search: str = "") -> Aged:
    """Per partner, what is open by how late it is on ``on``; and their unallocated payments."""
    _require(viewer)
    partner_field = "supplier" if kind == PAYABLES else "partner"
    docs = _documents(kind)
    if search:
        docs = docs.filter(**{f"{partner_field}__name__icontains": search})
    sums = {key: Sum("open", filter=_bucket_filter(on, key)) for key in rules.BUCKETS}
    # Grouped by the partner's id alone (no join), the names read after for those partners.
    grouped = list(
        docs.order_by()
        .values("partner_ref")
        .annotate(**{f"b_{i}": s for i, s in enumerate(sums.values())}, all=Sum("open"))
    )
    names = dict(
        Partner.objects.filter(pk__in=[r["partner_ref"] for r in grouped]).values_list("pk", "name")
    )
    direction = Payment.Direction.PAID if kind == PAYABLES else Payment.Direction.RECEIVED
    credits = dict(
        Payment.objects.with_credit()
        .filter(direction=direction, partner__isnull=False)
        .values("partner_id")
        .annotate(left=Sum("amount") - Sum("allocated"))
        .values_list("partner_id", "left")
    )
    rows = sorted(
        (
            AgedRow(
                partner_id=r["partner_ref"],
                name=names.get(r["partner_ref"], ""),
                buckets=[r[f"b_{i}"] or ZERO for i in range(len(rules.BUCKETS))],
                total=r["all"] or ZERO,
                credit=credits.get(r["partner_ref"], ZERO),
            )
            for r in grouped
        ),
        key=lambda row: (row.name.casefold(), row.partner_id),
    )
    totals = [sum((r.buckets[i] for r in rows), ZERO) for i in range(len(rules.BUCKETS))]
    return Aged(
        kind=kind,
        on=on,
        rows=rows,
        totals=totals,
        total=sum(totals, ZERO),
        credit=sum(credits.values(), ZERO),
    )


def aged_documents(
    *, viewer: User, kind: str, on: date, partner_id: int | None, bucket: str = ""
) -> QuerySet:
    """The open documents behind one cell of the summary (a partner, a bucket, or both)."""
    _require(viewer)
    docs = _documents(kind)
    if partner_id:
        docs = docs.filter(partner_ref=partner_id)
    if bucket in rules.BUCKETS:
        docs = docs.filter(_bucket_filter(on, bucket))
    related = "supplier" if kind == PAYABLES else "partner"
    return docs.select_related(related).order_by("due", "pk")


# VAT registers -----------------------------------------------------------------------------------


@dataclass
class RegisterRow:
    number: str
    day: date
    kind: str
    partner: str
    vat_number: str
    by_rate: dict[Decimal, tuple[Decimal, Decimal]]
    base: Decimal
    vat: Decimal
    #: Of ``vat``, what the recipient self-assessed under reverse charge.
    reverse_vat: Decimal = ZERO


@dataclass
class VatRegisters:
    year: int
    month: int
    sales: list[RegisterRow]
    purchases: list[RegisterRow]
    rates: list[Decimal]
    sales_vat: Decimal
    purchases_vat: Decimal

    @property
    def to_pay(self) -> Decimal:
        """Positive: VAT to pay for the month; negative: to be refunded or carried forward."""
        return self.sales_vat - self.purchases_vat


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def vat_registers(*, viewer: User, year: int, month: int) -> VatRegisters:
    """The month's issued sales documents (by the taxable event's date) and posted supplier
    bills (by their date), tax base and VAT per rate in EUR. A bill's reverse-charge VAT is in
    the purchase register (tax credit) and, as its art. 117 protocol, in the sales register."""
    _require(viewer)
    start, end = month_bounds(year, month)
    rates: set[Decimal] = set()
    sales = []
    invoices = (
        SalesInvoice.objects.filter(status=SalesInvoice.Status.ISSUED)
        .annotate(day=Coalesce("tax_event_date", "issue_date"))
        .filter(day__gte=start, day__lte=end)
        .prefetch_related("lines__tax_code")
        .order_by("number")
    )
    for doc in invoices:
        by_rate: dict[Decimal, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
        for line in doc.lines.all():
            rate = line.tax_code.rate.quantize(Decimal("0.01"))
            base, vat = line.base, line.vat
            if doc.rate and doc.rate != 1:
                base, vat = round_money(base / doc.rate), round_money(vat / doc.rate)
            by_rate[rate][0] += base
            by_rate[rate][1] += vat
        rates |= set(by_rate)
        sales.append(
            RegisterRow(
                number=doc.number or "",
                day=doc.day,
                kind=doc.get_kind_display(),
                partner=doc.partner_name or str(doc.partner),
                vat_number=doc.partner_vat or doc.partner_registration,
                by_rate={r: (v[0], v[1]) for r, v in by_rate.items()},
                base=doc.base_total_base,
                vat=doc.base_total_vat,
            )
        )
    purchases = []
    bills = (
        SupplierBill.objects.posted()
        .filter(bill_date__gte=start, bill_date__lte=end)
        .select_related("supplier")
        .prefetch_related("lines")
        .order_by("bill_date", "pk")
    )
    protocols = []
    for bill in bills:
        by_rate = defaultdict(lambda: [ZERO, ZERO])
        reverse_by_rate = defaultdict(lambda: [ZERO, ZERO])
        for line in bill.lines.all():
            by_rate[line.vat_rate][0] += line.net
            by_rate[line.vat_rate][1] += line.vat + line.reverse_vat
            if line.reverse_vat:
                reverse_by_rate[line.vat_rate][0] += line.net
                reverse_by_rate[line.vat_rate][1] += line.reverse_vat
        rates |= set(by_rate)
        vat_number = bill.supplier.vat_number or bill.supplier.registration_number
        purchases.append(
            RegisterRow(
                number=bill.number,
                day=bill.bill_date,
                kind=str(
                    REVERSE_PURCHASE if bill.reverse_vat_total else SupplierBill._meta.verbose_name
                ),
                partner=bill.supplier.name,
                vat_number=vat_number,
                by_rate={r: (v[0], v[1]) for r, v in by_rate.items()},
                base=bill.net_total,
                vat=bill.vat_total + bill.reverse_vat_total,
                reverse_vat=bill.reverse_vat_total,
            )
        )
        if bill.reverse_vat_total:
            protocols.append(
                RegisterRow(
                    number=f"{bill.reference} ({bill.number})",
                    day=bill.bill_date,
                    kind=str(REVERSE_SALE),
                    partner=bill.supplier.name,
                    vat_number=vat_number,
                    by_rate={r: (v[0], v[1]) for r, v in reverse_by_rate.items()},
                    base=sum((v[0] for v in reverse_by_rate.values()), ZERO),
                    vat=bill.reverse_vat_total,
                    reverse_vat=bill.reverse_vat_total,
                )
            )
    sales += protocols
    return VatRegisters(
        year=year,
        month=month,
        sales=sales,
        purchases=purchases,
        rates=sorted(rates, reverse=True),
        sales_vat=sum((r.vat for r in sales), ZERO),
        purchases_vat=sum((r.vat for r in purchases), ZERO),
    )


def vat_register_totals(*, viewer: User, year: int, month: int) -> dict[str, Decimal]:
    """The month's VAT in two aggregate queries, for the page before the download."""
    _require(viewer)
    start, end = month_bounds(year, month)
    sales = (
        SalesInvoice.objects.filter(status=SalesInvoice.Status.ISSUED)
        .annotate(day=Coalesce("tax_event_date", "issue_date"))
        .filter(day__gte=start, day__lte=end)
        .aggregate(base=Sum("base_total_base"), vat=Sum("base_total_vat"))
    )
    purchases = (
        SupplierBill.objects.posted()
        .filter(bill_date__gte=start, bill_date__lte=end)
        .aggregate(
            base=Sum("net_total"), vat=Sum("vat_total"), reverse_vat=Sum("reverse_vat_total")
        )
    )
    reverse_vat = purchases["reverse_vat"] or ZERO
    reverse_base = ZERO
    if reverse_vat:
        reverse_base = (
            SupplierBillLine.objects.filter(
                bill__status=SupplierBill.Status.POSTED,
                bill__bill_date__gte=start,
                bill__bill_date__lte=end,
            )
            .exclude(reverse_vat=0)
            .aggregate(base=Sum("net"))["base"]
            or ZERO
        )
    sales_vat = (sales["vat"] or ZERO) + reverse_vat
    purchases_vat = (purchases["vat"] or ZERO) + reverse_vat
    return {
        "sales_base": (sales["base"] or ZERO) + reverse_base,
        "sales_vat": sales_vat,
        "purchases_base": purchases["base"] or ZERO,
        "purchases_vat": purchases_vat,
        "reverse_base": reverse_base,
        "reverse_vat": reverse_vat,
        "to_pay": sales_vat - purchases_vat,
    }
