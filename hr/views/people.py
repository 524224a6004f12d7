"""People: the directory (everyone), the employee list and records (HR, managers, the person)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.exports import csv_response
from backoffice.filters import query_int, search_query
from backoffice.lists import export_response, paginate, sort_queryset
from backoffice.registry import registry
from backoffice.services import job_start
from hr.filters import EmployeeFilter
from hr.forms import ContractForm, DocumentForm, EmployeeForm, ImportForm, ProfileForm
from hr.models import Department, Employee, EmployeeDocument, LeaveType
from hr.permissions import edits_employees
from hr.selectors import (
    can_see_pay,
    contract_list,
    directory,
    document_get,
    documents_for,
    employee_for_user,
    employee_get,
    employee_history,
    employee_list,
    employee_number_next,
    leave_balance,
    leave_request_list,
)
from hr.services import (
    ImportError_,
    contract_add,
    document_delete,
    document_upload,
    employee_create,
    employee_photo_set,
    employee_profile_update,
    employee_update,
    employees_import_start,
)

EMPLOYEE_SORTS = {
    "name": ["last_name", "first_name", "id"],
    "number": ["employee_number"],
    "department": ["department__name", "last_name"],
    "hired": ["hire_date", "id"],
    "status": ["status", "last_name"],
}
EXPORT_HEADER = (
    gettext_lazy("Number"),
    gettext_lazy("First name"),
    gettext_lazy("Last name"),
    gettext_lazy("Department"),
    gettext_lazy("Position"),
    gettext_lazy("Manager"),
    gettext_lazy("Status"),
    gettext_lazy("Type"),
    gettext_lazy("Hire date"),
    gettext_lazy("Work e-mail"),
)
TABS = ("profile", "contracts", "leave", "documents", "history")


def _employee_or_404(request: HttpRequest, pk: int) -> Employee:
    try:
        return employee_get(viewer=request.user, pk=pk)
    except Employee.DoesNotExist:
        raise Http404 from None


@require_GET
def directory_view(request: HttpRequest) -> HttpResponse:
    query = search_query(request)
    department_id = query_int(request.GET.get("department"))
    department = (
        Department.objects.filter(pk=department_id).first() if department_id is not None else None
    )
    people = directory(search=query, department=department)
    page = paginate(request, people, per_page=24)
    context = {
        "page": page,
        "query": query,
        "department": department,
        "departments": Department.objects.only("name"),
    }
    template = "hr/directory.html" + ("#cards" if request.htmx else "")
    return render(request, template, context)


@require_GET
@permission_required("hr.view_employee", raise_exception=True)
def employee_list_view(request: HttpRequest) -> HttpResponse:
    filterset = EmployeeFilter(request.GET or None, queryset=employee_list(viewer=request.user))
    employees, sort = sort_queryset(request, filterset.qs, allowed=EMPLOYEE_SORTS, default="name")
    exported = export_response(
        request,
        basename="employees",
        header=[str(h) for h in EXPORT_HEADER],
        rows=lambda: (
            (
                e.employee_number,
                e.first_name,
                e.last_name,
                e.department.name,
                e.position.title if e.position else "",
                e.manager.full_name if e.manager else "",
                e.get_status_display(),
                e.get_employment_type_display(),
                e.hire_date.isoformat(),
                e.work_email,
            )
            for e in employees.iterator(chunk_size=2000)
        ),
    )
    if exported is not None:
        return exported
    page = paginate(request, employees)
    template = "hr/employee_list.html" + ("#table" if request.htmx else "")
    return render(request, template, {"filter": filterset, "page": page, "sort": sort})


@require_GET
def employee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    employee = _employee_or_404(request, pk)
    panels = {p.key: p for p in registry.person_panels_for(request.user, employee)}
    tab = request.GET.get("tab", "profile")
    tab = tab if tab in TABS or tab in panels else "profile"
    context = {
        "employee": employee,
        "tab": tab,
        "panels": list(panels.values()),
        "see_pay": can_see_pay(viewer=request.user, employee=employee),
        "is_hr": edits_employees(request.user),
        "is_self": employee.user_id == request.user.pk,
    }
    if tab == "contracts":
        context["contracts"] = contract_list(viewer=request.user, employee=employee)
    elif tab == "leave":
        today = timezone.localdate()
        context["balances"] = [
            leave_balance(employee=employee, leave_type=t, as_of=today)
            for t in LeaveType.objects.filter(active=True, counts_against_allowance=True)
        ]
        context["requests"] = leave_request_list(viewer=request.user).filter(employee=employee)[:50]
    elif tab == "documents":
        context["documents"] = documents_for(viewer=request.user, employee=employee)
        context["today"] = timezone.localdate()
    elif tab == "history":
        context["history"] = employee_history(viewer=request.user, employee=employee)[:100]
    elif tab in panels:  # another app's panel on the person's record (the registry's hook)
        context["panel"] = panels[tab]
        context["panel_data"] = panels[tab].context(request, employee)
    return render(request, "hr/employee_detail.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("hr.add_employee", raise_exception=True)
def employee_create_view(request: HttpRequest) -> HttpResponse:
    initial = {"employee_number": employee_number_next(), "hire_date": timezone.localdate()}
    form = EmployeeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in EmployeeForm.Meta.fields}
        try:
            employee = employee_create(
                actor=request.user,
                data=data,
                create_login=form.cleaned_data.get("create_login", False),
                language=request.LANGUAGE_CODE,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": employee.full_name})
            return redirect("hr:employee-detail", pk=employee.pk)
    return render(request, "hr/employee_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@permission_required("hr.change_employee", raise_exception=True)
def employee_edit(request: HttpRequest, pk: int) -> HttpResponse:
    employee = _employee_or_404(request, pk)
    form = EmployeeForm(request.POST or None, instance=employee)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in EmployeeForm.Meta.fields}
        try:
            employee_update(actor=request.user, employee=Employee.objects.get(pk=pk), data=data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("hr:employee-detail", pk=pk)
    return render(request, "hr/employee_form.html", {"form": form, "employee": employee})


@require_http_methods(["GET", "POST"])
@permission_required("hr.add_employmentcontract", raise_exception=True)
def contract_create(request: HttpRequest, pk: int) -> HttpResponse:
    employee = _employee_or_404(request, pk)
    form = ContractForm(
        request.POST or None, initial={"start": timezone.localdate(), "weekly_hours": 40}
    )
    if request.method == "POST" and form.is_valid():
        try:
            contract_add(actor=request.user, employee=employee, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The contract was added."))
            return redirect(f"{employee_detail_url(employee)}?tab=contracts")
    return render(request, "hr/contract_form.html", {"form": form, "employee": employee})


def employee_detail_url(employee: Employee) -> str:
    from django.urls import reverse

    return reverse("hr:employee-detail", args=[employee.pk])


@require_http_methods(["GET", "POST"])
def document_create(request: HttpRequest, pk: int) -> HttpResponse:
    employee = _employee_or_404(request, pk)
    if not request.user.has_perm("hr.add_employeedocument"):
        raise Http404
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document_upload(
                actor=request.user,
                employee=employee,
                kind=data["kind"],
                title=data["title"],
                upload=data["upload"],
                expires_on=data["expires_on"],
            )
        except ValidationError as exc:
            form.add_error("upload", exc)
        else:
            messages.success(request, _("The document was added."))
            return redirect(f"{employee_detail_url(employee)}?tab=documents")
    return render(request, "hr/document_form.html", {"form": form, "employee": employee})


@require_GET
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    try:
        document = document_get(viewer=request.user, pk=pk)
    except EmployeeDocument.DoesNotExist:
        raise Http404 from None
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    extension = document.file.name.rsplit(".", 1)[-1]
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{document.title}.{extension}",
        content_type=document.content_type,
    )


@require_POST
@permission_required("hr.delete_employeedocument", raise_exception=True)
def document_remove(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        document = document_get(viewer=request.user, pk=pk)
    except EmployeeDocument.DoesNotExist:
        raise Http404 from None
    employee = document.employee
    document_delete(actor=request.user, document=document)
    messages.success(request, _("The document was removed."))
    return redirect(f"{employee_detail_url(employee)}?tab=documents")


#: The import file's columns, the required ones first, and an example row for the template.
IMPORT_TEMPLATE = (
    ("employee_number", "E2001"),
    ("first_name", "Стефан"),
    ("last_name", "Ангелов"),
    ("hire_date", "2026-03-01"),
    ("department_code", "OPS"),
    ("work_email", "s.angelov@example.com"),
    ("work_phone", "+359 2 900 2001"),
    ("position", "Продавач-консултант"),
    ("manager_number", ""),
    ("employment_type", "full_time"),
    ("national_id", ""),
    ("iban", ""),
    ("date_of_birth", ""),
)


@require_GET
@permission_required("hr.add_employee", raise_exception=True)
def employee_import_template(request: HttpRequest) -> HttpResponse:
    """A CSV with the columns the import reads and one example row, to fill in and upload."""
    return csv_response(
        filename="employees-import-template.csv",
        header=[column for column, _example in IMPORT_TEMPLATE],
        rows=[[example for _column, example in IMPORT_TEMPLATE]],
    )


@require_http_methods(["GET", "POST"])
@permission_required("hr.add_employee", raise_exception=True)
def employee_import_view(request: HttpRequest) -> HttpResponse:
    """Problems with the file as a whole show on its field; problems of rows in a table below."""
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            started = employees_import_start(actor=request.user, upload=form.cleaned_data["upload"])
        except ImportError_ as exc:
            for error in exc.errors:
                if error.column == "file":
                    form.add_error("upload", error.message)
            errors = [e for e in exc.errors if e.column != "file"]
        else:
            if started.job is not None:
                return redirect("backoffice:job-detail", uuid=started.job.uuid)
            messages.success(
                request, _("%(count)s employees were imported.") % {"count": started.count}
            )
            return redirect("hr:employee-list")
    return render(
        request,
        "hr/employee_import.html",
        {
            "form": form,
            "errors": errors[:500],
            "error_count": len(errors),
            "max_rows": settings.IMPORT_MAX_ROWS,
            "background_rows": settings.IMPORT_BACKGROUND_ROWS,
            # A browser never keeps a chosen file after a page is sent back: name it instead.
            "upload_name": getattr(request.FILES.get("upload"), "name", ""),
        },
    )


@require_POST
@permission_required("hr.view_employee", raise_exception=True)
def headcount_report_start(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate().isoformat()
    job = job_start(kind="hr.headcount_report", params={"date": today}, requested_by=request.user)
    return redirect("backoffice:job-detail", uuid=job.uuid)


@require_http_methods(["GET", "POST"])
def my_profile(request: HttpRequest) -> HttpResponse:
    me = employee_for_user(user=request.user)
    if me is None:
        raise Http404
    form = ProfileForm(request.POST or None, instance=me)
    if request.method == "POST" and form.is_valid():
        try:
            employee_profile_update(
                actor=request.user, employee=Employee.objects.get(pk=me.pk), data=form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your details were saved."))
            return redirect("hr:profile-mine")
    documents = documents_for(viewer=request.user, employee=me)
    return render(
        request, "hr/my_profile.html", {"form": form, "employee": me, "documents": documents}
    )


@require_GET
def employee_photo(request: HttpRequest, pk: int) -> FileResponse:
    """Photos belong to the directory: every signed-in person may see them."""
    employee = Employee.objects.filter(pk=pk).only("photo").first()
    if employee is None or not employee.photo:
        raise Http404
    try:
        handle = employee.photo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = "image/png" if employee.photo.name.endswith(".png") else "image/jpeg"
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_POST
def employee_photo_upload(request: HttpRequest, pk: int) -> HttpResponse:
    from django.core.exceptions import PermissionDenied

    employee = _employee_or_404(request, pk)
    upload = request.FILES.get("photo")
    if upload is None:
        messages.error(request, _("Choose a picture first."))
    else:
        try:
            employee_photo_set(actor=request.user, employee=employee, upload=upload)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The photo was saved."))
    back = request.POST.get("back", "")
    return redirect(
        "hr:profile-mine" if back == "profile" else "hr:employee-detail",
        **({} if back == "profile" else {"pk": pk}),
    )
