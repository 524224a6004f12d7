"""Builders for the tests of payroll's pages and files: a run with stored payslips and lines,
written straight to the tables (the calculation has its own tests), and posted by a status
update as the posting service leaves it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from finance.payroll.models import LineKind, PayrollRun, Payslip, PayslipLine
from tests.hr import factories as hr

D = Decimal
ONE = Decimal("1")

#: The BULGARIA.md worked example: gross 1,500.00 -> contributions 206.70, tax 129.33, net 1,163.97.
EXAMPLE = {
    "gross": D("1500.00"),
    "insurable": D("1500.00"),
    "employee_contributions": D("206.70"),
    "employer_contributions": D("283.80"),
    "taxable": D("1293.30"),
    "tax": D("129.33"),
    "deductions": D("0.00"),
    "net": D("1163.97"),
    "cost": D("1783.80"),
}
EMPLOYEE_FUNDS = [
    ("pension", D("98.70")),
    ("sickness", D("21.00")),
    ("unemployment", D("6.00")),
    ("upf", D("33.00")),
    ("health", D("48.00")),
]
EMPLOYER_FUNDS = [
    ("pension", D("123.30")),
    ("sickness", D("31.50")),
    ("unemployment", D("9.00")),
    ("upf", D("42.00")),
    ("health", D("72.00")),
    ("work_accident", D("4.50")),
    ("guaranteed", D("1.50")),
]


def run(*, start: date = date(2026, 11, 1), end: date = date(2026, 11, 30), **fields):
    return PayrollRun.objects.create(period_start=start, period_end=end, **fields)


def payslip(*, run: PayrollRun, employee, scale: Decimal = ONE, **fields) -> Payslip:
    figures = {k: (v * scale).quantize(D("0.01")) for k, v in EXAMPLE.items()}
    figures.update(fields)
    slip = Payslip.objects.create(
        run=run,
        employee=employee,
        department=employee.department,
        iban=employee.iban,
        days_worked=D("21"),
        **figures,
    )
    lines = [
        PayslipLine(
            payslip=slip,
            position=0,
            kind=LineKind.EARNING,
            code="base_pay",
            label="Base pay",
            amount=figures["gross"],
            explanation="Base pay: %(days)s of %(norm)s working days x %(salary)s = %(amount)s",
            explanation_params={
                "days": "21",
                "norm": "21",
                "salary": str(figures["gross"]),
                "amount": str(figures["gross"]),
            },
            taxable=True,
            insurable=True,
        )
    ]
    position = 1
    for kind, funds in (
        (LineKind.EMPLOYEE_CONTRIBUTION, EMPLOYEE_FUNDS),
        (LineKind.EMPLOYER_CONTRIBUTION, EMPLOYER_FUNDS),
    ):
        for fund, amount in funds:
            lines.append(
                PayslipLine(
                    payslip=slip,
                    position=position,
                    kind=kind,
                    code=f"{kind}_{fund}",
                    label="Contribution",
                    amount=(amount * scale).quantize(D("0.01")),
                    explanation="%(fund)s: %(base)s x %(rate)s%% = %(amount)s",
                    explanation_params={
                        "fund": fund,
                        "base": "1500.00",
                        "rate": "1",
                        "amount": str(amount),
                    },
                    fund=fund,
                )
            )
            position += 1
    lines.append(
        PayslipLine(
            payslip=slip,
            position=position,
            kind=LineKind.TAX,
            code="income_tax",
            label="Income tax",
            amount=figures["tax"],
            explanation="Income tax: (1500.00 - 206.70) x 10% = 129.33",
        )
    )
    PayslipLine.objects.bulk_create(lines)
    return slip


def paid_run(*, people, status=PayrollRun.Status.CALCULATED, **fields) -> PayrollRun:
    """A run with one payslip a person (the second person's pay is twice the example)."""
    made = run(**fields)
    total = {k: D("0.00") for k in EXAMPLE}
    for index, person in enumerate(people):
        slip = payslip(run=made, employee=person, scale=D(index + 1))
        for key in total:
            total[key] += getattr(slip, key)
    PayrollRun.objects.filter(pk=made.pk).update(
        status=status,
        headcount=len(people),
        gross=total["gross"],
        net=total["net"],
        tax=total["tax"],
        employee_contributions=total["employee_contributions"],
        employer_contributions=total["employer_contributions"],
        deductions=total["deductions"],
        cost=total["cost"],
    )
    made.refresh_from_db()
    return made


def people(count: int = 2, **fields):
    dept = hr.department(name="Кухня")
    ibans = ["BG18RZBB91550123456789", "BG16UNCR70001519562303", "BG89UNCR70001519562444"]
    return [
        hr.employee(dept=dept, iban=ibans[i % len(ibans)], last_name=f"Петров{i}", **fields)
        for i in range(count)
    ]
