"""Celery tasks of the platform: each takes ids and calls one service; and ``task_enqueue``, the one
way every app publishes a task."""

from __future__ import annotations

import logging

from celery import shared_task
from kombu.exceptions import OperationalError as BrokerOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from backoffice import services

logger = logging.getLogger(__name__)

#: What publishing raises when the broker cannot be reached (refused, timed out, unknown host).
BROKER_ERRORS = (BrokerOperationalError, RedisConnectionError, RedisTimeoutError, OSError)

#: One immediate retry (a pooled connection may be stale after a broker restart), never a wait:
#: the page that starts the work answers at once even while the broker is down.
PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}


def task_enqueue(task, *args) -> bool:
    """Publish ``task(*args)``; False, with a warning in the log, when the broker is unreachable.

    Called from ``transaction.on_commit`` hooks. Raising there would turn a saved action into an
    error page, so the caller is told instead and keeps its own way to run the work later (a job
    stays queued for ``job_revive_stalled``). In eager mode the task runs here and its errors are
    its own, not the broker's, so they propagate.
    """
    if task.app.conf.task_always_eager:
        task.apply_async(args)
        return True
    try:
        task.apply_async(args, retry=True, retry_policy=PUBLISH_RETRY_POLICY)
    except BROKER_ERRORS as exc:
        logger.warning("%s%r not enqueued, the broker is unreachable: %s", task.name, args, exc)
        return False
    return True


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
