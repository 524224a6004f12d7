"""Pay components as data, recurring assignments, one-off entries and their import.

A component is a fixed amount, a percentage of a named base or hours x rate x factor; its base
must exist. A one-off entry is refused for somebody not employed in its period. An import
writes every row or none."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from backoffice.services import action_record
from finance.payroll.audit import PayrollAudit
from finance.payroll.domain.engine import BASES, HOURS_FIGURES
from finance.payroll.models import (
    ComponentAssignment,
    Method,
    OneOffEntry,
    PayComponent,
    PayrollRun,
    Payslip,
    Side,
)
from finance.services.chart import RowError, read_rows
from hr.selectors import employee_choices, employees_employed_between

UNKNOWN_BASE = _("There is no base or component “%(base)s”; choose one of the list.")
SELF_BASE = _("A component cannot be a percentage of itself.")
NET_EARNING = _("Only a deduction can be a percentage of net pay.")
NEEDS_AMOUNT = _("Enter the amount.")
NEEDS_PERCENT = _("Enter the percentage.")
NEEDS_HOURS = _("Enter the hours, or choose the timesheet figure to read them from.")
UNKNOWN_FIGURE = _("There is no timesheet figure “%(figure)s”.")
NEGATIVE = _("A rate cannot be negative.")
NOT_NUMBER = _("Enter a number.")
NOT_EMPLOYED = _("%(name)s is not employed between %(start)s and %(end)s.")
STANDARD = _("Standard components are computed by payroll; choose a company component.")
INACTIVE = _("This component is no longer in use.")
PAID = _("A posted run already paid this period; enter a correction in the next period instead.")
ENDS_BEFORE = _("The row ends before it starts.")
UNKNOWN_EMPLOYEE = _("There is no employee with the number “%(number)s”.")
UNKNOWN_COMPONENT = _("There is no component “%(code)s”.")
AMBIGUOUS_NAME = _("More than one component is named “%(name)s”; use its code.")
NOT_POSITIVE = _(
    "Enter an amount above zero; the component decides whether it is paid or deducted."
)
CORRECTS_LATER = _("A correction can only correct an earlier month than its own.")
CORRECTS_BOTH = _("Give both the start and the end of the period corrected.")
ENTRY_PAID = _(
    "A posted run has already paid this entry, so it cannot be deleted; "
    "enter a correction in a later month instead."
)
CODE_TAKEN = _("Another component already has this code.")


class OneOffImportError(Exception):
    """An import refused as a whole: every row's problem, nothing written."""

    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


def _number(
    raw: Any, key: str, errors: dict, *, negative: bool = False, required: bool = False
) -> Decimal | None:
    if raw in (None, ""):
        if required:
            errors[key] = ValidationError(_("This field is required."))
        return None
    if isinstance(raw, float):
        errors[key] = ValidationError(NOT_NUMBER)
        return None
    if isinstance(raw, Decimal):
        value = raw
    else:
        try:
            value = Decimal(str(raw).strip().replace(" ", "").replace(",", "."))
        except InvalidOperation:
            errors[key] = ValidationError(NOT_NUMBER)
            return None
    if not value.is_finite():
        errors[key] = ValidationError(NOT_NUMBER)
        return None
    if value < 0 and not negative:
        errors[key] = ValidationError(NEGATIVE)
        return None
    return value


def component_base_check(component: PayComponent, errors: dict) -> None:
    if component.method != Method.PERCENT:
        return
    base = (component.base or "").strip()
    if not base:
        errors["base"] = ValidationError(_("A percentage needs a base."))
    elif base == component.code:
        errors["base"] = ValidationError(SELF_BASE)
    elif base not in BASES and not PayComponent.objects.filter(code=base).exists():
        errors["base"] = ValidationError(UNKNOWN_BASE, params={"base": base})
    elif base == "net" and component.side != Side.DEDUCTION:
        errors["base"] = ValidationError(NET_EARNING)


@transaction.atomic
def component_save(
    *, data: dict[str, Any], instance: PayComponent | None = None, actor=None
) -> PayComponent:
    """Save a company component; the method's own fields are required, the base must exist.
    Nothing typed is ever executed: a base is a name from a closed list or a component code."""
    errors: dict = {}
    component = instance or PayComponent()
    if component.pk and component.method == Method.STANDARD:
        # Standard components: only the name, the order and the flags may change.
        for key in ("name", "name_bg", "order", "active"):
            if key in data:
                setattr(component, key, data[key])
        component.save()
        return component
    for key in ("code", "name", "name_bg", "side", "method", "base", "hours_figure", "account"):
        if key in data:
            setattr(
                component,
                key,
                (data[key] or "").strip() if isinstance(data[key], str) else data[key],
            )
    for key in ("taxable", "insurable", "recurring", "active"):
        if key in data:
            setattr(component, key, bool(data[key]))
    if "order" in data and data["order"] not in (None, ""):
        component.order = int(data["order"])
    component.amount = _number(data.get("amount"), "amount", errors)
    component.percent = _number(data.get("percent"), "percent", errors)
    component.rate = _number(data.get("rate"), "rate", errors)
    component.factor = _number(data.get("factor"), "factor", errors)
    if not component.code:
        errors["code"] = ValidationError(_("This field is required."))
    elif PayComponent.objects.filter(code=component.code).exclude(pk=component.pk).exists():
        errors["code"] = ValidationError(CODE_TAKEN)
    if not component.name:
        errors["name"] = ValidationError(_("This field is required."))
    if component.side not in Side.values:
        errors["side"] = ValidationError(_("Choose a side."))
    if component.method not in (Method.FIXED, Method.PERCENT, Method.HOURS):
        errors["method"] = ValidationError(STANDARD)
    if (
        component.method == Method.HOURS
        and component.hours_figure
        and component.hours_figure not in HOURS_FIGURES
    ):
        errors["hours_figure"] = ValidationError(
            UNKNOWN_FIGURE, params={"figure": component.hours_figure}
        )
    if component.method != Method.PERCENT:
        component.base = ""
    component_base_check(component, errors)
    if errors:
        raise ValidationError(errors)
    component.save()
    action_record(
        kind=PayrollAudit.COMPONENT_SAVED,
        summary=gettext_noop("Pay component saved: %(name)s"),
        params={"name": component.name},
        actor=actor,
        target=component,
    )
    return component


def _value_errors(component: PayComponent, amount, percent, hours, errors: dict) -> None:
    if component.method == Method.FIXED and amount is None and component.amount is None:
        errors["amount"] = ValidationError(NEEDS_AMOUNT)
    if component.method == Method.PERCENT and percent is None and component.percent is None:
        errors["percent"] = ValidationError(NEEDS_PERCENT)
    if component.method == Method.HOURS and hours is None and not component.hours_figure:
        errors["hours"] = ValidationError(NEEDS_HOURS)


def _usable(component: PayComponent | None, errors: dict) -> None:
    if component is None:
        errors["component"] = ValidationError(_("This field is required."))
    elif component.method == Method.STANDARD:
        errors["component"] = ValidationError(STANDARD)
    elif not component.active:
        errors["component"] = ValidationError(INACTIVE)


@transaction.atomic
def assignment_save(
    *, data: dict[str, Any], instance: ComponentAssignment | None = None, actor=None
) -> ComponentAssignment:
    errors: dict = {}
    row = instance or ComponentAssignment()
    component = data.get("component") or (row.component if row.component_id else None)
    employee = data.get("employee") or (row.employee if row.employee_id else None)
    _usable(component, errors)
    if employee is None:
        errors["employee"] = ValidationError(_("This field is required."))
    amount = _number(data.get("amount"), "amount", errors)
    percent = _number(data.get("percent"), "percent", errors)
    hours = _number(data.get("hours"), "hours", errors)
    start, end = data.get("valid_from"), data.get("valid_to") or None
    if start is None:
        errors["valid_from"] = ValidationError(_("This field is required."))
    elif end is not None and end < start:
        errors["valid_to"] = ValidationError(ENDS_BEFORE)
    if component is not None and "component" not in errors:
        _value_errors(component, amount, percent, hours, errors)
    if errors:
        raise ValidationError(errors)
    row.component, row.employee = component, employee
    row.amount, row.percent, row.hours = amount, percent, hours
    row.valid_from, row.valid_to = start, end
    row.note = (data.get("note") or "")[:200]
    row.save()
    action_record(
        kind=PayrollAudit.ASSIGNMENT_SAVED,
        summary=gettext_noop("%(component)s set for %(name)s"),
        params={"component": component.name, "name": employee.full_name},
        actor=actor,
        target=row,
    )
    return row


def _employed(employee_ids: list[int], start: date, end: date) -> set[int]:
    people = employees_employed_between(
        among=[employee_choices(ids=employee_ids).values("pk")], start=start, end=end
    )
    return {p.pk for p in people}


def _positive(raw: Any, key: str, errors: dict) -> Decimal | None:
    """An entry's amount: empty, or a number above zero."""
    value = _number(raw, key, errors, negative=True)
    if value is not None and value <= 0:
        errors[key] = ValidationError(NOT_POSITIVE)
        return None
    return value


def _period_paid(start: date, end: date) -> bool:
    return PayrollRun.objects.filter(
        period_start=start,
        period_end=end,
        kind=PayrollRun.Kind.REGULAR,
        status=PayrollRun.Status.POSTED,
    ).exists()


@transaction.atomic
def one_off_save(
    *,
    employee,
    component: PayComponent | None,
    period_start: date,
    period_end: date,
    amount=None,
    hours=None,
    note: str = "",
    corrects_start: date | None = None,
    corrects_end: date | None = None,
    actor=None,
    instance: OneOffEntry | None = None,
) -> OneOffEntry:
    """A one-off amount (above zero: the component's side decides whether it is paid or
    deducted) or hours for one person and period; refused when the person is not employed in
    the period, a posted run paid it, or it "corrects" a period that is not earlier."""
    errors: dict = {}
    _usable(component, errors)
    value = _positive(amount, "amount", errors)
    quantity = _number(hours, "hours", errors)
    if value is None and quantity is None and "amount" not in errors and "hours" not in errors:
        if component is not None and component.method == Method.HOURS:
            errors["hours"] = ValidationError(NEEDS_HOURS)
        elif component is None or component.amount is None:
            errors["amount"] = ValidationError(NEEDS_AMOUNT)
        else:
            value = component.amount
    if period_end < period_start:
        errors["period_end"] = ValidationError(ENDS_BEFORE)
    if employee is None:
        errors["employee"] = ValidationError(_("This field is required."))
    elif period_end >= period_start and employee.pk not in _employed(
        [employee.pk], period_start, period_end
    ):
        errors["employee"] = ValidationError(
            NOT_EMPLOYED,
            params={
                "name": employee.full_name,
                "start": period_start.isoformat(),
                "end": period_end.isoformat(),
            },
        )
    if period_end >= period_start and _period_paid(period_start, period_end):
        errors["period_start"] = ValidationError(PAID)
    if (corrects_start is None) != (corrects_end is None):
        errors["corrects_start"] = ValidationError(CORRECTS_BOTH)
    elif corrects_start and corrects_end and corrects_end < corrects_start:
        errors["corrects_end"] = ValidationError(ENDS_BEFORE)
    elif corrects_start and corrects_start >= period_start:
        errors["corrects_start"] = ValidationError(CORRECTS_LATER)
    if errors:
        raise ValidationError(errors)
    entry = instance or OneOffEntry(created_by=actor)
    entry.employee, entry.component = employee, component
    entry.period_start, entry.period_end = period_start, period_end
    entry.amount, entry.hours = value, quantity
    entry.note = (note or "")[:200]
    entry.corrects_start, entry.corrects_end = corrects_start, corrects_end
    entry.save()
    action_record(
        kind=PayrollAudit.ONE_OFF_SAVED,
        summary=gettext_noop("%(component)s for %(name)s, %(start)s to %(end)s"),
        params={
            "component": component.name,
            "name": employee.full_name,
            "start": period_start,
            "end": period_end,
        },
        actor=actor,
        target=entry,
    )
    return entry


def _entry_paid(entry: OneOffEntry) -> bool:
    """Paid by a posted run: the regular run of its period, or a posted run of its period
    (a correction run) with a payslip for the person."""
    return (
        _period_paid(entry.period_start, entry.period_end)
        or Payslip.objects.filter(
            run__status=PayrollRun.Status.POSTED,
            run__period_start=entry.period_start,
            run__period_end=entry.period_end,
            employee_id=entry.employee_id,
        ).exists()
    )


@transaction.atomic
def one_off_delete(*, entry: OneOffEntry, actor=None) -> None:
    """Delete an entry no posted run has paid; audited like its entry."""
    entry = (
        OneOffEntry.objects.select_for_update()
        .select_related("employee", "component")
        .get(pk=entry.pk)
    )
    if _entry_paid(entry):
        raise ValidationError(ENTRY_PAID)
    action_record(
        kind=PayrollAudit.ONE_OFF_DELETED,
        summary=gettext_noop("One-off %(component)s for %(name)s, %(start)s to %(end)s, deleted"),
        params={
            "component": entry.component.name,
            "name": entry.employee.full_name,
            "start": entry.period_start,
            "end": entry.period_end,
        },
        actor=actor,
        target=entry,
    )
    entry.delete()


IMPORT_COLUMNS = ("employee_number", "component", "amount", "hours", "note")
AMBIGUOUS = object()


def _components_by_label() -> dict[str, Any]:
    """Every component by its code, English name and Bulgarian name, case-folded; a code wins
    over a name, and a name two components share is ``AMBIGUOUS``."""
    found: dict[str, Any] = {}
    rows = list(PayComponent.objects.all())
    for component in rows:
        found[component.code.casefold()] = component
    codes = set(found)
    for component in rows:
        for name in {component.name.strip().casefold(), component.name_bg.strip().casefold()}:
            if not name or name in codes:
                continue
            if found.get(name, component) is not component:
                found[name] = AMBIGUOUS
            else:
                found[name] = component
    return found


@transaction.atomic
def one_offs_import(*, upload, period_start: date, period_end: date, actor=None) -> int:
    """Import one-off entries from CSV or XLSX (columns ``employee_number``, ``component``,
    ``amount``, ``hours``, ``note``): every row is checked first; one bad row and nothing is
    written (``OneOffImportError`` lists every problem). The number of entries written."""
    rows = read_rows(upload, required=("employee_number", "component"))
    numbers = {values.get("employee_number", "") for _n, values in rows}
    people = {p.employee_number: p for p in employee_choices(numbers=numbers)}
    components = _components_by_label()
    employed = _employed([p.pk for p in people.values()], period_start, period_end)
    errors: list[RowError] = []
    if _period_paid(period_start, period_end):
        raise OneOffImportError([RowError(0, "file", str(PAID))])
    checked = []
    for number, values in rows:
        row_errors: dict = {}
        employee = people.get(values.get("employee_number", ""))
        if employee is None:
            errors.append(
                RowError(
                    number,
                    "employee_number",
                    str(UNKNOWN_EMPLOYEE % {"number": values.get("employee_number", "")}),
                )
            )
        elif employee.pk not in employed:
            errors.append(
                RowError(
                    number,
                    "employee_number",
                    str(
                        NOT_EMPLOYED
                        % {
                            "name": employee.full_name,
                            "start": period_start.isoformat(),
                            "end": period_end.isoformat(),
                        }
                    ),
                )
            )
        label = values.get("component", "")
        component = components.get(label.strip().casefold())
        if component is AMBIGUOUS:
            component = None
            errors.append(RowError(number, "component", str(AMBIGUOUS_NAME % {"name": label})))
        elif component is None:
            errors.append(RowError(number, "component", str(UNKNOWN_COMPONENT % {"code": label})))
        else:
            _usable(component, row_errors)
        amount = _positive(values.get("amount"), "amount", row_errors)
        hours = _number(values.get("hours"), "hours", row_errors)
        if amount is None and hours is None and not row_errors and component is not None:
            if component.method == Method.HOURS:
                row_errors["hours"] = ValidationError(NEEDS_HOURS)
            elif component.amount is None:
                row_errors["amount"] = ValidationError(NEEDS_AMOUNT)
            else:
                amount = component.amount
        for column, error in row_errors.items():
            errors.extend(RowError(number, column, str(m)) for m in error.messages)
        checked.append((employee, component, amount, hours, values.get("note", "")[:200]))
    if errors:
        raise OneOffImportError(errors)
    OneOffEntry.objects.bulk_create(
        [
            OneOffEntry(
                employee=employee,
                component=component,
                period_start=period_start,
                period_end=period_end,
                amount=amount,
                hours=hours,
                note=note,
                created_by=actor,
            )
            for employee, component, amount, hours, note in checked
        ]
    )
    action_record(
        kind=PayrollAudit.ONE_OFFS_IMPORTED,
        summary=gettext_noop("%(count)s one-off pay entries imported for %(start)s to %(end)s"),
        params={"count": len(checked), "start": period_start, "end": period_end},
        actor=actor,
    )
    return len(checked)
