"""The Bulgarian 2026 payroll rules and the standard pay components, as plain data (loaded by
migration 0003 and by ``payroll_rules_load_preset``). Every figure comes from the project's
Bulgarian facts sheet (BULGARIA.md, "Payroll (2026)"); the source is written beside each row.
Figures the sheet marks "verify" say so in their source text."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

D = Decimal
FROM_2026 = date(2026, 1, 1)

CSSA = "Social Security Code (КСО) art. 6; Budget of the State Social Security Act 2026"
HIA = "Health Insurance Act (ЗЗО) art. 40; Budget of the National Health Insurance Fund Act 2026"
PITA = "Personal Income Tax Act (ЗДДФЛ) art. 48: 10%, on gross less mandatory contributions"

#: (fund, variant, employee %, employer %, liability account, source)
CONTRIBUTIONS_BG_2026 = [
    (
        "pension",
        "standard",
        D("6.58"),
        D("8.22"),
        "461",
        f"{CSSA}: pension 14.8% (born after 1959)",
    ),
    ("sickness", "standard", D("1.40"), D("2.10"), "461", f"{CSSA}: sickness and maternity 3.5%"),
    ("unemployment", "standard", D("0.40"), D("0.60"), "461", f"{CSSA}: unemployment 1%"),
    ("upf", "standard", D("2.20"), D("2.80"), "463", f"{CSSA} art. 157: universal pension fund 5%"),
    ("health", "standard", D("3.20"), D("4.80"), "462", f"{HIA}: health insurance 8%"),
    (
        "work_accident",
        "standard",
        D("0.00"),
        D("0.40"),
        "461",
        f"{CSSA}: work accident and occupational disease 0.4-1.1% by economic activity; "
        "0.4% preset, set the company's own rate",
    ),
    (
        "guaranteed",
        "standard",
        D("0.00"),
        D("0.10"),
        "461",
        "Labour Code Receivables Guarantee Act: 0.1%",
    ),
    (
        "pension",
        "before_1960",
        D("8.88"),
        D("10.92"),
        "461",
        f"{CSSA}: born before 1960, no UPF, pension 19.8% (employer 10.92, employee 8.88)",
    ),
    (
        "sickness",
        "before_1960",
        D("1.40"),
        D("2.10"),
        "461",
        f"{CSSA}: sickness and maternity 3.5%",
    ),
    ("unemployment", "before_1960", D("0.40"), D("0.60"), "461", f"{CSSA}: unemployment 1%"),
    ("health", "before_1960", D("3.20"), D("4.80"), "462", f"{HIA}: health insurance 8%"),
    (
        "work_accident",
        "before_1960",
        D("0.00"),
        D("0.40"),
        "461",
        f"{CSSA}: work accident and occupational disease 0.4-1.1% by economic activity; "
        "0.4% preset, set the company's own rate",
    ),
    (
        "guaranteed",
        "before_1960",
        D("0.00"),
        D("0.10"),
        "461",
        "Labour Code Receivables Guarantee Act: 0.1%",
    ),
]

#: (kind, value, valid_from, valid_to, source)
RULES_BG_2026 = [
    (
        "max_insurable_income",
        D("2111.64"),
        FROM_2026,
        date(2026, 7, 31),
        "Budget of the State Social Security Act 2026: EUR 2,111.64 a month at the start of 2026",
    ),
    (
        "max_insurable_income",
        D("2300.00"),
        date(2026, 8, 1),
        None,
        "Budget of the State Social Security Act 2026: rise to EUR 2,300 planned from "
        "1 August 2026 (verify before the August run)",
    ),
    ("income_tax_rate", D("10"), FROM_2026, None, PITA),
    (
        "minimum_wage",
        D("620.20"),
        FROM_2026,
        None,
        "Council of Ministers decree on the minimum wage: EUR 620.20 a month from 1 January 2026",
    ),
    (
        "night_amount",
        D("0.9303"),
        FROM_2026,
        None,
        "Regulation on the structure and organisation of pay (НСОРЗ) art. 8: at least 0.15% of "
        "the minimum wage per night hour (620.20 x 0.15% = 0.9303; verify the current amount)",
    ),
    (
        "overtime_workday",
        D("50"),
        FROM_2026,
        None,
        "Labour Code art. 262(1)1: at least +50% on working days",
    ),
    (
        "overtime_rest_day",
        D("75"),
        FROM_2026,
        None,
        "Labour Code art. 262(1)2: at least +75% on rest days",
    ),
    (
        "overtime_holiday",
        D("100"),
        FROM_2026,
        None,
        "Labour Code art. 262(1)3: at least +100% on public holidays",
    ),
    (
        "overtime_summarised",
        D("50"),
        FROM_2026,
        None,
        "Labour Code art. 262(1)4: at least +50% under summarised working time",
    ),
    (
        "holiday_work",
        D("2"),
        FROM_2026,
        None,
        "Labour Code art. 264: work on a public holiday at least double",
    ),
    (
        "service_percent",
        D("0.6"),
        FROM_2026,
        None,
        "НСОРЗ art. 12: at least 0.6% of the basic salary for each year of service (verify)",
    ),
    (
        "sick_employer_percent",
        D("70"),
        FROM_2026,
        None,
        "Social Security Code art. 40(5): the employer pays 70% of the average daily gross pay "
        "for the first three working days (verify)",
    ),
    (
        "sick_employer_days",
        D("3"),
        FROM_2026,
        None,
        "Social Security Code art. 40(5): the first three working days of sick leave (verify)",
    ),
    (
        "leave_min_days",
        D("10"),
        FROM_2026,
        None,
        "Labour Code art. 177: the last calendar month with at least 10 working days worked "
        "(verify)",
    ),
]

#: (activity, occupation, amount, source): only the default row; enter the published table by
#: activity and occupation group as rows of their own.
MINIMUMS_BG_2026 = [
    (
        "",
        "",
        D("620.20"),
        "Default floor: the minimum wage of 2026 (EUR 620.20), until the minimum insurable "
        "income table by activity and occupation (Budget of the State Social Security Act 2026, "
        "annex) is entered",
    ),
]

#: (code, name, name_bg, side, method, extra) standard components (computed by the engine) and
#: examples of the company's own.
COMPONENTS = [
    ("base_pay", "Base pay", "Основна заплата", "earning", "standard", {"order": 10}),
    (
        "overtime_workday",
        "Overtime on working days",
        "Извънреден труд в работни дни",
        "earning",
        "standard",
        {"order": 20},
    ),
    (
        "overtime_rest_day",
        "Overtime on rest days",
        "Извънреден труд в почивни дни",
        "earning",
        "standard",
        {"order": 21},
    ),
    (
        "overtime_holiday",
        "Overtime on public holidays",
        "Извънреден труд в празнични дни",
        "earning",
        "standard",
        {"order": 22},
    ),
    (
        "overtime_summarised",
        "Overtime, summarised accounting",
        "Извънреден труд при сумирано изчисляване",
        "earning",
        "standard",
        {"order": 23},
    ),
    ("night_work", "Night work", "Нощен труд", "earning", "standard", {"order": 30}),
    (
        "night_factor",
        "Night hours factor",
        "Превръщане на нощни часове",
        "earning",
        "standard",
        {"order": 31},
    ),
    (
        "holiday_work",
        "Work on public holidays",
        "Труд в празнични дни",
        "earning",
        "standard",
        {"order": 32},
    ),
    (
        "years_of_service",
        "Years of service",
        "Клас прослужено време",
        "earning",
        "standard",
        {"order": 40},
    ),
    ("paid_leave", "Paid leave", "Платен отпуск", "earning", "standard", {"order": 50}),
    (
        "sick_employer",
        "Sick days paid by the employer",
        "Болнични за сметка на работодателя",
        "earning",
        "standard",
        {"order": 51, "insurable": False},
    ),
    (
        "unpaid_leave",
        "Unpaid leave",
        "Неплатен отпуск",
        "earning",
        "standard",
        {"order": 52, "taxable": False, "insurable": False},
    ),
    ("bonus", "Bonus", "Бонус", "earning", "fixed", {"order": 60}),
    ("meal_vouchers", "Meal vouchers", "Ваучери за храна", "in_kind", "fixed", {"order": 70}),
    ("advance", "Advance paid", "Аванс", "deduction", "fixed", {"order": 80, "account": "425"}),
    ("garnishment", "Garnishment", "Запор", "deduction", "fixed", {"order": 81, "account": "425"}),
]
