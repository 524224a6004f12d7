"""Existing leave types and balances under the country's leave law.

Every leave type gets a kind for payroll (paid annual, sick, unpaid, other). In a Bulgarian
organisation the paid annual leave types switch to the Labour Code's rules (whole year's right,
balances per year of origin expiring two years after their year, KT art. 155, 176a): the capped
carry-over is dropped and, where days had been carried over, the year they came from is tracked
instead, so its whole unused balance stays usable until it expires.
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

from hr.domain.leave import preset_sources

BULGARIA = {
    "accrual": "yearly",
    "increased_annual_days": Decimal(26),
    "qualifying_months": 4,
    "expires_after_years": 2,
    "part_time_full_share": Decimal("0.50"),
    "carry_over_max_days": Decimal(0),
    "carry_over_months": 0,
}


def _kind(leave_type) -> str:
    code = leave_type.code.upper()
    if leave_type.counts_against_allowance and leave_type.paid:
        return "annual"
    if "SICK" in code or "БОЛ" in leave_type.name.upper():
        return "sick"
    if not leave_type.paid:
        return "unpaid"
    return "other"


def _previous_year_start(year_start: date) -> date:
    return year_start.replace(year=year_start.year - 1)


def forward(apps, schema_editor):
    LeaveType = apps.get_model("hr", "LeaveType")
    LeaveEntitlement = apps.get_model("hr", "LeaveEntitlement")
    Organisation = apps.get_model("backoffice", "Organisation")
    organisation = Organisation.objects.filter(pk=1).first()
    country = organisation.country if organisation else "BG"
    for leave_type in LeaveType.objects.all():
        leave_type.kind = _kind(leave_type)
        fields = ["kind"]
        if country == "BG" and leave_type.kind == "annual":
            for name, value in BULGARIA.items():
                setattr(leave_type, name, value)
            leave_type.annual_days = max(leave_type.annual_days, Decimal(20))
            leave_type.legal_source = preset_sources("BG")
            fields += [*BULGARIA, "annual_days", "legal_source"]
            carried = LeaveEntitlement.objects.filter(leave_type=leave_type, carried_over__gt=0)
            for entitlement in carried:
                LeaveEntitlement.objects.get_or_create(
                    employee_id=entitlement.employee_id,
                    leave_type=leave_type,
                    year_start=_previous_year_start(entitlement.year_start),
                    defaults={"annual_days": entitlement.annual_days},
                )
            LeaveEntitlement.objects.filter(leave_type=leave_type).update(
                carried_over=Decimal(0), carry_over_expires=None
            )
        leave_type.save(update_fields=fields)


class Migration(migrations.Migration):
    dependencies = [
        ("hr", "0009_leave_rights_minors_egn"),
        ("backoffice", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
