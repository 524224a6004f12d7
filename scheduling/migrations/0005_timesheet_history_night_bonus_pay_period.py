"""Timesheets and their adjustments keep a history; the night factor's extra minutes become a
Decimal column instead of a string in JSON; the pay period moves to the organisation (it was a
field of the default working-time rules)."""

from decimal import Decimal

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def forwards(apps, schema_editor):
    rules = apps.get_model("scheduling", "WorkingTimeRules")
    organisation = apps.get_model("backoffice", "Organisation")
    default = rules.objects.filter(is_default=True).first()
    if default is not None and default.pay_period != "monthly":
        organisation.objects.update_or_create(pk=1, defaults={"pay_period": default.pay_period})
    for model, field in (("Timesheet", "totals"), ("TimesheetAdjustment", "minutes")):
        for row in apps.get_model("scheduling", model).objects.filter(
            **{f"{field}__has_key": "night_bonus"}
        ):
            row.night_bonus_minutes = Decimal(str(getattr(row, field).pop("night_bonus")))
            row.save(update_fields=[field, "night_bonus_minutes"])


def backwards(apps, schema_editor):
    organisation = apps.get_model("backoffice", "Organisation").objects.filter(pk=1).first()
    if organisation is not None:
        apps.get_model("scheduling", "WorkingTimeRules").objects.filter(is_default=True).update(
            pay_period=organisation.pay_period
        )
    for model, field in (("Timesheet", "totals"), ("TimesheetAdjustment", "minutes")):
        for row in apps.get_model("scheduling", model).objects.exclude(night_bonus_minutes=0):
            getattr(row, field)["night_bonus"] = str(row.night_bonus_minutes)
            row.save(update_fields=[field])


class Migration(migrations.Migration):
    dependencies = [
        ("hr", "0007_employee_photo"),
        ("scheduling", "0004_staff_limits_and_wish_weight"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("backoffice", "0002_organisation_pay_period"),
    ]

    operations = [
        migrations.AddField(
            model_name="timesheet",
            name="night_bonus_minutes",
            field=models.DecimalField(
                decimal_places=3,
                default=0,
                max_digits=10,
                verbose_name="extra minutes for night work",
            ),
        ),
        migrations.AddField(
            model_name="timesheetadjustment",
            name="night_bonus_minutes",
            field=models.DecimalField(
                decimal_places=3,
                default=0,
                max_digits=10,
                verbose_name="extra minutes for night work",
            ),
        ),
        migrations.CreateModel(
            name="HistoricalTimesheet",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("start", models.DateField(verbose_name="first day")),
                ("end", models.DateField(verbose_name="last day")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("open", "Open"),
                            ("submitted", "Submitted"),
                            ("approved", "Approved and locked"),
                        ],
                        default="open",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("submitted_at", models.DateTimeField(blank=True, null=True)),
                ("approved_at", models.DateTimeField(blank=True, null=True)),
                ("totals", models.JSONField(blank=True, default=dict)),
                (
                    "night_bonus_minutes",
                    models.DecimalField(
                        decimal_places=3,
                        default=0,
                        max_digits=10,
                        verbose_name="extra minutes for night work",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "approved_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "employee",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="hr.employee",
                        verbose_name="employee",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical timesheet",
                "verbose_name_plural": "historical timesheets",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalTimesheetAdjustment",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("minutes", models.JSONField(default=dict)),
                (
                    "night_bonus_minutes",
                    models.DecimalField(
                        decimal_places=3,
                        default=0,
                        max_digits=10,
                        verbose_name="extra minutes for night work",
                    ),
                ),
                ("reason", models.CharField(max_length=300)),
                ("created_at", models.DateTimeField(blank=True, editable=False)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.TextField(null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="scheduling.timesheet",
                    ),
                ),
                (
                    "timesheet",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="scheduling.timesheet",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical timesheet adjustment",
                "verbose_name_plural": "historical timesheet adjustments",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(
            model_name="workingtimerules",
            name="pay_period",
        ),
    ]
