"""The calendar tells official holidays (Labour Code art. 154(1)) from substitute rest days
(art. 154(2)) and one-off non-working days declared by the government. Days generated earlier
from the holiday table were all stored as holidays: they are sorted by the table's names."""

from django.db import migrations, models

KINDS = [
    ("holiday", "Official holiday"),
    ("substitute", "Substitute rest day"),
    ("non_working", "Non-working day by government decision"),
    ("working", "Working day"),
]


def sort_days(apps, schema_editor):
    CalendarDay = apps.get_model("hr", "CalendarDay")
    for entry in CalendarDay.objects.filter(kind="holiday"):
        name = entry.name.casefold()
        if "неприсъствен ден" in name:
            kind = "non_working"
        elif "(почивен ден)" in name:
            kind = "substitute"
        else:
            continue
        CalendarDay.objects.filter(pk=entry.pk).update(kind=kind)


class Migration(migrations.Migration):
    dependencies = [("hr", "0007_employee_photo")]

    operations = [
        migrations.AlterField(
            model_name="calendarday",
            name="kind",
            field=models.CharField(
                choices=KINDS, default="holiday", max_length=12, verbose_name="kind"
            ),
        ),
        migrations.AlterField(
            model_name="historicalcalendarday",
            name="kind",
            field=models.CharField(
                choices=KINDS, default="holiday", max_length=12, verbose_name="kind"
            ),
        ),
        migrations.RunPython(sort_days, migrations.RunPython.noop),
    ]
