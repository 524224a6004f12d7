"""Invoicing for tests: the books, tax codes, a series, a price list item and customers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from finance.models import Account, DocumentSeries, Partner, Product, TaxCode
from finance.services import DocumentLine, invoice_draft_save, invoice_issue, partner_save
from tests.finance.factories import books

#: Valid Bulgarian EIKs (check digit verified) for test customers.
EIKS = ["175074752", "121887161", "831642181", "200000027"]


def tax_codes() -> dict[str, TaxCode]:
    vat_sales = Account.objects.get(number="4532")
    vat_purchases = Account.objects.get(number="4531")
    rows = [
        ("S20", "standard", "20", ""),
        ("R9", "reduced", "9", ""),
        ("Z0-EU", "zero", "0", "Art. 53(1) VAT Act"),
        ("EX", "exempt", "0", "Art. 45 VAT Act"),
    ]
    return {
        code: TaxCode.objects.create(
            code=code,
            name=code,
            kind=kind,
            rate=Decimal(rate),
            legal_ground=ground,
            legal_ground_bg="чл. 53" if ground else "",
            valid_from=date(2007, 1, 1),
            sales_vat_account=vat_sales,
            purchase_vat_account=vat_purchases,
        )
        for code, kind, rate, ground in rows
    }


def invoicing_world(*years: int) -> dict:
    world = books(*(years or (2026,)))
    world["codes"] = tax_codes()
    world["series"] = DocumentSeries.objects.create(code="INV", name="Invoices", is_default=True)
    world["income"] = Account.objects.get(number="703")
    world["product"] = Product.objects.create(
        code="CONS",
        name="Consulting",
        name_bg="Консултации",
        kind="service",
        unit="h",
        unit_price=Decimal("85.00"),
        tax_code=world["codes"]["S20"],
        income_account=world["income"],
    )
    world["client"] = partner_save(
        actor=None,
        data={
            "name": "Клиент ООД",
            "kind": "customer",
            "registration_number": EIKS[0],
            "vat_number": "BG" + EIKS[0],
            "city": "София",
            "address": "ул. Шипка 1",
            "emails": "billing@example.bg",
        },
    )
    return world


def line(world, quantity="1", price="100.00", code="S20") -> DocumentLine:
    return DocumentLine(
        description="Consulting",
        quantity=Decimal(quantity),
        unit_price=Decimal(price),
        tax_code=world["codes"][code],
        income_account=world["income"],
    )


def draft(
    world, *lines: DocumentLine, day=date(2026, 3, 10), partner: Partner | None = None, **data
):
    return invoice_draft_save(
        actor=None,
        data={
            "partner": partner or world["client"],
            "department": world["sales"],
            "issue_date": day,
            "tax_event_date": day,
            **data,
        },
        lines=list(lines) or [line(world)],
    )


def issued(world, *lines: DocumentLine, **data):
    return invoice_issue(actor=None, invoice=draft(world, *lines, **data), render_pdf=False)
