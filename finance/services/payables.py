"""Supplier bills: drafted (by hand or from a purchase receipt), approved, posted, paid.

A posted bill is never edited. The supplier's invoice number is unique per supplier: checked here
with a clear field error, and by a database constraint for the race between two clerks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from backoffice.models import User
from backoffice.money import ZERO, MoneyError, percent_of, round_money, to_decimal
from backoffice.services import action_record
from finance.audit import FinanceAudit
from finance.interface import BillLineIn, LineIn, Source
from finance.models import Account, Partner, SupplierBill, SupplierBillLine, TaxCode
from finance.selectors.payables import role_account
from finance.selectors.refs import departments_by_id
from finance.services.posting import journal_entry_post

DUPLICATE_BILL = _("Bill %(number)s of %(supplier)s is already entered (%(ref)s).")
NO_LINES = _("A bill needs at least one line.")
NOT_SUPPLIER = _("Choose a supplier.")
BAD_QUANTITY = _("Line %(n)s: the quantity must be more than zero.")
BAD_PRICE = _("Line %(n)s: the unit price cannot be negative.")
BAD_NUMBER = _("Line %(n)s: %(value)s is not a number.")
BAD_RATE = _("Line %(n)s: the VAT rate must be between 0 and 100.")
NO_DESCRIPTION = _("Line %(n)s: say what was bought.")
BAD_ACCOUNT = _("Line %(n)s: there is no postable account %(account)s.")
DUE_BEFORE_DATE = _("The due date cannot be before the invoice date.")
ZERO_TOTAL = _("The bill's total is zero.")
NOT_EDITABLE = _("A posted bill cannot be changed.")
NOT_APPROVABLE = _("Only a draft bill can be approved.")
NOT_POSTABLE = _("Approve the bill before posting it.")
REVERSE_CHARGE_TEXT = _("Reverse charge, art. 117 protocol: %(ref)s (%(number)s)")
NEEDS_NUMBER = _("Enter the supplier's invoice number before approving.")
BAD_TAX_CODE = _("Line %(n)s: there is no tax code %(code)s.")
TAX_CODE_DATE = _("Line %(n)s: tax code %(code)s is not valid on %(date)s.")
NO_STANDARD_RATE = _(
    "Line %(n)s: reverse charge needs the standard VAT rate valid on %(date)s; "
    "add a standard-rate tax code for that date."
)

DEFAULT_TERMS_DAYS = 30


def _fail(message, field: str = "__all__", **params: Any) -> ValidationError:
    return ValidationError({field: ValidationError(message, params=params)})


def _decimal(value: Any, n: int) -> Decimal:
    if isinstance(value, float):
        raise _fail(BAD_NUMBER, "lines", n=n, value=value)
    try:
        return to_decimal(value if value not in (None, "") else "0")
    except MoneyError:
        raise _fail(BAD_NUMBER, "lines", n=n, value=value) from None


def _as_line(raw: BillLineIn | Mapping[str, Any]) -> BillLineIn:
    if isinstance(raw, BillLineIn):
        return raw
    return BillLineIn(
        description=raw.get("description") or "",
        quantity=raw.get("quantity"),
        unit_price=raw.get("unit_price"),
        vat_rate=raw.get("vat_rate", Decimal("20")),
        account=raw.get("account"),
        department=raw.get("department"),
        tax_code=raw.get("tax_code"),
    )


def standard_rate_code(day: date) -> TaxCode | None:
    """The standard-rate tax code in force on ``day`` (the latest that started by then)."""
    return (
        TaxCode.objects.filter(kind=TaxCode.Kind.STANDARD, is_active=True, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-valid_from", "-rate", "code")
        .first()
    )


def _tax_codes(typed: list[BillLineIn]) -> dict[Any, TaxCode]:
    keys = {getattr(ln.tax_code, "pk", ln.tax_code) for ln in typed if ln.tax_code}
    ids = {k for k in keys if isinstance(k, int) or (isinstance(k, str) and k.isdigit())}
    return TaxCode.objects.in_bulk({int(k) for k in ids}) if ids else {}


def _lines(
    raw_lines: Iterable[BillLineIn | Mapping[str, Any]], *, bill_date: date
) -> list[SupplierBillLine]:
    """The lines as they will be written, each rounded once, or the first refusal.

    A line with a tax code takes its rate; under a reverse-charge code (VAT Act art. 82(2)-(5))
    the supplier charges no VAT and the line self-assesses VAT at the standard rate in force on
    the bill date (``reverse_vat``)."""
    typed = [_as_line(raw) for raw in raw_lines]
    if not typed:
        raise _fail(NO_LINES, "lines")
    codes = _tax_codes(typed)
    standard: TaxCode | None = None
    default_account = None
    department_ids = {getattr(ln.department, "pk", ln.department) for ln in typed if ln.department}
    departments = departments_by_id(ids=department_ids)
    built = []
    for n, line in enumerate(typed, start=1):
        if not (line.description or "").strip():
            raise _fail(NO_DESCRIPTION, "lines", n=n)
        quantity = _decimal(line.quantity, n)
        price = _decimal(line.unit_price, n)
        rate = _decimal(line.vat_rate, n)
        if quantity <= 0:
            raise _fail(BAD_QUANTITY, "lines", n=n)
        if price < 0:
            raise _fail(BAD_PRICE, "lines", n=n)
        tax_code = None
        if line.tax_code:
            key = getattr(line.tax_code, "pk", line.tax_code)
            tax_code = codes.get(int(key)) if str(key).isdigit() else None
            if tax_code is None:
                raise _fail(BAD_TAX_CODE, "lines", n=n, code=key)
            if not tax_code.valid_on(bill_date):
                raise _fail(
                    TAX_CODE_DATE, "lines", n=n, code=tax_code.code, date=bill_date.isoformat()
                )
            rate = tax_code.rate
            if tax_code.kind == TaxCode.Kind.REVERSE:
                standard = standard or standard_rate_code(bill_date)
                if standard is None:
                    raise _fail(NO_STANDARD_RATE, "lines", n=n, date=bill_date.isoformat())
                rate = standard.rate
        if not Decimal(0) <= rate <= Decimal(100):
            raise _fail(BAD_RATE, "lines", n=n)
        if line.account in (None, ""):
            default_account = default_account or role_account("purchases")
            account = default_account
        elif isinstance(line.account, Account):
            account = line.account
        else:
            key = line.account
            account = (
                Account.objects.postable()
                .filter(**({"pk": key} if isinstance(key, int) else {"number": str(key)}))
                .first()
            )
            if account is None:
                raise _fail(BAD_ACCOUNT, "lines", n=n, account=key)
        department = None
        if line.department:
            department = departments.get(getattr(line.department, "pk", line.department))
        net = round_money(quantity * price)
        reverse = tax_code is not None and tax_code.kind == TaxCode.Kind.REVERSE
        built.append(
            SupplierBillLine(
                description=line.description.strip()[:300],
                quantity=quantity.quantize(Decimal("0.0001")),
                unit_price=price.quantize(Decimal("0.0001")),
                vat_rate=rate.quantize(Decimal("0.01")),
                tax_code=tax_code,
                account=account,
                department=department,
                net=net,
                vat=ZERO if reverse else percent_of(net, rate),
                reverse_vat=percent_of(net, rate) if reverse else ZERO,
            )
        )
    return built


def _duplicate(*, supplier_id: int, number: str, exclude: int | None) -> SupplierBill | None:
    if not number:
        return None
    found = SupplierBill.objects.filter(supplier_id=supplier_id, number__iexact=number)
    if exclude:
        found = found.exclude(pk=exclude)
    return found.first()


def _refuse_duplicate(*, supplier: Partner, number: str, exclude: int | None) -> None:
    other = _duplicate(supplier_id=supplier.pk, number=number, exclude=exclude)
    if other is not None:
        raise _fail(
            DUPLICATE_BILL, "number", number=number, supplier=supplier.name, ref=other.reference
        )


def _write(bill: SupplierBill, lines: list[SupplierBillLine]) -> SupplierBill:
    bill.net_total = sum((ln.net for ln in lines), ZERO)
    bill.vat_total = sum((ln.vat for ln in lines), ZERO)
    bill.reverse_vat_total = sum((ln.reverse_vat for ln in lines), ZERO)
    bill.total = bill.net_total + bill.vat_total
    try:
        with transaction.atomic():
            bill.save()
    except IntegrityError:
        # Another clerk entered the same supplier number a moment ago.
        raise _fail(
            DUPLICATE_BILL, "number", number=bill.number, supplier=str(bill.supplier), ref="—"
        ) from None
    bill.lines.all().delete()
    for line in lines:
        line.bill = bill
    SupplierBillLine.objects.bulk_create(lines)
    return bill


def _supplier(value: Any) -> Partner:
    if isinstance(value, Partner):
        return value
    supplier = Partner.objects.filter(pk=value).first() if isinstance(value, int) else None
    if supplier is None:
        raise _fail(NOT_SUPPLIER, "supplier")
    return supplier


@transaction.atomic
def supplier_bill_draft_create(
    *,
    supplier: Partner | int,
    lines: Sequence[BillLineIn | Mapping[str, Any]],
    bill_date: date,
    due_date: date | None = None,
    number: str = "",
    memo: str = "",
    source: Source | None = None,
    key: str | None = None,
    actor: User | None,
) -> SupplierBill:
    """A draft bill (for a purchase receipt: received quantities and prices), in the caller's
    transaction. The same ``key`` returns the bill made the first time."""
    if key:
        existing = SupplierBill.objects.filter(idempotency_key=key).first()
        if existing is not None:
            return existing
    supplier = _supplier(supplier)
    number = (number or "").strip()
    _refuse_duplicate(supplier=supplier, number=number, exclude=None)
    due = due_date or bill_date + timedelta(days=DEFAULT_TERMS_DAYS)
    if due < bill_date:
        raise _fail(DUE_BEFORE_DATE, "due_date")
    built = _lines(lines, bill_date=bill_date)
    source = source or Source(type="", id="")
    bill = SupplierBill(
        supplier=supplier,
        number=number,
        bill_date=bill_date,
        due_date=due,
        memo=(memo or "")[:300],
        source_type=source.type[:60],
        source_id=str(source.id)[:60],
        source_label=source.label[:200],
        source_url=source.url[:300],
        idempotency_key=key or None,
        created_by=actor,
    )
    _write(bill, built)
    action_record(
        kind=FinanceAudit.BILL_SAVED,
        summary=gettext_noop("Supplier bill %(ref)s drafted (%(total)s)"),
        params={"ref": bill.reference, "total": str(bill.total)},
        actor=actor,
        target=bill,
    )
    return bill


@transaction.atomic
def supplier_bill_save(
    *,
    bill: SupplierBill | None,
    supplier: Partner,
    number: str,
    bill_date: date,
    due_date: date,
    memo: str = "",
    lines: Sequence[BillLineIn | Mapping[str, Any]],
    actor: User,
) -> SupplierBill:
    """Create or change a bill that is not posted; a change sends an approved bill back to draft."""
    if bill is not None:
        bill = SupplierBill.objects.select_for_update().get(pk=bill.pk)
        if bill.status == SupplierBill.Status.POSTED:
            raise _fail(NOT_EDITABLE)
    number = (number or "").strip()
    _refuse_duplicate(supplier=supplier, number=number, exclude=bill.pk if bill else None)
    if due_date < bill_date:
        raise _fail(DUE_BEFORE_DATE, "due_date")
    built = _lines(lines, bill_date=bill_date)
    if not any(ln.net + ln.vat for ln in built):
        raise _fail(ZERO_TOTAL, "lines")
    bill = bill or SupplierBill(created_by=actor)
    bill.supplier = supplier
    bill.number = number
    bill.bill_date = bill_date
    bill.due_date = due_date
    bill.memo = (memo or "")[:300]
    bill.status = SupplierBill.Status.DRAFT
    bill.approved_by = None
    bill.approved_at = None
    _write(bill, built)
    action_record(
        kind=FinanceAudit.BILL_SAVED,
        summary=gettext_noop("Supplier bill %(ref)s saved (%(total)s)"),
        params={"ref": bill.reference, "total": str(bill.total)},
        actor=actor,
        target=bill,
    )
    return bill


@transaction.atomic
def supplier_bill_approve(*, bill: SupplierBill, actor: User) -> SupplierBill:
    bill = SupplierBill.objects.select_for_update().get(pk=bill.pk)
    if bill.status != SupplierBill.Status.DRAFT:
        raise _fail(NOT_APPROVABLE)
    if not bill.number:
        raise _fail(NEEDS_NUMBER, "number")
    if not bill.total:
        raise _fail(ZERO_TOTAL)
    bill.status = SupplierBill.Status.APPROVED
    bill.approved_by = actor
    bill.approved_at = timezone.now()
    bill.save(update_fields=["status", "approved_by", "approved_at"])
    action_record(
        kind=FinanceAudit.BILL_APPROVED,
        summary=gettext_noop("Supplier bill %(ref)s approved"),
        params={"ref": bill.reference},
        actor=actor,
        target=bill,
    )
    return bill


def bill_posting_lines(bill: SupplierBill) -> list[LineIn]:
    """Expenses (or stock) and input VAT on the debit side; the supplier on the credit side.

    Reverse charge (VAT Act art. 82(2)-(5), art. 117 protocol): the VAT the recipient charges
    itself is both input VAT (debit) and output VAT (credit) in the same entry, nothing to the
    supplier; the net effect on VAT is zero with a full right of deduction."""
    text = f"{bill.supplier.name} {bill.number}"[:300]
    lines = [
        LineIn(
            account=line.account_id,
            debit=line.net,
            department=line.department_id,
            text=line.description,
        )
        for line in bill.lines.all().order_by("pk")
        if line.net
    ]
    if bill.vat_total:
        lines.append(LineIn(account=role_account("vat_in").pk, debit=bill.vat_total, text=text))
    if bill.reverse_vat_total:
        protocol = str(REVERSE_CHARGE_TEXT) % {"ref": bill.reference, "number": bill.number}
        protocol = protocol[:300]
        lines.append(
            LineIn(account=role_account("vat_in").pk, debit=bill.reverse_vat_total, text=protocol)
        )
        lines.append(
            LineIn(account=role_account("vat_out").pk, credit=bill.reverse_vat_total, text=protocol)
        )
    lines.append(
        LineIn(
            account=role_account("payable").pk,
            credit=bill.total,
            partner=bill.supplier_id,
            text=text,
        )
    )
    return lines


@transaction.atomic
def supplier_bill_post(*, bill: SupplierBill, actor: User) -> SupplierBill:
    """Post an approved bill, dated its invoice date; posting twice gives the same entry."""
    bill = SupplierBill.objects.select_for_update().select_related("supplier").get(pk=bill.pk)
    if bill.status == SupplierBill.Status.POSTED:
        return bill
    if bill.status != SupplierBill.Status.APPROVED:
        raise _fail(NOT_POSTABLE)
    entry = journal_entry_post(
        date=bill.bill_date,
        lines=bill_posting_lines(bill),
        memo=str(_("Supplier bill %(number)s, %(supplier)s"))
        % {"number": bill.number, "supplier": bill.supplier.name},
        source=Source(
            type="finance.supplier_bill",
            id=str(bill.pk),
            label=bill.reference,
            url=reverse("finance:bill-detail", args=[bill.pk]),
        ),
        key=f"supplier_bill:{bill.pk}",
        actor=actor,
    )
    bill.entry = entry
    bill.status = SupplierBill.Status.POSTED
    bill.save(update_fields=["entry", "status"])
    action_record(
        kind=FinanceAudit.BILL_POSTED,
        summary=gettext_noop("Supplier bill %(ref)s posted as %(entry)s"),
        params={"ref": bill.reference, "entry": entry.reference},
        actor=actor,
        target=bill,
    )
    return bill


@transaction.atomic
def supplier_bill_delete(*, bill: SupplierBill, actor: User) -> None:
    bill = SupplierBill.objects.select_for_update().get(pk=bill.pk)
    if bill.status == SupplierBill.Status.POSTED:
        raise _fail(NOT_EDITABLE)
    bill.delete()
