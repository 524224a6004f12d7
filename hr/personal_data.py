"""What HR holds about one person, for a subject-access export (the platform's personal-data hook).

Every section is a list of rows of plain values (text, dates, Decimals, ids): the exporter decides
the file format. Documents are listed by their metadata; the files themselves travel separately.
"""

from __future__ import annotations

from typing import Any

from hr.models import Employee, EmployeeDocument, EmploymentContract, LeaveRequest

RECORD_FIELDS = (
    "employee_number",
    "first_name",
    "last_name",
    "date_of_birth",
    "national_id",
    "iban",
    "personal_email",
    "personal_phone",
    "address",
    "emergency_contact_name",
    "emergency_contact_phone",
    "work_email",
    "work_phone",
    "hire_date",
    "end_date",
    "end_reason",
    "notice_given_on",
    "status",
    "employment_type",
)


def personal_data(employee: Employee) -> dict[str, list[dict[str, Any]]]:
    record = {field: getattr(employee, field) for field in RECORD_FIELDS}
    record["department"] = employee.department.name
    record["position"] = employee.position.title if employee.position_id else ""
    record["manager"] = employee.manager.full_name if employee.manager_id else ""
    contracts = EmploymentContract.objects.filter(employee=employee).order_by("start", "id")
    leave = (
        LeaveRequest.objects.filter(employee=employee)
        .select_related("leave_type")
        .order_by("start_date", "id")
    )
    documents = EmployeeDocument.objects.filter(employee=employee).order_by("uploaded_at", "id")
    return {
        "record": [record],
        "contracts": [
            {
                "start": c.start,
                "end": c.end,
                "salary_basis": c.salary_basis,
                "amount": c.amount,
                "hourly_rate": c.hourly_rate,
                "weekly_hours": c.weekly_hours,
                "probation_end": c.probation_end,
                "notice_period_days": c.notice_period_days,
            }
            for c in contracts
        ],
        "leave": [
            {
                "leave_type": r.leave_type.name,
                "start_date": r.start_date,
                "end_date": r.end_date,
                "half_day": r.half_day,
                "days": r.days,
                "reason": r.reason,
                "status": r.status,
                "decided_at": r.decided_at,
                "decision_comment": r.decision_comment,
            }
            for r in leave
        ],
        "documents": [
            {
                "kind": d.kind,
                "title": d.title,
                "content_type": d.content_type,
                "expires_on": d.expires_on,
                "uploaded_at": d.uploaded_at,
            }
            for d in documents
        ],
    }
