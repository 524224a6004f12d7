"""Payroll's permissions by name, and the checks pages and selectors ask of a user.

Pay is its own visibility scope (DESIGN.md 6): payroll staff (Finance and HR) see everybody's
pay; a person sees their own payslips once the run is posted; a manager sees the labour cost
totals of their departments, never a person's pay.
"""

from __future__ import annotations

VIEW = "payroll.view_payroll"
MANAGE = "payroll.manage_payroll"
DEPARTMENT_COST = "payroll.view_department_cost"
CONFIGURE = "payroll.change_payrollrule"


def sees_payroll(user) -> bool:
    """Every run, payslip and figure (Finance, HR)."""
    return user.has_perm(VIEW)


def manages_payroll(user) -> bool:
    """Calculate, review, approve and post runs; one-off entries; rules and components."""
    return user.has_perm(MANAGE)


def sees_department_cost(user) -> bool:
    """A manager: labour cost totals of their own departments."""
    return user.has_perm(DEPARTMENT_COST)
