"""What an approver needs beside each pending request: who else in the team is away then, what
the balance is once this request is taken, and what it does to the schedule (apps above HR say,
through the registry). Bounded by the page: one query for everyone away, a balance and the
schedule's lines per request listed."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from backoffice.models import User
from backoffice.registry import registry
from hr.models import LeaveRequest
from hr.selectors.leave import away_between, leave_balance


@dataclass(frozen=True)
class ApprovalRow:
    request: LeaveRequest
    also_away: list[LeaveRequest]
    left_after: Decimal | None  # None: the type is not counted against an allowance
    impact: list[str]


def approval_rows(*, viewer: User, requests: list[LeaveRequest]) -> list[ApprovalRow]:
    if not requests:
        return []
    start = min(r.start_date for r in requests)
    end = max(r.end_date for r in requests)
    away = list(away_between(viewer=viewer, start=start, end=end))
    rows = []
    for request in requests:
        others = [
            leave
            for leave in away
            if leave.employee_id != request.employee_id
            and leave.employee.department_id == request.employee.department_id
            and leave.start_date <= request.end_date
            and leave.end_date >= request.start_date
        ]
        left = None
        if request.leave_type.counts_against_allowance:
            balance = leave_balance(
                employee=request.employee, leave_type=request.leave_type, as_of=request.start_date
            )
            left = balance.available
        rows.append(
            ApprovalRow(
                request=request,
                also_away=others,
                left_after=left,
                impact=registry.leave_impact_for(request),
            )
        )
    return rows
