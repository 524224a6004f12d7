"""Budgets per department, account and month: entered, or copied from last year with a change."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from backoffice.models import User
from backoffice.money import MoneyError, round_money, to_decimal
from backoffice.services import action_record
from finance.audit import FinanceAudit
from finance.domain.periods import MAX_YEAR, MIN_YEAR
from finance.models import Account, Budget

NOT_BUDGETABLE = _(
    "Account %(number)s cannot be budgeted: budgets plan income and expense accounts that take postings."
)
MONTHS_NEEDED = _("Give an amount for each of the twelve months (0 for none).")
BAD_AMOUNT = _("%(month)s: %(value)s is not an amount of zero or more.")
BAD_YEAR = _("Choose a year between %(min)s and %(max)s.")
BAD_PERCENT = _("The change must be a percentage between -100 and 1000.")
NOTHING_TO_COPY = _("There is no budget for %(year)s to copy.")


def _year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            {"year": ValidationError(BAD_YEAR, params={"min": MIN_YEAR, "max": MAX_YEAR})}
        )


@transaction.atomic
def budget_set(
    *,
    actor: User | None,
    department: Any,
    account: Account,
    year: int,
    amounts: Sequence[Decimal | str | int],
) -> list[Budget]:
    """The twelve monthly amounts of one department and account for ``year``."""
    _year(year)
    if account.is_group or not account.is_active or account.type not in ("income", "expense"):
        raise ValidationError(
            {"account": ValidationError(NOT_BUDGETABLE, params={"number": account.number})}
        )
    if len(amounts) != 12:
        raise ValidationError(MONTHS_NEEDED)
    cleaned = []
    for month, value in enumerate(amounts, start=1):
        try:
            amount = round_money(value if value not in (None, "") else 0)
        except MoneyError:
            amount = Decimal(-1)
        if amount < 0:
            raise ValidationError(
                {f"m{month}": ValidationError(BAD_AMOUNT, params={"month": month, "value": value})}
            )
        cleaned.append(amount)
    rows = []
    for month, amount in enumerate(cleaned, start=1):
        budget, _created = Budget.objects.update_or_create(
            department=department,
            account=account,
            month=date(year, month, 1),
            defaults={"amount": amount},
        )
        rows.append(budget)
    action_record(
        kind=FinanceAudit.BUDGET_SAVED,
        summary=gettext_noop("Budget %(year)s for %(account)s in %(department)s saved"),
        params={"year": year, "account": account.number, "department": str(department)},
        actor=actor,
        target=account,
    )
    return rows


@transaction.atomic
def budget_copy_from_last_year(
    *, actor: User | None, year: int, percent: Decimal | str | int
) -> int:
    """Every budget of ``year - 1`` changed by ``percent`` % becomes ``year``'s (replacing what
    ``year`` had for the same department, account and month); returns how many months."""
    _year(year)
    try:
        change = to_decimal(percent)
    except MoneyError:
        change = Decimal(-1000)
    if not Decimal(-100) <= change <= Decimal(1000):
        raise ValidationError({"percent": BAD_PERCENT})
    source = list(Budget.objects.filter(month__year=year - 1))
    if not source:
        raise ValidationError(NOTHING_TO_COPY, params={"year": year - 1})
    factor = (Decimal(100) + change) / Decimal(100)
    for row in source:
        Budget.objects.update_or_create(
            department_id=row.department_id,
            account_id=row.account_id,
            month=row.month.replace(year=year),
            defaults={"amount": round_money(row.amount * factor)},
        )
    action_record(
        kind=FinanceAudit.BUDGET_COPIED,
        summary=gettext_noop("Budget %(year)s copied from %(previous)s with %(percent)s%%"),
        params={"year": year, "previous": year - 1, "percent": str(change)},
        actor=actor,
    )
    return len(source)


BUDGET_COLUMNS = ("department", "account", "year", *(f"m{m}" for m in range(1, 13)))
UNKNOWN_DEPARTMENT = _("No department has the code %(code)s.")
UNKNOWN_ACCOUNT = _("There is no account %(number)s.")
BAD_ROW_YEAR = _("The year must be between %(min)s and %(max)s.")
ROW_TWICE = _("This department, account and year are in the file twice.")


@transaction.atomic
def budgets_import(*, actor: User | None, upload: Any) -> int:
    """Rows of department code, account number, year and twelve monthly amounts (m1..m12), all
    or nothing; raises ``ChartImportError`` listing every row's problems."""
    from finance.selectors.refs import departments
    from finance.services.chart import ChartImportError, RowError, read_rows

    rows = read_rows(upload, BUDGET_COLUMNS[:3])
    by_code = {d.code.casefold(): d for d in departments()}
    accounts = {a.number: a for a in Account.objects.all()}
    errors: list[RowError] = []
    planned = []
    seen: set[tuple] = set()
    for index, row in rows:
        department = by_code.get(row.get("department", "").casefold())
        if department is None:
            errors.append(
                RowError(
                    index,
                    "department",
                    str(UNKNOWN_DEPARTMENT % {"code": row.get("department", "")}),
                )
            )
        account = accounts.get(row.get("account", ""))
        if account is None:
            errors.append(
                RowError(
                    index, "account", str(UNKNOWN_ACCOUNT % {"number": row.get("account", "")})
                )
            )
        elif account.is_group or not account.is_active or account.type not in ("income", "expense"):
            errors.append(
                RowError(index, "account", str(NOT_BUDGETABLE % {"number": account.number}))
            )
        year_text = row.get("year", "")
        year = int(year_text) if year_text.isascii() and year_text.isdigit() else 0
        if not MIN_YEAR <= year <= MAX_YEAR:
            errors.append(
                RowError(index, "year", str(BAD_ROW_YEAR % {"min": MIN_YEAR, "max": MAX_YEAR}))
            )
        amounts = []
        for month in range(1, 13):
            value = row.get(f"m{month}", "") or "0"
            try:
                amount = round_money(value.replace(",", "."))
            except MoneyError:
                amount = Decimal(-1)
            if amount < 0:
                errors.append(
                    RowError(index, f"m{month}", str(BAD_AMOUNT % {"month": month, "value": value}))
                )
            amounts.append(amount)
        key = (row.get("department", "").casefold(), row.get("account", ""), year)
        if key in seen:
            errors.append(RowError(index, "account", str(ROW_TWICE)))
        seen.add(key)
        planned.append((department, account, year, amounts))
    if errors:
        raise ChartImportError(errors)
    for department, account, year, amounts in planned:
        budget_set(actor=actor, department=department, account=account, year=year, amounts=amounts)
    return len(planned)
