import json

from django.core.management.base import BaseCommand
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from backoffice.registry import registry


class Command(BaseCommand):
    help = "Write the periodic tasks that apps declare in code to the beat schedule (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        from django.conf import settings

        declared = registry.periodic_tasks
        for name, spec in declared.items():
            defaults = {
                "task": spec["task"],
                "enabled": True,
                "kwargs": json.dumps(spec.get("kwargs", {})),
                "interval": None,
                "crontab": None,
            }
            if "every_seconds" in spec:
                defaults["interval"], _ = IntervalSchedule.objects.get_or_create(
                    every=spec["every_seconds"], period=IntervalSchedule.SECONDS
                )
            else:
                cron = {
                    "minute": "0",
                    "hour": "*",
                    "day_of_week": "*",
                    "day_of_month": "*",
                    "month_of_year": "*",
                    **spec["crontab"],
                }
                defaults["crontab"], _ = CrontabSchedule.objects.get_or_create(
                    timezone=settings.TIME_ZONE, **cron
                )
            PeriodicTask.objects.update_or_create(name=name, defaults=defaults)
        stale = PeriodicTask.objects.exclude(name__in=declared).exclude(name__startswith="celery.")
        removed = stale.filter(description="").update(enabled=False)
        self.stdout.write(
            f"{len(declared)} periodic tasks in place, {removed} no longer declared disabled."
        )
