"""The statements: trial balance, general ledger, profit and loss, balance sheet.

Figures come from the per-period balance table for whole months and from the lines only for the
part-months at the edges of a range, so a year's statement reads a handful of rows per account
whatever the number of lines. Who may read them is decided in ``finance.selectors.access``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Q, Sum

from backoffice.money import ZERO
from finance.domain.charts import DEBIT_NORMAL
from finance.domain.periods import MIN_YEAR, compare_range, full_months, month_end, shift_years
from finance.models import Account, AccountBalance, JournalEntry, JournalLine

BEGINNING = date(MIN_YEAR - 100, 1, 1)
Turnover = dict[int, tuple[Decimal, Decimal]]


def _add(target: dict[int, list[Decimal]], rows: Iterable[dict]) -> None:
    for row in rows:
        pair = target[row["account_id"]]
        pair[0] += row["d"] or ZERO
        pair[1] += row["c"] or ZERO


def turnover(
    start: date,
    end: date,
    *,
    departments: Iterable[int] | None = None,
    closing: bool = True,
    accounts: Iterable[int] | None = None,
) -> Turnover:
    """Debit and credit per account dated ``start``..``end`` (inclusive), optionally only lines of
    the given departments or accounts; ``closing=False`` leaves the year-end closing out (what
    the profit and loss and budgets show)."""
    sums: dict[int, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    if start > end:
        return {}
    wanted = None if departments is None else list(departments)
    months = full_months(start, end)
    edges = [(start, end)]
    if months:
        balances = AccountBalance.objects.filter(
            period__start__gte=months[0], period__end__lte=months[1]
        )
        if wanted is not None:
            balances = balances.filter(department_id__in=wanted)
        if not closing:
            balances = balances.filter(closing=False)
        if accounts is not None:
            balances = balances.filter(account_id__in=list(accounts))
        _add(
            sums, balances.values("account_id").annotate(d=Sum("debit"), c=Sum("credit")).order_by()
        )
        edges = []
        if start < months[0]:
            edges.append((start, months[0] - timedelta(days=1)))
        if end > months[1]:
            edges.append((months[1] + timedelta(days=1), end))
    for first, last in edges:
        lines = JournalLine.objects.filter(date__gte=first, date__lte=last)
        if wanted is not None:
            lines = lines.filter(department_id__in=wanted)
        if not closing:
            # Closing entries are dated on a fiscal year's last day: a handful of ids, no join.
            closings = list(
                JournalEntry.objects.filter(
                    kind="closing", date__gte=first, date__lte=last
                ).values_list("id", flat=True)
            )
            if closings:
                lines = lines.exclude(entry_id__in=closings)
        if accounts is not None:
            lines = lines.filter(account_id__in=list(accounts))
        _add(sums, lines.values("account_id").annotate(d=Sum("debit"), c=Sum("credit")).order_by())
    return {k: (v[0], v[1]) for k, v in sums.items()}


def _signed(account: Account, debit: Decimal, credit: Decimal) -> Decimal:
    """The balance on the account's normal side (a credit-normal account's credits are positive)."""
    return debit - credit if account.type in DEBIT_NORMAL else credit - debit


def _accounts() -> dict[int, Account]:
    return {a.pk: a for a in Account.objects.all()}


@dataclass(frozen=True)
class TrialRow:
    account: Account
    opening: Decimal  # debit positive, credit negative
    debit: Decimal
    credit: Decimal

    @property
    def closing(self) -> Decimal:
        return self.opening + self.debit - self.credit

    @property
    def opening_debit(self) -> Decimal:
        return max(self.opening, ZERO)

    @property
    def opening_credit(self) -> Decimal:
        return max(-self.opening, ZERO)

    @property
    def closing_debit(self) -> Decimal:
        return max(self.closing, ZERO)

    @property
    def closing_credit(self) -> Decimal:
        return max(-self.closing, ZERO)


@dataclass(frozen=True)
class TrialBalance:
    start: date
    end: date
    rows: list[TrialRow]
    compare: dict[int, Decimal] = field(default_factory=dict)
    compare_range: tuple[date, date] | None = None

    def total(self, attribute: str) -> Decimal:
        return sum((getattr(r, attribute) for r in self.rows), ZERO)

    @property
    def totals(self) -> dict[str, Decimal]:
        return {
            name: self.total(name)
            for name in (
                "opening_debit",
                "opening_credit",
                "debit",
                "credit",
                "closing_debit",
                "closing_credit",
            )
        }

    @property
    def balanced(self) -> bool:
        t = self.totals
        return (
            t["opening_debit"] == t["opening_credit"]
            and t["debit"] == t["credit"]
            and t["closing_debit"] == t["closing_credit"]
        )


def trial_balance(
    *, start: date, end: date, departments: Iterable[int] | None = None, compare: str = ""
) -> TrialBalance:
    departments = None if departments is None else list(departments)
    accounts = _accounts()
    opening = turnover(BEGINNING, start - timedelta(days=1), departments=departments)
    moves = turnover(start, end, departments=departments)
    rows = []
    for account_id in sorted(set(opening) | set(moves), key=lambda pk: accounts[pk].number):
        od, oc = opening.get(account_id, (ZERO, ZERO))
        d, c = moves.get(account_id, (ZERO, ZERO))
        if not (od - oc or d or c):
            continue
        rows.append(TrialRow(accounts[account_id], od - oc, d, c))
    other = compare_range(start, end, compare)
    compared: dict[int, Decimal] = {}
    if other:
        closing = turnover(BEGINNING, other[1], departments=departments)
        compared = {pk: d - c for pk, (d, c) in closing.items()}
    return TrialBalance(start, end, rows, compared, other)


@dataclass(frozen=True)
class StatementRow:
    account: Account
    amount: Decimal
    compare: Decimal | None = None


@dataclass(frozen=True)
class Section:
    key: str
    rows: list[StatementRow]

    @property
    def total(self) -> Decimal:
        return sum((r.amount for r in self.rows), ZERO)

    @property
    def compare_total(self) -> Decimal:
        return sum((r.compare or ZERO for r in self.rows), ZERO)


def _section(key: str, types: tuple[str, ...], accounts, now: Turnover, then: Turnover | None):
    rows = []
    for pk in sorted(set(now) | set(then or {}), key=lambda pk: accounts[pk].number):
        account = accounts[pk]
        if account.type not in types:
            continue
        amount = _signed(account, *now.get(pk, (ZERO, ZERO)))
        before = _signed(account, *then.get(pk, (ZERO, ZERO))) if then is not None else None
        if amount or before:
            rows.append(StatementRow(account, amount, before))
    return Section(key, rows)


@dataclass(frozen=True)
class ProfitAndLoss:
    start: date
    end: date
    income: Section
    expenses: Section
    compare_range: tuple[date, date] | None

    @property
    def profit(self) -> Decimal:
        return self.income.total - self.expenses.total

    @property
    def compare_profit(self) -> Decimal:
        return self.income.compare_total - self.expenses.compare_total


def profit_and_loss(
    *, start: date, end: date, departments: Iterable[int] | None = None, compare: str = ""
) -> ProfitAndLoss:
    departments = None if departments is None else list(departments)
    accounts = _accounts()
    now = turnover(start, end, departments=departments, closing=False)
    other = compare_range(start, end, compare)
    then = turnover(*other, departments=departments, closing=False) if other else None
    return ProfitAndLoss(
        start,
        end,
        _section("income", ("income",), accounts, now, then),
        _section("expenses", ("expense",), accounts, now, then),
        other,
    )


@dataclass(frozen=True)
class BalanceSheet:
    as_of: date
    assets: Section
    liabilities: Section
    equity: Section
    #: Income less expenses not yet moved to retained earnings by a year-end closing.
    result: Decimal
    compare_date: date | None
    compare_result: Decimal

    @property
    def liabilities_and_equity(self) -> Decimal:
        return self.liabilities.total + self.equity.total + self.result

    @property
    def balanced(self) -> bool:
        return self.assets.total == self.liabilities_and_equity

    @property
    def compare_liabilities_and_equity(self) -> Decimal:
        return self.liabilities.compare_total + self.equity.compare_total + self.compare_result


def _result(accounts, sums: Turnover) -> Decimal:
    total = ZERO
    for pk, (d, c) in sums.items():
        if accounts[pk].type in ("income", "expense"):
            total += c - d
    return total


def balance_sheet_compare_date(as_of: date, mode: str) -> date | None:
    if mode == "last_year":
        return shift_years(as_of, -1)
    if mode == "previous":
        return as_of.replace(day=1) - timedelta(days=1)
    return None


def balance_sheet(*, as_of: date, compare: str = "") -> BalanceSheet:
    """The whole company's balance sheet (departments are cost centres, not balance sheets)."""
    accounts = _accounts()
    now = turnover(BEGINNING, as_of)
    other = balance_sheet_compare_date(as_of, compare)
    then = turnover(BEGINNING, other) if other else None
    return BalanceSheet(
        as_of,
        _section("assets", ("asset",), accounts, now, then),
        _section("liabilities", ("liability",), accounts, now, then),
        _section("equity", ("equity",), accounts, now, then),
        _result(accounts, now),
        other,
        _result(accounts, then) if then is not None else ZERO,
    )


@dataclass(frozen=True)
class LedgerPage:
    account: Account
    start: date
    end: date
    opening: Decimal
    page: Page
    #: Each line of the page with the running balance after it (debit positive).
    rows: list[tuple[JournalLine, Decimal]]
    debit: Decimal
    credit: Decimal

    @property
    def closing(self) -> Decimal:
        return self.opening + self.debit - self.credit


def general_ledger(
    *,
    account: Account,
    start: date,
    end: date,
    departments: Iterable[int] | None = None,
    page: int | str = 1,
    per_page: int = 50,
) -> LedgerPage:
    """One account's lines in a range with the running balance, a page at a time; the balance
    before the page is one indexed sum, so any page costs the same."""
    departments = None if departments is None else list(departments)
    before = turnover(
        BEGINNING, start - timedelta(days=1), departments=departments, accounts=[account.pk]
    )
    od, oc = before.get(account.pk, (ZERO, ZERO))
    opening = od - oc
    lines = JournalLine.objects.filter(account=account, date__gte=start, date__lte=end)
    if departments is not None:
        lines = lines.filter(department_id__in=departments)
    moves = turnover(start, end, departments=departments, accounts=[account.pk]).get(
        account.pk, (ZERO, ZERO)
    )
    ordered = lines.order_by("date", "id")
    current = Paginator(ordered.values_list("id", flat=True), per_page).get_page(page)
    # The page's ids come from the index alone; only those rows are then read with their entry.
    ids = list(current.object_list)
    items = list(
        JournalLine.objects.filter(id__in=ids)
        .select_related("entry", "partner", "department")
        .order_by("date", "id")
    )
    current.object_list = items
    running = opening
    if items and current.number > 1:
        first = items[0]
        before_page = Q(date__lt=first.date) | Q(date=first.date, id__lt=first.id)
        if current.start_index() * 2 <= current.paginator.count:
            sums = lines.filter(before_page).aggregate(d=Sum("debit"), c=Sum("credit"))
            running += (sums["d"] or ZERO) - (sums["c"] or ZERO)
        else:  # nearer the end: the closing balance less what comes from this page on
            sums = lines.exclude(before_page).aggregate(d=Sum("debit"), c=Sum("credit"))
            running = opening + moves[0] - moves[1] - (sums["d"] or ZERO) + (sums["c"] or ZERO)
    rows = []
    for line in items:
        running += line.debit - line.credit
        rows.append((line, running))
    return LedgerPage(account, start, end, opening, current, rows, moves[0], moves[1])


def month_range(day: date) -> tuple[date, date]:
    return day.replace(day=1), month_end(day)
