"""Payroll's rows of the role x URL matrix (tests/backoffice/test_matrix.py) and the records
they open: a posted run with Staff's payslip, a component. Pay is its own scope: payroll staff
(Finance, HR) see every page; Staff only their own posted payslip (others' ids answer 404);
a manager only the department totals; everyone else is refused the page (403)."""

from __future__ import annotations


def matrix_rows(Row, only, everyone, roles) -> list:
    R = roles
    pay = [R.FINANCE, R.HR]
    run = lambda ctx: [ctx["payroll_run"].pk]  # noqa: E731
    slip = lambda ctx: [ctx["payroll_slip"].pk]  # noqa: E731
    return [
        Row("payroll:dashboard", only(pay)),
        Row("payroll:department-cost", only([*pay, R.MANAGER])),
        Row("payroll:run-list", only(pay)),
        Row("payroll:run-create", only(pay)),
        Row("payroll:run-detail", only(pay), run),
        *(
            Row(f"payroll:run-{action}", everyone(405), run)
            for action in (
                "calculate",
                "review",
                "approve",
                "post",
                "reopen",
                "register",
                "payslips-pdf",
            )
        ),
        # No salary account is set in the matrix world: payroll staff are sent back with the
        # reason; nobody else reaches the file.
        Row("payroll:run-bank-file", only(pay, status=302), run),
        Row("payroll:run-declarations", only(pay), run),
        Row("payroll:payslip-detail", only(pay), slip),
        Row("payroll:payslip-pdf", only(pay), slip),
        Row("payroll:my-payslips", everyone(200)),
        Row("payroll:my-payslip", only([R.STAFF], others=404), slip),
        Row("payroll:my-payslip-pdf", only([R.STAFF], others=404), slip),
        Row("payroll:rule-list", only(pay)),
        Row("payroll:rule-create", only(pay), lambda ctx: ["rule"]),
        Row("payroll:rule-create", only(pay, status=404), lambda ctx: ["nothing"]),
        Row("payroll:rule-edit", only(pay), lambda ctx: ["rule", ctx["payroll_rule"].pk]),
        Row("payroll:settings", only(pay)),
        Row("payroll:component-list", only(pay)),
        Row("payroll:component-create", only(pay)),
        Row("payroll:component-edit", only(pay), lambda ctx: [ctx["payroll_component"].pk]),
        Row("payroll:oneoff-list", only(pay)),
        Row("payroll:oneoff-import", everyone(405)),
        Row("payroll:oneoff-delete", everyone(405), lambda ctx: [1]),
    ]


def matrix_world(staff) -> dict:
    from finance.payroll.models import PayComponent, PayrollRule, PayrollRun, Payslip
    from tests.payroll import surface

    posted = surface.paid_run(people=[staff], status=PayrollRun.Status.POSTED)
    component, _created = PayComponent.objects.get_or_create(
        code="matrix-bonus",
        defaults={"name": "Matrix bonus", "method": "fixed", "amount": "100.00"},
    )
    rule = PayrollRule.objects.first() or PayrollRule.objects.create(
        kind="minimum_wage", value="620.20", valid_from="2026-01-01", source="Matrix"
    )
    return {
        "payroll_rule": rule,
        "payroll_run": posted,
        "payroll_slip": Payslip.objects.get(run=posted, employee=staff),
        "payroll_component": component,
    }
