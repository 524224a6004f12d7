"""My tasks (checklist tasks named to me or my roles), checklists, and ending someone's employment."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.lists import paginate
from hr.forms import EndEmploymentForm
from hr.models import ChecklistTask, Employee
from hr.selectors import checklist_list, employee_get, my_tasks
from hr.services import employment_end, task_complete
from hr.services.onboarding import may_complete


@require_GET
def my_tasks_view(request: HttpRequest) -> HttpResponse:
    tasks = my_tasks(user=request.user)
    return render(
        request, "hr/tasks.html", {"page": paginate(request, tasks), "today": timezone.localdate()}
    )


@require_POST
def task_done(request: HttpRequest, pk: int) -> HttpResponse:
    task = ChecklistTask.objects.select_related("responsible_person").filter(pk=pk).first()
    if task is None or not may_complete(user=request.user, task=task):
        raise Http404
    try:
        task_complete(actor=request.user, task=task)
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("“%(task)s” is done.") % {"task": task.title})
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("hr:task-mine")


def _checklist_of_my_task(request: HttpRequest, pk: int):
    """Someone responsible for one of a checklist's tasks may read that checklist."""
    from hr.models import Checklist

    for task in ChecklistTask.objects.filter(checklist_id=pk).select_related("responsible_person"):
        if may_complete(user=request.user, task=task):
            return Checklist.objects.select_related("employee", "template").get(pk=pk)
    return None


@require_GET
def checklist_detail(request: HttpRequest, pk: int) -> HttpResponse:
    checklist = checklist_list(viewer=request.user).filter(pk=pk).first()
    if checklist is None:
        checklist = _checklist_of_my_task(request, pk)
    if checklist is None:
        raise Http404
    tasks = checklist.tasks.select_related("responsible_person", "done_by")
    done = sum(1 for t in tasks if t.done_at)
    context = {
        "mine": {t.pk for t in tasks if not t.done_at and may_complete(user=request.user, task=t)},
        "checklist": checklist,
        "tasks": tasks,
        "done": done,
        "total": len(tasks),
        "percent": int(done * 100 / len(tasks)) if tasks else 100,
        "today": timezone.localdate(),
    }
    return render(request, "hr/checklist_detail.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("hr.change_employee", raise_exception=True)
def employment_end_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        employee = employee_get(viewer=request.user, pk=pk)
    except Employee.DoesNotExist:
        raise Http404 from None
    form = EndEmploymentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            employment_end(actor=request.user, employee=employee, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("The last working day was set and offboarding has started.")
            )
            return redirect("hr:employee-detail", pk=employee.pk)
    return render(request, "hr/employment_end.html", {"form": form, "employee": employee})
