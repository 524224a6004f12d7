"""The finance dashboard's figures: cash and bank, this month against budget, the largest
variances by department, and twelve months of income and expenses."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Sum

from backoffice.money import ZERO
from finance.models import Account, AccountBalance, Budget
from finance.selectors.refs import departments_by_id
from finance.selectors.reports import BEGINNING, turnover


@dataclass(frozen=True)
class CashRow:
    account: Account
    balance: Decimal


@dataclass(frozen=True)
class Variance:
    department: object
    budget: Decimal
    actual: Decimal

    @property
    def variance(self) -> Decimal:
        return self.budget - self.actual


@dataclass(frozen=True)
class FinanceFigures:
    today: date
    cash: list[CashRow]
    income: Decimal
    expenses: Decimal
    budget_income: Decimal
    budget_expenses: Decimal
    variances: list[Variance]
    #: (first day of the month, income, expenses) for the last twelve months.
    trend: list[tuple[date, Decimal, Decimal]]

    @property
    def cash_total(self) -> Decimal:
        return sum((c.balance for c in self.cash), ZERO)

    @property
    def profit(self) -> Decimal:
        return self.income - self.expenses

    @property
    def budget_profit(self) -> Decimal:
        return self.budget_income - self.budget_expenses


def _months_back(today: date, count: int) -> list[date]:
    months = [today.replace(day=1)]
    while len(months) < count:
        months.append((months[-1] - timedelta(days=1)).replace(day=1))
    return list(reversed(months))


def finance_figures(*, today: date) -> FinanceFigures:
    cash_accounts = list(Account.objects.filter(is_cash=True, is_group=False).order_by("number"))
    sums = turnover(BEGINNING, today, accounts=[a.pk for a in cash_accounts])
    cash = [
        CashRow(a, sums.get(a.pk, (ZERO, ZERO))[0] - sums.get(a.pk, (ZERO, ZERO))[1])
        for a in cash_accounts
    ]
    first = today.replace(day=1)
    month = turnover(first, today, closing=False)
    types = dict(Account.objects.values_list("pk", "type"))
    income = sum((c - d for pk, (d, c) in month.items() if types.get(pk) == "income"), ZERO)
    expenses = sum((d - c for pk, (d, c) in month.items() if types.get(pk) == "expense"), ZERO)
    budgets = dict(
        Budget.objects.filter(month=first)
        .values_list("account__type")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    # Year to date by department: budget of the months so far against the expenses posted.
    planned = dict(
        Budget.objects.filter(month__year=today.year, month__lte=first, account__type="expense")
        .values_list("department_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    spent: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for row in (
        AccountBalance.objects.filter(
            period__fiscal_year__year=today.year,
            period__start__lte=first,
            account__type="expense",
            department__isnull=False,
            closing=False,
        )
        .values("department_id")
        .annotate(d=Sum("debit"), c=Sum("credit"))
        .order_by()
    ):
        spent[row["department_id"]] = (row["d"] or ZERO) - (row["c"] or ZERO)
    keys = set(planned) | set(spent)
    names = departments_by_id(ids=keys)
    variances = sorted(
        (Variance(names.get(k), planned.get(k, ZERO), spent.get(k, ZERO)) for k in keys),
        key=lambda v: abs(v.variance),
        reverse=True,
    )[:5]
    months = _months_back(today, 12)
    trend_rows: dict[date, list[Decimal]] = {m: [ZERO, ZERO] for m in months}
    for row in (
        AccountBalance.objects.filter(
            period__start__gte=months[0],
            period__start__lte=months[-1],
            account__type__in=["income", "expense"],
            closing=False,
        )
        .values("period__start", "account__type")
        .annotate(d=Sum("debit"), c=Sum("credit"))
        .order_by()
    ):
        pair = trend_rows[row["period__start"]]
        if row["account__type"] == "income":
            pair[0] += (row["c"] or ZERO) - (row["d"] or ZERO)
        else:
            pair[1] += (row["d"] or ZERO) - (row["c"] or ZERO)
    return FinanceFigures(
        today=today,
        cash=cash,
        income=income,
        expenses=expenses,
        budget_income=budgets.get("income", ZERO),
        budget_expenses=budgets.get("expense", ZERO),
        variances=variances,
        trend=[(m, *trend_rows[m]) for m in months],
    )
