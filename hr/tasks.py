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


@shared_task(name="hr.calendar_next_year_task")
def calendar_next_year_task() -> int:
    """From December on, next year's calendar is made once and HR is asked to review it."""
    from django.utils import timezone

    from backoffice.selectors import organisation_get

    return services.calendar_next_year_prepare(
        today=timezone.localdate(), country=organisation_get().country
    )
