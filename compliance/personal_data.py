"""What compliance holds about one person, for the subject-access export: their policy
acknowledgements and the findings about them."""

from __future__ import annotations

from typing import Any

from compliance.models import Acknowledgement, Finding
from hr.models import Employee


def personal_data(employee: Employee) -> dict[str, list[dict[str, Any]]]:
    acknowledgements = (
        Acknowledgement.objects.filter(employee=employee)
        .select_related("version__policy")
        .order_by("acknowledged_at", "pk")
    )
    findings = Finding.objects.filter(employee=employee).order_by("first_seen", "pk")
    return {
        "acknowledgements": [
            {
                "policy": a.version.policy.title,
                "version": a.version.number,
                "acknowledged_at": a.acknowledged_at,
            }
            for a in acknowledgements
        ],
        "findings": [
            {
                "finding": f.text,
                "state": f.get_state_display(),
                "first_seen": f.first_seen,
                "last_seen": f.last_seen,
            }
            for f in findings
        ],
    }
