"""Sales documents: drafts, issuing with a gapless number, credit and debit notes, the PDF and
sending; tax codes and the price list.

A draft has no number. ``invoice_issue`` checks everything first, then in one transaction locks
the document and its series row (``select_for_update``), takes the series' next number, posts the
journal entry and marks the document issued: any refusal or failure rolls the whole transaction
back, so a number is used only by an issued document and never twice (PostgreSQL triggers also
refuse any change of an issued document, migration 0005). The PDF is rendered once after the
commit and stored with its SHA-256; a failure there leaves the issue intact and the PDF is made
on first download. ``invoices_issue_batch`` issues many drafts the same way, a hundred to a
transaction, numbering only those that pass every check.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models import CharField, F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from backoffice.models import Job, User
from backoffice.money import ZERO, percent_of, round_money
from backoffice.services import action_record
from backoffice.services.actions import ActionIn, actions_record
from backoffice.services.jobs import job_start
from finance.audit import FinanceAudit
from finance.domain.identifiers import eik_clean, vat_clean
from finance.interface import EntryIn, LineIn, Source
from finance.models import (
    Account,
    DocumentSeries,
    Partner,
    Period,
    Product,
    SalesInvoice,
    SalesInvoiceLine,
    TaxCode,
)
from finance.models.invoices import MAX_NUMBER
from finance.services.posting import journal_entries_post, journal_entry_post

log = logging.getLogger(__name__)

SOURCE_TYPE = "finance.salesinvoice"
RECEIVABLE_ACCOUNTS = ("411", "1200")

NO_LINES = _("Add at least one line.")
LINE_DESCRIPTION = _("Line %(n)s: describe the goods or service.")
LINE_QUANTITY = _("Line %(n)s: the quantity is not a number.")
LINE_NEGATIVE = _(
    "Line %(n)s: a quantity cannot be negative on an invoice or debit note; issue a credit note."
)
LINE_ZERO = _("Line %(n)s: the quantity cannot be zero.")
LINE_PRICE = _(
    "Line %(n)s: the unit price must be a non-negative amount with at most two decimals."
)
LINE_TAX = _("Line %(n)s: choose a tax code.")
LINE_ACCOUNT = _("Line %(n)s: choose an income account.")
LINE_ACCOUNT_TYPE = _(
    "Line %(n)s: account %(account)s is not an income account that takes postings."
)
LINE_TAX_DATE = _("Line %(n)s: tax code %(code)s is not valid on %(date)s.")
LINE_GROUND = _(
    "Line %(n)s: tax code %(code)s has no legal ground to print; complete the tax code."
)
LINE_VAT_ACCOUNT = _("Line %(n)s: tax code %(code)s has no VAT account for sales.")
LINE_DEPARTMENT = _("Account %(account)s is kept by department: choose the document's department.")
NOT_DRAFT = _(
    "This document is issued; it cannot be changed. Correct it with a credit or debit note."
)
ZERO_TOTAL = _("The total is zero; there is nothing to invoice.")
CREDIT_POSITIVE = _("A credit note's total must be below zero.")
NO_PARTNER_ID = _("The customer %(name)s has no EIK/BULSTAT; complete the partner before issuing.")
BAD_PARTNER_ID = _("The customer %(name)s has an invalid EIK/BULSTAT or VAT number.")
NOT_CUSTOMER = _("%(name)s is not a customer.")
PARTNER_INACTIVE = _("The customer %(name)s is inactive.")
NO_PERIOD = _("No fiscal period covers %(date)s; open the fiscal year first.")
LOCKED = _("The period %(period)s is locked; nothing can be issued dated in it.")
NOTE_NEEDS_ORIGINAL = _("A credit or debit note refers to an issued invoice.")
ORIGINAL_NOT_INVOICE = _("A note refers to an issued invoice, not to a draft or another note.")
CREDIT_TOO_LARGE = _(
    "The credit note (%(amount)s) is larger than what is left of invoice %(number)s (%(left)s)."
)
NOTE_CURRENCY = _("A note is in the currency of its invoice (%(currency)s).")
NOTE_PARTNER = _("A note is addressed to the customer of its invoice.")
TAX_EVENT_LATE = _("The taxable event cannot be after the date of issue.")
SERIES_FULL = _("Series %(series)s has used all its numbers.")
DATE_BEFORE_LAST = _(
    "Series %(series)s's last document, %(number)s, is dated %(last)s; a later number cannot carry "
    "an earlier date. Date this one %(last)s or later, or use another series."
)
NO_SERIES = _("Choose a numbering series.")
BAD_RATE = _("The exchange rate must be above zero.")
EUR_RATE = _("A euro document has the rate 1.")
NO_RECEIVABLE = _("The chart has no customers account (411); load the chart of accounts first.")
OVERPAID = _("%(amount)s is more than what is open on %(number)s (%(open)s).")
UNPAY_TOO_MUCH = _("%(number)s has only %(paid)s paid.")
NO_EMAIL = _("The customer has no e-mail address; add one to the partner first.")
NOT_ISSUED = _("Only an issued document can be sent.")
CODE_TAKEN = _("Tax code %(code)s already starts on that day.")
GROUND_NEEDED = _("A zero rate, an exemption or reverse charge needs its legal ground.")
RATE_KIND = _("The rate must be 0 for a zero rate, an exemption or reverse charge.")
RATE_POSITIVE = _("A standard or reduced rate is above zero.")


@dataclass(frozen=True)
class DocumentLine:
    """One line of a draft as given by a form, an import or a recurring template."""

    description: str
    quantity: Any
    unit_price: Any
    tax_code: TaxCode | int | None
    income_account: Account | int | None = None
    product: Product | int | None = None
    unit: str = ""


def _fail(field: str, message, **params: Any) -> ValidationError:
    return ValidationError({field: [ValidationError(message, params=params or None)]})


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, float) or value is None or value == "":
        return None
    try:
        result = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    return result if result.is_finite() else None


def line_amounts(quantity: Decimal, unit_price: Decimal, rate: Decimal) -> tuple[Decimal, Decimal]:
    """A line's tax base (quantity x price) and VAT (base x rate), each rounded once, half up."""
    base = round_money(quantity * unit_price)
    return base, percent_of(base, rate)


def vat_summary(lines) -> list[dict[str, Any]]:
    """Tax base and VAT per tax code, summed from the lines' rounded amounts (never re-rounded)."""
    groups: dict[int, dict[str, Any]] = {}
    for line in lines:
        code = line.tax_code
        group = groups.setdefault(
            code.pk, {"tax_code": code, "rate": code.rate, "base": ZERO, "vat": ZERO}
        )
        group["base"] += line.base
        group["vat"] += line.vat
    return sorted(groups.values(), key=lambda g: (-g["rate"], g["tax_code"].code))


def series_default() -> DocumentSeries:
    """The default series, made on first use ("INV", starting at 0000000001)."""
    series = DocumentSeries.objects.filter(is_default=True).first()
    if series is None:
        series, _created = DocumentSeries.objects.get_or_create(
            code="INV", defaults={"name": "Invoices", "is_default": True}
        )
    return series


def _prepare_lines(
    raw_lines: list[DocumentLine], *, kind: str
) -> tuple[list[SalesInvoiceLine], list[ValidationError]]:
    errors: list[ValidationError] = []
    made: list[SalesInvoiceLine] = []
    product_ids = {
        (p.pk if isinstance(p, Product) else p) for p in (r.product for r in raw_lines) if p
    }
    products = Product.objects.in_bulk(product_ids) if product_ids else {}
    codes = TaxCode.objects.in_bulk(
        {(t.pk if isinstance(t, TaxCode) else t) for t in (r.tax_code for r in raw_lines) if t}
    )
    account_ids = {
        (a.pk if isinstance(a, Account) else a) for a in (r.income_account for r in raw_lines) if a
    }
    accounts = Account.objects.in_bulk(account_ids) if account_ids else {}
    for n, raw in enumerate(raw_lines, start=1):
        product = products.get(raw.product.pk if isinstance(raw.product, Product) else raw.product)
        description = (raw.description or "").strip() or (product.label if product else "")
        if not description:
            errors.append(ValidationError(LINE_DESCRIPTION, params={"n": n}))
        quantity = _decimal(raw.quantity)
        if quantity is None:
            errors.append(ValidationError(LINE_QUANTITY, params={"n": n}))
            continue
        if quantity == 0:
            errors.append(ValidationError(LINE_ZERO, params={"n": n}))
        if kind == SalesInvoice.Kind.CREDIT_NOTE:
            quantity = -abs(quantity)
        elif quantity < 0:
            errors.append(ValidationError(LINE_NEGATIVE, params={"n": n}))
        price = _decimal(raw.unit_price)
        if price is None and product is not None and raw.unit_price in (None, ""):
            price = product.unit_price
        if price is None or price < 0 or price != price.quantize(Decimal("0.01")):
            errors.append(ValidationError(LINE_PRICE, params={"n": n}))
            continue
        code_key = raw.tax_code.pk if isinstance(raw.tax_code, TaxCode) else raw.tax_code
        tax_code = codes.get(code_key) if code_key else (product.tax_code if product else None)
        if tax_code is None:
            errors.append(ValidationError(LINE_TAX, params={"n": n}))
            continue
        account_key = (
            raw.income_account.pk if isinstance(raw.income_account, Account) else raw.income_account
        )
        account = (
            accounts.get(account_key)
            if account_key
            else (product.income_account if product else None)
        )
        if account is None:
            errors.append(ValidationError(LINE_ACCOUNT, params={"n": n}))
            continue
        if account.type != Account.Type.INCOME or account.is_group or not account.is_active:
            errors.append(ValidationError(LINE_ACCOUNT_TYPE, params={"n": n, "account": account}))
        base, vat = line_amounts(quantity, price, tax_code.rate)
        made.append(
            SalesInvoiceLine(
                position=n,
                product=product,
                description=description[:300],
                unit=(raw.unit or (product.unit if product else "") or "pcs")[:20],
                quantity=quantity,
                unit_price=price,
                tax_code=tax_code,
                income_account=account,
                base=base,
                vat=vat,
            )
        )
    if not raw_lines:
        errors.append(ValidationError(NO_LINES))
    return made, errors


def _set_totals(doc: SalesInvoice, lines: list[SalesInvoiceLine]) -> None:
    doc.total_base = sum((line.base for line in lines), ZERO)
    doc.total_vat = sum((line.vat for line in lines), ZERO)
    doc.total = doc.total_base + doc.total_vat
    rate = doc.rate or Decimal(1)
    doc.base_total_base = sum((round_money(line.base / rate) for line in lines), ZERO)
    doc.base_total_vat = sum((round_money(line.vat / rate) for line in lines), ZERO)
    doc.base_total = doc.base_total_base + doc.base_total_vat


DRAFT_FIELDS = (
    "kind",
    "series",
    "partner",
    "original",
    "reason",
    "department",
    "issue_date",
    "tax_event_date",
    "due_date",
    "currency",
    "rate",
    "language",
    "notes",
    "payment_method",
)


@transaction.atomic
def invoice_draft_save(
    *,
    actor: User | None,
    data: dict[str, Any],
    lines: list[DocumentLine],
    invoice: SalesInvoice | None = None,
) -> SalesInvoice:
    """Create (``invoice`` None) or change a draft with its lines; amounts are computed here,
    each line rounded once. Refusals are ``ValidationError``s; nothing is written then."""
    if invoice is not None:
        invoice = SalesInvoice.objects.select_for_update().get(pk=invoice.pk)
        if not invoice.is_draft:
            raise _fail("__all__", NOT_DRAFT)
    doc = invoice or SalesInvoice(created_by=actor)
    for field in DRAFT_FIELDS:
        if field in data:
            setattr(doc, field, data[field])
    if not doc.series_id:
        doc.series = series_default()
    doc.currency = (doc.currency or "EUR").upper()
    if doc.currency == "EUR":
        doc.rate = Decimal(1)
    elif not doc.rate or doc.rate <= 0:
        raise _fail("rate", BAD_RATE)
    if doc.kind != SalesInvoice.Kind.INVOICE:
        original = doc.original
        if original is None:
            raise _fail("original", NOTE_NEEDS_ORIGINAL)
        if original.kind != SalesInvoice.Kind.INVOICE or not original.is_issued:
            raise _fail("original", ORIGINAL_NOT_INVOICE)
        if original.partner_id != doc.partner_id:
            raise _fail("partner", NOTE_PARTNER)
        if original.currency != doc.currency:
            raise _fail("currency", NOTE_CURRENCY, currency=original.currency)
    else:
        doc.original = None
    if doc.tax_event_date and doc.issue_date and doc.tax_event_date > doc.issue_date:
        raise _fail("tax_event_date", TAX_EVENT_LATE)
    made, errors = _prepare_lines(lines, kind=doc.kind)
    if errors:
        raise ValidationError({"lines": errors})
    _set_totals(doc, made)
    doc.search_text = f"{doc.partner.name}".casefold()[:400]
    doc.full_clean(exclude=["number", "pdf", "search_text"])
    doc.save()
    if invoice is not None:
        doc.lines.all().delete()
    for line in made:
        line.invoice = doc
    SalesInvoiceLine.objects.bulk_create(made)
    action_record(
        kind=FinanceAudit.INVOICE_SAVED,
        summary=gettext_noop("Draft %(kind)s for %(partner)s saved"),
        params={"kind": doc.kind, "partner": doc.partner.name},
        actor=actor,
        target=doc,
    )
    return doc


@transaction.atomic
def invoice_draft_delete(*, actor: User | None, invoice: SalesInvoice) -> None:
    doc = SalesInvoice.objects.select_for_update().get(pk=invoice.pk)
    if not doc.is_draft:
        raise _fail("__all__", NOT_DRAFT)
    action_record(
        kind=FinanceAudit.INVOICE_DELETED,
        summary=gettext_noop("Draft for %(partner)s deleted"),
        params={"partner": doc.partner.name},
        actor=actor,
    )
    doc.lines.all().delete()
    doc.delete()


def note_draft_create(
    *, actor: User | None, original: SalesInvoice, kind: str = "credit_note", reason: str = ""
) -> SalesInvoice:
    """A draft credit (or debit) note for ``original`` with its lines copied (a credit note for
    what is left of the invoice when nothing was credited yet); the user adjusts it before issuing."""
    lines = [
        DocumentLine(
            description=line.description,
            quantity=line.quantity,
            unit_price=line.unit_price,
            tax_code=line.tax_code_id,
            income_account=line.income_account_id,
            product=line.product_id,
            unit=line.unit,
        )
        for line in original.lines.all()
    ]
    return invoice_draft_save(
        actor=actor,
        data={
            "kind": kind,
            "series": original.series,
            "partner": original.partner,
            "original": original,
            "reason": reason,
            "department": original.department,
            "currency": original.currency,
            "rate": original.rate,
            "language": original.language,
        },
        lines=lines,
    )


def _receivable() -> Account:
    account = (
        Account.objects.filter(number__in=RECEIVABLE_ACCOUNTS, is_group=False)
        .order_by("number")
        .first()
    )
    if account is None:
        raise _fail("__all__", NO_RECEIVABLE)
    return account


def _check_partner(partner: Partner) -> None:
    if not partner.is_customer:
        raise _fail("partner", NOT_CUSTOMER, name=partner.name)
    if not partner.is_active:
        raise _fail("partner", PARTNER_INACTIVE, name=partner.name)
    if partner.country == "BG" and not partner.is_individual and not partner.registration_number:
        raise _fail("partner", NO_PARTNER_ID, name=partner.name)
    try:
        eik_clean(partner.registration_number, country=partner.country)
        vat_clean(partner.vat_number)
    except ValueError:
        raise _fail("partner", BAD_PARTNER_ID, name=partner.name) from None


def _check_period(day: date) -> None:
    _check_found_period(Period.objects.filter(start__lte=day, end__gte=day).first(), day)


def _check_found_period(period: Period | None, day: date) -> None:
    if period is None:
        raise _fail("issue_date", NO_PERIOD, date=day.isoformat())
    if period.is_locked:
        raise _fail("issue_date", LOCKED, period=str(period))


def _check_lines(doc: SalesInvoice, lines: list[SalesInvoiceLine], tax_day: date) -> None:
    errors = []
    if not lines:
        errors.append(ValidationError(NO_LINES))
    for n, line in enumerate(lines, start=1):
        code = line.tax_code
        if not code.valid_on(tax_day) or not code.is_active:
            errors.append(
                ValidationError(
                    LINE_TAX_DATE, params={"n": n, "code": code.code, "date": tax_day.isoformat()}
                )
            )
        if code.needs_ground and not (code.legal_ground or code.legal_ground_bg):
            errors.append(ValidationError(LINE_GROUND, params={"n": n, "code": code.code}))
        if line.vat and code.sales_vat_account_id is None:
            errors.append(ValidationError(LINE_VAT_ACCOUNT, params={"n": n, "code": code.code}))
        if line.quantity < 0 and doc.kind != SalesInvoice.Kind.CREDIT_NOTE:
            errors.append(ValidationError(LINE_NEGATIVE, params={"n": n}))
        if line.income_account.needs_department and doc.department_id is None:
            errors.append(
                ValidationError(LINE_DEPARTMENT, params={"account": line.income_account.number})
            )
    if errors:
        raise ValidationError({"lines": errors})


def _entry_lines(
    doc: SalesInvoice, lines: list[SalesInvoiceLine], receivable: Account
) -> list[LineIn]:
    """Dr customers, Cr income per account, Cr VAT per VAT account, in euro; a credit note's
    negative amounts land on the other side."""
    rate = doc.rate or Decimal(1)
    credits: dict[tuple[int, int | None], Decimal] = defaultdict(lambda: ZERO)
    for line in lines:
        department = doc.department_id if line.income_account.needs_department else None
        credits[(line.income_account_id, department)] += round_money(line.base / rate)
        if line.vat:
            credits[(line.tax_code.sales_vat_account_id, None)] += round_money(line.vat / rate)
    text = f"{doc.number} {doc.partner_name}"[:300]
    out: list[LineIn] = []
    total = ZERO
    for (account, department), amount in credits.items():
        if amount == 0:
            continue
        total += amount
        if amount > 0:
            out.append(LineIn(account=account, credit=amount, department=department, text=text))
        else:
            out.append(LineIn(account=account, debit=-amount, department=department, text=text))
    if total > 0:
        out.insert(0, LineIn(account=receivable, debit=total, partner=doc.partner_id, text=text))
    elif total < 0:
        out.insert(0, LineIn(account=receivable, credit=-total, partner=doc.partner_id, text=text))
    return out


def _issue_check(
    doc: SalesInvoice, lines: list[SalesInvoiceLine], issue_date: date | None
) -> tuple[date, date]:
    """What issuing a draft checks that needs nothing more read: the dates, the customer, the
    lines and the total (recomputed from the lines). Returns the day of issue and of the tax
    event."""
    day = issue_date or doc.issue_date or timezone.localdate()
    tax_day = doc.tax_event_date or day
    if tax_day > day:
        raise _fail("tax_event_date", TAX_EVENT_LATE)
    _check_partner(doc.partner)
    _check_lines(doc, lines, tax_day)
    _set_totals(doc, lines)
    if doc.total == 0:
        raise _fail("__all__", ZERO_TOTAL)
    return day, tax_day


def _last_date(series: DocumentSeries) -> date | None:
    """The date of the series' last issued document, read under the series' lock: numbers and
    dates of a series go up together (a later number never carries an earlier date)."""
    return (
        SalesInvoice.objects.filter(series_id=series.pk, number=f"{series.next_number - 1:010d}")
        .values_list("issue_date", flat=True)
        .first()
    )


def _check_order(series: DocumentSeries, last: date | None, day: date) -> None:
    if last is not None and day < last:
        raise _fail(
            "issue_date",
            DATE_BEFORE_LAST,
            series=series.code,
            number=f"{series.next_number - 1:010d}",
            last=date_format(last, "SHORT_DATE_FORMAT"),
        )


def _issue_fill(doc: SalesInvoice, number: str, day: date, tax_day: date) -> None:
    """The number, the dates and the customer as printed, copied onto the document."""
    partner = doc.partner
    doc.number = number
    doc.issue_date = day
    doc.tax_event_date = tax_day
    doc.due_date = doc.due_date or (day + timedelta(days=partner.payment_terms_days))
    doc.partner_name = partner.name
    doc.partner_registration = partner.registration_number
    doc.partner_vat = partner.vat_number
    doc.partner_address = partner.full_address[:400]


def _issue_entry(
    doc: SalesInvoice,
    lines: list[SalesInvoiceLine],
    receivable: Account,
    kind_label: str | None = None,
) -> EntryIn:
    """The journal entry of a numbered document (``kind_label``: its kind's display, when known)."""
    label = f"{kind_label or doc.get_kind_display()} {doc.number}"
    return EntryIn(
        date=doc.issue_date,
        lines=_entry_lines(doc, lines, receivable),
        memo=f"{label} {doc.partner.name}"[:300],
        source=Source(
            type=SOURCE_TYPE,
            id=str(doc.pk),
            label=label,
            url=reverse("finance:invoice-detail", args=[doc.pk]),
        ),
        key=f"{SOURCE_TYPE}:{doc.pk}",
    )


def _issue_finish(doc: SalesInvoice, entry, actor: User | None, now) -> None:
    doc.journal_entry = entry
    doc.status = SalesInvoice.Status.ISSUED
    doc.issued_at = now
    doc.issued_by = actor
    partner = doc.partner
    doc.search_text = f"{doc.number} {partner.name} {partner.registration_number}".casefold()


ISSUED_SUMMARY = gettext_noop("%(kind)s %(number)s issued to %(partner)s")


def _issued_params(doc: SalesInvoice) -> dict[str, Any]:
    return {"kind": doc.kind, "number": doc.number, "partner": doc.partner.name}


def invoice_issue(
    *,
    actor: User | None,
    invoice: SalesInvoice,
    issue_date: date | None = None,
    render_pdf: bool = True,
) -> SalesInvoice:
    """Give a draft its number, post it and freeze it; then render and store its PDF.

    Every check runs inside the transaction before the series row is locked; a refusal
    (``ValidationError``) or any failure afterwards rolls everything back and uses no number.
    """
    with transaction.atomic():
        doc = (
            SalesInvoice.objects.select_for_update(of=("self",))
            .select_related("partner", "original")
            .get(pk=invoice.pk)
        )
        if not doc.is_draft:
            raise _fail("__all__", NOT_DRAFT)
        lines = list(
            doc.lines.select_related("tax_code", "income_account").order_by("position", "id")
        )
        day, tax_day = _issue_check(doc, lines, issue_date)
        original = None
        if doc.kind != SalesInvoice.Kind.INVOICE:
            if doc.original_id is None:
                raise _fail("original", NOTE_NEEDS_ORIGINAL)
            original = SalesInvoice.objects.select_for_update().get(pk=doc.original_id)
            if original.kind != SalesInvoice.Kind.INVOICE or not original.is_issued:
                raise _fail("original", ORIGINAL_NOT_INVOICE)
            if doc.kind == SalesInvoice.Kind.CREDIT_NOTE:
                if doc.total >= 0:
                    raise _fail("__all__", CREDIT_POSITIVE)
                left = original.amount_left
                if -doc.total > left:
                    raise _fail(
                        "__all__",
                        CREDIT_TOO_LARGE,
                        amount=-doc.total,
                        number=original.number,
                        left=left,
                    )
        elif doc.total < 0:
            raise _fail("__all__", ZERO_TOTAL)
        _check_period(day)
        receivable = _receivable()

        series = DocumentSeries.objects.select_for_update().get(pk=doc.series_id)
        if series.next_number > MAX_NUMBER:
            raise _fail("series", SERIES_FULL, series=series.code)
        _check_order(series, _last_date(series), day)
        number = f"{series.next_number:010d}"
        DocumentSeries.objects.filter(pk=series.pk).update(next_number=F("next_number") + 1)

        _issue_fill(doc, number, day, tax_day)
        spec = _issue_entry(doc, lines, receivable)
        entry = journal_entry_post(
            date=spec.date,
            lines=spec.lines,
            memo=spec.memo,
            source=spec.source,
            key=spec.key,
            actor=actor,
            system=True,
        )
        _issue_finish(doc, entry, actor, timezone.now())
        doc.save()
        if original is not None:
            if doc.kind == SalesInvoice.Kind.CREDIT_NOTE:
                SalesInvoice.objects.filter(pk=original.pk).update(
                    credited_amount=F("credited_amount") - doc.total
                )
            else:
                SalesInvoice.objects.filter(pk=original.pk).update(
                    debited_amount=F("debited_amount") + doc.total
                )
        action_record(
            kind=FinanceAudit.INVOICE_ISSUED,
            summary=ISSUED_SUMMARY,
            params=_issued_params(doc),
            actor=actor,
            target=doc,
        )
    if render_pdf:
        try:
            invoice_pdf_store(invoice=doc)
        except Exception:  # the issue stands; the PDF is made on first download
            log.exception("PDF of sales document %s could not be rendered", doc.pk)
    return doc


#: Drafts issued in one transaction by ``invoices_issue_batch``.
BATCH_SIZE = 100

#: What ``invoices_issue_batch`` writes of each document (all that issuing changes).
ISSUED_FIELDS = (
    "number",
    "issue_date",
    "tax_event_date",
    "due_date",
    "partner_name",
    "partner_registration",
    "partner_vat",
    "partner_address",
    "total_base",
    "total_vat",
    "total",
    "base_total_base",
    "base_total_vat",
    "base_total",
    "journal_entry",
    "status",
    "issued_at",
    "issued_by",
    "search_text",
    "updated_at",
)


@dataclass
class IssueSummary:
    """What a batch issued (numbers in order), refused (customer, why) and found done already."""

    issued: list[str] = dataclasses.field(default_factory=list)
    failed: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    skipped: int = 0


def _messages(exc: Exception) -> str:
    return "; ".join(getattr(exc, "messages", None) or [str(exc)])


def invoices_issue_batch(
    *,
    actor: User | None,
    invoice_ids: Sequence[int],
    size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> IssueSummary:
    """Issue the drafts ``invoice_ids``, numbered in that order, as ``invoice_issue`` would one
    by one (no PDF), but ``size`` invoices to a transaction with every kind of row read and
    written once for all of them.

    A draft refused by a check is listed and takes no number; the others of its transaction are
    issued. A failure while writing (the ledger refusing, a clash in the database) rolls back
    the whole transaction, numbers included, and its drafts are issued again one by one, each
    in its own transaction, so only the culprit is refused. Credit and debit notes are issued
    one by one, in their place in the order. What is not a draft any more is skipped, so a
    batch stopped half way is simply run again. ``progress`` hears how many ids were handled.
    """
    summary = IssueSummary()
    ids = list(invoice_ids)
    kinds = dict(SalesInvoice.objects.filter(pk__in=ids).values_list("pk", "kind"))
    done = 0
    run: list[int] = []

    def flush() -> None:
        nonlocal done
        if run:
            _issue_chunk(list(run), actor, summary)
            done += len(run)
            run.clear()
            if progress:
                progress(done)

    for pk in ids:
        if kinds.get(pk, SalesInvoice.Kind.INVOICE) == SalesInvoice.Kind.INVOICE:
            run.append(pk)
            if len(run) >= size:
                flush()
            continue
        flush()
        _issue_single(pk, actor, summary)
        done += 1
        if progress:
            progress(done)
    flush()
    return summary


def _issue_single(pk: int, actor: User | None, summary: IssueSummary) -> None:
    doc = SalesInvoice.objects.select_related("partner").filter(pk=pk).first()
    if doc is None or not doc.is_draft:
        summary.skipped += 1
        return
    try:
        doc = invoice_issue(actor=actor, invoice=doc, render_pdf=False)
    except (ValidationError, IntegrityError) as exc:
        summary.failed.append((doc.partner.name, _messages(exc)))
    else:
        summary.issued.append(doc.number)


def _issue_chunk(ids: list[int], actor: User | None, summary: IssueSummary) -> None:
    """One transaction of ``invoices_issue_batch``; its drafts one by one when it fails."""
    part = IssueSummary()
    later: list[int] = []
    try:
        with transaction.atomic():
            later = _issue_together(ids, actor, part)
    except (ValidationError, IntegrityError):
        log.warning("Issuing drafts %s to %s together failed; one by one now", ids[0], ids[-1])
        for pk in ids:
            _issue_single(pk, actor, summary)
        return
    summary.issued += part.issued
    summary.failed += part.failed
    summary.skipped += part.skipped
    for pk in later:  # became a note since the batch began
        _issue_single(pk, actor, summary)


def _issued_write(docs: list[SalesInvoice]) -> None:
    """Write ``ISSUED_FIELDS`` of the numbered documents: on PostgreSQL one UPDATE from a list
    of VALUES (Django's ``bulk_update`` spends ten times longer building its CASE expressions
    than the database spends on them)."""
    if connection.vendor != "postgresql":
        SalesInvoice.objects.bulk_update(docs, ISSUED_FIELDS)
        return
    meta = SalesInvoice._meta
    fields = [meta.get_field(name) for name in ISSUED_FIELDS]
    # Text is cast to text, not varchar(n) (which would cut it): the column refuses what is long.
    types = ["text" if isinstance(f, CharField) else f.db_type(connection) for f in fields]
    casts = ", ".join(["%s::bigint"] + [f"%s::{t}" for t in types])
    params: list[Any] = []
    for doc in docs:
        params.append(doc.pk)
        params += [f.get_db_prep_save(getattr(doc, f.attname), connection) for f in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    assignments = ", ".join(f"{quote(f.column)} = v.{quote(f.column)}" for f in fields)
    with connection.cursor() as cursor:
        cursor.execute(
            # Only column names and placeholders are joined into the text.
            f"UPDATE {quote(meta.db_table)} AS t SET {assignments}"  # noqa: S608
            f" FROM (VALUES {', '.join([f'({casts})'] * len(docs))}) AS v(id, {columns})"
            " WHERE t.id = v.id",
            params,
        )


def _issue_together(ids: list[int], actor: User | None, part: IssueSummary) -> list[int]:
    """Lock, check, number, post and freeze the invoices ``ids`` in the current transaction;
    returns the ids to issue one by one (credit and debit notes)."""
    found = {
        doc.pk: doc
        for doc in SalesInvoice.objects.select_for_update(of=("self",))
        .select_related("partner")
        .filter(pk__in=ids)
        .order_by("pk")
    }
    todo: list[SalesInvoice] = []
    later: list[int] = []
    for pk in ids:
        doc = found.get(pk)
        if doc is None or not doc.is_draft:
            part.skipped += 1
        elif doc.kind != SalesInvoice.Kind.INVOICE:
            later.append(pk)
        else:
            todo.append(doc)
    if not todo:
        return later
    lines_of: dict[int, list[SalesInvoiceLine]] = defaultdict(list)
    rows = list(
        SalesInvoiceLine.objects.filter(invoice_id__in=[doc.pk for doc in todo]).order_by(
            "invoice_id", "position", "id"
        )
    )
    codes = TaxCode.objects.in_bulk({line.tax_code_id for line in rows})
    accounts = Account.objects.in_bulk({line.income_account_id for line in rows})
    for line in rows:
        line.tax_code = codes[line.tax_code_id]
        line.income_account = accounts[line.income_account_id]
        lines_of[line.invoice_id].append(line)

    checked = []
    for doc in todo:
        try:
            day, tax_day = _issue_check(doc, lines_of[doc.pk], None)
        except ValidationError as exc:
            part.failed.append((doc.partner.name, _messages(exc)))
            continue
        checked.append((doc, day, tax_day))
    if not checked:
        return later
    days = [day for _doc, day, _tax_day in checked]
    periods = list(Period.objects.filter(start__lte=max(days), end__gte=min(days)))
    receivable = _receivable()
    series = {
        row.pk: row
        for row in DocumentSeries.objects.select_for_update()
        .filter(pk__in={doc.series_id for doc, _day, _tax_day in checked})
        .order_by("pk")
    }
    used: dict[int, int] = defaultdict(int)
    last = {pk: _last_date(row) for pk, row in series.items()}
    numbered: list[SalesInvoice] = []
    for doc, day, tax_day in checked:
        try:
            _check_found_period(next((p for p in periods if p.start <= day <= p.end), None), day)
            row = series[doc.series_id]
            if row.next_number > MAX_NUMBER:
                raise _fail("series", SERIES_FULL, series=row.code)
            _check_order(row, last[row.pk], day)
        except ValidationError as exc:
            part.failed.append((doc.partner.name, _messages(exc)))
            continue
        _issue_fill(doc, f"{row.next_number:010d}", day, tax_day)
        row.next_number += 1
        last[row.pk] = day
        used[row.pk] += 1
        numbered.append(doc)
    if not numbered:
        return later
    label = str(SalesInvoice.Kind.INVOICE.label)  # a batch issues invoices only
    for pk, count in sorted(used.items()):
        DocumentSeries.objects.filter(pk=pk).update(next_number=F("next_number") + count)
    entries = journal_entries_post(
        entries=[
            _issue_entry(doc, lines_of[doc.pk], receivable, kind_label=label) for doc in numbered
        ],
        actor=actor,
        system=True,
    )
    now = timezone.now()
    for doc, entry in zip(numbered, entries, strict=True):
        _issue_finish(doc, entry, actor, now)
        doc.updated_at = now
    _issued_write(numbered)
    actions_record(
        actions=[
            ActionIn(
                kind=FinanceAudit.INVOICE_ISSUED,
                summary=ISSUED_SUMMARY,
                params=_issued_params(doc),
                target=doc,
            )
            for doc in numbered
        ],
        actor=actor,
    )
    part.issued += [doc.number for doc in numbered]
    return later


def invoice_pdf_context(doc: SalesInvoice) -> dict[str, Any]:
    from finance.domain.words import amount_in_words

    lines = list(doc.lines.select_related("tax_code", "income_account").order_by("position", "id"))
    summary = vat_summary(lines)
    grounds = []
    for group in summary:
        code = group["tax_code"]
        if code.needs_ground:
            grounds.append(code)
    from finance.domain.invoice_labels import labels_for

    bg = doc.language in ("bg", "both")
    return {
        "doc": doc,
        "lines": lines,
        "summary": summary,
        "grounds": grounds,
        "words": amount_in_words(doc.total, doc.currency),
        "foreign": doc.currency != "EUR",
        "L": labels_for(doc.language),
        "bg": bg,
        "en": doc.language in ("en", "both"),
        "title": labels_for(doc.language)[doc.kind],
    }


def invoice_pdf_render(doc: SalesInvoice) -> bytes:
    from backoffice.pdf import render_pdf

    language = "bg" if doc.language in ("bg", "both") else "en"
    return render_pdf("finance/pdf/invoice.html", invoice_pdf_context(doc), language=language)


def invoice_pdf_store(*, invoice: SalesInvoice) -> SalesInvoice:
    """Render an issued document's PDF once and keep it with its SHA-256; later calls return the
    stored one."""
    doc = SalesInvoice.objects.get(pk=invoice.pk)
    if not doc.is_issued or doc.pdf_sha256:
        return doc
    content = invoice_pdf_render(doc)
    digest = hashlib.sha256(content).hexdigest()
    name = doc.pdf.storage.save(f"finance/invoices/{doc.number}.pdf", ContentFile(content))
    updated = SalesInvoice.objects.filter(pk=doc.pk, pdf_sha256="").update(
        pdf=name, pdf_sha256=digest
    )
    if not updated:  # somebody stored it a moment ago: theirs stands
        doc.pdf.storage.delete(name)
    doc.refresh_from_db()
    return doc


@transaction.atomic
def invoice_paid_add(*, invoice_id: int, amount: Decimal) -> SalesInvoice:
    """Add ``amount`` (negative to undo) to what was paid on an issued invoice or debit note;
    called by the payments service inside its allocation transaction."""
    doc = SalesInvoice.objects.select_for_update().get(pk=invoice_id)
    amount = round_money(amount)
    if amount > 0 and amount > doc.amount_open:
        raise _fail("amount", OVERPAID, amount=amount, number=doc.number, open=doc.amount_open)
    if amount < 0 and -amount > doc.paid_amount:
        raise _fail("amount", UNPAY_TOO_MUCH, number=doc.number, paid=doc.paid_amount)
    SalesInvoice.objects.filter(pk=doc.pk).update(paid_amount=F("paid_amount") + amount)
    doc.refresh_from_db()
    return doc


def invoice_send(*, actor: User | None, invoice: SalesInvoice) -> Job:
    """E-mail the document's PDF to the customer as a job (again after each completed send)."""
    if not invoice.is_issued:
        raise _fail("__all__", NOT_ISSUED)
    if not invoice.partner.email_list:
        raise _fail("__all__", NO_EMAIL)
    sent = invoice.sent_at.isoformat() if invoice.sent_at else "never"
    return job_start(
        kind="finance.invoice_send",
        params={"invoice": invoice.pk},
        requested_by=actor,
        idempotency_key=f"finance.invoice_send:{invoice.pk}:{sent}",
    )


def invoice_send_now(*, invoice_id: int, actor: User | None) -> bool:
    """The job's work: one e-mail with the PDF attached; False when already sent since asked."""
    from django.core.mail import EmailMessage

    doc = invoice_pdf_store(invoice=SalesInvoice.objects.get(pk=invoice_id))
    recipients = doc.partner.email_list
    if not recipients:
        raise ValidationError(NO_EMAIL)
    with doc.pdf.open("rb") as handle:
        content = handle.read()
    subject = f"{doc.get_kind_display()} {doc.number}"
    message = EmailMessage(subject=subject, body=subject, to=recipients)
    message.attach(f"{doc.number}.pdf", content, "application/pdf")
    message.send()
    SalesInvoice.objects.filter(pk=doc.pk).update(sent_at=timezone.now())
    action_record(
        kind=FinanceAudit.INVOICE_SENT,
        summary=gettext_noop("%(number)s sent to %(partner)s"),
        params={"number": doc.number, "partner": doc.partner.name},
        actor=actor,
        target=doc,
    )
    return True


@transaction.atomic
def tax_code_save(
    *, actor: User | None, data: dict[str, Any], tax_code: TaxCode | None = None
) -> TaxCode:
    code = tax_code or TaxCode()
    for field, value in data.items():
        setattr(code, field, value)
    if code.kind in (TaxCode.Kind.ZERO, TaxCode.Kind.EXEMPT, TaxCode.Kind.REVERSE):
        if code.rate:
            raise _fail("rate", RATE_KIND)
        if not (code.legal_ground or code.legal_ground_bg):
            raise _fail("legal_ground", GROUND_NEEDED)
    elif not code.rate or code.rate <= 0:
        raise _fail("rate", RATE_POSITIVE)
    clash = TaxCode.objects.filter(code=code.code, valid_from=code.valid_from).exclude(pk=code.pk)
    if clash.exists():
        raise _fail("code", CODE_TAKEN, code=code.code)
    code.full_clean()
    code.save()
    action_record(
        kind=FinanceAudit.TAX_CODE_SAVED,
        summary=gettext_noop("Tax code %(code)s saved"),
        params={"code": code.code},
        actor=actor,
        target=code,
    )
    return code


@transaction.atomic
def product_save(
    *, actor: User | None, data: dict[str, Any], product: Product | None = None
) -> Product:
    item = product or Product()
    for field, value in data.items():
        setattr(item, field, value)
    if item.income_account_id and item.income_account.type != Account.Type.INCOME:
        raise _fail("income_account", LINE_ACCOUNT_TYPE, n=1, account=item.income_account)
    item.full_clean()
    item.save()
    action_record(
        kind=FinanceAudit.PRODUCT_SAVED,
        summary=gettext_noop("Price list item %(code)s saved"),
        params={"code": item.code},
        actor=actor,
        target=item,
    )
    return item
