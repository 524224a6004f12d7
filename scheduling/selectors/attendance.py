"""Reading time and attendance: pay periods, who may see which timesheet, a timesheet's days
(planned against actual, classified), punctuality against shifts, and the payroll interface.

Visibility (DESIGN.md 6): staff see their own entries and timesheets, a manager their reports',
HR and Finance every timesheet (read-only); anything else is 404 by URL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from backoffice.models import PayPeriod, User
from backoffice.selectors import organisation_get
from hr.interface import LeavePart
from hr.models import Employee
from hr.permissions import sees_everyone
from hr.selectors import (
    Scope,
    absences_by_type,
    approved_leave,
    contract_terms_between,
    employee_facts,
    holidays_between,
    viewer_report_ids,
    visible_employee_ids,
    work_calendar,
)
from scheduling.domain.classify import (
    BUCKETS,
    CATEGORIES,
    RegimeResult,
    Summarised,
    Thresholds,
    Work,
    classify_regime,
    night_bonus_minutes,
    to_hours,
)
from scheduling.domain.times import minutes, monday
from scheduling.domain.worktime import (
    Breach,
    Caps,
    Regime,
    accounting_period,
    overtime_breaches,
    period_norm_minutes,
)
from scheduling.models import (
    Location,
    Shift,
    TimeEntry,
    Timesheet,
    TimesheetAdjustment,
    WorkingTimeRules,
)
from scheduling.selectors.roster import rules_default, rules_for

#: Every minute figure a timesheet keeps (``Timesheet.totals``) and payroll reads.
FIGURES = (*CATEGORIES, *BUCKETS)
#: The full-time day when a person has no contract in the period (KT art. 136(1): 8 h).
FULL_DAY_MINUTES = 480

#: A clock-in this many minutes after the shift's start is late; a clock-out as early is early.
GRACE_MINUTES = 5


def pay_period(day: date) -> tuple[date, date]:
    """The company-wide pay period holding ``day``: the organisation's setting (monthly or weekly,
    Monday to Sunday), which payroll follows too."""
    if organisation_get().pay_period == PayPeriod.WEEKLY:
        start = monday(day)
        return start, start + timedelta(days=6)
    start = day.replace(day=1)
    following = (start + timedelta(days=32)).replace(day=1)
    return start, following - timedelta(days=1)


def thresholds(rules: WorkingTimeRules | None = None) -> Thresholds:
    rules = rules or rules_default()
    return Thresholds(
        daily_minutes=rules.overtime_daily_minutes,
        weekly_minutes=rules.overtime_weekly_minutes,
        night_start=rules.night_start,
        night_end=rules.night_end,
        night_factor=rules.night_factor,
    )


# --- visibility ---------------------------------------------------------------------------------


def sees_all_timesheets(viewer: User) -> bool:
    return sees_everyone(viewer)


def timesheet_employee_ids(*, viewer: User) -> set[int] | None:
    """HR's work-data scope: None for every person; otherwise oneself and, for a manager, one's
    reports."""
    return visible_employee_ids(viewer=viewer, scope=Scope.WORK)


def timesheet_list(*, viewer: User) -> QuerySet[Timesheet]:
    sheets = Timesheet.objects.select_related("employee", "approved_by")
    ids = timesheet_employee_ids(viewer=viewer)
    return sheets if ids is None else sheets.filter(employee_id__in=ids)


def timesheet_get(*, viewer: User, pk: int) -> Timesheet:
    return timesheet_list(viewer=viewer).get(pk=pk)


def timesheet_of(*, employee: Employee, day: date) -> Timesheet:
    """The person's timesheet for the pay period holding ``day``. Until the period's first
    clock-in or correction saves it, an unsaved open one (``pk`` is None): a read never writes."""
    start, end = pay_period(day)
    sheet = Timesheet.objects.filter(employee=employee, start=start).first()
    return sheet if sheet is not None else Timesheet(employee=employee, start=start, end=end)


def timesheets_of(*, employee: Employee, today: date) -> list[Timesheet]:
    """The person's own timesheets, newest first, the current period's always among them."""
    sheets = list(Timesheet.objects.filter(employee=employee).order_by("-start"))
    current = timesheet_of(employee=employee, day=today)
    if current.pk is None:
        sheets.insert(0, current)
    return sheets


def may_approve(*, viewer: User, timesheet: Timesheet) -> bool:
    """The person's manager (up the chain); never one's own (one is not among one's reports)."""
    return timesheet.employee_id in viewer_report_ids(viewer=viewer)


def may_correct(*, viewer: User, employee: Employee) -> bool:
    return employee.pk in viewer_report_ids(viewer=viewer)


def timesheet_ready_from(*, timesheet: Timesheet) -> date:
    """The first day a timesheet may be submitted and approved: the day after its period ends,
    or, for a person leaving within the period, their last working day (HR's record). Locking a
    period before it ends would turn every hour worked after that into an adjustment of the next."""
    facts = employee_facts(employee_ids=[timesheet.employee_id]).get(timesheet.employee_id)
    leaves_on = facts.end_date if facts else None
    if leaves_on is not None and timesheet.start <= leaves_on <= timesheet.end:
        return leaves_on
    return timesheet.end + timedelta(days=1)


def timesheet_not_ready(*, timesheet: Timesheet, today: date | None = None) -> str:
    """Why the timesheet cannot be submitted or approved yet, or "" when it can."""
    today = today or timezone.localdate()
    ready = timesheet_ready_from(timesheet=timesheet)
    if today >= ready:
        return ""
    if ready <= timesheet.end:
        return _(
            "This timesheet can be submitted from %(date)s, the person's last working day."
        ) % {"date": date_format(ready, "j F Y")}
    return _("This timesheet can be submitted from %(date)s, after its period ends.") % {
        "date": date_format(ready, "j F Y")
    }


# --- a period's work, classified -------------------------------------------------------------


def sessions(*, employee_ids, start: date, end: date) -> dict[int, list[Work]]:
    """Closed sessions from the Monday before ``start`` (weekly overtime) to ``end``."""
    found: dict[int, list[Work]] = defaultdict(list)
    entries = (
        TimeEntry.objects.filter(
            employee_id__in=employee_ids,
            day__gte=monday(start),
            day__lte=end,
            clock_out__isnull=False,
        )
        .select_related("location")
        .prefetch_related("breaks")
        .order_by("clock_in")
    )
    default_zone = timezone.get_current_timezone()  # the organisation's (settings.TIME_ZONE)
    for entry in entries:
        zone = entry.location.zone if entry.location_id else default_zone
        breaks = tuple((b.start, b.end) for b in entry.breaks.all() if b.end is not None)
        found[entry.employee_id].append(Work(entry.clock_in, entry.clock_out, breaks, zone))
    return found


def holidays(start: date, end: date) -> frozenset[date]:
    """The official holidays from the Monday before ``start`` (weekly overtime) to the day after
    ``end``: a night shift that starts on the period's last day runs into it (31 December's
    night is partly 1 January)."""
    return holidays_between(start=monday(start), end=end + timedelta(days=1))


def regime_of(rules: WorkingTimeRules) -> Regime:
    """The rule set as the classifier and the limits see it."""
    return Regime(
        accounting=rules.accounting,
        period_months=rules.accounting_period_months,
        period_first_month=rules.accounting_period_first_month,
        night_start=rules.night_start,
        night_end=rules.night_end,
        night_shift_minutes=rules.night_conversion_min_minutes,
        night_factor=rules.night_factor,
        max_night_shift_minutes=rules.max_night_shift_minutes,
        caps=Caps(
            year=rules.overtime_year_minutes,
            month_day=rules.overtime_month_day_minutes,
            month_night=rules.overtime_month_night_minutes,
            week_day=rules.overtime_week_day_minutes,
            week_night=rules.overtime_week_night_minutes,
            two_days_day=rules.overtime_two_days_day_minutes,
            two_days_night=rules.overtime_two_days_night_minutes,
        ),
        young_minor_age=rules.young_minor_age,
        young_minor_night_start=rules.young_minor_night_start,
    )


def person_rules(*, employee_id: int, start: date, end: date) -> WorkingTimeRules:
    """The rules of the location where the person works in the period: that of their first
    clocked session there, else of their first published shift, else of their first location
    (the organisation's default when none has its own)."""
    location_id = (
        TimeEntry.objects.filter(
            employee_id=employee_id, day__gte=start, day__lte=end, location__isnull=False
        )
        .order_by("clock_in")
        .values_list("location_id", flat=True)
        .first()
    ) or (
        Shift.objects.published()
        .filter(employee_id=employee_id, day__gte=start, day__lte=end)
        .order_by("start")
        .values_list("location_id", flat=True)
        .first()
    )
    location = (
        Location.objects.select_related("rules").filter(pk=location_id).first()
        if location_id
        else Location.objects.select_related("rules")
        .filter(members__id=employee_id)
        .order_by("pk")
        .first()
    )
    return rules_for(location) if location is not None else rules_default()


def _daily_minutes(employee_id: int, start: date, end: date) -> int:
    terms = contract_terms_between(employee_ids=[employee_id], start=start, end=end).get(
        employee_id
    )
    if terms is None:
        return FULL_DAY_MINUTES
    return int((terms.daily_hours * 60).to_integral_value())


def _absent_working_days(spans, calendar, start: date, end: date) -> Decimal:
    """Working days of the calendar inside approved leave and sickness (half days as halves)."""
    days = Decimal(0)
    for span in spans:
        first, last = max(span.start, start), min(span.end, end)
        if first > last:
            continue
        count = Decimal(calendar.working_days(first, last))
        days += count / 2 if span.half_day else count
    return days


def person_schedule(
    *, employee_id: int, start: date, end: date, daily_minutes: int, calendar
) -> tuple[dict[date, str], dict[date, int]]:
    """The kind of each day of ``start``..``end`` for the person, and their planned minutes.

    A person with published shifts in the period is on a shift schedule: the days with a shift
    are their working days and the rest their rest days, whatever the weekday. Anyone else
    follows the calendar (working week, rest days, working Saturdays) with the contract's day.
    An official holiday is "holiday" in both (work on it is holiday work, KT art. 264)."""
    shifts = list(
        Shift.objects.published()
        .filter(employee_id=employee_id, day__gte=start, day__lte=end)
        .values_list("day", "paid_minutes")
    )
    planned: dict[date, int] = defaultdict(int)
    for day, paid in shifts:
        planned[day] += paid
    kinds: dict[date, str] = {}
    day = start
    while day <= end:
        if calendar.is_official_holiday(day):
            kinds[day] = "holiday"
        elif shifts:
            kinds[day] = "working" if day in planned else "rest"
        else:
            kinds[day] = calendar.kind_of(day)
        if not shifts and kinds[day] == "working":
            planned[day] = daily_minutes
        day += timedelta(days=1)
    return kinds, dict(planned)


def classified(*, employee_id: int, start: date, end: date) -> RegimeResult:
    """The person's work in the pay period, classified by their location's regime."""
    rules = person_rules(employee_id=employee_id, start=start, end=end)
    regime = regime_of(rules)
    daily = _daily_minutes(employee_id, start, end)
    summarised = None
    first = monday(start)
    if regime.accounting == "summarised":
        period_start, period_end = accounting_period(
            end, months=regime.period_months, first_month=regime.period_first_month
        )
        first = min(first, period_start)
        period_calendar = work_calendar(start=period_start, end=period_end)
        spans = approved_leave(employee_ids=[employee_id], start=period_start, end=period_end).get(
            employee_id, []
        )
        summarised = Summarised(
            period_start,
            period_end,
            period_norm_minutes(
                working_days=period_calendar.working_days(period_start, period_end),
                daily_minutes=daily,
                absent_working_days=_absent_working_days(
                    spans, period_calendar, period_start, period_end
                ),
            ),
        )
    calendar = work_calendar(start=first, end=end + timedelta(days=1))
    kinds, planned = person_schedule(
        employee_id=employee_id,
        start=first,
        end=end + timedelta(days=1),
        daily_minutes=daily,
        calendar=calendar,
    )
    result = classify_regime(
        sessions(employee_ids=[employee_id], start=first, end=end).get(employee_id, []),
        start=start,
        end=end,
        regime=regime,
        thresholds=thresholds(rules),
        kinds=kinds,
        planned=planned,
        daily_minutes=daily,
        holidays=calendar.official_holidays,
        summarised=summarised,
    )
    result.night_factor = rules.night_factor if regime.accounting == "thresholds" else None
    return result


def night_bonus(result: RegimeResult) -> Decimal:
    """Extra paid minutes for night work: only under the thresholds regime with a factor. Under
    Bulgarian daily accounting night work is shorter instead (7 h); under summarised accounting
    the factor feeds the norm comparison (``RegimeResult.night_converted``), not pay."""
    return night_bonus_minutes(result.total("night"), result.night_factor)


def timesheet_figures(result: RegimeResult) -> dict:
    """What an approved timesheet keeps: every minute figure, plus the regime and the norm."""
    figures: dict = result.totals()
    figures.update(
        {
            "regime": result.accounting,
            "days_worked": result.days_worked,
            "night_converted": result.night_converted,
        }
    )
    if result.norm is not None:
        figures["norm"] = result.norm
        figures["period_start"] = result.period[0].isoformat()
        figures["period_end"] = result.period[1].isoformat()
        figures["period_converted"] = result.period_converted
    return figures


def overtime_year_before(*, employee_id: int, before: date) -> int:
    """Overtime of the approved timesheets of ``before``'s year that ended before it."""
    return sum(
        int(totals.get("overtime", 0))
        for totals in Timesheet.objects.filter(
            employee_id=employee_id,
            status=Timesheet.Status.APPROVED,
            start__year=before.year,
            end__lt=before,
        ).values_list("totals", flat=True)
    )


@dataclass(frozen=True)
class OvertimeReport:
    """A timesheet's overtime against the statutory caps (KT art. 146)."""

    year_before: int
    this_period: int
    breaches: list

    @property
    def year_to_date(self) -> int:
        return self.year_before + self.this_period


def overtime_report(*, timesheet: Timesheet, result: RegimeResult) -> OvertimeReport:
    rules = person_rules(
        employee_id=timesheet.employee_id, start=timesheet.start, end=timesheet.end
    )
    regime = regime_of(rules)
    before = overtime_year_before(employee_id=timesheet.employee_id, before=timesheet.start)
    overtime = {
        day: (
            buckets.get("overtime_workday", 0)
            + buckets.get("overtime_rest_day", 0)
            + buckets.get("overtime_holiday", 0)
            - buckets.get("overtime_night", 0),
            buckets.get("overtime_night", 0),
        )
        for day, buckets in result.buckets.items()
    }
    if result.overtime_summarised:
        overtime[timesheet.end] = (
            result.overtime_summarised - result.overtime_summarised_night,
            result.overtime_summarised_night,
        )
    worked_days = [day for day, entry in result.days.items() if entry.worked]
    breaches = overtime_breaches(overtime, regime.caps, year_before=before, worked_days=worked_days)
    facts = employee_facts(employee_ids=[timesheet.employee_id]).get(timesheet.employee_id)
    adult_from = _eighteenth(facts.date_of_birth) if facts else None
    minor_days = [
        day
        for day, (by_day, by_night) in overtime.items()
        if (by_day or by_night) and adult_from is not None and day < adult_from
    ]
    if minor_days:  # KT art. 147(1)1: no overtime for people under 18
        breaches.insert(0, Breach("minor_overtime", minor_days[0], 0, 0))
    return OvertimeReport(
        year_before=before, this_period=result.total("overtime"), breaches=breaches
    )


def _eighteenth(birth: date | None) -> date | None:
    if birth is None:
        return None
    try:
        return birth.replace(year=birth.year + 18)
    except ValueError:  # 29 February
        return birth.replace(year=birth.year + 18, day=28)


@dataclass
class DayLine:
    day: date
    planned: int = 0
    actual: int = 0
    shifts: list = field(default_factory=list)
    entries: list = field(default_factory=list)
    late: bool = False
    early: bool = False
    missed: bool = False
    unplanned: bool = False
    minutes: object = None
    buckets: dict = field(default_factory=dict)


@dataclass(frozen=True)
class TimesheetView:
    """A timesheet's page: its days, the figures (the locked ones once approved), the regime's
    classification and the overtime caps it breaks, with the year-to-date overtime."""

    days: list[DayLine]
    result: RegimeResult
    totals: dict
    overtime: OvertimeReport


def timesheet_view(timesheet: Timesheet, *, now) -> TimesheetView:
    """Everything the timesheet page shows, in a fixed number of queries."""
    lines, result = _timesheet_lines(timesheet, now=now)
    totals = timesheet.totals if timesheet.locked else timesheet_figures(result)
    report = overtime_report(timesheet=timesheet, result=result)
    if timesheet.locked:  # payroll pays the locked figure
        report = replace(report, this_period=int(totals.get("overtime", 0)))
    return TimesheetView(days=lines, result=result, totals=totals, overtime=report)


def timesheet_days(timesheet: Timesheet, *, now) -> list[DayLine]:
    """Each day of the period: planned (published shifts) against actual (entries), flags, and
    the classified minutes. A fixed number of queries."""
    return _timesheet_lines(timesheet, now=now)[0]


def _timesheet_lines(timesheet: Timesheet, *, now) -> tuple[list[DayLine], RegimeResult]:
    employee_id = timesheet.employee_id
    lines = {
        timesheet.start + timedelta(days=n): DayLine(timesheet.start + timedelta(days=n))
        for n in range((timesheet.end - timesheet.start).days + 1)
    }
    for shift in (
        Shift.objects.published()
        .filter(employee_id=employee_id, day__gte=timesheet.start, day__lte=timesheet.end)
        .select_related("location", "template")
    ):
        line = lines[shift.day]
        line.shifts.append(shift)
        line.planned += shift.paid_minutes
    entries = list(
        TimeEntry.objects.filter(
            employee_id=employee_id, day__gte=timesheet.start, day__lte=timesheet.end
        )
        .select_related("shift", "location")
        .prefetch_related("breaks")
        .order_by("clock_in")
    )
    for entry in entries:
        line = lines[entry.day]
        line.entries.append(entry)
        if entry.shift_id is None:
            line.unplanned = True
        else:
            if minutes(entry.shift.start, entry.clock_in) > GRACE_MINUTES:
                line.late = True
            if entry.clock_out and minutes(entry.clock_out, entry.shift.end) > GRACE_MINUTES:
                line.early = True
    for line in lines.values():
        worked = {e.shift_id for e in line.entries}
        line.missed = any(s.end < now and s.pk not in worked for s in line.shifts) and not any(
            e.shift_id is None for e in line.entries
        )
    result = classified(employee_id=employee_id, start=timesheet.start, end=timesheet.end)
    for day, minutes_ in result.days.items():
        lines[day].minutes = minutes_
        lines[day].actual = minutes_.worked
        lines[day].buckets = result.buckets.get(day, {})
    return list(lines.values()), result


# --- the payroll interface ----------------------------------------------------------------------


@dataclass(frozen=True)
class Adjustment:
    """Minutes carried into the period because an earlier, locked one was corrected: the period
    it corrects (``corrects_start``..``corrects_end``) and the change per figure."""

    corrects_start: date
    corrects_end: date
    minutes: dict[str, int]
    night_bonus_minutes: Decimal
    reason: str


@dataclass(frozen=True)
class PayrollTime:
    """What payroll pays from, per person and pay period: approved minutes per figure (worked,
    regular, overtime and its buckets by kind of day, night, rest-day and holiday work) and the
    same as Decimal hours (0.01, rounded once); the regime and its norm; days worked; absences
    in working days by kind (paid leave, unpaid leave, sickness, from HR's approved leave);
    overtime of the calendar year to date; and the adjustments carried in, each tagged with the
    period it corrects. ``minutes`` already include the adjustments."""

    employee_id: int
    start: date
    end: date
    approved: bool
    minutes: dict[str, int]
    night_bonus_minutes: Decimal
    hours: dict[str, Decimal]
    regime: str = ""
    norm_minutes: int | None = None
    days_worked: int = 0
    night_converted_minutes: int = 0
    year_to_date_overtime: int = 0
    absences: dict[str, Decimal] = field(default_factory=dict)
    adjustments: tuple[Adjustment, ...] = ()
    #: Each approved sick leave's share of the period (HR's ``LeavePart``: days inside the
    #: period, days before it), by start: the employer pays the first days of each one.
    sick_leaves: tuple[LeavePart, ...] = ()
    #: The approved timesheet these figures come from (None while there is none).
    timesheet_id: int | None = None


def absence_kind(*, kind: str, paid: bool) -> str:
    """Payroll's kind of an approved absence from HR's kind of leave: paid annual leave, sick
    leave, unpaid leave; any other leave by whether its type is paid."""
    if kind in ABSENCE_OF_LEAVE:
        return ABSENCE_OF_LEAVE[kind]
    return "paid_leave" if paid else "unpaid_leave"


ABSENCE_OF_LEAVE = {"annual": "paid_leave", "sick": "sick", "unpaid": "unpaid_leave"}
ABSENCE_KINDS = ("paid_leave", "unpaid_leave", "sick")


def payroll_time_bulk(
    *, employee_ids: Iterable[int], start: date, end: date
) -> dict[int, PayrollTime]:
    """What payroll may pay for each person and one pay period, in a constant number of queries
    however many people: the approved (locked) timesheet's figures plus the adjustments carried
    into it; nothing while it is not approved. Every id asked for has an answer."""
    ids = set(employee_ids)
    if not ids:
        return {}
    approved = {
        sheet.pk: sheet
        for sheet in Timesheet.objects.filter(
            employee_id__in=ids, start=start, end=end, status=Timesheet.Status.APPROVED
        ).only("pk", "employee_id", "totals", "night_bonus_minutes")
    }
    totals = {pk: dict.fromkeys(FIGURES, 0) for pk in ids}
    bonus = dict.fromkeys(ids, Decimal(0))
    for sheet in approved.values():
        for figure in FIGURES:
            totals[sheet.employee_id][figure] = int(sheet.totals.get(figure, 0))
        bonus[sheet.employee_id] = sheet.night_bonus_minutes
    carried: dict[int, list[Adjustment]] = defaultdict(list)
    adjustments = (
        TimesheetAdjustment.objects.filter(timesheet_id__in=approved)
        .order_by("created_at", "pk")
        .values_list(
            "timesheet_id",
            "minutes",
            "night_bonus_minutes",
            "source__start",
            "source__end",
            "reason",
        )
    )
    for timesheet_id, minutes_, extra, source_start, source_end, reason in adjustments:
        employee_id = approved[timesheet_id].employee_id
        for figure in FIGURES:
            totals[employee_id][figure] += int(minutes_.get(figure, 0))
        bonus[employee_id] += extra
        carried[employee_id].append(
            Adjustment(
                source_start,
                source_end,
                {k: int(v) for k, v in minutes_.items() if k in FIGURES},
                extra,
                reason,
            )
        )
    year_to_date: dict[int, int] = defaultdict(int)
    for employee_id, sheet_totals in Timesheet.objects.filter(
        employee_id__in=ids,
        status=Timesheet.Status.APPROVED,
        start__year=start.year,
        start__lt=start,
    ).values_list("employee_id", "totals"):
        year_to_date[employee_id] += int(sheet_totals.get("overtime", 0))
    absences = {pk: dict.fromkeys(ABSENCE_KINDS, Decimal(0)) for pk in ids}
    sick_leaves: dict[int, list[LeavePart]] = defaultdict(list)
    for employee_id, kinds in absences_by_type(employee_ids=ids, start=start, end=end).items():
        for entry in kinds.values():
            payroll_kind = absence_kind(kind=entry.kind, paid=entry.paid)
            absences[employee_id][payroll_kind] += entry.days
            if payroll_kind == "sick":
                sick_leaves[employee_id].extend(entry.parts)
    locked = {sheet.employee_id: sheet for sheet in approved.values()}
    answers = {}
    for pk in ids:
        sheet = locked.get(pk)
        kept = sheet.totals if sheet is not None else {}
        answers[pk] = PayrollTime(
            employee_id=pk,
            start=start,
            end=end,
            approved=sheet is not None,
            minutes=totals[pk],
            night_bonus_minutes=bonus[pk],
            hours={
                **{figure: to_hours(value) for figure, value in totals[pk].items()},
                "night_bonus": to_hours(bonus[pk]),
            },
            regime=str(kept.get("regime", "")),
            norm_minutes=kept.get("norm"),
            days_worked=int(kept.get("days_worked", 0)),
            night_converted_minutes=int(kept.get("night_converted", 0)),
            year_to_date_overtime=year_to_date[pk] + totals[pk]["overtime"],
            absences=absences[pk],
            adjustments=tuple(carried.get(pk, ())),
            timesheet_id=sheet.pk if sheet is not None else None,
            sick_leaves=tuple(sorted(sick_leaves.get(pk, ()), key=lambda part: part.start)),
        )
    return answers


def employees_at_location(*, location: Location, start: date, end: date) -> set[int]:
    """The people with a published shift at ``location`` in [start, end] (one query): who a
    payroll run for one location pays."""
    return set(
        Shift.objects.published()
        .filter(location=location, employee__isnull=False, start__date__gte=start)
        .filter(start__date__lte=end)
        .values_list("employee_id", flat=True)
        .distinct()
    )


def payroll_time(*, employee: Employee, start: date, end: date) -> PayrollTime:
    """What payroll may pay for one person and pay period (``payroll_time_bulk`` for one)."""
    return payroll_time_bulk(employee_ids=[employee.pk], start=start, end=end)[employee.pk]


def open_entry(*, employee: Employee) -> TimeEntry | None:
    return (
        TimeEntry.objects.filter(employee=employee, clock_out__isnull=True)
        .prefetch_related("breaks")
        .first()
    )


def current_shift(*, employee: Employee, now, around_minutes: int = 180) -> Shift | None:
    """The published shift the person is on now, or the next one starting soon."""
    window = timedelta(minutes=around_minutes)
    return (
        Shift.objects.published()
        .filter(employee=employee, end__gte=now, start__lte=now + window)
        .select_related("location", "template")
        .order_by("start")
        .first()
    )


def entries_between(*, employee_ids, start: date, end: date) -> QuerySet[TimeEntry]:
    return TimeEntry.objects.filter(
        Q(employee_id__in=employee_ids) if employee_ids is not None else Q(),
        day__gte=start,
        day__lte=end,
    )
