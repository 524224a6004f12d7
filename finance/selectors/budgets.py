"""Budget against actual, and the question other departments ask: how much budget is left."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from backoffice.models import User
from backoffice.money import ZERO
from finance.interface import BudgetLeft
from finance.models import Account, AccountBalance, Budget
from finance.selectors.books import visible_departments
from finance.selectors.refs import departments_by_id
from finance.selectors.reports import turnover


@dataclass(frozen=True)
class BudgetRow:
    department: Any
    account: Account
    budget: Decimal
    actual: Decimal
    months_budget: list[Decimal]
    months_actual: list[Decimal]

    @property
    def variance(self) -> Decimal:
        """Budget less actual: for an expense, positive is under budget; for income, negative
        is short of the plan."""
        return self.budget - self.actual

    @property
    def used_percent(self) -> int | None:
        if not self.budget:
            return None
        return int(self.actual * 100 / self.budget)


def _actual(account: Account, debit: Decimal, credit: Decimal) -> Decimal:
    return debit - credit if account.type == "expense" else credit - debit


def budget_vs_actual(*, viewer: User, year: int, department: int | None = None) -> list[BudgetRow]:
    """Every budgeted (department, account) of the year with its actual from the ledger, month by
    month; accounts posted to without a budget show with a zero budget."""
    allowed = visible_departments(viewer=viewer, wanted=department)
    budgets = Budget.objects.filter(month__year=year)
    balances = AccountBalance.objects.filter(
        period__fiscal_year__year=year,
        account__type__in=["income", "expense"],
        department__isnull=False,
        closing=False,
    )
    if allowed is not None:
        budgets = budgets.filter(department_id__in=allowed)
        balances = balances.filter(department_id__in=allowed)
    plan: dict[tuple[int, int], list[Decimal]] = defaultdict(lambda: [ZERO] * 12)
    for b in budgets.values("department_id", "account_id", "month", "amount"):
        plan[b["department_id"], b["account_id"]][b["month"].month - 1] += b["amount"]
    done: dict[tuple[int, int], list[tuple[Decimal, Decimal]]] = defaultdict(
        lambda: [(ZERO, ZERO)] * 12
    )
    for row in (
        balances.values("department_id", "account_id", "period__number")
        .annotate(d=Sum("debit"), c=Sum("credit"))
        .order_by()
    ):
        done[row["department_id"], row["account_id"]][row["period__number"] - 1] = (
            row["d"] or ZERO,
            row["c"] or ZERO,
        )
    keys = set(plan) | set(done)
    accounts = Account.objects.in_bulk({k[1] for k in keys})
    depts = departments_by_id(ids={k[0] for k in keys})
    rows = []
    for dept_id, account_id in keys:
        account = accounts[account_id]
        months_actual = [_actual(account, d, c) for d, c in done[dept_id, account_id]]
        months_budget = plan[dept_id, account_id]
        rows.append(
            BudgetRow(
                depts.get(dept_id),
                account,
                sum(months_budget, ZERO),
                sum(months_actual, ZERO),
                months_budget,
                months_actual,
            )
        )
    return sorted(rows, key=lambda r: (str(r.department), r.account.number))


def budget_months(*, department: int, account: Account, year: int) -> list[Decimal]:
    found = {
        b.month.month: b.amount
        for b in Budget.objects.filter(department_id=department, account=account, month__year=year)
    }
    return [found.get(m, ZERO) for m in range(1, 13)]


def budget_remaining(*, department: Any, account: Account, on: date) -> BudgetLeft:
    """The budget of ``on``'s whole year for the department and account, less what was posted
    from 1 January to ``on`` (for expense approvals in other departments)."""
    department_id = getattr(department, "pk", department)
    budget = (
        Budget.objects.filter(
            department_id=department_id, account=account, month__year=on.year
        ).aggregate(total=Sum("amount"))["total"]
        or ZERO
    )
    debit, credit = turnover(
        date(on.year, 1, 1), on, departments=[department_id], closing=False, accounts=[account.pk]
    ).get(account.pk, (ZERO, ZERO))
    actual = _actual(account, debit, credit)
    return BudgetLeft(budget=budget, actual=actual, remaining=budget - actual)
