"""Reads of partners, tax codes, the price list and sales documents.

Partners and sales documents are Finance's alone: every page read goes through a function that
takes ``viewer`` and refuses (``PermissionDenied``) whoever may not see them. The functions
without ``viewer`` are for other departments' forms and services (a supplier to pick, a contract
counterparty) and answer only names and identifiers.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils import timezone

from backoffice.models import User
from finance import permissions
from finance.models import (
    DocumentSeries,
    Partner,
    Product,
    RecurringInvoice,
    SalesInvoice,
    TaxCode,
)

#: The states the invoice list filters by (stored status and what follows from the amounts).
STATES = ("draft", "issued", "paid", "credited", "overdue")


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def partner_get(*, viewer: User, pk: int) -> Partner:
    _require(permissions.sees_partners(viewer))
    return Partner.objects.get(pk=pk)


def partner_search(qs: QuerySet[Partner], text: str) -> QuerySet[Partner]:
    text = (text or "").replace("\x00", "").strip().casefold()
    return qs.filter(search_text__contains=text) if text else qs


def partner_options_of(kind: str | None = None) -> QuerySet[Partner]:
    """Active partners for a form: all, or only customers / suppliers."""
    qs = Partner.objects.filter(is_active=True).order_by("name")
    if kind == "customer":
        qs = qs.customers()
    elif kind == "supplier":
        qs = qs.suppliers()
    return qs


def partner_by_id(pk: int | None) -> Partner | None:
    return Partner.objects.filter(pk=pk).first() if pk else None


def tax_code_list(*, viewer: User) -> QuerySet[TaxCode]:
    _require(permissions.sees_invoices(viewer))
    return TaxCode.objects.select_related("sales_vat_account", "purchase_vat_account").order_by(
        "code", "-valid_from"
    )


def tax_codes_valid_on(day: date) -> QuerySet[TaxCode]:
    return TaxCode.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day), is_active=True, valid_from__lte=day
    ).order_by("-rate", "code")


def tax_code_get(code: str, day: date) -> TaxCode | None:
    return tax_codes_valid_on(day).filter(code=code).first()


def product_list(*, viewer: User) -> QuerySet[Product]:
    _require(permissions.sees_invoices(viewer))
    return Product.objects.select_related("tax_code", "income_account").order_by("code")


def product_options() -> QuerySet[Product]:
    return Product.objects.filter(is_active=True).select_related("tax_code").order_by("code")


def series_options() -> QuerySet[DocumentSeries]:
    return DocumentSeries.objects.filter(is_active=True).order_by("-is_default", "code")


def invoice_list(*, viewer: User) -> QuerySet[SalesInvoice]:
    _require(permissions.sees_invoices(viewer))
    return SalesInvoice.objects.select_related("partner", "series").order_by("-issue_date", "-id")


def invoice_filter(
    qs: QuerySet[SalesInvoice],
    *,
    state: str = "",
    kind: str = "",
    partner: int | None = None,
    text: str = "",
    start: date | None = None,
    end: date | None = None,
    today: date | None = None,
) -> QuerySet[SalesInvoice]:
    today = today or timezone.localdate()
    if state == "draft":
        qs = qs.drafts()
    elif state == "issued":
        qs = qs.issued()
    elif state == "overdue":
        qs = qs.overdue(today)
    elif state == "credited":
        qs = qs.issued().filter(kind=SalesInvoice.Kind.INVOICE, credited_amount__gt=0)
    elif state == "paid":
        qs = qs.issued().filter(
            kind__in=[SalesInvoice.Kind.INVOICE, SalesInvoice.Kind.DEBIT_NOTE], paid_amount__gt=0
        )
    if kind:
        qs = qs.filter(kind=kind)
    if partner:
        qs = qs.filter(partner_id=partner)
    text = (text or "").replace("\x00", "").strip().casefold()
    if text:
        qs = qs.filter(Q(number__startswith=text) | Q(search_text__contains=text))
    if start:
        qs = qs.filter(issue_date__gte=start)
    if end:
        qs = qs.filter(issue_date__lte=end)
    return qs


def invoice_get(*, viewer: User, pk: int) -> SalesInvoice:
    return invoice_list(viewer=viewer).select_related("original", "journal_entry").get(pk=pk)


def invoice_state(doc: SalesInvoice, today: date | None = None) -> str:
    """The state shown on a badge: draft, issued, partly paid, paid, credited or overdue."""
    today = today or timezone.localdate()
    if doc.is_draft:
        return "draft"
    if doc.kind == SalesInvoice.Kind.CREDIT_NOTE:
        return "issued"
    if doc.credited_amount and doc.credited_amount >= doc.total + doc.debited_amount:
        return "credited"
    open_amount = doc.amount_open
    if open_amount <= 0:
        return "paid"
    if doc.due_date and doc.due_date < today:
        return "overdue"
    if doc.paid_amount > 0:
        return "partly_paid"
    return "issued"


def invoices_open(*, partner: Partner | int | None = None) -> QuerySet[SalesInvoice]:
    """Issued invoices and debit notes with something left to pay, oldest due first."""
    qs = SalesInvoice.objects.open().select_related("partner")
    if partner is not None:
        qs = qs.filter(partner=partner)
    return qs.order_by("due_date", "id")


def invoice_amount_open(invoice: SalesInvoice) -> Decimal:
    return invoice.amount_open


def invoice_notes(invoice: SalesInvoice) -> QuerySet[SalesInvoice]:
    return SalesInvoice.objects.filter(original=invoice).order_by("id")


def recurring_list(*, viewer: User) -> QuerySet[RecurringInvoice]:
    _require(permissions.sees_invoices(viewer))
    return RecurringInvoice.objects.select_related("partner", "series").order_by(
        "next_date", "name"
    )
