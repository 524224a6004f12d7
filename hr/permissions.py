"""HR's permissions by name, and the checks other code asks of a user.

Pages of every department ask whether someone sees everyone's records, manages a team or sees
pay; spelled once here, a renamed or regranted permission changes in one place.
"""

from __future__ import annotations

from backoffice.models import User

VIEW_EMPLOYEE = "hr.view_employee"
VIEW_TEAM = "hr.view_team"
VIEW_PAY = "hr.view_pay"
VIEW_DOCUMENTS = "hr.view_employeedocument"
VIEW_LEAVE = "hr.view_leaverequest"
DECIDE_LEAVE = "hr.change_leaverequest"
CHANGE_EMPLOYEE = "hr.change_employee"


def sees_everyone(user: User) -> bool:
    """HR and Finance: every person's work records (schedules, leave, timesheets)."""
    return user.has_perm(VIEW_EMPLOYEE)


def manages_team(user: User) -> bool:
    """The Manager role: the records of the people below one in the chain of managers."""
    return user.has_perm(VIEW_TEAM)


def sees_pay(user: User) -> bool:
    """Everyone's pay (HR, Finance); a manager never sees their reports' pay."""
    return user.has_perm(VIEW_PAY)


def sees_every_document(user: User) -> bool:
    """Every kind of every person's documents, health and identity included (HR only)."""
    return user.has_perm(VIEW_DOCUMENTS)


def sees_all_leave(user: User) -> bool:
    return user.has_perm(VIEW_LEAVE)


def decides_all_leave(user: User) -> bool:
    """HR decides and cancels anyone's leave; a manager only their reports'."""
    return user.has_perm(DECIDE_LEAVE)


def edits_employees(user: User) -> bool:
    return user.has_perm(CHANGE_EMPLOYEE)
