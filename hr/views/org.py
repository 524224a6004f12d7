"""The organisation: chart (branches load on demand), departments and their members."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from backoffice.lists import paginate
from hr.forms import DepartmentForm
from hr.models import Department, current_q
from hr.services import department_create, department_update


def _with_counts(departments):
    return departments.select_related("manager").annotate(
        headcount=Count("members", filter=current_q(prefix="members__"), distinct=True),
        sub_count=Count("children", distinct=True),
    )


@require_GET
def org_chart(request: HttpRequest) -> HttpResponse:
    roots = _with_counts(Department.objects.filter(parent__isnull=True)).order_by("name")
    return render(request, "hr/org_chart.html", {"nodes": roots})


@require_GET
def org_branch(request: HttpRequest, pk: int) -> HttpResponse:
    """One level below a department (htmx): fast at any size because only a branch loads."""
    children = _with_counts(Department.objects.filter(parent_id=pk)).order_by("name")
    return render(request, "hr/org_chart.html#nodes", {"nodes": children})


@require_GET
def department_list(request: HttpRequest) -> HttpResponse:
    departments = _with_counts(Department.objects.select_related("parent")).order_by("name")
    return render(request, "hr/department_list.html", {"departments": departments})


@require_GET
def department_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        department = _with_counts(Department.objects.select_related("parent")).get(pk=pk)
    except Department.DoesNotExist:
        raise Http404 from None
    members = department.members.current().select_related("position", "manager")
    page = paginate(request, members)
    return render(request, "hr/department_detail.html", {"department": department, "page": page})


@require_http_methods(["GET", "POST"])
@permission_required("hr.add_department", raise_exception=True)
def department_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    department = Department.objects.filter(pk=pk).first() if pk else None
    if pk and department is None:
        raise Http404
    form = DepartmentForm(request.POST or None, instance=department)
    if request.method == "POST" and form.is_valid():
        data = {field: form.cleaned_data[field] for field in DepartmentForm.Meta.fields}
        try:
            if department is None:
                department = department_create(actor=request.user, data=data)
            else:
                department = department_update(actor=request.user, department=department, data=data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The department was saved."))
            return redirect("hr:department-detail", pk=department.pk)
    return render(request, "hr/department_form.html", {"form": form, "department": department})
