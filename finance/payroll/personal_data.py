"""What payroll holds about one person, for a subject-access export (the platform's personal-data
hook): each payslip with its lines as the person sees them. Only runs that were posted are the
person's pay; drafts are payroll's working papers and stay out, as on the person's own page."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from finance.payroll.models import ComponentNames, PayrollRun, Payslip, PayslipLine
from hr.models import Employee


def personal_data(employee: Employee) -> dict[str, list[dict[str, Any]]]:
    slips = (
        Payslip.objects.filter(employee=employee, run__status=PayrollRun.Status.POSTED)
        .select_related("run")
        .prefetch_related(
            Prefetch("lines", queryset=PayslipLine.objects.order_by("position", "pk"))
        )
        .order_by("run__period_start", "pk")
    )
    payslips, lines = [], []
    names = ComponentNames()
    for slip in slips:
        period = f"{slip.run.period_start:%Y-%m-%d} – {slip.run.period_end:%Y-%m-%d}"
        payslips.append(
            {
                "period": period,
                "days_worked": slip.days_worked,
                "gross": slip.gross,
                "insurable": slip.insurable,
                "employee_contributions": slip.employee_contributions,
                "tax": slip.tax,
                "deductions": slip.deductions,
                "net": slip.net,
                "iban": slip.iban,
            }
        )
        for line in slip.lines.all():
            line.component_names = names
            lines.append(
                {
                    "period": period,
                    "line": str(line.label_text),
                    "explanation": str(line.explanation_text),
                    "amount": line.amount,
                }
            )
    return {"payslips": payslips, "payslip_lines": lines}
