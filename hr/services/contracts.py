from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from backoffice.models import User
from backoffice.services import action_record
from hr.audit import HrAudit
from hr.models import Employee, EmploymentContract
from hr.selectors import employee_lock

OVERLAP = _(
    "This overlaps the contract in force from %(start)s; only one contract can be in force on any day."
)
BEFORE_HIRE = _("A contract cannot start before the hire date (%(date)s).")
PAY_MISSING = _("Enter the pay for the chosen salary basis.")


@transaction.atomic
def contract_add(*, actor: User, employee: Employee, data: dict[str, Any]) -> EmploymentContract:
    """Add a contract. An open-ended contract in force before it ends the day before it starts."""
    employee_lock(employee_id=employee.pk)  # serialise contract changes per person
    contract = EmploymentContract(employee=employee, **data)
    if contract.salary_basis == EmploymentContract.SalaryBasis.MONTHLY:
        contract.hourly_rate = None
        if contract.amount is None:
            raise ValidationError({"amount": PAY_MISSING})
    else:
        contract.amount = None
        if contract.hourly_rate is None:
            raise ValidationError({"hourly_rate": PAY_MISSING})
    if contract.start < employee.hire_date:
        raise ValidationError(
            {"start": BEFORE_HIRE % {"date": date_format(employee.hire_date, "SHORT_DATE_FORMAT")}}
        )
    contract.full_clean()
    existing = EmploymentContract.objects.filter(employee=employee)
    open_before = existing.filter(end__isnull=True, start__lt=contract.start).first()
    if open_before is not None:
        open_before.end = contract.start - timedelta(days=1)
        open_before.save(update_fields=["end"])
    clash = existing.in_force_between(contract.start, contract.end or date.max).first()
    if clash is not None:
        raise ValidationError(
            {"start": OVERLAP % {"start": date_format(clash.start, "SHORT_DATE_FORMAT")}}
        )
    contract.save()
    action_record(
        kind=HrAudit.CONTRACT_ADDED,
        summary=gettext_noop("Contract from %(start)s added for %(name)s"),
        params={"start": contract.start.isoformat(), "name": employee.full_name},
        actor=actor,
        target=contract,
        data={"employee": employee.pk},
    )
    return contract
