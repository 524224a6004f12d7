"""Training assignments (mandatory ones follow the position) and performance review rounds."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, ngettext_lazy

from backoffice.i18n import translated
from backoffice.models import Notification, User
from backoffice.services import action_record, notification_send
from backoffice.uploads import DOCUMENTS, store_upload
from hr.audit import HrAudit
from hr.models import Course, Department, Employee, Goal, Review, ReviewCycle, TrainingAssignment
from hr.selectors import employee_for_user, report_ids
from hr.workdays import add_months

MANDATORY_DUE_DAYS = 30
ALREADY_COMPLETED = _("This training is already completed.")
COMPLETED_IN_FUTURE = _("The completion date cannot be in the future.")
NOT_YOURS = _("Only the person, their manager or HR can do this.")
CYCLE_CLOSED = _("This review round is closed; nothing can be changed.")
WRONG_STEP = _("This assessment is not due at this step.")
WEIGHTS_OVER = _(
    "The goals' weights would add up to %(total)s%%; they may add up to 100%% at most."
)
NO_DEPARTMENTS = _("Choose at least one department.")


def training_assign(
    *,
    employee: Employee,
    course: Course,
    due_date: date,
    mandatory: bool = False,
    actor: User | None = None,
) -> TrainingAssignment:
    """Assign a course; if the person already has it open, that assignment is returned."""
    existing = TrainingAssignment.objects.open().filter(employee=employee, course=course).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return TrainingAssignment.objects.create(
                employee=employee,
                course=course,
                due_date=due_date,
                mandatory=mandatory,
                assigned_by=actor,
            )
    except IntegrityError:
        return TrainingAssignment.objects.open().get(employee=employee, course=course)


def _still_valid(employee: Employee, course: Course, today: date) -> bool:
    return (
        TrainingAssignment.objects.filter(
            employee=employee, course=course, completed_on__isnull=False
        )
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        .exists()
    )


def mandatory_trainings_sync(*, employee: Employee, today: date | None = None) -> int:
    """Give the person every course their position makes mandatory that they lack (run on hire and on a
    change of position, and when a course becomes mandatory)."""
    today = today or timezone.localdate()
    if employee.position_id is None or employee.status == Employee.Status.LEFT:
        return 0
    added = 0
    for course in Course.objects.filter(active=True, mandatory_for=employee.position_id):
        if (
            _still_valid(employee, course, today)
            or TrainingAssignment.objects.open().filter(employee=employee, course=course).exists()
        ):
            continue
        training_assign(
            employee=employee,
            course=course,
            due_date=today + timedelta(days=MANDATORY_DUE_DAYS),
            mandatory=True,
        )
        added += 1
    return added


@transaction.atomic
def course_save(
    *, actor: User, data: dict[str, Any], mandatory_for, course: Course | None = None
) -> Course:
    course = course or Course()
    for field, value in data.items():
        setattr(course, field, value)
    course.full_clean()
    course.save()
    course.mandatory_for.set(mandatory_for)
    for employee in Employee.objects.current().filter(position__in=mandatory_for):
        mandatory_trainings_sync(employee=employee)
    action_record(
        kind=HrAudit.COURSE_SAVED,
        summary=gettext_noop("Course %(title)s saved"),
        params={"title": course.title},
        actor=actor,
        target=course,
    )
    return course


def _may_act_for(actor: User, employee: Employee) -> bool:
    if actor.has_perm("hr.change_trainingassignment"):
        return True
    me = employee_for_user(user=actor)
    return me is not None and (me.pk == employee.pk or employee.pk in report_ids(manager=me))


@transaction.atomic
def training_complete(
    *,
    actor: User,
    assignment: TrainingAssignment,
    completed_on: date,
    certificate: UploadedFile | None = None,
    expires_on: date | None = None,
) -> TrainingAssignment:
    locked = (
        TrainingAssignment.objects.select_for_update(of=("self",))
        .select_related("course", "employee")
        .get(pk=assignment.pk)
    )
    if not _may_act_for(actor, locked.employee):
        raise PermissionDenied(NOT_YOURS)
    if locked.completed_on is not None:
        raise ValidationError(ALREADY_COMPLETED)
    errors = {}
    if completed_on > timezone.localdate():
        errors["completed_on"] = COMPLETED_IN_FUTURE
    validity = locked.course.validity_months
    expires = expires_on or (add_months(completed_on, validity) if validity else None)
    if expires and expires < completed_on:
        errors["expires_on"] = _("A certificate cannot expire before it was issued.")
    if errors:
        raise ValidationError(errors)
    if certificate is not None:
        locked.certificate.name = store_upload(
            certificate, folder="hr/certificates", allowed=DOCUMENTS
        )
    locked.completed_on = completed_on
    locked.expires_on = expires
    locked.save(update_fields=["completed_on", "expires_on", "certificate"])
    action_record(
        kind=HrAudit.TRAINING_COMPLETED,
        summary=gettext_noop("%(name)s completed %(course)s"),
        params={"name": locked.employee.full_name, "course": locked.course.title},
        actor=actor,
        target=locked,
        data={"employee": locked.employee_id},
    )
    return locked


def trainings_remind(*, today: date | None = None) -> int:
    """A week before a due date and a month before a certificate expires: the person and their manager hear."""
    today = today or timezone.localdate()
    due = TrainingAssignment.objects.open().filter(due_date=today + timedelta(days=7))
    expiring = TrainingAssignment.objects.filter(expires_on=today + timedelta(days=30))
    sent = 0
    for assignment in [
        *due.select_related("course", "employee__user", "employee__manager__user"),
        *expiring.select_related("course", "employee__user", "employee__manager__user"),
    ]:
        when = assignment.due_date if assignment.completed_on is None else assignment.expires_on
        for person in (assignment.employee, assignment.employee.manager):
            if person is not None and person.user_id and person.user.is_active:
                notification_send(
                    recipient=person.user,
                    kind="hr.training_due",
                    title=gettext_noop("%(course)s: %(name)s"),
                    body=gettext_noop("Due or expiring on %(date)s."),
                    params={
                        "course": translated(assignment.course, "title"),
                        "name": assignment.employee.full_name,
                        "date": when,
                    },
                    url=reverse("hr:training-mine"),
                    level=Notification.Level.WARNING,
                )
                sent += 1
    return sent


@transaction.atomic
def review_cycle_create(
    *, actor: User, data: dict[str, Any], departments: list[Department]
) -> ReviewCycle:
    if not departments:
        raise ValidationError({"departments": NO_DEPARTMENTS})
    cycle = ReviewCycle(**data)
    cycle.full_clean()
    cycle.save()
    cycle.departments.set(departments)
    people = Employee.objects.current().filter(department__in=departments)
    Review.objects.bulk_create(
        [Review(cycle=cycle, employee=p, manager_id=p.manager_id) for p in people]
    )
    action_record(
        kind=HrAudit.REVIEW_CYCLE_OPENED,
        summary=gettext_noop("Review round %(name)s opened for %(count)s people"),
        params={"name": cycle.name, "count": people.count()},
        actor=actor,
        target=cycle,
    )
    return cycle


def _locked_review(review: Review) -> Review:
    locked = (
        Review.objects.select_for_update(of=("self",))
        .select_related("cycle", "employee", "manager")
        .get(pk=review.pk)
    )
    if locked.cycle.status == ReviewCycle.Status.CLOSED or locked.status == Review.Status.CLOSED:
        raise ValidationError(CYCLE_CLOSED)
    return locked


def _is_reviews_manager(actor: User, review: Review) -> bool:
    if actor.has_perm("hr.change_review"):
        return True
    me = employee_for_user(user=actor)
    return (
        me is not None
        and me.pk != review.employee_id
        and review.employee_id in report_ids(manager=me)
    )


@transaction.atomic
def goal_add(*, actor: User, review: Review, title: str, weight: int) -> Goal:
    locked = _locked_review(review)
    if not _is_reviews_manager(actor, locked) and locked.employee.user_id != actor.pk:
        raise PermissionDenied(NOT_YOURS)
    if locked.status == Review.Status.MANAGER_DONE:
        raise ValidationError(WRONG_STEP)
    total = (locked.goals.aggregate(total=Sum("weight"))["total"] or 0) + weight
    if total > 100:
        raise ValidationError({"weight": WEIGHTS_OVER % {"total": total}})
    goal = Goal(review=locked, title=title, weight=weight)
    goal.full_clean()
    goal.save()
    return goal


def _scores(locked: Review, scores: dict[int, int], field: str) -> None:
    for goal in locked.goals.all():
        if goal.pk in scores:
            setattr(goal, field, scores[goal.pk])
            goal.full_clean()
            goal.save(update_fields=[field])


@transaction.atomic
def review_self_submit(
    *, actor: User, review: Review, rating: int, comment: str, scores: dict[int, int]
) -> Review:
    locked = _locked_review(review)
    if locked.employee.user_id != actor.pk:
        raise PermissionDenied(NOT_YOURS)
    if locked.status not in (Review.Status.NOT_STARTED, Review.Status.SELF_DONE):
        raise ValidationError(WRONG_STEP)
    locked.self_rating, locked.self_comment, locked.status = (
        rating,
        comment,
        Review.Status.SELF_DONE,
    )
    locked.full_clean()
    _scores(locked, scores, "self_score")
    locked.save(update_fields=["self_rating", "self_comment", "status"])
    return locked


@transaction.atomic
def review_manager_submit(
    *, actor: User, review: Review, rating: int, comment: str, scores: dict[int, int]
) -> Review:
    locked = _locked_review(review)
    if not _is_reviews_manager(actor, locked):
        raise PermissionDenied(NOT_YOURS)
    if locked.status not in (Review.Status.SELF_DONE, Review.Status.MANAGER_DONE):
        raise ValidationError(WRONG_STEP)
    locked.manager_rating, locked.manager_comment, locked.status = (
        rating,
        comment,
        Review.Status.MANAGER_DONE,
    )
    locked.full_clean()
    _scores(locked, scores, "manager_score")
    locked.save(update_fields=["manager_rating", "manager_comment", "status"])
    action_record(
        kind=HrAudit.REVIEW_ASSESSED,
        summary=gettext_noop("%(name)s was assessed in %(cycle)s"),
        params={"name": locked.employee.full_name, "cycle": locked.cycle.name},
        actor=actor,
        target=locked,
        data={"employee": locked.employee_id},
    )
    return locked


@transaction.atomic
def review_cycle_close(*, actor: User, cycle: ReviewCycle) -> ReviewCycle:
    locked = ReviewCycle.objects.select_for_update().get(pk=cycle.pk)
    if locked.status == ReviewCycle.Status.CLOSED:
        raise ValidationError(CYCLE_CLOSED)
    locked.status = ReviewCycle.Status.CLOSED
    locked.save(update_fields=["status"])
    locked.reviews.update(status=Review.Status.CLOSED)
    action_record(
        kind=HrAudit.REVIEW_CYCLE_CLOSED,
        summary=gettext_noop("Review round %(name)s closed"),
        params={"name": locked.name},
        actor=actor,
        target=locked,
    )
    return locked


def reviews_remind(*, today: date | None = None) -> int:
    """Three days before each deadline: people who have not assessed themselves, managers who have not
    assessed their reports."""
    today = today or timezone.localdate()
    soon = today + timedelta(days=3)
    sent = 0
    open_cycles = ReviewCycle.objects.filter(status=ReviewCycle.Status.OPEN)
    for review in Review.objects.filter(
        cycle__in=open_cycles.filter(self_deadline=soon), status=Review.Status.NOT_STARTED
    ).select_related("cycle", "employee__user"):
        if review.employee.user_id and review.employee.user.is_active:
            notification_send(
                recipient=review.employee.user,
                kind="hr.self_assessment_due",
                title=gettext_noop("Your self assessment for %(cycle)s is due"),
                body=gettext_noop("Due on %(date)s."),
                params={"cycle": review.cycle.name, "date": review.cycle.self_deadline},
                url=reverse("hr:review-detail", args=[review.pk]),
                level=Notification.Level.WARNING,
            )
            sent += 1
    waiting = Review.objects.filter(
        cycle__in=open_cycles.filter(manager_deadline=soon),
        status=Review.Status.SELF_DONE,
        manager__user__is_active=True,
    ).select_related("cycle", "manager__user")
    for manager_user in {review.manager.user for review in waiting}:
        count = sum(1 for review in waiting if review.manager.user_id == manager_user.pk)
        notification_send(
            recipient=manager_user,
            kind="hr.reviews_waiting",
            title=ngettext_lazy(
                "%(count)s review waits for your assessment",
                "%(count)s reviews wait for your assessment",
                "count",
            ),
            params={"count": count},
            url=reverse("hr:review-list"),
            level=Notification.Level.WARNING,
        )
        sent += 1
    return sent
