"""The Bulgarian 2026 rules and the standard pay components (finance.payroll.domain.preset),
loaded once; ``payroll_rules_load_preset`` loads the same data again where rows are missing."""

from django.db import migrations


def forward(apps, schema_editor):
    from finance.payroll.domain.preset import (
        COMPONENTS,
        CONTRIBUTIONS_BG_2026,
        FROM_2026,
        MINIMUMS_BG_2026,
        RULES_BG_2026,
    )

    ContributionRate = apps.get_model("payroll", "ContributionRate")
    PayrollRule = apps.get_model("payroll", "PayrollRule")
    MinimumInsurableIncome = apps.get_model("payroll", "MinimumInsurableIncome")
    PayComponent = apps.get_model("payroll", "PayComponent")
    PayrollSettings = apps.get_model("payroll", "PayrollSettings")
    if not ContributionRate.objects.filter(country="BG").exists():
        for fund, variant, employee, employer, account, source in CONTRIBUTIONS_BG_2026:
            ContributionRate.objects.create(
                country="BG",
                fund=fund,
                variant=variant,
                employee_rate=employee,
                employer_rate=employer,
                liability_account=account,
                valid_from=FROM_2026,
                source=source,
            )
    if not PayrollRule.objects.filter(country="BG").exists():
        for kind, value, valid_from, valid_to, source in RULES_BG_2026:
            PayrollRule.objects.create(
                country="BG",
                kind=kind,
                value=value,
                valid_from=valid_from,
                valid_to=valid_to,
                source=source,
            )
    if not MinimumInsurableIncome.objects.filter(country="BG").exists():
        for activity, occupation, amount, source in MINIMUMS_BG_2026:
            MinimumInsurableIncome.objects.create(
                country="BG",
                activity=activity,
                occupation=occupation,
                amount=amount,
                valid_from=FROM_2026,
                source=source,
            )
    for code, name, name_bg, side, method, extra in COMPONENTS:
        PayComponent.objects.get_or_create(
            code=code,
            defaults={"name": name, "name_bg": name_bg, "side": side, "method": method, **extra},
        )
    PayrollSettings.objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("payroll", "0002_postgres_guards")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
