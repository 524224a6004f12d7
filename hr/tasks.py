from __future__ import annotations

from celery import shared_task

from hr import services


@shared_task(name="hr.daily_housekeeping_task")
def daily_housekeeping_task() -> dict[str, int]:
    return {
        "left": services.employees_deactivate_leavers(),
        "reminders": services.documents_remind_expiring(),
        "anonymised": services.candidates_anonymise_expired(),
        "training_reminders": services.trainings_remind(),
        "review_reminders": services.reviews_remind(),
    }
