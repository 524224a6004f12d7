"""What finance holds about one person, for a subject-access export (the platform's personal-data
hook): their expense claims with each line and the decision on it. Payroll has its own provider;
ledger lines name departments and partners, not people."""

from __future__ import annotations

from typing import Any

from finance.models import ExpenseClaim
from hr.models import Employee


def personal_data(employee: Employee) -> dict[str, list[dict[str, Any]]]:
    claims = (
        ExpenseClaim.objects.filter(employee=employee)
        .prefetch_related("lines")
        .order_by("created_at", "pk")
    )
    rows, lines = [], []
    for claim in claims:
        rows.append(
            {
                "claim": claim.pk,
                "purpose": claim.title,
                "status": claim.get_status_display(),
                "total": claim.total,
                "submitted_at": claim.submitted_at,
                "decided_at": claim.decided_at,
                "comment": claim.decision_comment,
            }
        )
        lines.extend(
            {
                "claim": claim.pk,
                "date": line.spent_on,
                "what_for": line.description,
                "amount": line.amount,
                "receipt": line.receipt_name,
            }
            for line in claim.lines.all()
        )
    return {"expense_claims": rows, "expense_lines": lines}
