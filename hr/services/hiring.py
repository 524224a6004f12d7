"""Hiring: openings, candidates moving through stages, interviews, offers, and the hire itself."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from backoffice.models import User
from backoffice.services import action_record
from backoffice.uploads import DOCUMENTS, store_upload
from hr.audit import HrAudit
from hr.models import (
    Application,
    ApplicationMove,
    Candidate,
    ChecklistTemplate,
    Employee,
    HiringStage,
    Interview,
    InterviewFeedback,
    JobOpening,
    Offer,
)
from hr.selectors import employee_for_user, employee_number_next
from hr.services.contracts import contract_add
from hr.services.employees import employee_create
from hr.services.onboarding import checklist_start

NOT_ACTIVE = _("This application is closed.")
OPENING_FILLED = _("This opening is filled or closed; no more offers can be made.")
START_IN_PAST = _("The start date cannot be in the past.")
OFFER_DECIDED = _("This offer has already been decided.")
OFFER_EXISTS = _("This application already has an offer.")
NOT_OFFER_STAGE = _("Move the application to the offer stage first.")
REASON_REQUIRED = _("Please give the reason for the rejection.")
NOT_INTERVIEWER = _("Only the interviewers can give feedback on this interview.")
NO_INTERVIEWERS = _("Name at least one interviewer.")
INTERVIEW_IN_PAST = _("The interview cannot be in the past.")
NO_STAGES = _("No hiring stages are set up; add them in the administration.")


def _hired_count(opening: JobOpening) -> int:
    return opening.applications.filter(status=Application.Status.HIRED).count()


def opening_is_full(opening: JobOpening) -> bool:
    return (
        opening.status in (JobOpening.Status.FILLED, JobOpening.Status.CLOSED)
        or _hired_count(opening) >= opening.headcount
    )


@transaction.atomic
def opening_save(
    *, actor: User, data: dict[str, Any], opening: JobOpening | None = None
) -> JobOpening:
    opening = opening or JobOpening()
    for field, value in data.items():
        setattr(opening, field, value)
    opening.full_clean()
    opening.save()
    action_record(
        kind=HrAudit.OPENING_SAVED,
        summary=gettext_noop("Opening %(title)s saved"),
        params={"title": opening.title},
        actor=actor,
        target=opening,
    )
    return opening


@transaction.atomic
def candidate_add(
    *, actor: User, opening: JobOpening, data: dict[str, Any], cv: UploadedFile | None = None
) -> Application:
    first_stage = HiringStage.objects.order_by("order", "pk").first()
    if first_stage is None:
        raise ValidationError(NO_STAGES)
    candidate = Candidate(**data)
    if cv is not None:
        candidate.cv.name = store_upload(cv, folder="hr/cv", allowed=DOCUMENTS)
    candidate.full_clean()
    candidate.save()
    application = Application.objects.create(
        opening=opening, candidate=candidate, stage=first_stage
    )
    ApplicationMove.objects.create(
        application=application, from_stage=None, to_stage=first_stage, moved_by=actor
    )
    action_record(
        kind=HrAudit.CANDIDATE_ADDED,
        summary=gettext_noop("%(name)s applied for %(title)s"),
        params={"name": candidate.full_name, "title": opening.title},
        actor=actor,
        target=application,
    )
    return application


@transaction.atomic
def application_move(*, actor: User, application: Application, stage: HiringStage) -> Application:
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status != Application.Status.ACTIVE:
        raise ValidationError(NOT_ACTIVE)
    if locked.stage_id != stage.pk:
        ApplicationMove.objects.create(
            application=locked, from_stage_id=locked.stage_id, to_stage=stage, moved_by=actor
        )
        locked.stage = stage
        locked.save(update_fields=["stage"])
    return locked


@transaction.atomic
def application_reject(*, actor: User, application: Application, reason: str) -> Application:
    if not reason.strip():
        raise ValidationError({"reason": REASON_REQUIRED})
    locked = (
        Application.objects.select_for_update().select_related("candidate").get(pk=application.pk)
    )
    if locked.status != Application.Status.ACTIVE:
        raise ValidationError(NOT_ACTIVE)
    locked.status = Application.Status.REJECTED
    locked.rejection_reason = reason.strip()
    locked.save(update_fields=["status", "rejection_reason"])
    Offer.objects.filter(application=locked, status=Offer.Status.OPEN).update(
        status=Offer.Status.DECLINED, decided_at=timezone.now()
    )
    candidate = locked.candidate
    candidate.keep_until = timezone.localdate() + timedelta(days=settings.CANDIDATE_RETENTION_DAYS)
    candidate.save(update_fields=["keep_until"])
    action_record(
        kind=HrAudit.CANDIDATE_REJECTED,
        summary=gettext_noop("%(name)s was not taken for %(title)s"),
        params={"name": candidate.full_name, "title": locked.opening.title},
        actor=actor,
        target=locked,
    )
    return locked


@transaction.atomic
def interview_schedule(
    *, actor: User, application: Application, scheduled_at, place: str, interviewers: list[Employee]
) -> Interview:
    if application.status != Application.Status.ACTIVE:
        raise ValidationError(NOT_ACTIVE)
    errors = {}
    if not interviewers:
        errors["interviewers"] = NO_INTERVIEWERS
    if scheduled_at < timezone.now():
        errors["scheduled_at"] = INTERVIEW_IN_PAST
    if errors:
        raise ValidationError(errors)
    interview = Interview.objects.create(
        application=application, scheduled_at=scheduled_at, place=place
    )
    interview.interviewers.set(interviewers)
    return interview


@transaction.atomic
def feedback_submit(
    *, actor: User, interview: Interview, rating: int, comment: str
) -> InterviewFeedback:
    me = employee_for_user(user=actor)
    if me is None or not interview.interviewers.filter(pk=me.pk).exists():
        raise PermissionDenied(NOT_INTERVIEWER)
    feedback = InterviewFeedback.objects.filter(
        interview=interview, interviewer=me
    ).first() or InterviewFeedback(interview=interview, interviewer=me)
    feedback.rating = rating
    feedback.comment = comment
    feedback.full_clean()
    feedback.save()
    return feedback


@transaction.atomic
def offer_make(
    *,
    actor: User,
    application: Application,
    salary: Decimal,
    start_date,
    weekly_hours: Decimal = Decimal(40),
) -> Offer:
    locked = (
        Application.objects.select_for_update()
        .select_related("opening", "stage")
        .get(pk=application.pk)
    )
    errors: dict[str, Any] = {}
    if locked.status != Application.Status.ACTIVE:
        raise ValidationError(NOT_ACTIVE)
    if not locked.stage.is_offer:
        raise ValidationError(NOT_OFFER_STAGE)
    if opening_is_full(locked.opening):
        raise ValidationError(OPENING_FILLED)
    if Offer.objects.filter(application=locked).exclude(status=Offer.Status.DECLINED).exists():
        raise ValidationError(OFFER_EXISTS)
    if start_date < timezone.localdate():
        errors["start_date"] = START_IN_PAST
    if errors:
        raise ValidationError(errors)
    Offer.objects.filter(application=locked).delete()  # a declined one is replaced
    offer = Offer(
        application=locked, salary=salary, start_date=start_date, weekly_hours=weekly_hours
    )
    offer.full_clean()
    offer.save()
    action_record(
        kind=HrAudit.OFFER_MADE,
        summary=gettext_noop("Offer made to %(name)s"),
        params={"name": locked.candidate.full_name},
        actor=actor,
        target=offer,
    )
    return offer


@transaction.atomic
def offer_accept(*, actor: User, offer: Offer) -> Employee:
    """The hire, all or nothing: employee, contract, onboarding checklist, invitation; then employee_hired.

    The offer row is locked first, so two clicks or two tabs make exactly one employee.
    """
    locked = (
        Offer.objects.select_for_update(of=("self",))
        .select_related("application", "application__candidate", "application__opening")
        .get(pk=offer.pk)
    )
    if locked.status != Offer.Status.OPEN:
        raise ValidationError(OFFER_DECIDED)
    opening = JobOpening.objects.select_for_update().get(pk=locked.application.opening_id)
    if opening_is_full(opening):
        raise ValidationError(OPENING_FILLED)
    candidate = locked.application.candidate
    number = employee_number_next()
    employee = employee_create(
        actor=actor,
        data={
            "employee_number": number,
            "first_name": candidate.first_name,
            "last_name": candidate.last_name,
            "personal_email": candidate.email,
            "personal_phone": candidate.phone,
            "work_email": candidate.email,
            "hire_date": locked.start_date,
            "department": opening.department,
            "position": opening.position,
            "manager": opening.department.manager,
        },
        create_login=bool(candidate.email),
    )
    contract_add(
        actor=actor,
        employee=employee,
        data={
            "start": locked.start_date,
            "salary_basis": "monthly",
            "amount": locked.salary,
            "weekly_hours": locked.weekly_hours,
        },
    )
    checklist_start(
        employee=employee,
        kind=ChecklistTemplate.Kind.ONBOARDING,
        anchor_date=locked.start_date,
        actor=actor,
    )
    locked.status = Offer.Status.ACCEPTED
    locked.decided_at = timezone.now()
    locked.employee = employee
    locked.save(update_fields=["status", "decided_at", "employee"])
    Application.objects.filter(pk=locked.application_id).update(status=Application.Status.HIRED)
    if _hired_count(opening) >= opening.headcount:
        opening.status = JobOpening.Status.FILLED
        opening.save(update_fields=["status"])
    action_record(
        kind=HrAudit.OFFER_ACCEPTED,
        summary=gettext_noop("%(name)s accepted the offer and was hired"),
        params={"name": candidate.full_name},
        actor=actor,
        target=locked,
        data={"employee": employee.pk},
    )
    return employee


@transaction.atomic
def offer_decline(*, actor: User, offer: Offer) -> Offer:
    locked = Offer.objects.select_for_update().get(pk=offer.pk)
    if locked.status != Offer.Status.OPEN:
        raise ValidationError(OFFER_DECIDED)
    locked.status = Offer.Status.DECLINED
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_at"])
    return locked


def candidates_anonymise_expired(*, today=None) -> int:
    """Nightly: rejected candidates past their retention period keep no personal data."""
    today = today or timezone.localdate()
    count = 0
    for candidate in Candidate.objects.filter(keep_until__lt=today, anonymised_at__isnull=True):
        with transaction.atomic():
            if candidate.cv:
                candidate.cv.storage.delete(candidate.cv.name)
            candidate.first_name, candidate.last_name = "—", f"#{candidate.pk}"
            candidate.email = candidate.phone = candidate.notes = ""
            candidate.cv = ""
            candidate.anonymised_at = timezone.now()
            candidate.save()
            candidate.history.all().delete()
            count += 1
    return count
