"""Fiscal years and their periods: open a year, lock and reopen a month, close a year."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from backoffice.models import User
from backoffice.money import ZERO
from backoffice.services import action_record
from finance.audit import FinanceAudit
from finance.domain.periods import MAX_YEAR, MIN_YEAR, months_of_year
from finance.interface import LineIn, Source
from finance.models import Account, AccountBalance, FiscalYear, JournalEntry, JournalLine, Period
from finance.services.posting import journal_entry_post

YEAR_EXISTS = _("The fiscal year %(year)s already exists.")
YEAR_OUT_OF_RANGE = _("Choose a year between %(min)s and %(max)s.")
ALREADY_LOCKED = _("The period is already locked.")
NOT_LOCKED = _("The period is not locked.")
REASON_NEEDED = _("Say why the period is reopened; the reason is kept in the audit trail.")
YEAR_CLOSED = _("The fiscal year %(year)s is closed; its periods stay locked.")
NO_RETAINED = _("Mark one equity account as retained earnings before closing the year.")


@transaction.atomic
def fiscal_year_open(*, year: int, actor: User | None) -> FiscalYear:
    """A calendar fiscal year with its twelve monthly periods."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            {"year": ValidationError(YEAR_OUT_OF_RANGE, params={"min": MIN_YEAR, "max": MAX_YEAR})}
        )
    if FiscalYear.objects.filter(year=year).exists():
        raise ValidationError({"year": ValidationError(YEAR_EXISTS, params={"year": year})})
    fiscal_year = FiscalYear.objects.create(
        year=year, start=date(year, 1, 1), end=date(year, 12, 31)
    )
    Period.objects.bulk_create(
        [
            Period(fiscal_year=fiscal_year, number=n, start=first, end=last)
            for n, first, last in months_of_year(year)
        ]
    )
    action_record(
        kind=FinanceAudit.YEAR_OPENED,
        summary=gettext_noop("Fiscal year %(year)s opened"),
        params={"year": year},
        actor=actor,
        target=fiscal_year,
    )
    return fiscal_year


@transaction.atomic
def period_lock(*, period: Period, actor: User | None) -> Period:
    """No posting dated in the period from now on (waits for posts in flight to commit)."""
    period = Period.objects.select_for_update().get(pk=period.pk)
    if period.is_locked:
        raise ValidationError(ALREADY_LOCKED)
    period.is_locked = True
    period.locked_at = timezone.now()
    period.locked_by = actor
    period.save(update_fields=["is_locked", "locked_at", "locked_by"])
    action_record(
        kind=FinanceAudit.PERIOD_LOCKED,
        summary=gettext_noop("Period %(period)s locked"),
        params={"period": str(period)},
        actor=actor,
        target=period,
    )
    return period


@transaction.atomic
def period_reopen(*, period: Period, reason: str, actor: User | None) -> Period:
    period = Period.objects.select_for_update().select_related("fiscal_year").get(pk=period.pk)
    reason = (reason or "").replace("\x00", "").strip()
    if not reason:
        raise ValidationError({"reason": REASON_NEEDED})
    if period.fiscal_year.is_closed:
        raise ValidationError(YEAR_CLOSED, params={"year": period.fiscal_year.year})
    if not period.is_locked:
        raise ValidationError(NOT_LOCKED)
    period.is_locked = False
    period.locked_at = None
    period.locked_by = None
    period.save(update_fields=["is_locked", "locked_at", "locked_by"])
    action_record(
        kind=FinanceAudit.PERIOD_REOPENED,
        summary=gettext_noop("Period %(period)s reopened: %(reason)s"),
        params={"period": str(period), "reason": reason[:500]},
        actor=actor,
        target=period,
        data={"reason": reason[:2000]},
    )
    return period


def closing_lines(fiscal_year: FiscalYear) -> list[LineIn]:
    """The lines that bring every income and expense balance of the year (per department) to
    zero, the difference going to retained earnings."""
    retained = Account.objects.filter(is_retained_earnings=True).first()
    if retained is None:
        raise ValidationError(NO_RETAINED)
    sums = (
        AccountBalance.objects.filter(
            period__fiscal_year=fiscal_year, account__type__in=["income", "expense"]
        )
        .values("account_id", "department_id")
        .annotate(debit=Sum("debit"), credit=Sum("credit"))
        .order_by("account__number", "department_id")
    )
    lines: list[LineIn] = []
    result = ZERO
    for row in sums:
        net = (row["debit"] or ZERO) - (row["credit"] or ZERO)
        if not net:
            continue
        result += net
        lines.append(
            LineIn(
                account=row["account_id"],
                debit=-net if net < 0 else ZERO,
                credit=net if net > 0 else ZERO,
                department=row["department_id"],
            )
        )
    if result:
        # result > 0: debits exceeded credits, a loss, which reduces retained earnings.
        lines.append(
            LineIn(
                account=retained.pk,
                debit=result if result > 0 else ZERO,
                credit=-result if result < 0 else ZERO,
            )
        )
    return lines


@transaction.atomic
def fiscal_year_close(
    *,
    fiscal_year: FiscalYear,
    actor: User | None,
    progress: Callable[[int, int], None] | None = None,
) -> JournalEntry | None:
    """Move the year's income and expense balances to retained earnings with one closing entry
    dated on the year's last day, lock every period and mark the year closed. The balances of
    the balance sheet accounts carry into the next year by themselves (reports sum every period
    before a date), so the new year opens with them. Closing again does nothing."""
    fiscal_year = FiscalYear.objects.select_for_update().get(pk=fiscal_year.pk)
    if fiscal_year.is_closed:
        return JournalEntry.objects.filter(idempotency_key=f"closing:{fiscal_year.year}").first()
    if progress:
        progress(0, 3)
    lines = closing_lines(fiscal_year)
    if progress:
        progress(1, 3)
    entry = None
    if lines:
        entry = journal_entry_post(
            date=fiscal_year.end,
            lines=lines,
            memo=str(_("Year-end closing %(year)s") % {"year": fiscal_year.year}),
            source=Source(type="finance.fiscal_year", id=str(fiscal_year.year)),
            key=f"closing:{fiscal_year.year}",
            actor=actor,
            kind=JournalEntry.Kind.CLOSING,
            system=True,
            allow_locked=True,
        )
    if progress:
        progress(2, 3)
    now = timezone.now()
    fiscal_year.periods.filter(is_locked=False).update(
        is_locked=True, locked_at=now, locked_by=actor
    )
    fiscal_year.closed_at = now
    fiscal_year.save(update_fields=["closed_at"])
    action_record(
        kind=FinanceAudit.YEAR_CLOSED,
        summary=gettext_noop("Fiscal year %(year)s closed"),
        params={"year": fiscal_year.year},
        actor=actor,
        target=fiscal_year,
    )
    if progress:
        progress(3, 3)
    return entry


def balances_reconcile() -> list[tuple[int, int, int | None, Decimal, Decimal]]:
    """Balance rows that differ from the sum of their lines (account, period, department, kept
    net, lines' net); empty when the table is right. Read only: a difference is for a person."""
    from_lines = {
        (r["account_id"], r["entry__period_id"], r["department_id"]): (r["d"], r["c"])
        for r in JournalLine.objects.values("account_id", "entry__period_id", "department_id")
        .annotate(d=Sum("debit"), c=Sum("credit"))
        .order_by()
    }
    kept = {
        (b.account_id, b.period_id, b.department_id): (b.debit, b.credit)
        for b in AccountBalance.objects.all()
    }
    differences = []
    for key in set(from_lines) | set(kept):
        a = kept.get(key, (ZERO, ZERO))
        b = from_lines.get(key, (ZERO, ZERO))
        if a[0] != b[0] or a[1] != b[1]:
            differences.append((*key, a[0] - a[1], b[0] - b[1]))
    return sorted(differences, key=lambda d: (d[0], d[1], d[2] or 0))
