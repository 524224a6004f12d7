"""Working-time regimes (daily or summarised accounting, KT art. 139, 142), night shifts for the
norm (KT art. 141(2)), the overtime caps of KT art. 146 and the under-16 night (KT art. 140(1)).

Rule sets made from a Bulgarian preset take the law's values; approved timesheets, whose figures
are locked, keep them and gain the new buckets: their single overtime figure was counted above
daily and weekly thresholds, so it is kept as working-day overtime under the "thresholds" regime.
"""

import datetime

import django.core.validators
from django.db import migrations, models

BG = {
    "accounting": "daily",
    "night_conversion_min_minutes": 240,
    "overtime_year_minutes": 9000,
    "overtime_month_day_minutes": 1800,
    "overtime_month_night_minutes": 1200,
    "overtime_week_day_minutes": 360,
    "overtime_week_night_minutes": 240,
    "overtime_two_days_day_minutes": 180,
    "overtime_two_days_night_minutes": 120,
    "young_minor_night_start": datetime.time(20, 0),
}
BUCKETS = (
    "overtime_workday",
    "overtime_rest_day",
    "overtime_holiday",
    "overtime_summarised",
    "overtime_night",
)


def forwards(apps, schema_editor):
    Rules = apps.get_model("scheduling", "WorkingTimeRules")
    Rules.objects.filter(preset="bg").update(**BG)
    Rules.objects.filter(preset="bg_summarised").update(**{**BG, "accounting": "summarised"})
    Timesheet = apps.get_model("scheduling", "Timesheet")
    for sheet in Timesheet.objects.filter(status="approved").only("pk", "totals"):
        totals = dict(sheet.totals or {})
        if "regime" in totals:
            continue
        totals.update(dict.fromkeys(BUCKETS, 0))
        totals["overtime_workday"] = int(totals.get("overtime", 0))
        totals["regime"] = "thresholds"
        Timesheet.objects.filter(pk=sheet.pk).update(totals=totals)


def minutes_field(label):
    return models.PositiveIntegerField(blank=True, default=None, null=True, verbose_name=label)


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0006_shift_unpublished_changes")]

    operations = [
        migrations.AddField(
            model_name="workingtimerules",
            name="accounting",
            field=models.CharField(
                choices=[
                    ("thresholds", "Overtime above daily and weekly thresholds"),
                    ("daily", "Daily: overtime beyond the person's schedule"),
                    ("summarised", "Summarised over an accounting period"),
                ],
                default="thresholds",
                max_length=12,
                verbose_name="working-time accounting",
            ),
        ),
        migrations.AddField(
            model_name="workingtimerules",
            name="accounting_period_months",
            field=models.PositiveSmallIntegerField(
                default=1,
                help_text="Summarised accounting only: overtime is measured at the end of each "
                "period. Bulgaria: up to 4 months, longer only by collective agreement (KT art. "
                "142(2)).",
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(12),
                ],
                verbose_name="accounting period (months)",
            ),
        ),
        migrations.AddField(
            model_name="workingtimerules",
            name="accounting_period_first_month",
            field=models.PositiveSmallIntegerField(
                default=1,
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(12),
                ],
                verbose_name="first period starts in month",
            ),
        ),
        migrations.AddField(
            model_name="workingtimerules",
            name="night_conversion_min_minutes",
            field=models.PositiveIntegerField(
                blank=True,
                default=None,
                help_text="A shift with this many night minutes is a night shift (Bulgaria: 240, "
                "KT art. 141(2)): its night hours are converted and its normal length is the "
                "night norm.",
                null=True,
                verbose_name="night shift from (night minutes)",
            ),
        ),
        migrations.AddField(
            model_name="workingtimerules",
            name="overtime_year_minutes",
            field=minutes_field("overtime a year at most (minutes)"),
        ),
        migrations.AddField(
            model_name="workingtimerules",
            name="overtime_month_day_minutes",
            field=minutes_field("overtime a month by day at most (minutes)"),
        ),
        migrations.AddField(
            model_name="workingtimerules",
            name="overtime_month_night_minutes",
            field=minutes_field("overtime a month by night at most (minutes)"),
        ),
        migrations.AddField(
            model_name="workingtimerules",
            name="overtime_week_day_minutes",
            field=minutes_field("overtime a week by day at most (minutes)"),
        ),
        migrations.AddField(
            model_name="workingtimerules",
            name="overtime_week_night_minutes",
            field=minutes_field("overtime a week by night at most (minutes)"),
        ),
        migrations.AddField(
            model_name="workingtimerules",
            name="overtime_two_days_day_minutes",
            field=minutes_field("overtime over two working days by day at most (minutes)"),
        ),
        migrations.AddField(
            model_name="workingtimerules",
            name="overtime_two_days_night_minutes",
            field=minutes_field("overtime over two working days by night at most (minutes)"),
        ),
        migrations.AddField(
            model_name="workingtimerules",
            name="young_minor_age",
            field=models.PositiveSmallIntegerField(
                default=16, verbose_name="younger minors are under (years)"
            ),
        ),
        migrations.AddField(
            model_name="workingtimerules",
            name="young_minor_night_start",
            field=models.TimeField(
                blank=True,
                help_text="Bulgaria: 20:00 for people under 16 (KT art. 140(1)). Empty: as for "
                "adults.",
                null=True,
                verbose_name="night starts for younger minors",
            ),
        ),
        migrations.AlterField(
            model_name="workingtimerules",
            name="night_factor",
            field=models.DecimalField(
                blank=True,
                decimal_places=3,
                help_text="Under summarised accounting, night hours of night shifts count this "
                "many times against the period's norm (Bulgaria: 1.143, NSORZ art. 9(2)). Empty: "
                "no factor.",
                max_digits=5,
                null=True,
                verbose_name="night-hours factor",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
