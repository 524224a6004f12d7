"""Books for tests: the Bulgarian chart, open fiscal years, departments and partners."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from finance.interface import LineIn
from finance.models import Account, Partner
from finance.services import chart_load_preset, fiscal_year_open, journal_entry_post
from hr.models import Department


def D(value: str) -> Decimal:  # noqa: N802 (reads like a literal)
    return Decimal(value)


def books(*years: int) -> dict:
    """The Bulgarian chart, the given fiscal years (2026 by default), two departments and two
    partners."""
    chart_load_preset(preset="bg", actor=None)
    for year in years or (2026,):
        fiscal_year_open(year=year, actor=None)
    sales = Department.objects.create(code="FSAL", name="Sales")
    ops = Department.objects.create(code="FOPS", name="Operations")
    return {
        "sales": sales,
        "ops": ops,
        "customer": Partner.objects.create(name="Customer Ltd", kind="customer"),
        "supplier": Partner.objects.create(name="Supplier Ltd", kind="supplier"),
    }


def account(number: str) -> Account:
    return Account.objects.get(number=number)


def sale(day: date, net: str, world: dict, *, department=None, key: str | None = None):
    """A sale on account: 411 debit, 702 and 4532 credit (VAT 20 %)."""
    amount = D(net)
    vat = (amount * D("0.2")).quantize(D("0.01"))
    return journal_entry_post(
        date=day,
        lines=[
            LineIn("411", debit=amount + vat, partner=world["customer"]),
            LineIn("702", credit=amount, department=department or world["sales"]),
            LineIn("4532", credit=vat),
        ],
        memo="Sale",
        key=key,
        actor=None,
    )


def expense(day: date, amount: str, world: dict, *, account_number="602", department=None):
    """An expense paid from the bank."""
    return journal_entry_post(
        date=day,
        lines=[
            LineIn(account_number, debit=D(amount), department=department or world["ops"]),
            LineIn("503", credit=D(amount)),
        ],
        memo="Expense",
        actor=None,
    )


def cash_in(day: date, amount: str):
    return journal_entry_post(
        date=day,
        lines=[LineIn("503", debit=D(amount)), LineIn("101", credit=D(amount))],
        memo="Capital",
        actor=None,
    )


def matrix_world(department) -> dict:
    """What the role x URL matrix opens: the chart, 2026, one posted entry in the department,
    a draft and a period."""
    from backoffice.models import User
    from finance.models import EntryDraft, Period

    chart_load_preset(preset="bg", actor=None)
    fiscal_year_open(year=2026, actor=None)
    entry = journal_entry_post(
        date=date(2026, 3, 10),
        lines=[
            LineIn("602", debit=D("10.00"), department=department),
            LineIn("503", credit=D("10.00")),
        ],
        memo="Matrix",
        actor=None,
    )
    owner = User.objects.filter(groups__name="Finance").first()
    draft = EntryDraft.objects.create(memo="Matrix draft", lines=[], created_by=owner)
    return {
        "fin_entry": entry,
        "fin_account": Account.objects.get(number="503"),
        "fin_draft": draft,
        "fin_period": Period.objects.get(start=date(2026, 3, 1)),
        "fin_partner": Partner.objects.create(name="Matrix partner"),
        **_invoicing_matrix_world(owner),
    }


def _invoicing_matrix_world(owner) -> dict:
    """A tax code, a price list item, a draft invoice and a recurring template."""
    from finance.models import (
        DocumentSeries,
        Product,
        RecurringInvoice,
        SalesInvoice,
        TaxCode,
    )

    code = TaxCode.objects.create(
        code="S20", name="Standard", kind="standard", rate=D("20"), valid_from=date(2007, 1, 1)
    )
    income = Account.objects.get(number="703")
    series = DocumentSeries.objects.create(code="INV", name="Invoices", is_default=True)
    customer = Partner.objects.create(name="Matrix customer", kind="customer")
    invoice = SalesInvoice.objects.create(series=series, partner=customer, created_by=owner)
    return {
        "fin_taxcode": code,
        "fin_product": Product.objects.create(
            code="P1", name="Item", unit_price=D("1.00"), tax_code=code, income_account=income
        ),
        "fin_invoice": invoice,
        "fin_recurring": RecurringInvoice.objects.create(
            name="Monthly", partner=customer, series=series, next_date=date(2026, 4, 1)
        ),
    }


def matrix_rows(Row, only, everyone, roles) -> list:  # noqa: N803 (the matrix's own classes)
    """Finance's rows of the role x URL matrix: Finance everything; a manager budgets and
    department expenses; administrators the chart and fiscal years; nobody else anything."""
    F, A, M = roles.FINANCE, roles.ADMINISTRATOR, roles.MANAGER
    return [
        Row("finance:finance-dashboard", only([F])),
        Row("finance:account-list", only([F, A])),
        Row("finance:account-create", only([F, A])),
        Row("finance:account-edit", only([F, A]), lambda ctx: [ctx["fin_account"].pk]),
        Row("finance:account-export", only([F, A])),
        Row("finance:account-import", only([F, A])),
        Row("finance:chart-load", everyone(405)),
        Row("finance:partner-list", only([F, A])),
        Row("finance:partner-create", only([F, A])),
        Row("finance:partner-edit", only([F, A]), lambda ctx: [ctx["fin_partner"].pk]),
        Row("finance:partner-detail", only([F, A]), lambda ctx: [ctx["fin_partner"].pk]),
        Row("finance:partner-import", only([F, A])),
        Row("finance:invoice-list", only([F])),
        Row("finance:invoice-create", only([F])),
        Row("finance:invoice-detail", only([F]), lambda ctx: [ctx["fin_invoice"].pk]),
        Row("finance:invoice-edit", only([F]), lambda ctx: [ctx["fin_invoice"].pk]),
        Row("finance:invoice-issue", everyone(405), lambda ctx: [ctx["fin_invoice"].pk]),
        Row("finance:invoice-delete", everyone(405), lambda ctx: [ctx["fin_invoice"].pk]),
        Row("finance:invoice-note", everyone(405), lambda ctx: [ctx["fin_invoice"].pk]),
        Row("finance:invoice-send", everyone(405), lambda ctx: [ctx["fin_invoice"].pk]),
        Row("finance:invoice-batch", everyone(405)),
        # A draft has no PDF: 404 for Finance, 403 for whoever may not see invoices.
        Row("finance:invoice-pdf", {**only([F]), F: 404}, lambda ctx: [ctx["fin_invoice"].pk]),
        Row("finance:taxcode-list", only([F])),
        Row("finance:taxcode-create", only([F])),
        Row("finance:taxcode-edit", only([F]), lambda ctx: [ctx["fin_taxcode"].pk]),
        Row("finance:product-list", only([F])),
        Row("finance:product-create", only([F])),
        Row("finance:product-edit", only([F]), lambda ctx: [ctx["fin_product"].pk]),
        Row("finance:recurring-list", only([F])),
        Row("finance:recurring-create", only([F])),
        Row("finance:recurring-edit", only([F]), lambda ctx: [ctx["fin_recurring"].pk]),
        Row("finance:recurring-run", everyone(405)),
        Row("finance:entry-list", only([F])),
        Row("finance:entry-create", only([F])),
        Row("finance:entry-balance", everyone(405)),
        Row("finance:entry-detail", only([F]), lambda ctx: [ctx["fin_entry"].pk]),
        Row("finance:entry-reverse", everyone(405), lambda ctx: [ctx["fin_entry"].pk]),
        Row("finance:draft-edit", only([F]), lambda ctx: [ctx["fin_draft"].pk]),
        Row("finance:draft-delete", everyone(405), lambda ctx: [ctx["fin_draft"].pk]),
        Row("finance:period-list", only([F, A])),
        Row("finance:year-open", everyone(405)),
        Row("finance:year-close", everyone(405), lambda ctx: [2026]),
        Row("finance:period-lock", everyone(405), lambda ctx: [ctx["fin_period"].pk]),
        Row("finance:period-reopen", only([F]), lambda ctx: [ctx["fin_period"].pk]),
        Row("finance:report-trial-balance", only([F])),
        Row("finance:report-profit-loss", only([F])),
        Row("finance:report-balance-sheet", only([F])),
        Row("finance:report-ledger", only([F]), lambda ctx: [ctx["fin_account"].pk]),
        Row("finance:report-export", everyone(405)),
        Row("finance:budget-list", only([F, M])),
        Row("finance:budget-edit", only([F])),
        Row("finance:budget-copy", everyone(405)),
        Row("finance:budget-import", only([F])),
        Row("finance:expense-list", only([F, M])),
    ]
