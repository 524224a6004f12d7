"""What the payroll core tests share: books open for 2026, people with contracts, approved
timesheets written as scheduling keeps them (``Timesheet.totals``), and runs taken through their
states."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from backoffice import roles
from finance.payroll import selectors, services
from finance.payroll.models import PayrollRun
from hr.models import EmploymentContract
from scheduling.models import Timesheet, TimesheetAdjustment
from scheduling.selectors.attendance import FIGURES
from tests.finance.factories import books
from tests.hr import factories as hr

D = Decimal
MARCH = (date(2026, 3, 1), date(2026, 3, 31))
APRIL = (date(2026, 4, 1), date(2026, 4, 30))
JULY = (date(2026, 7, 1), date(2026, 7, 31))
AUGUST = (date(2026, 8, 1), date(2026, 8, 31))


def world(make_user) -> dict:
    """The Bulgarian chart and 2026 open, two departments, two payroll clerks (Finance, HR)."""
    found = books(2026)
    found["clerk"] = make_user(roles.FINANCE)
    found["second"] = make_user(roles.HR)
    return found


def person(
    dept,
    salary: str = "1500.00",
    *,
    hire: date = date(2026, 1, 1),
    born: date | None = date(1985, 5, 5),
    iban: str = "BG80BNBG96611020345678",
    user=None,
    **fields,
):
    employee = hr.employee(
        dept=dept,
        hire_date=hire,
        weekly_hours=None,
        date_of_birth=born,
        iban=iban,
        user=user,
        **fields,
    )
    EmploymentContract.objects.create(
        employee=employee, start=hire, amount=D(salary), weekly_hours=D(40)
    )
    return employee


def approved_sheet(employee, period=MARCH, **minutes) -> Timesheet:
    """An approved timesheet holding these minute figures (the rest zero)."""
    totals = dict.fromkeys(FIGURES, 0)
    totals.update(minutes)
    totals.update(regime="daily", days_worked=21)
    return Timesheet.objects.create(
        employee=employee,
        start=period[0],
        end=period[1],
        status=Timesheet.Status.APPROVED,
        totals=totals,
    )


def adjustment(sheet: Timesheet, source: Timesheet, reason: str = "Late correction", **minutes):
    return TimesheetAdjustment.objects.create(
        timesheet=sheet, source=source, minutes=minutes, reason=reason
    )


def run_for(period=MARCH, **fields) -> PayrollRun:
    return services.run_create(period_start=period[0], period_end=period[1], actor=None, **fields)


def calculated(w, period=MARCH, **fields) -> PayrollRun:
    run = run_for(period, **fields)
    return services.run_calculate(run=run, actor=w["clerk"])


def seen(run: PayrollRun) -> int:
    """The open items of the run's pre-payroll check, as the person approving confirms them."""
    return selectors.run_prepayroll_check(run=run).count


def posted(w, period=MARCH, **fields) -> PayrollRun:
    run = calculated(w, period, **fields)
    run = services.run_review(run=run, actor=w["clerk"])
    run = services.run_approve(run=run, actor=w["second"], open_items_seen=seen(run))
    return services.run_post(run=run, actor=w["second"], open_items_seen=seen(run))
