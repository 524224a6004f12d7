"""Celery tasks of the platform: each takes ids and calls one service."""

from __future__ import annotations

from celery import shared_task

from backoffice import services


@shared_task(name="backoffice.job_run_task")
def job_run_task(job_id: int) -> None:
    services.job_run(job_id=job_id)


@shared_task(name="backoffice.job_revive_stalled_task")
def job_revive_stalled_task() -> int:
    return services.job_revive_stalled()


@shared_task(name="backoffice.retention_purge_task")
def retention_purge_task() -> dict[str, int]:
    return {
        "jobs": services.jobs_purge_old(),
        "notifications": services.notifications_purge_old(),
    }


# Periodic tasks declared in code; `manage.py sync_periodic_tasks` writes them to the beat schedule.
# Times avoid 03:00-04:00 local time, where clock changes skip or repeat an hour.
PERIODIC_TASKS = {
    "backoffice: revive stalled jobs": {
        "task": "backoffice.job_revive_stalled_task",
        "every_seconds": 60,
    },
    "backoffice: purge old jobs and notifications": {
        "task": "backoffice.retention_purge_task",
        "crontab": {"minute": "15", "hour": "2"},
    },
}
