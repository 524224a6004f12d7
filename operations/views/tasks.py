"""Daily operations tasks: a person's own on their phone, a location's board, the templates."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.lists import paginate
from operations import permissions, selectors, services
from operations.forms import TaskTemplateForm, TickForm
from operations.models import DailyTask, TaskTemplate, TaskTemplateItem
from operations.views.common import get_or_404, messages_of, require


@require_GET
def task_mine(request: HttpRequest) -> HttpResponse:
    tasks = selectors.my_tasks(user=request.user)
    return render(request, "operations/task_mine.html", {"tasks": tasks, "now": timezone.now()})


@require_POST
def task_tick_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        task = selectors.task_get(pk=pk)
    except DailyTask.DoesNotExist:
        raise Http404 from None
    if not selectors.shifts_covering(user=request.user, task=task):
        raise Http404
    form = TickForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("operations:task-mine")
    item = TaskTemplateItem.objects.filter(
        pk=form.cleaned_data["item"], template_id=task.template_id
    ).first()
    if item is None:
        raise Http404
    try:
        services.task_tick(
            task=task, item=item, actor=request.user, photo=form.cleaned_data.get("photo")
        )
    except ValidationError as exc:
        for message in messages_of(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("Ticked off: %(check)s") % {"check": item.text})
    return redirect("operations:task-mine")


@require_GET
def task_board(request: HttpRequest) -> HttpResponse:
    require(permissions.sees_location_tasks, request)
    today = timezone.localdate()
    week_start = today - timedelta(days=today.weekday())
    return render(
        request,
        "operations/task_board.html",
        {
            "tasks": selectors.location_tasks(viewer=request.user, day=today),
            "completion": selectors.completion_by_location(
                viewer=request.user, week_start=week_start
            ),
            "week_start": week_start,
            "now": timezone.now(),
            "manages": permissions.manages_tasks(request.user),
        },
    )


@require_GET
def template_index(request: HttpRequest) -> HttpResponse:
    require(permissions.manages_tasks, request)
    return render(
        request,
        "operations/template_list.html",
        {"page": paginate(request, selectors.template_list(viewer=request.user))},
    )


@require_http_methods(["GET", "POST"])
def template_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require(permissions.manages_tasks, request)
    template = get_or_404(TaskTemplate.objects.all(), pk) if pk else TaskTemplate()
    form = TaskTemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        services.task_template_save(
            template=form.save(commit=False), checklist=form.cleaned_data["checklist"]
        )
        messages.success(request, _("Task template saved."))
        return redirect("operations:template-list")
    return render(
        request,
        "operations/template_form.html",
        {"form": form, "template": template},
        status=400 if request.method == "POST" else 200,
    )
