"""What HR tells the departments above it: a signal per fact and, beside it, its typed payload.

Services send them through ``backoffice.services.action_record(event=...)``, after the commit;
receivers get the payload as ``payload=`` (ids and dates only) and enqueue a task of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from django.dispatch import Signal

from backoffice.events import DomainEvent

employee_hired = Signal()
employee_left = Signal()
leave_approved = Signal()
leave_cancelled = Signal()


@dataclass(frozen=True)
class EmployeeHired(DomainEvent):
    signal: ClassVar[Signal] = employee_hired
    employee_id: int


@dataclass(frozen=True)
class EmployeeLeft(DomainEvent):
    """The last working day was set (or moved); it may still be ahead."""

    signal: ClassVar[Signal] = employee_left
    employee_id: int
    last_day: date


@dataclass(frozen=True)
class LeaveApproved(DomainEvent):
    signal: ClassVar[Signal] = leave_approved
    request_id: int
    employee_id: int
    start_date: date
    end_date: date


@dataclass(frozen=True)
class LeaveCancelled(DomainEvent):
    """Approved leave was cancelled before it started (a pending request's cancellation is not news)."""

    signal: ClassVar[Signal] = leave_cancelled
    request_id: int
    employee_id: int
    start_date: date
    end_date: date
