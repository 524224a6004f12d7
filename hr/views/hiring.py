"""Hiring: openings with a board of applications by stage, candidates, interviews and offers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.filters import query_int
from hr.forms import CandidateForm, FeedbackForm, InterviewForm, OfferForm, OpeningForm, RejectForm
from hr.models import Application, HiringStage, Interview, JobOpening, Offer
from hr.permissions import manages_team, sees_everyone
from hr.selectors import application_list, can_manage_hiring, employee_for_user, opening_list
from hr.services import (
    application_move,
    application_reject,
    candidate_add,
    feedback_submit,
    interview_schedule,
    offer_accept,
    offer_decline,
    offer_make,
    opening_save,
)


def _may_open_hiring(request: HttpRequest) -> None:
    if not (request.user.has_perm("hr.view_jobopening") or manages_team(request.user)):
        raise PermissionDenied


@require_GET
def opening_list_view(request: HttpRequest) -> HttpResponse:
    _may_open_hiring(request)
    openings = opening_list(viewer=request.user).annotate(
        active=Count("applications", filter=Q(applications__status=Application.Status.ACTIVE)),
        hired=Count("applications", filter=Q(applications__status=Application.Status.HIRED)),
    )
    return render(request, "hr/hiring/opening_list.html", {"openings": openings})


def _opening_or_404(request: HttpRequest, pk: int) -> JobOpening:
    opening = opening_list(viewer=request.user).filter(pk=pk).first()
    if opening is None:
        raise Http404
    return opening


@require_GET
def opening_board(request: HttpRequest, pk: int) -> HttpResponse:
    opening = _opening_or_404(request, pk)
    stages = list(HiringStage.objects.all())
    applications = opening.applications.filter(status=Application.Status.ACTIVE).select_related(
        "candidate", "stage"
    )
    columns = [(stage, [a for a in applications if a.stage_id == stage.pk]) for stage in stages]
    closed = opening.applications.exclude(status=Application.Status.ACTIVE).select_related(
        "candidate"
    )
    context = {
        "opening": opening,
        "columns": columns,
        "stages": stages,
        "closed": closed,
        "can_manage": can_manage_hiring(viewer=request.user, opening=opening),
    }
    return render(request, "hr/hiring/opening_board.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("hr.add_jobopening", raise_exception=True)
def opening_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    opening = JobOpening.objects.filter(pk=pk).first() if pk else None
    if pk and opening is None:
        raise Http404
    form = OpeningForm(request.POST or None, instance=opening)
    if request.method == "POST" and form.is_valid():
        data = {field: form.cleaned_data[field] for field in OpeningForm.Meta.fields}
        opening = opening_save(
            actor=request.user,
            data=data,
            opening=JobOpening.objects.filter(pk=pk).first() if pk else None,
        )
        messages.success(request, _("The opening was saved."))
        return redirect("hr:opening-detail", pk=opening.pk)
    return render(request, "hr/hiring/opening_form.html", {"form": form, "opening": opening})


@require_http_methods(["GET", "POST"])
def candidate_create(request: HttpRequest, pk: int) -> HttpResponse:
    opening = _opening_or_404(request, pk)
    if not can_manage_hiring(viewer=request.user, opening=opening):
        raise Http404
    form = CandidateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "cv"}
        try:
            application = candidate_add(
                actor=request.user, opening=opening, data=data, cv=form.cleaned_data.get("cv")
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("%(name)s was added to the board.") % {"name": application.candidate.full_name},
            )
            return redirect("hr:opening-detail", pk=opening.pk)
    return render(request, "hr/hiring/candidate_form.html", {"form": form, "opening": opening})


def _application_or_404(request: HttpRequest, pk: int) -> Application:
    application = application_list(viewer=request.user).filter(pk=pk).first()
    if application is None:
        raise Http404
    return application


@require_GET
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application_or_404(request, pk)
    me = employee_for_user(user=request.user)
    manage = can_manage_hiring(viewer=request.user, opening=application.opening)
    interviews = application.interviews.prefetch_related("interviewers", "feedback__interviewer")
    my_interviews = {
        i.pk for i in interviews if me and any(p.pk == me.pk for p in i.interviewers.all())
    }
    offer = Offer.objects.filter(application=application).first()
    context = {
        "application": application,
        "manage": manage,
        "interviews": interviews,
        "my_interviews": my_interviews,
        "me": me,
        "offer": offer,
        "moves": application.moves.select_related("from_stage", "to_stage", "moved_by")
        if manage
        else [],
        "stages": HiringStage.objects.all(),
        "interview_form": _interview_form(application),
        "feedback_form": FeedbackForm(),
        "offer_form": OfferForm(),
        "reject_form": RejectForm(),
    }
    return render(request, "hr/hiring/application_detail.html", context)


def _interview_form(application: Application, data=None) -> InterviewForm:
    """Interviewers come from the opening's department, its managers and HR: a short list at any size."""
    from django.db.models import Q

    from backoffice import roles
    from hr.models import Employee

    form = InterviewForm(data)
    form.fields["interviewers"].queryset = (
        Employee.objects.current()
        .filter(
            Q(department_id=application.opening.department_id)
            | Q(managed_departments__isnull=False)
            | Q(user__groups__name=roles.HR)
        )
        .distinct()
        .order_by("last_name", "first_name")
    )
    return form


def _managed_application(request: HttpRequest, pk: int) -> Application:
    application = _application_or_404(request, pk)
    if not can_manage_hiring(viewer=request.user, opening=application.opening):
        raise Http404
    return application


def _report(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


def _report_form(request: HttpRequest, form) -> None:
    """Forms posted from the application page come back there with their errors as messages."""
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))


@require_POST
def application_move_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = _managed_application(request, pk)
    stage_id = query_int(request.POST.get("stage"))
    stage = HiringStage.objects.filter(pk=stage_id).first() if stage_id is not None else None
    if stage is None:
        messages.error(request, _("Choose a stage."))
    else:
        try:
            application_move(actor=request.user, application=application, stage=stage)
        except ValidationError as exc:
            _report(request, exc)
    target = request.POST.get("next") or "board"
    if target == "board":
        return redirect("hr:opening-detail", pk=application.opening_id)
    return redirect("hr:application-detail", pk=application.pk)


@require_POST
def application_reject_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = _managed_application(request, pk)
    form = RejectForm(request.POST)
    try:
        application_reject(
            actor=request.user,
            application=application,
            reason=request.POST.get("reason", "") if form.is_valid() else "",
        )
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(
            request, _("The candidate was told no; their data is kept for the retention period.")
        )
    return redirect("hr:application-detail", pk=application.pk)


@require_POST
def interview_create(request: HttpRequest, pk: int) -> HttpResponse:
    application = _managed_application(request, pk)
    form = _interview_form(application, request.POST)
    if not form.is_valid():
        _report_form(request, form)
    else:
        try:
            interview_schedule(actor=request.user, application=application, **form.cleaned_data)
        except ValidationError as exc:
            _report(request, exc)
        else:
            messages.success(request, _("The interview was scheduled."))
    return redirect("hr:application-detail", pk=application.pk)


@require_POST
def feedback_create(request: HttpRequest, pk: int) -> HttpResponse:
    interview = Interview.objects.select_related("application").filter(pk=pk).first()
    if interview is None:
        raise Http404
    _application_or_404(request, interview.application_id)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        _report_form(request, form)
    else:
        try:
            feedback_submit(actor=request.user, interview=interview, **form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            _report(request, exc)
        else:
            messages.success(request, _("Thank you, your feedback was saved."))
    return redirect("hr:application-detail", pk=interview.application_id)


@require_POST
def offer_create(request: HttpRequest, pk: int) -> HttpResponse:
    application = _managed_application(request, pk)
    form = OfferForm(request.POST)
    if not form.is_valid():
        _report_form(request, form)
    else:
        try:
            offer_make(actor=request.user, application=application, **form.cleaned_data)
        except ValidationError as exc:
            _report(request, exc)
        else:
            messages.success(request, _("The offer was made."))
    return redirect("hr:application-detail", pk=application.pk)


@require_POST
def offer_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    offer = Offer.objects.select_related("application").filter(pk=pk).first()
    if offer is None:
        raise Http404
    application = _managed_application(request, offer.application_id)
    try:
        if decision == "accept":
            employee = offer_accept(actor=request.user, offer=offer)
            messages.success(
                request,
                _("%(name)s was hired; the onboarding checklist has started.")
                % {"name": employee.full_name},
            )
            if sees_everyone(request.user):
                return redirect("hr:employee-detail", pk=employee.pk)
        else:
            offer_decline(actor=request.user, offer=offer)
            messages.success(request, _("The offer was marked as declined."))
    except ValidationError as exc:
        _report(request, exc)
    return redirect("hr:application-detail", pk=application.pk)


@require_GET
def candidate_cv(request: HttpRequest, pk: int) -> FileResponse:
    application = _application_or_404(request, pk)
    candidate = application.candidate
    if not candidate.cv:
        raise Http404
    try:
        handle = candidate.cv.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    extension = candidate.cv.name.rsplit(".", 1)[-1]
    return FileResponse(
        handle, as_attachment=True, filename=f"CV {candidate.full_name}.{extension}"
    )
