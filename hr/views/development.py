"""Training (courses, assignments, my trainings) and reviews (rounds, a person's review)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.filters import query_int
from backoffice.lists import paginate
from hr.forms import (
    AssessmentForm,
    AssignForm,
    CompleteTrainingForm,
    CourseForm,
    GoalForm,
    ReviewCycleForm,
)
from hr.models import Course, Employee, Review, ReviewCycle, TrainingAssignment
from hr.permissions import manages_team
from hr.selectors import employee_for_user, employee_list, report_ids, review_list, training_list
from hr.services import (
    course_save,
    goal_add,
    review_cycle_close,
    review_cycle_create,
    review_manager_submit,
    review_self_submit,
    training_assign,
    training_complete,
)


def _may_manage_training(request: HttpRequest) -> None:
    if not (request.user.has_perm("hr.view_trainingassignment") or manages_team(request.user)):
        raise PermissionDenied


@require_GET
def training_overview(request: HttpRequest) -> HttpResponse:
    """Courses with their numbers, and the overdue and expiring lists (HR: everyone, manager: team)."""
    _may_manage_training(request)
    today = timezone.localdate()
    visible = training_list(viewer=request.user)
    courses = Course.objects.annotate(
        open=Count(
            "assignments", filter=Q(assignments__completed_on__isnull=True, assignments__in=visible)
        ),
        done=Count(
            "assignments",
            filter=Q(assignments__completed_on__isnull=False, assignments__in=visible),
        ),
    )
    context = {
        "courses": courses,
        "overdue": visible.overdue(today)[:50],
        "expiring": visible.expiring(today)[:50],
        "today": today,
    }
    return render(request, "hr/training/overview.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("hr.add_course", raise_exception=True)
def course_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    course = Course.objects.filter(pk=pk).first() if pk else None
    if pk and course is None:
        raise Http404
    form = CourseForm(request.POST or None, instance=course)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in CourseForm.Meta.fields if f != "mandatory_for"}
        course = course_save(
            actor=request.user,
            data=data,
            mandatory_for=form.cleaned_data["mandatory_for"],
            course=Course.objects.filter(pk=pk).first() if pk else None,
        )
        messages.success(request, _("The course was saved; mandatory assignments are up to date."))
        return redirect("hr:course-detail", pk=course.pk)
    return render(request, "hr/training/course_form.html", {"form": form, "course": course})


@require_http_methods(["GET", "POST"])
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _may_manage_training(request)
    course = Course.objects.filter(pk=pk).first()
    if course is None:
        raise Http404
    form = AssignForm(request.POST or None)
    form.fields["employee"].queryset = (
        employee_list(viewer=request.user)
        .filter(status=Employee.Status.ACTIVE)
        .order_by("last_name")
    )
    if request.method == "POST" and form.is_valid():
        training_assign(
            employee=form.cleaned_data["employee"],
            course=course,
            due_date=form.cleaned_data["due_date"],
            actor=request.user,
        )
        messages.success(request, _("The course was assigned."))
        return redirect("hr:course-detail", pk=course.pk)
    assignments = (
        training_list(viewer=request.user)
        .filter(course=course)
        .order_by("completed_on", "due_date")
    )
    return render(
        request,
        "hr/training/course_detail.html",
        {
            "course": course,
            "page": paginate(request, assignments),
            "form": form,
            "today": timezone.localdate(),
        },
    )


@require_GET
def my_trainings(request: HttpRequest) -> HttpResponse:
    me = employee_for_user(user=request.user)
    if me is None:
        raise Http404
    assignments = (
        TrainingAssignment.objects.filter(employee=me)
        .select_related("course")
        .order_by("completed_on", "due_date")
    )
    return render(
        request,
        "hr/training/mine.html",
        {
            "assignments": assignments,
            "form": CompleteTrainingForm(initial={"completed_on": timezone.localdate()}),
            "today": timezone.localdate(),
        },
    )


@require_POST
def training_complete_view(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = training_list(viewer=request.user).filter(pk=pk).first()
    if assignment is None:
        raise Http404
    form = CompleteTrainingForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    else:
        try:
            training_complete(actor=request.user, assignment=assignment, **form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The training was recorded as completed."))
    if request.POST.get("back") == "course":
        return redirect("hr:course-detail", pk=assignment.course_id)
    return redirect("hr:training-mine")


@require_GET
def certificate_download(request: HttpRequest, pk: int) -> FileResponse:
    assignment = training_list(viewer=request.user).filter(pk=pk).first()
    if assignment is None or not assignment.certificate:
        raise Http404
    try:
        return FileResponse(
            assignment.certificate.open("rb"),
            as_attachment=True,
            filename=f"{assignment.course.title}.{assignment.certificate.name.rsplit('.', 1)[-1]}",
        )
    except FileNotFoundError:
        raise Http404 from None


@require_GET
def review_overview(request: HttpRequest) -> HttpResponse:
    """My reviews; my team's (managers); every round with its progress (HR)."""
    me = employee_for_user(user=request.user)
    mine = (
        Review.objects.filter(employee=me).select_related("cycle") if me else Review.objects.none()
    )
    team = (
        review_list(viewer=request.user).filter(employee_id__in=report_ids(manager=me))
        if me
        else Review.objects.none()
    )
    cycles = []
    if request.user.has_perm("hr.view_reviewcycle"):
        cycles = ReviewCycle.objects.annotate(
            total=Count("reviews"),
            finished=Count(
                "reviews",
                filter=Q(reviews__status__in=[Review.Status.MANAGER_DONE, Review.Status.CLOSED]),
            ),
        )
    return render(
        request,
        "hr/reviews/overview.html",
        {"mine": mine, "team": team.filter(cycle__status="open"), "cycles": cycles},
    )


@require_http_methods(["GET", "POST"])
@permission_required("hr.add_reviewcycle", raise_exception=True)
def review_cycle_new(request: HttpRequest) -> HttpResponse:
    form = ReviewCycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "departments"}
        try:
            cycle = review_cycle_create(
                actor=request.user, data=data, departments=list(form.cleaned_data["departments"])
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The review round was opened."))
            return redirect("hr:review-cycle-detail", pk=cycle.pk)
    return render(request, "hr/reviews/cycle_form.html", {"form": form})


@require_GET
@permission_required("hr.view_reviewcycle", raise_exception=True)
def review_cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = ReviewCycle.objects.filter(pk=pk).first()
    if cycle is None:
        raise Http404
    reviews = cycle.reviews.select_related("employee", "manager")
    done = sum(1 for r in reviews if r.status in (Review.Status.MANAGER_DONE, Review.Status.CLOSED))
    return render(
        request,
        "hr/reviews/cycle_detail.html",
        {
            "cycle": cycle,
            "reviews": reviews,
            "done": done,
            "percent": int(done * 100 / len(reviews)) if reviews else 0,
        },
    )


@require_POST
@permission_required("hr.change_reviewcycle", raise_exception=True)
def review_cycle_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = ReviewCycle.objects.filter(pk=pk).first()
    if cycle is None:
        raise Http404
    try:
        review_cycle_close(actor=request.user, cycle=cycle)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The review round was closed."))
    return redirect("hr:review-cycle-detail", pk=cycle.pk)


def _review_or_404(request: HttpRequest, pk: int) -> Review:
    review = review_list(viewer=request.user).filter(pk=pk).first()
    if review is None:
        raise Http404
    return review


@require_GET
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review_or_404(request, pk)
    me = employee_for_user(user=request.user)
    is_self = me is not None and me.pk == review.employee_id
    is_manager = not is_self and (
        request.user.has_perm("hr.change_review")
        or (me is not None and review.employee_id in report_ids(manager=me))
    )
    editable = (
        review.cycle.status == ReviewCycle.Status.OPEN and review.status != Review.Status.CLOSED
    )
    context = {
        "review": review,
        "goals": review.goals.all(),
        "is_self": is_self,
        "is_manager": is_manager,
        "editable": editable,
        "goal_form": GoalForm(),
        "assessment_form": AssessmentForm(),
    }
    return render(request, "hr/reviews/review_detail.html", context)


def _scores(request: HttpRequest, review: Review) -> dict[int, int]:
    scores = {}
    for goal in review.goals.all():
        score = query_int(request.POST.get(f"goal-{goal.pk}"))
        if score is not None:
            scores[goal.pk] = score
    return scores


@require_POST
def review_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    review = _review_or_404(request, pk)
    try:
        if action == "goal":
            form = GoalForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            goal_add(actor=request.user, review=review, **form.cleaned_data)
            messages.success(request, _("The goal was added."))
        else:
            form = AssessmentForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            submit = review_self_submit if action == "self" else review_manager_submit
            submit(
                actor=request.user,
                review=review,
                scores=_scores(request, review),
                **form.cleaned_data,
            )
            messages.success(request, _("The assessment was saved."))
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("hr:review-detail", pk=review.pk)
