"""The calculation engine on hand-computed payslips (no database): every expected figure is
worked out in the comment beside it, with its legal source (BULGARIA.md, Payroll 2026).

Rates (Social Security Code, Health Insurance Act; BULGARIA.md): employee pension 6.58, sickness
1.4, unemployment 0.4, UPF 2.2, health 3.2 (= 13.78 %); employer 8.22, 2.1, 0.6, 2.8, 4.8, work
accident 0.4, guaranteed receivables 0.1 (= 19.02 %). Born before 1960: no UPF, pension 8.88 /
10.92. Maximum insurable income EUR 2,111.64 (to 31 July 2026). Income tax 10 % of gross less the
employee's contributions. Every contribution line is rounded half up to the cent by itself.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from finance.payroll.domain.engine import (
    Correction,
    Entry,
    FundRate,
    Person,
    Rules,
    RuleValue,
    SickLeave,
    Terms,
    Time,
    calculate,
    service_years,
    sick_employer_days,
)
from finance.payroll.domain.preset import CONTRIBUTIONS_BG_2026, MINIMUMS_BG_2026, RULES_BG_2026

D = Decimal


def bg_rules(on: date = date(2026, 3, 31)) -> Rules:
    funds: dict = {}
    for n, (fund, variant, employee, employer, account, _source) in enumerate(
        CONTRIBUTIONS_BG_2026, start=1
    ):
        funds.setdefault(variant, []).append(FundRate(fund, employee, employer, True, account, n))
    values = {}
    for n, (kind, value, start, end, _source) in enumerate(RULES_BG_2026, start=100):
        if start <= on and (end is None or on <= end):
            values[kind] = RuleValue(value, n)
    minimums = {(a, o): RuleValue(amount, 200) for a, o, amount, _s in MINIMUMS_BG_2026}
    return Rules(funds=funds, values=values, minimums=minimums)


def person(
    salary: str = "1500.00",
    *,
    days: int = 21,
    employed: int | None = None,
    minutes: dict | None = None,
    night_bonus: str = "0",
    absences: dict | None = None,
    before_1960: bool = False,
    average: str | None = None,
    entries: tuple = (),
    years: int = 0,
    corrections: tuple = (),
    hourly: str | None = None,
    sick_leaves: tuple = (),
) -> Person:
    return Person(
        employee_id=1,
        department_id=1,
        born_before_1960=before_1960,
        terms=Terms(
            salary_basis="hourly" if hourly else "monthly",
            monthly_salary=None if hourly else D(salary),
            hourly_rate=D(hourly) if hourly else None,
            weekly_hours=D(40),
            start=date(2020, 1, 1),
            end=None,
        ),
        time=Time(
            approved=True,
            minutes=minutes or {},
            night_bonus_minutes=D(night_bonus),
            absences={k: D(v) for k, v in (absences or {}).items()},
            corrections=corrections,
            timesheet_id=77,
            sick_leaves=sick_leaves,
        ),
        period_working_days=days,
        employed_working_days=days if employed is None else employed,
        service_years=years,
        average_daily=D(average) if average else None,
        average_month=date(2026, 2, 1) if average else None,
        entries=entries,
    )


def amounts(result, kind: str) -> dict[str, Decimal]:
    return {line.code: line.amount for line in result.lines if line.kind == kind}


def sentence(line) -> str:
    return line.explanation % line.params


def test_the_worked_example_of_bulgaria_md():
    # Gross 1,500.00: employee 1,500 x 6.58 % = 98.70, x 1.4 % = 21.00, x 0.4 % = 6.00,
    # x 2.2 % = 33.00, x 3.2 % = 48.00 -> 206.70; tax (1,500.00 - 206.70) x 10 % = 129.33;
    # net 1,500.00 - 206.70 - 129.33 = 1,163.97 (BULGARIA.md worked example).
    result = calculate(person("1500.00"), bg_rules())

    assert (result.gross, result.employee_contributions, result.tax, result.net) == (
        D("1500.00"),
        D("206.70"),
        D("129.33"),
        D("1163.97"),
    )
    assert amounts(result, "employee_contribution") == {
        "pension_employee": D("98.70"),
        "sickness_employee": D("21.00"),
        "unemployment_employee": D("6.00"),
        "upf_employee": D("33.00"),
        "health_employee": D("48.00"),
    }
    # Employer: 123.30 + 31.50 + 9.00 + 42.00 + 72.00 + 6.00 + 1.50 = 285.30.
    assert result.employer_contributions == D("285.30")
    assert result.cost == D("1785.30")
    base = next(line for line in result.lines if line.code == "base_pay")
    assert sentence(base) == "Base pay: 1,500.00 x 21.00 days worked / 21 working days = 1,500.00"
    tax = next(line for line in result.lines if line.code == "income_tax")
    assert sentence(tax) == "Income tax: (1,500.00 - 206.70) x 10.00% = 129.33"
    pension = next(line for line in result.lines if line.code == "pension_employee")
    assert pension.rules == [
        {"table": "contributionrate", "id": 1},
        {"table": "payrollrule", "id": 100},
    ]


def test_gross_above_the_maximum_insurable_income():
    # Gross 3,000.00, insurable capped at 2,111.64: 2,111.64 x 6.58 % = 138.947912 -> 138.95;
    # x 1.4 % = 29.56296 -> 29.56; x 0.4 % = 8.44656 -> 8.45; x 2.2 % = 46.45608 -> 46.46;
    # x 3.2 % = 67.57248 -> 67.57; total 290.99. Tax has no cap: (3,000.00 - 290.99) x 10 %
    # = 270.901 -> 270.90. Net 3,000.00 - 290.99 - 270.90 = 2,438.11.
    result = calculate(person("3000.00"), bg_rules())

    assert result.insurable == D("2111.64")
    assert amounts(result, "employee_contribution") == {
        "pension_employee": D("138.95"),
        "sickness_employee": D("29.56"),
        "unemployment_employee": D("8.45"),
        "upf_employee": D("46.46"),
        "health_employee": D("67.57"),
    }
    assert (result.employee_contributions, result.tax, result.net) == (
        D("290.99"),
        D("270.90"),
        D("2438.11"),
    )


def test_born_before_1960_has_no_upf_and_the_larger_pension_share():
    # Pension 8.88 % of 1,500.00 = 133.20, sickness 21.00, unemployment 6.00, health 48.00
    # -> 208.20; tax (1,500.00 - 208.20) x 10 % = 129.18; net 1,162.62. Employer pension
    # 10.92 % = 163.80 + 31.50 + 9.00 + 72.00 + 6.00 + 1.50 = 283.80 (BULGARIA.md).
    result = calculate(person("1500.00", before_1960=True), bg_rules())

    assert "upf_employee" not in amounts(result, "employee_contribution")
    assert amounts(result, "employee_contribution")["pension_employee"] == D("133.20")
    assert (result.employee_contributions, result.tax, result.net) == (
        D("208.20"),
        D("129.18"),
        D("1162.62"),
    )
    assert result.employer_contributions == D("283.80")


def test_a_joiner_is_paid_for_the_working_days_employed():
    # 2,100.00 x 11 / 21 working days = 1,100.00. Employee 1,100 x 6.58 % = 72.38, 15.40, 4.40,
    # 24.20, 35.20 -> 151.58; tax (1,100.00 - 151.58) x 10 % = 94.842 -> 94.84; net 853.58.
    result = calculate(person("2100.00", employed=11), bg_rules())

    assert (result.gross, result.employee_contributions, result.tax, result.net) == (
        D("1100.00"),
        D("151.58"),
        D("94.84"),
        D("853.58"),
    )


def test_overtime_by_kind_of_day():
    # Hourly rate 1,600 x 12 / (40 x 52) = 9.230769 -> 9.2308 (HR's cost of an hour).
    # Labour Code art. 262: working day 2.00 h x 9.2308 x 1.5 = 27.6924 -> 27.69; rest day
    # 6.50 h x 9.2308 x 1.75 = 105.00035 -> 105.00; public holiday 4.00 h x 9.2308 x 2
    # = 73.8464 -> 73.85 (that holiday work is overtime: no second holiday premium).
    # Gross 1,806.54; employee 118.87 + 25.29 + 7.23 + 39.74 + 57.81 = 248.94; tax
    # (1,806.54 - 248.94) x 10 % = 155.76; net 1,401.84.
    minutes = {
        "overtime": 750,
        "overtime_workday": 120,
        "overtime_rest_day": 390,
        "overtime_holiday": 240,
        "holiday": 240,
    }
    result = calculate(person("1600.00", minutes=minutes), bg_rules())

    earnings = amounts(result, "earning")
    assert (
        earnings["overtime_workday"],
        earnings["overtime_rest_day"],
        earnings["overtime_holiday"],
    ) == (D("27.69"), D("105.00"), D("73.85"))
    assert "holiday_work" not in earnings
    assert (result.gross, result.employee_contributions, result.tax, result.net) == (
        D("1806.54"),
        D("248.94"),
        D("155.76"),
        D("1401.84"),
    )
    rest = next(line for line in result.lines if line.code == "overtime_rest_day")
    assert sentence(rest) == "Overtime on rest days: 6.50 h x 9.2308 x 1.75 = 105.00"
    assert rest.timesheet_id == 77
    assert rest.rules == [{"table": "payrollrule", "id": 106}]


def test_the_sentence_of_the_issue():
    # An hourly rate of 9.20: 6.50 h x 9.2000 x 1.75 = 104.65.
    result = calculate(person(hourly="9.20", minutes={"overtime_rest_day": 390}), bg_rules())

    rest = next(line for line in result.lines if line.code == "overtime_rest_day")
    assert sentence(rest) == "Overtime on rest days: 6.50 h x 9.2000 x 1.75 = 104.65"


def test_scheduled_work_on_a_public_holiday_is_paid_double():
    # 8.00 h of scheduled (not overtime) holiday work: the salary pays them once, the premium
    # once more (art. 264, "at least double"): 8.00 x 9.2308 x 1 = 73.8464 -> 73.85.
    result = calculate(person("1600.00", minutes={"holiday": 480}), bg_rules())

    assert amounts(result, "earning")["holiday_work"] == D("73.85")


def test_night_hours_with_the_factor():
    # 56.00 night hours x 0.9303 (0.15 % of the minimum wage 620.20, НСОРЗ art. 8) = 52.0968
    # -> 52.10. Summarised accounting converts night hours by 8/7: 3,360 min x 1/7 = 480 min
    # = 8.00 h more, paid at 9.2308 = 73.8464 -> 73.85. Gross 1,725.95; employee 113.57 +
    # 24.16 + 6.90 + 37.97 + 55.23 = 237.83; tax (1,725.95 - 237.83) x 10 % = 148.812 -> 148.81;
    # net 1,339.31.
    result = calculate(person("1600.00", minutes={"night": 3360}, night_bonus="480"), bg_rules())

    earnings = amounts(result, "earning")
    assert (earnings["night_work"], earnings["night_factor"]) == (D("52.10"), D("73.85"))
    assert (result.gross, result.employee_contributions, result.tax, result.net) == (
        D("1725.95"),
        D("237.83"),
        D("148.81"),
        D("1339.31"),
    )


def test_a_week_of_paid_leave_at_the_average_daily_pay():
    # 21 working days, 5 on paid leave: base 2,100.00 x 16 / 21 = 1,600.00; leave 5 x 100.0000
    # (average daily gross of February, Labour Code art. 177) = 500.00. Gross 2,100.00; employee
    # 138.18 + 29.40 + 8.40 + 46.20 + 67.20 = 289.38; tax (2,100.00 - 289.38) x 10 % = 181.062
    # -> 181.06; net 1,629.56.
    result = calculate(
        person("2100.00", absences={"paid_leave": "5"}, average="100.0000"), bg_rules()
    )

    earnings = amounts(result, "earning")
    assert (earnings["base_pay"], earnings["paid_leave"]) == (D("1600.00"), D("500.00"))
    assert (result.gross, result.employee_contributions, result.tax, result.net) == (
        D("2100.00"),
        D("289.38"),
        D("181.06"),
        D("1629.56"),
    )
    leave = next(line for line in result.lines if line.code == "paid_leave")
    assert leave.params["source"] == "average daily pay of %(month)s"
    assert leave.params["source_params"] == {"month": "2026-02"}
    assert result.worked_gross == D("1600.00")


def test_three_sick_days_paid_by_the_employer():
    # Base 2,100.00 x 18 / 21 = 1,800.00; sick 3 x 100.0000 x 70 % = 210.00 (Social Security
    # Code art. 40(5)), taxable, not insurable. Employee on 1,800.00: 118.44 + 25.20 + 7.20 +
    # 39.60 + 57.60 = 248.04; tax (2,010.00 - 248.04) x 10 % = 176.196 -> 176.20; net
    # 2,010.00 - 248.04 - 176.20 = 1,585.76.
    result = calculate(person("2100.00", absences={"sick": "3"}, average="100.0000"), bg_rules())

    assert amounts(result, "earning")["sick_employer"] == D("210.00")
    assert result.insurable == D("1800.00")
    assert (result.gross, result.employee_contributions, result.tax, result.net) == (
        D("2010.00"),
        D("248.04"),
        D("176.20"),
        D("1585.76"),
    )


def test_two_sick_leaves_in_one_month_each_pay_their_own_first_three_days():
    # Two sick leaves: 2 working days, then 4. The employer pays the first three working days of
    # each (Social Security Code art. 40(5)): 2 + 3 = 5 days, not min(6, 3) = 3.
    # Base 2,100.00 x 15 / 21 = 1,500.00; sick 5 x 100.0000 x 70 % = 350.00, the 6th day from
    # the institute. Employee on 1,500.00: 98.70 + 21.00 + 6.00 + 33.00 + 48.00 = 206.70; tax
    # (1,850.00 - 206.70) x 10 % = 164.33; net 1,850.00 - 206.70 - 164.33 = 1,478.97.
    leaves = (SickLeave(days=D(2)), SickLeave(days=D(4)))
    result = calculate(
        person("2100.00", absences={"sick": "6"}, average="100.0000", sick_leaves=leaves),
        bg_rules(),
    )

    line = next(line for line in result.lines if line.code == "sick_employer")
    assert (line.amount, line.quantity) == (D("350.00"), D(5))
    assert line.params["rest"] == "1.00"
    assert sentence(line) == (
        "Sick days paid by the employer: 5.00 days x 100.0000 (average daily pay of %(month)s) x "
        "70.00% = 350.00 (the first 3 working days of each sick leave); 1.00 days paid by the "
        "social security institute"
    )
    assert result.insurable == D("1500.00")
    assert (result.gross, result.employee_contributions, result.tax, result.net) == (
        D("1850.00"),
        D("206.70"),
        D("164.33"),
        D("1478.97"),
    )


def test_a_sick_leave_from_last_month_pays_only_the_rest_of_its_first_three_days():
    # A sick leave began on the last 2 working days of February and goes on for 5 working days
    # of March: 2 of its first three days were February's, so March's employer pays 1 day:
    # 1 x 100.0000 x 70 % = 70.00, the other 4 from the institute. Base 2,100.00 x 16 / 21 =
    # 1,600.00; employee on 1,600.00: 105.28 + 22.40 + 6.40 + 35.20 + 51.20 = 220.48; tax
    # (1,670.00 - 220.48) x 10 % = 144.952 -> 144.95; net 1,670.00 - 220.48 - 144.95 = 1,304.57.
    leaves = (SickLeave(days=D(5), days_before=D(2)),)
    result = calculate(
        person("2100.00", absences={"sick": "5"}, average="100.0000", sick_leaves=leaves),
        bg_rules(),
    )

    line = next(line for line in result.lines if line.code == "sick_employer")
    assert (line.amount, line.quantity, line.params["rest"]) == (D("70.00"), D(1), "4.00")
    assert (result.gross, result.employee_contributions, result.tax, result.net) == (
        D("1670.00"),
        D("220.48"),
        D("144.95"),
        D("1304.57"),
    )


def test_sick_employer_days_per_sick_leave():
    three = D(3)
    # A leave whose first three days all fell before the period: nothing from the employer.
    assert sick_employer_days(D(4), (SickLeave(D(4), D(5)),), three) == 0
    # Half a day, then a leave of 2 days continuing one that took 1 day before: 0.5 + 2.
    assert sick_employer_days(D("2.5"), (SickLeave(D("0.5")), SickLeave(D(2), D(1))), three) == (
        D("2.5")
    )
    # Sick days no leave accounts for count as one leave begun in the period.
    assert sick_employer_days(D(5), (), three) == three
    assert sick_employer_days(D(6), (SickLeave(D(2)),), three) == D(5)
    # The row's value, not a constant.
    assert sick_employer_days(D(6), (SickLeave(D(2)), SickLeave(D(4))), D(1)) == D(2)


def test_a_garnishment_comes_off_the_net_pay():
    # The worked example's net 1,163.97 less a garnishment of 200.00 = 963.97; contributions
    # and tax do not change.
    garnishment = Entry(
        component_id=9,
        code="garnishment",
        name="Garnishment",
        side="deduction",
        method="fixed",
        amount=D("200.00"),
        account="425",
    )
    result = calculate(person("1500.00", entries=(garnishment,)), bg_rules())

    assert (result.tax, result.deductions, result.net) == (D("129.33"), D("200.00"), D("963.97"))
    line = next(line for line in result.lines if line.code == "garnishment")
    assert (line.kind, line.rules) == ("deduction", [{"table": "paycomponent", "id": 9}])


def test_a_percentage_of_a_named_base_and_hours_times_rate_times_factor():
    # Bonus 10 % of base pay 1,500.00 = 150.00; standby 4.00 h x 5.0000 x 1.5 = 30.00.
    bonus = Entry(9, "bonus", "Bonus", "earning", "percent", percent=D("10"), base="base_pay")
    standby = Entry(
        10, "standby", "Standby", "earning", "hours", rate=D("5"), factor=D("1.5"), hours=D("4")
    )
    result = calculate(person("1500.00", entries=(bonus, standby)), bg_rules())

    earnings = amounts(result, "earning")
    assert (earnings["bonus"], earnings["standby"]) == (D("150.00"), D("30.00"))
    assert result.gross == D("1680.00")


def test_years_of_service():
    # НСОРЗ art. 12: 1,500.00 x 5 years x 0.6 % = 45.00.
    result = calculate(person("1500.00", years=5), bg_rules())

    assert amounts(result, "earning")["years_of_service"] == D("45.00")
    assert service_years(hire_date=date(2021, 3, 16), prior_months=6, on=date(2026, 3, 31)) == 5


def test_a_correction_is_paid_on_its_own_line_naming_the_period():
    # March's timesheet gained 2.00 h of working-day overtime after March was paid: April pays
    # 2.00 x 9.2308 x 1.5 = 27.69 on a line naming March; April's own overtime stays 0.
    correction = Correction(
        date(2026, 3, 1), date(2026, 3, 31), {"overtime": 120, "overtime_workday": 120}
    )
    result = calculate(
        person(
            "1600.00",
            minutes={"overtime": 120, "overtime_workday": 120},
            corrections=(correction,),
        ),
        bg_rules(),
    )

    lines = [line for line in result.lines if line.corrects_start]
    assert [(ln.code, ln.amount, ln.corrects_start) for ln in lines] == [
        ("correction_overtime_workday", D("27.69"), date(2026, 3, 1))
    ]
    assert "overtime_workday" not in amounts(result, "earning")
    assert lines[0].label % lines[0].label_params == (
        "Overtime on working days, correction for 2026-03-01 to 2026-03-31"
    )


def test_every_payslip_balances():
    # gross + employer = employee + employer + tax + deductions + net, to the cent.
    result = calculate(person("2345.67", minutes={"overtime_rest_day": 95}), bg_rules())

    assert result.gross == result.employee_contributions + result.tax + result.net


def test_contributions_are_floored_by_the_minimum_insurable_income():
    # Gross 400.00 for a full month; the minimum insurable income (default row: the minimum
    # wage 620.20) floors the insurable income: 620.20 x 21 / 21 = 620.20. Employee 620.20 x
    # 6.58 % = 40.80916 -> 40.81; x 1.4 % = 8.6828 -> 8.68; x 0.4 % = 2.4808 -> 2.48; x 2.2 %
    # = 13.6444 -> 13.64; x 3.2 % = 19.8464 -> 19.85 -> 85.46. Tax (400.00 - 85.46) x 10 %
    # = 31.454 -> 31.45; net 400.00 - 85.46 - 31.45 = 283.09.
    result = calculate(person("400.00"), bg_rules())

    assert (result.insurable, result.employee_contributions, result.tax, result.net) == (
        D("620.20"),
        D("85.46"),
        D("31.45"),
        D("283.09"),
    )


def test_the_minimum_of_the_persons_activity_and_occupation_comes_first():
    rules = bg_rules()
    table = {**rules.minimums, ("56", "5"): RuleValue(D("700.00"), 201)}
    rules = Rules(funds=rules.funds, values=rules.values, minimums=table)

    assert rules.minimum("56", "5") == RuleValue(D("700.00"), 201)
    assert rules.minimum("47", "9").value == D("620.20")  # the default row
