"""Reads of the books for pages: the chart, entries, drafts, periods, and who may see what.

Finance sees everything; a manager sees only their departments' expense lines, without partner,
text or memo (which may name people); administrators see the chart and the fiscal years.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet, Sum

from backoffice.models import User
from backoffice.money import ZERO
from finance import permissions
from finance.models import (
    Account,
    EntryDraft,
    FiscalYear,
    JournalEntry,
    JournalLine,
    Partner,
    Period,
)
from finance.selectors.refs import departments, managed_departments


def visible_departments(*, viewer: User, wanted: int | None = None) -> list[int] | None:
    """The departments whose figures ``viewer`` may read, narrowed to ``wanted``: None means all
    (Finance without a choice). A manager always gets a list (possibly empty); anyone else is
    refused."""
    if permissions.sees_ledger(viewer) or permissions.sees_all_budgets(viewer):
        return None if wanted is None else [wanted]
    if permissions.sees_department_budget(viewer):
        mine = sorted(managed_departments(viewer=viewer))
        if wanted is None:
            return mine
        return [wanted] if wanted in mine else []
    raise PermissionDenied


def department_options(*, viewer: User) -> QuerySet:
    allowed = visible_departments(viewer=viewer)
    found = departments()
    return found if allowed is None else found.filter(pk__in=allowed)


def account_list(*, viewer: User) -> QuerySet[Account]:
    if not permissions.sees_chart(viewer):
        raise PermissionDenied
    return (
        Account.objects.select_related("parent")
        .annotate(line_count=Count("balances"))
        .order_by("number")
    )


def account_get(*, viewer: User, pk: int) -> Account:
    if not (permissions.sees_chart(viewer) or permissions.sees_ledger(viewer)):
        raise PermissionDenied
    return Account.objects.get(pk=pk)


def postable_accounts() -> QuerySet[Account]:
    return Account.objects.postable().order_by("number")


def partner_list(*, viewer: User) -> QuerySet[Partner]:
    if not permissions.sees_partners(viewer):
        raise PermissionDenied
    return Partner.objects.order_by("name", "pk")


def partner_options(kind: str | None = None) -> QuerySet[Partner]:
    """Active partners for a form: all, or only customers (``kind="customer"``) or suppliers."""
    qs = Partner.objects.filter(is_active=True).order_by("name")
    if kind == "customer":
        qs = qs.customers()
    elif kind == "supplier":
        qs = qs.suppliers()
    return qs


def entry_list(*, viewer: User) -> QuerySet[JournalEntry]:
    if not permissions.sees_ledger(viewer):
        raise PermissionDenied
    return JournalEntry.objects.select_related("posted_by", "reverses", "reversed_by").order_by(
        "-date", "-id"
    )


def entry_get(*, viewer: User, pk: int) -> JournalEntry:
    return entry_list(viewer=viewer).get(pk=pk)


def entry_lines(*, entry: JournalEntry) -> QuerySet[JournalLine]:
    return entry.lines.select_related("account", "department", "partner").order_by("id")


def draft_list(*, viewer: User) -> QuerySet[EntryDraft]:
    if not permissions.posts_entries(viewer):
        raise PermissionDenied
    return EntryDraft.objects.select_related("created_by")


def period_list(*, viewer: User) -> QuerySet[Period]:
    if not (permissions.locks_periods(viewer) or permissions.opens_years(viewer)):
        raise PermissionDenied
    return Period.objects.select_related("fiscal_year", "locked_by").order_by("-start")


def fiscal_years() -> QuerySet[FiscalYear]:
    return FiscalYear.objects.order_by("-year")


@dataclass(frozen=True)
class ExpenseLine:
    """A department's expense line as a manager sees it: no partner, text or memo."""

    date: date
    account: str
    department: str
    amount: Decimal


def expense_lines(
    *, viewer: User, start: date, end: date, department: int | None = None, limit: int = 200
) -> list[ExpenseLine]:
    allowed = visible_departments(viewer=viewer, wanted=department)
    lines = JournalLine.objects.filter(
        date__gte=start, date__lte=end, account__type="expense"
    ).select_related("account", "department")
    if allowed is not None:
        lines = lines.filter(department_id__in=allowed)
    return [
        ExpenseLine(
            line.date, str(line.account), str(line.department or ""), line.debit - line.credit
        )
        for line in lines.order_by("-date", "-id")[:limit]
    ]


def expense_total(
    *, viewer: User, start: date, end: date, department: int | None = None
) -> Decimal:
    allowed = visible_departments(viewer=viewer, wanted=department)
    lines = JournalLine.objects.filter(date__gte=start, date__lte=end, account__type="expense")
    if allowed is not None:
        lines = lines.filter(department_id__in=allowed)
    sums = lines.aggregate(d=Sum("debit"), c=Sum("credit"))
    return (sums["d"] or ZERO) - (sums["c"] or ZERO)


def lines_of_source(*, source_type: str, source_id: str) -> QuerySet[JournalEntry]:
    """The entries a document caused (for the document's own page in another app)."""
    return JournalEntry.objects.filter(source_type=source_type, source_id=str(source_id))
