"""The payroll calculation: plain Python, no ORM (and no Django). Inputs in, payslip out.

Every line carries its inputs and formula as a sentence (an untranslated message with its
parameters, turned into the reader's language when shown), the rule rows it used and the
timesheet it read. Amounts are Decimal, rounded once per line (half up to the cent, the rule of
``backoffice.money``), then summed.

Sources (BULGARIA.md, Payroll 2026 and Working time): contributions on the insurable income
(gross, floored by the minimum insurable income, capped at the maximum insurable income); income
tax 10 % on gross less the employee's contributions, no cap; overtime premiums by kind of day
(Labour Code art. 262); holiday work at least double (art. 264); night work amount per night
hour; years of service 0.6 % of the basic salary per year; paid leave at the average daily pay
(art. 177); the first three working days of each sick leave at 70 % by the employer.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
RATE = Decimal("0.0001")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)


def gettext_noop(message: str) -> str:
    """Marks a message for translation without importing Django (``makemessages`` looks for
    this name); it is translated where shown."""
    return message


#: The named bases a percentage component may take (besides another component's code).
BASES = ("base_pay", "basic_salary", "gross", "insurable", "net")

#: Timesheet figures an "hours" component may read.
HOURS_FIGURES = (
    "worked",
    "regular",
    "overtime",
    "night",
    "weekend",
    "holiday",
    "overtime_workday",
    "overtime_rest_day",
    "overtime_holiday",
    "overtime_summarised",
    "overtime_night",
)

#: The funds' names, translated where shown (``PayslipLine.label_text``).
FUND_NAMES = {
    "pension": gettext_noop("Pension"),
    "sickness": gettext_noop("Sickness and maternity"),
    "unemployment": gettext_noop("Unemployment"),
    "upf": gettext_noop("Supplementary pension fund (UPF)"),
    "health": gettext_noop("Health insurance"),
    "work_accident": gettext_noop("Work accident and occupational disease"),
    "guaranteed": gettext_noop("Guaranteed receivables fund"),
}

OVERTIME_KINDS = (
    ("overtime_workday", "overtime_workday"),
    ("overtime_rest_day", "overtime_rest_day"),
    ("overtime_holiday", "overtime_holiday"),
    ("overtime_summarised", "overtime_summarised"),
)


def money(value: Decimal | int) -> Decimal:
    """Half up to the cent: the one rounding rule (``backoffice.money.round_money``)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def rate4(value: Decimal | int) -> Decimal:
    return Decimal(value).quantize(RATE, rounding=ROUND_HALF_UP)


def fmt(value: Decimal | int | None, places: int = 2) -> str:
    """A number for an explanation: fixed decimals, a comma between thousands."""
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-places)
    return f"{Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP):,.{places}f}"


# --- inputs --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleValue:
    value: Decimal
    row_id: int | None = None


@dataclass(frozen=True)
class FundRate:
    fund: str
    employee_rate: Decimal
    employer_rate: Decimal
    capped: bool
    account: str
    row_id: int | None = None
    label: str = ""


@dataclass(frozen=True)
class Rules:
    """The rules in force for a period: rates per fund for each variant, scalar parameters by
    kind, and the minimum insurable income by (activity, occupation), "" being the default."""

    funds: Mapping[str, Sequence[FundRate]]
    values: Mapping[str, RuleValue]
    minimums: Mapping[tuple[str, str], RuleValue] = field(default_factory=dict)

    def value(self, kind: str, default: Decimal | None = None) -> RuleValue:
        found = self.values.get(kind)
        if found is None:
            if default is None:
                raise MissingRule(kind)
            return RuleValue(default, None)
        return found

    def minimum(self, activity: str, occupation: str) -> RuleValue | None:
        for key in ((activity, occupation), (activity, ""), ("", occupation), ("", "")):
            if key in self.minimums:
                return self.minimums[key]
        return None


class MissingRule(LookupError):
    """No row of this kind is in force for the period."""


@dataclass(frozen=True)
class Terms:
    """The contract in force (HR's ``ContractTerms``, copied)."""

    salary_basis: str
    monthly_salary: Decimal | None
    hourly_rate: Decimal | None
    weekly_hours: Decimal
    start: date
    end: date | None


@dataclass(frozen=True)
class Span:
    """An earlier contract of the same period (a raise from the middle of the month is a new
    contract from that day) and the working days the person was employed under it."""

    terms: Terms
    working_days: int


@dataclass(frozen=True)
class Correction:
    """Minutes carried in from an earlier, corrected timesheet (scheduling's ``Adjustment``)."""

    corrects_start: date
    corrects_end: date
    minutes: Mapping[str, int]
    night_bonus_minutes: Decimal = Decimal(0)


@dataclass(frozen=True)
class SickLeave:
    """One approved sick leave's share of the period: its working days inside the period and
    the working days it took before the period began (HR's ``LeavePart``)."""

    days: Decimal
    days_before: Decimal = Decimal(0)


@dataclass(frozen=True)
class Time:
    """Approved hours and absences (scheduling's ``PayrollTime``): minutes per figure including
    the corrections carried in, which are listed apart."""

    approved: bool
    minutes: Mapping[str, int]
    night_bonus_minutes: Decimal = Decimal(0)
    absences: Mapping[str, Decimal] = field(default_factory=dict)
    corrections: tuple[Correction, ...] = ()
    timesheet_id: int | None = None
    #: The sick leaves behind ``absences["sick"]``, by start; sick days they do not account for
    #: count as one sick leave that began in the period.
    sick_leaves: tuple[SickLeave, ...] = ()


@dataclass(frozen=True)
class Entry:
    """A company component for this person in this period: a recurring assignment or a one-off
    entry, with the component's definition and the entry's own amount, percentage or hours."""

    component_id: int | None
    code: str
    name: str
    side: str
    method: str
    amount: Decimal | None = None
    percent: Decimal | None = None
    base: str = ""
    rate: Decimal | None = None
    factor: Decimal | None = None
    hours: Decimal | None = None
    hours_figure: str = ""
    taxable: bool = True
    insurable: bool = True
    account: str = ""
    note: str = ""
    corrects_start: date | None = None
    corrects_end: date | None = None


@dataclass(frozen=True)
class Person:
    employee_id: int
    department_id: int
    born_before_1960: bool
    terms: Terms | None
    time: Time
    #: Working days of the period on the calendar, and those the person was employed on.
    period_working_days: int
    employed_working_days: int
    service_years: int = 0
    #: The average daily gross pay of the last month with at least 10 days worked, and that
    #: month's first day; None: the contract's daily pay stands in.
    average_daily: Decimal | None = None
    average_month: date | None = None
    activity: str = ""
    occupation: str = ""
    entries: tuple[Entry, ...] = ()
    iban: str = ""
    #: Earlier contracts in force in the period, by start; ``terms`` is the latest, and
    #: ``employed_working_days`` counts the days under all of them.
    earlier: tuple[Span, ...] = ()


# --- output --------------------------------------------------------------------------------------


@dataclass
class Line:
    kind: str
    code: str
    label: str
    amount: Decimal
    explanation: str
    params: dict = field(default_factory=dict)
    label_params: dict = field(default_factory=dict)
    quantity: Decimal | None = None
    rate: Decimal | None = None
    factor: Decimal | None = None
    rules: list = field(default_factory=list)
    timesheet_id: int | None = None
    fund: str = ""
    taxable: bool = False
    insurable: bool = False
    corrects_start: date | None = None
    corrects_end: date | None = None
    account: str = ""


@dataclass
class Result:
    employee_id: int
    department_id: int
    born_before_1960: bool
    timesheet_id: int | None
    iban: str
    days_worked: Decimal
    gross: Decimal
    worked_gross: Decimal
    insurable: Decimal
    employee_contributions: Decimal
    employer_contributions: Decimal
    taxable: Decimal
    tax: Decimal
    deductions: Decimal
    in_kind: Decimal
    net: Decimal
    cost: Decimal
    lines: list[Line]

    def digest(self) -> str:
        payload = [
            (ln.kind, ln.code, str(ln.amount), ln.explanation, ln.params, ln.rules)
            for ln in self.lines
        ]
        return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


# --- the calculation -----------------------------------------------------------------------------

EARNING = "earning"
DEDUCTION = "deduction"
IN_KIND = "in_kind"


def _rule_ref(table: str, row_id: int | None) -> list[dict]:
    return [{"table": table, "id": row_id}] if row_id is not None else []


def hourly_rate(terms: Terms) -> Decimal | None:
    """The cost of an hour: the hourly rate, or the monthly salary over the contract's monthly
    hours (weekly hours x 52 / 12), to four decimals (HR's ``hourly_rate_of``)."""
    if terms.salary_basis == "hourly" and terms.hourly_rate is not None:
        return rate4(terms.hourly_rate)
    if terms.monthly_salary is not None and terms.weekly_hours:
        return rate4(terms.monthly_salary * 12 / (terms.weekly_hours * 52))
    return None


def hours_of(minutes: int | Decimal) -> Decimal:
    return money(Decimal(minutes) / 60)


class _Payslip:
    def __init__(self, person: Person, rules: Rules):
        self.person = person
        self.rules = rules
        self.lines: list[Line] = []
        self.by_code: dict[str, Decimal] = {}
        self.ts = person.time.timesheet_id

    def add(self, line: Line) -> Line:
        self.lines.append(line)
        self.by_code[line.code] = self.by_code.get(line.code, ZERO) + line.amount
        return line

    def total(self, *kinds: str, flag: str | None = None) -> Decimal:
        return sum(
            (
                ln.amount
                for ln in self.lines
                if ln.kind in kinds and (flag is None or getattr(ln, flag))
            ),
            ZERO,
        )


def calculate(person: Person, rules: Rules) -> Result:
    """One person's payslip for one period under ``rules``."""
    slip = _Payslip(person, rules)
    terms = person.terms
    time = person.time
    rate = hourly_rate(terms) if terms else None
    absences = {k: Decimal(v) for k, v in time.absences.items()}
    paid_leave = absences.get("paid_leave", Decimal(0))
    sick = absences.get("sick", Decimal(0))
    unpaid = absences.get("unpaid_leave", Decimal(0))
    days_worked = max(
        Decimal(person.employed_working_days) - paid_leave - sick - unpaid, Decimal(0)
    )
    # Figures of this period alone: the corrections carried in are paid on lines of their own.
    minutes = dict(time.minutes)
    night_bonus = Decimal(time.night_bonus_minutes)
    for correction in time.corrections:
        for figure, value in correction.minutes.items():
            minutes[figure] = minutes.get(figure, 0) - int(value)
        night_bonus -= Decimal(correction.night_bonus_minutes)

    base_pay = ZERO
    if terms is not None:
        base_pay = _base_pay(slip, terms, rate, minutes, days_worked)
    if terms is not None and rate is not None:
        _time_lines(slip, rate, minutes, night_bonus, None)
    service = _service(slip, base_pay)
    _leave_and_sick(slip, terms, base_pay + service, paid_leave, sick, unpaid)
    if terms is not None and rate is not None:
        for correction in time.corrections:
            _correction_lines(slip, terms, rate, correction)
    worked_gross = slip.total(EARNING) - slip.by_code.get("paid_leave", ZERO)
    worked_gross -= slip.by_code.get("sick_employer", ZERO)

    # Company components: earnings and benefits in kind before contributions.
    base_values = {"base_pay": base_pay, "basic_salary": _basic_salary(terms)}
    for entry in person.entries:
        if entry.side in (EARNING, IN_KIND):
            base_values["gross"] = slip.total(EARNING, IN_KIND)
            _entry_line(slip, entry, rate, minutes, base_values)

    gross = slip.total(EARNING, IN_KIND)
    insurable_base = slip.total(EARNING, IN_KIND, flag="insurable")
    insurable = _insurable(slip, insurable_base, days_worked + paid_leave)
    variant = "before_1960" if person.born_before_1960 else "standard"
    employee_total = employer_total = ZERO
    funds = rules.funds.get(variant, ())
    cap = rules.value("max_insurable_income")
    for fund in funds:
        if fund.employee_rate:
            employee_total += _contribution(slip, fund, insurable, employee=True, cap=cap)
    for fund in funds:
        if fund.employer_rate:
            employer_total += _contribution(slip, fund, insurable, employee=False, cap=cap)

    taxable = max(slip.total(EARNING, IN_KIND, flag="taxable") - employee_total, ZERO)
    tax_rule = rules.value("income_tax_rate")
    tax = money(taxable * tax_rule.value / HUNDRED)
    slip.add(
        Line(
            kind="tax",
            code="income_tax",
            label=gettext_noop("Income tax"),
            amount=tax,
            explanation=gettext_noop(
                "Income tax: (%(taxable_gross)s - %(contributions)s) x %(rate)s%% = %(amount)s"
            ),
            params={
                "taxable_gross": fmt(taxable + employee_total),
                "contributions": fmt(employee_total),
                "rate": fmt(tax_rule.value),
                "amount": fmt(tax),
            },
            quantity=taxable,
            rate=tax_rule.value,
            rules=_rule_ref("payrollrule", tax_rule.row_id),
        )
    )

    base_values.update(
        gross=gross,
        insurable=insurable,
        net=gross - employee_total - tax - slip.total(IN_KIND),
    )
    for entry in person.entries:
        if entry.side == DEDUCTION:
            base_values["net"] = (
                gross - employee_total - tax - slip.total(IN_KIND) - slip.total(DEDUCTION)
            )
            _entry_line(slip, entry, rate, minutes, base_values)

    deductions = slip.total(DEDUCTION)
    in_kind = slip.total(IN_KIND)
    if in_kind:
        slip.add(
            Line(
                kind="info",
                code="in_kind_paid",
                label=gettext_noop("Benefits in kind, not paid to the bank"),
                amount=in_kind,
                explanation=gettext_noop("Benefits in kind given, not paid in money: %(amount)s"),
                params={"amount": fmt(in_kind)},
            )
        )
    net = gross - employee_total - tax - deductions - in_kind
    return Result(
        employee_id=person.employee_id,
        department_id=person.department_id,
        born_before_1960=person.born_before_1960,
        timesheet_id=time.timesheet_id,
        iban=person.iban,
        days_worked=days_worked,
        gross=gross,
        worked_gross=worked_gross,
        insurable=insurable,
        employee_contributions=employee_total,
        employer_contributions=employer_total,
        taxable=taxable,
        tax=tax,
        deductions=deductions,
        in_kind=in_kind,
        net=net,
        cost=gross + employer_total,
        lines=slip.lines,
    )


def _basic_salary(terms: Terms | None) -> Decimal:
    if terms is None or terms.monthly_salary is None:
        return ZERO
    return terms.monthly_salary


def _base_pay(
    slip: _Payslip, terms: Terms, rate: Decimal | None, minutes: dict, days_worked: Decimal
) -> Decimal:
    if terms.salary_basis == "hourly":
        if rate is None:
            return ZERO
        hours = hours_of(minutes.get("regular", 0))
        amount = money(hours * rate)
        slip.add(
            Line(
                kind=EARNING,
                code="base_pay",
                label=gettext_noop("Base pay"),
                amount=amount,
                explanation=gettext_noop(
                    "Base pay: %(hours)s h x %(rate)s = %(amount)s (regular hours of the "
                    "approved timesheet)"
                ),
                params={"hours": fmt(hours), "rate": fmt(rate, 4), "amount": fmt(amount)},
                quantity=hours,
                rate=rate,
                timesheet_id=slip.ts,
                taxable=True,
                insurable=True,
            )
        )
        return amount
    return _monthly_base_pay(slip, terms, days_worked)


def _monthly_base_pay(slip: _Payslip, terms: Terms, days_worked: Decimal) -> Decimal:
    """Base pay of a monthly salary: a line per contract in force in the period (one, unless
    the salary changed within it), each paying its salary for the days worked under it.
    Absences carry no dates here, so the days worked are shared among the contracts in
    proportion to their working days (the latest takes the rounding); without absences each
    contract gets exactly its own days. Earlier hourly contracts are not split out: the latest
    salary pays every day."""
    person = slip.person
    period_days = person.period_working_days
    if period_days <= 0:
        return ZERO
    employed = person.employed_working_days
    earlier = person.earlier
    if not all(e.terms.salary_basis == "monthly" for e in earlier):
        earlier = ()
    latest_days = employed - sum(e.working_days for e in earlier)
    spans = [*((e.terms, e.working_days) for e in earlier), (terms, latest_days)]
    total = allotted = ZERO
    for index, (span, span_days) in enumerate(spans):
        if index == len(spans) - 1:
            days = days_worked - allotted
        else:
            share = Decimal(span_days) * days_worked / employed if employed else ZERO
            days = share.quantize(CENT)
            allotted += days
        salary = span.monthly_salary or ZERO
        amount = money(salary * days / period_days)
        total += amount
        params = {
            "salary": fmt(salary),
            "days": fmt(days),
            "period_days": period_days,
            "amount": fmt(amount),
        }
        if len(spans) == 1:
            explanation = gettext_noop(
                "Base pay: %(salary)s x %(days)s days worked / %(period_days)s working days "
                "= %(amount)s"
            )
        else:
            explanation = gettext_noop(
                "Base pay under the contract from %(start)s: %(salary)s x %(days)s days "
                "worked / %(period_days)s working days = %(amount)s"
            )
            params = {"start": span.start.isoformat(), **params}
        slip.add(
            Line(
                kind=EARNING,
                code="base_pay",
                label=gettext_noop("Base pay"),
                amount=amount,
                explanation=explanation,
                params=params,
                quantity=days,
                rate=salary,
                taxable=True,
                insurable=True,
            )
        )
    return total


OVERTIME_LABELS = {
    "overtime_workday": (
        gettext_noop("Overtime on working days"),
        gettext_noop("Overtime on working days: %(hours)s h x %(rate)s x %(factor)s = %(amount)s"),
    ),
    "overtime_rest_day": (
        gettext_noop("Overtime on rest days"),
        gettext_noop("Overtime on rest days: %(hours)s h x %(rate)s x %(factor)s = %(amount)s"),
    ),
    "overtime_holiday": (
        gettext_noop("Overtime on public holidays"),
        gettext_noop(
            "Overtime on public holidays: %(hours)s h x %(rate)s x %(factor)s = %(amount)s"
        ),
    ),
    "overtime_summarised": (
        gettext_noop("Overtime, summarised accounting"),
        gettext_noop(
            "Overtime, summarised accounting: %(hours)s h x %(rate)s x %(factor)s = %(amount)s"
        ),
    ),
}


def _time_lines(
    slip: _Payslip,
    rate: Decimal,
    minutes: Mapping[str, int],
    night_bonus: Decimal,
    correction: Correction | None,
) -> None:
    """Overtime by kind of day, night work, the night hours factor and holiday work: for the
    period, or for a correction carried in (then every line names the period it corrects)."""
    rules = slip.rules
    extra = {}
    if correction is not None:
        extra = {
            "corrects_start": correction.corrects_start,
            "corrects_end": correction.corrects_end,
        }
    for figure, rule_kind in OVERTIME_KINDS:
        value = minutes.get(figure, 0)
        if not value:
            continue
        hours = hours_of(value)
        premium = rules.value(rule_kind)
        factor = rate4(1 + premium.value / HUNDRED)
        amount = money(hours * rate * factor)
        label, sentence = OVERTIME_LABELS[figure]
        slip.add(
            _corrected(
                Line(
                    kind=EARNING,
                    code=figure,
                    label=label,
                    amount=amount,
                    explanation=sentence,
                    params={
                        "hours": fmt(hours),
                        "rate": fmt(rate, 4),
                        "factor": _factor(factor),
                        "amount": fmt(amount),
                    },
                    quantity=hours,
                    rate=rate,
                    factor=factor,
                    rules=_rule_ref("payrollrule", premium.row_id),
                    timesheet_id=slip.ts,
                    taxable=True,
                    insurable=True,
                    **extra,
                )
            )
        )
    night = minutes.get("night", 0)
    if night:
        hours = hours_of(night)
        amount_rule = rules.value("night_amount")
        amount = money(hours * amount_rule.value)
        if amount:
            slip.add(
                _corrected(
                    Line(
                        kind=EARNING,
                        code="night_work",
                        label=gettext_noop("Night work"),
                        amount=amount,
                        explanation=gettext_noop("Night work: %(hours)s h x %(rate)s = %(amount)s"),
                        params={
                            "hours": fmt(hours),
                            "rate": fmt(amount_rule.value, 4),
                            "amount": fmt(amount),
                        },
                        quantity=hours,
                        rate=amount_rule.value,
                        rules=_rule_ref("payrollrule", amount_rule.row_id),
                        timesheet_id=slip.ts,
                        taxable=True,
                        insurable=True,
                        **extra,
                    )
                )
            )
    if night_bonus:
        hours = hours_of(night_bonus)
        amount = money(hours * rate)
        if amount:
            slip.add(
                _corrected(
                    Line(
                        kind=EARNING,
                        code="night_factor",
                        label=gettext_noop("Night hours factor"),
                        amount=amount,
                        explanation=gettext_noop(
                            "Night hours factor: %(hours)s h added by the factor x %(rate)s "
                            "= %(amount)s"
                        ),
                        params={"hours": fmt(hours), "rate": fmt(rate, 4), "amount": fmt(amount)},
                        quantity=hours,
                        rate=rate,
                        timesheet_id=slip.ts,
                        taxable=True,
                        insurable=True,
                        **extra,
                    )
                )
            )
    holiday = minutes.get("holiday", 0) - minutes.get("overtime_holiday", 0)
    if holiday > 0:
        hours = hours_of(holiday)
        factor_rule = rules.value("holiday_work")
        premium = rate4(factor_rule.value - 1)
        amount = money(hours * rate * premium)
        if amount:
            slip.add(
                _corrected(
                    Line(
                        kind=EARNING,
                        code="holiday_work",
                        label=gettext_noop("Work on public holidays"),
                        amount=amount,
                        explanation=gettext_noop(
                            "Work on public holidays, premium: %(hours)s h x %(rate)s x "
                            "%(factor)s = %(amount)s (paid %(total)s times in all)"
                        ),
                        params={
                            "hours": fmt(hours),
                            "rate": fmt(rate, 4),
                            "factor": _factor(premium),
                            "total": _factor(factor_rule.value),
                            "amount": fmt(amount),
                        },
                        quantity=hours,
                        rate=rate,
                        factor=premium,
                        rules=_rule_ref("payrollrule", factor_rule.row_id),
                        timesheet_id=slip.ts,
                        taxable=True,
                        insurable=True,
                        **extra,
                    )
                )
            )


def _factor(value: Decimal) -> str:
    """A factor as short as it reads: 1.75, 2, 1.5."""
    text = f"{Decimal(value).normalize():f}"
    return text


def _corrected(line: Line) -> Line:
    if line.corrects_start is None:
        return line
    line.code = f"correction_{line.code}"
    line.label_params = {
        "line": line.label,
        "start": line.corrects_start.isoformat(),
        "end": line.corrects_end.isoformat() if line.corrects_end else "",
    }
    line.label = gettext_noop("%(line)s, correction for %(start)s to %(end)s")
    return line


def _correction_lines(slip: _Payslip, terms: Terms, rate: Decimal, correction: Correction) -> None:
    """A late change to an earlier, already paid timesheet: the difference, paid (or taken
    back) now on lines that name the period they correct."""
    minutes = dict(correction.minutes)
    if terms.salary_basis == "hourly" and minutes.get("regular"):
        hours = hours_of(minutes["regular"])
        amount = money(hours * rate)
        slip.add(
            _corrected(
                Line(
                    kind=EARNING,
                    code="base_pay",
                    label=gettext_noop("Base pay"),
                    amount=amount,
                    explanation=gettext_noop("Base pay: %(hours)s h x %(rate)s = %(amount)s"),
                    params={"hours": fmt(hours), "rate": fmt(rate, 4), "amount": fmt(amount)},
                    quantity=hours,
                    rate=rate,
                    timesheet_id=slip.ts,
                    taxable=True,
                    insurable=True,
                    corrects_start=correction.corrects_start,
                    corrects_end=correction.corrects_end,
                )
            )
        )
    _time_lines(slip, rate, minutes, Decimal(correction.night_bonus_minutes), correction)


def _service(slip: _Payslip, base_pay: Decimal) -> Decimal:
    years = slip.person.service_years
    if not years or not base_pay:
        return ZERO
    rule = slip.rules.value("service_percent")
    amount = money(base_pay * years * rule.value / HUNDRED)
    slip.add(
        Line(
            kind=EARNING,
            code="years_of_service",
            label=gettext_noop("Years of service"),
            amount=amount,
            explanation=gettext_noop(
                "Years of service: %(base)s x %(years)s years x %(rate)s%% = %(amount)s"
            ),
            params={
                "base": fmt(base_pay),
                "years": years,
                "rate": fmt(rule.value),
                "amount": fmt(amount),
            },
            quantity=Decimal(years),
            rate=rule.value,
            rules=_rule_ref("payrollrule", rule.row_id),
            taxable=True,
            insurable=True,
        )
    )
    return amount


def _leave_and_sick(
    slip: _Payslip,
    terms: Terms | None,
    worked_pay: Decimal,
    paid_leave: Decimal,
    sick: Decimal,
    unpaid: Decimal,
) -> Decimal:
    person = slip.person
    daily = person.average_daily
    if (paid_leave or sick) and daily is None:
        # No earlier month with enough days worked: the contract's daily pay stands in.
        salary = _basic_salary(terms)
        if terms is not None and terms.salary_basis == "hourly":
            rate = hourly_rate(terms) or ZERO
            salary = rate * terms.weekly_hours * 52 / 12
        daily = rate4(salary / person.period_working_days) if person.period_working_days else ZERO
        source = gettext_noop("the contract's daily pay")
        source_params: dict = {}
    else:
        source = gettext_noop("average daily pay of %(month)s")
        source_params = (
            {"month": person.average_month.strftime("%Y-%m")} if person.average_month else {}
        )
    if paid_leave:
        amount = money(paid_leave * daily)
        slip.add(
            Line(
                kind=EARNING,
                code="paid_leave",
                label=gettext_noop("Paid leave"),
                amount=amount,
                explanation=gettext_noop(
                    "Paid leave: %(days)s days x %(daily)s (%(source)s) = %(amount)s"
                ),
                params={
                    "days": fmt(paid_leave),
                    "daily": fmt(daily, 4),
                    "source": source,
                    "source_params": source_params,
                    "amount": fmt(amount),
                },
                quantity=paid_leave,
                rate=daily,
                timesheet_id=slip.ts,
                taxable=True,
                insurable=True,
            )
        )
    if sick:
        days_rule = slip.rules.value("sick_employer_days")
        percent_rule = slip.rules.value("sick_employer_percent")
        days = sick_employer_days(sick, person.time.sick_leaves, days_rule.value)
        amount = money(days * daily * percent_rule.value / HUNDRED)
        slip.add(
            Line(
                kind=EARNING,
                code="sick_employer",
                label=gettext_noop("Sick days paid by the employer"),
                amount=amount,
                explanation=gettext_noop(
                    "Sick days paid by the employer: %(days)s days x %(daily)s (%(source)s) x "
                    "%(percent)s%% = %(amount)s (the first %(first)s working days of each sick "
                    "leave); %(rest)s days paid by the social security institute"
                ),
                params={
                    "days": fmt(days),
                    "daily": fmt(daily, 4),
                    "source": source,
                    "source_params": source_params,
                    "percent": fmt(percent_rule.value),
                    "first": _factor(days_rule.value),
                    "rest": fmt(sick - days),
                    "amount": fmt(amount),
                },
                quantity=days,
                rate=daily,
                factor=rate4(percent_rule.value / HUNDRED),
                rules=_rule_ref("payrollrule", days_rule.row_id)
                + _rule_ref("payrollrule", percent_rule.row_id),
                timesheet_id=slip.ts,
                taxable=True,
                # The employer's sick pay is a benefit, not insurable income (verify).
                insurable=False,
            )
        )
    if unpaid:
        slip.add(
            Line(
                kind="info",
                code="unpaid_leave",
                label=gettext_noop("Unpaid leave"),
                amount=ZERO,
                explanation=gettext_noop("Unpaid leave: %(days)s days, not paid"),
                params={"days": fmt(unpaid)},
                quantity=unpaid,
                timesheet_id=slip.ts,
            )
        )
    return daily or ZERO


def sick_employer_days(sick: Decimal, leaves: Sequence[SickLeave], first: Decimal) -> Decimal:
    """The sick days the employer pays: the first ``first`` working days of each sick leave
    (Social Security Code art. 40(5)), less those a leave already took before the period. Sick
    days no leave accounts for count as one leave that began in the period."""
    paid = counted = Decimal(0)
    for leave in leaves:
        days = min(Decimal(leave.days), sick - counted)
        if days <= 0:
            break
        counted += days
        paid += min(days, max(first - Decimal(leave.days_before), Decimal(0)))
    if sick > counted:
        paid += min(sick - counted, first)
    return paid


def _entry_line(
    slip: _Payslip,
    entry: Entry,
    rate: Decimal | None,
    minutes: Mapping[str, int],
    bases: dict[str, Decimal],
) -> None:
    kind = {EARNING: EARNING, DEDUCTION: DEDUCTION, IN_KIND: IN_KIND}[entry.side]
    extra = {
        "kind": kind,
        "code": entry.code,
        "label": entry.name,
        "rules": _rule_ref("paycomponent", entry.component_id),
        "taxable": entry.taxable and kind != DEDUCTION,
        "insurable": entry.insurable and kind != DEDUCTION,
        "corrects_start": entry.corrects_start,
        "corrects_end": entry.corrects_end,
        "account": entry.account,
    }
    note = f" ({entry.note})" if entry.note else ""
    if entry.method == "fixed":
        amount = money(entry.amount or ZERO)
        line = Line(
            amount=amount,
            explanation=gettext_noop("%(name)s: fixed amount %(amount)s%(note)s"),
            params={"name": entry.name, "amount": fmt(amount), "note": note},
            **extra,
        )
    elif entry.method == "percent":
        base = bases.get(entry.base, slip.by_code.get(entry.base, ZERO))
        percent = entry.percent or ZERO
        amount = money(base * percent / HUNDRED)
        line = Line(
            amount=amount,
            explanation=gettext_noop(
                "%(name)s: %(percent)s%% of %(base_name)s %(base)s = %(amount)s%(note)s"
            ),
            params={
                "name": entry.name,
                "percent": fmt(percent),
                "base_name": entry.base,
                "base": fmt(base),
                "amount": fmt(amount),
                "note": note,
            },
            quantity=base,
            rate=percent,
            **extra,
        )
    elif entry.method == "hours":
        if entry.hours_figure:
            hours = hours_of(minutes.get(entry.hours_figure, 0))
        else:
            hours = entry.hours or ZERO
        unit = entry.rate if entry.rate is not None else (rate or ZERO)
        factor = entry.factor if entry.factor is not None else Decimal(1)
        amount = money(hours * unit * factor)
        line = Line(
            amount=amount,
            explanation=gettext_noop(
                "%(name)s: %(hours)s h x %(rate)s x %(factor)s = %(amount)s%(note)s"
            ),
            params={
                "name": entry.name,
                "hours": fmt(hours),
                "rate": fmt(unit, 4),
                "factor": _factor(factor),
                "amount": fmt(amount),
                "note": note,
            },
            quantity=hours,
            rate=unit,
            factor=factor,
            timesheet_id=slip.ts if entry.hours_figure else None,
            **extra,
        )
    else:
        return
    slip.add(line)


def _insurable(slip: _Payslip, base: Decimal, insured_days: Decimal) -> Decimal:
    """Gross insurable pay floored by the minimum insurable income (pro rata for the days
    insured) and capped at the maximum insurable income."""
    rules = slip.rules
    person = slip.person
    cap = rules.value("max_insurable_income")
    minimum = rules.minimum(person.activity, person.occupation)
    floor = ZERO
    if minimum is not None and person.period_working_days and base > 0:
        floor = money(minimum.value * insured_days / person.period_working_days)
    value = min(max(base, floor), cap.value)
    if value < 0:
        value = ZERO
    refs = _rule_ref("payrollrule", cap.row_id)
    if minimum is not None:
        refs += _rule_ref("minimuminsurableincome", minimum.row_id)
    slip.add(
        Line(
            kind="info",
            code="insurable_income",
            label=gettext_noop("Insurable income"),
            amount=value,
            explanation=gettext_noop(
                "Insurable income: insurable pay %(base)s, at least %(floor)s (minimum "
                "insurable income for the days insured), at most %(cap)s (maximum insurable "
                "income) = %(amount)s"
            ),
            params={
                "base": fmt(base),
                "floor": fmt(floor),
                "cap": fmt(cap.value),
                "amount": fmt(value),
            },
            quantity=base,
            rules=refs,
        )
    )
    return value


def _contribution(
    slip: _Payslip, fund: FundRate, insurable: Decimal, *, employee: bool, cap: RuleValue
) -> Decimal:
    rate = fund.employee_rate if employee else fund.employer_rate
    amount = money(insurable * rate / HUNDRED)
    label = FUND_NAMES.get(fund.fund, fund.fund)
    if employee:
        kind = "employee_contribution"
        title = gettext_noop("%(fund)s, employee")
        sentence = gettext_noop("%(fund)s, employee's share: %(base)s x %(rate)s%% = %(amount)s")
    else:
        kind = "employer_contribution"
        title = gettext_noop("%(fund)s, employer")
        sentence = gettext_noop("%(fund)s, employer's share: %(base)s x %(rate)s%% = %(amount)s")
    slip.add(
        Line(
            kind=kind,
            code=f"{fund.fund}_{'employee' if employee else 'employer'}",
            label=title,
            label_params={"fund": label},
            amount=amount,
            explanation=sentence,
            params={
                "fund": label,
                "base": fmt(insurable),
                "rate": fmt(rate, 2),
                "amount": fmt(amount),
            },
            quantity=insurable,
            rate=rate,
            rules=_rule_ref("contributionrate", fund.row_id)
            + (_rule_ref("payrollrule", cap.row_id) if fund.capped else []),
            fund=fund.fund,
            account=fund.account,
        )
    )
    return amount


def service_years(*, hire_date: date, prior_months: int, on: date) -> int:
    """Whole years of service on ``on``: the months recorded before hiring plus those since."""
    months = (on.year - hire_date.year) * 12 + (on.month - hire_date.month)
    if on.day < hire_date.day:
        months -= 1
    total = max(months, 0) + prior_months
    return int(Decimal(total / 12).to_integral_value(rounding=ROUND_FLOOR))


def born_before_1960(birth: date | None) -> bool:
    return birth is not None and birth.year < 1960


def totals(results: Iterable[Result]) -> dict[str, Decimal]:
    keys = (
        "gross",
        "employee_contributions",
        "employer_contributions",
        "tax",
        "deductions",
        "net",
        "cost",
    )
    sums = dict.fromkeys(keys, ZERO)
    for result in results:
        for key in keys:
            sums[key] += getattr(result, key)
    return sums
