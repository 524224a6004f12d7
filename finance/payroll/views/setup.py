"""Payroll's set-up pages: the rules in force (effective-dated rows with their sources), the pay
components and their form, and a month's one-off entries with their form and import."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.lists import paginate
from finance.payroll import permissions, selectors, services
from finance.payroll.forms import (
    RULE_FORMS,
    ComponentForm,
    OneOffFilterForm,
    OneOffForm,
    OneOffImportForm,
    SettingsForm,
    month_bounds,
)
from finance.payroll.models import Method
from finance.payroll.views.common import error_messages, need_manage, need_view
from hr import selectors as hr_selectors


@require_GET
def rule_list(request: HttpRequest) -> HttpResponse:
    need_view(request)
    lists = selectors.rule_lists(viewer=request.user)
    return render(
        request,
        "payroll/rule_list.html",
        {
            "lists": lists,
            "today": timezone.localdate(),
            "may_manage": permissions.manages_payroll(request.user),
        },
    )


@require_GET
def component_list(request: HttpRequest) -> HttpResponse:
    need_view(request)
    return render(
        request,
        "payroll/component_list.html",
        {
            "page": paginate(request, selectors.component_list(viewer=request.user)),
            "may_manage": permissions.manages_payroll(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def component_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    need_manage(request)
    instance = None
    if pk is not None:
        instance = selectors.component_list(viewer=request.user).filter(pk=pk).first()
        if instance is None:
            raise Http404
    form = ComponentForm(request.POST or None, instance=instance, bases=selectors.component_bases())
    if request.method == "POST" and form.is_valid():
        try:
            services.component_save(data=form.cleaned_data, instance=instance, actor=request.user)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("The component was saved."))
            return redirect("payroll:component-list")
    return render(
        request,
        "payroll/component_form.html",
        {"form": form, "component": instance},
    )


def _month(request: HttpRequest):
    form = OneOffFilterForm(request.GET or None)
    month = form.cleaned_data.get("month") if form.is_valid() else None
    return month_bounds(month or timezone.localdate())


def _oneoff_form(request: HttpRequest, data=None) -> OneOffForm:
    """The entry form of the page's month: only people employed in that month are offered."""
    start, end = _month(request)
    components = selectors.component_list(viewer=request.user)
    return OneOffForm(
        data,
        employees=hr_selectors.employee_choices().employed_between(start, end),
        components=components.filter(active=True).exclude(method=Method.STANDARD),
        month=start,
    )


#: The service's names for the form's "corrects" month.
ONE_OFF_FIELDS = {"corrects_start": "corrects", "corrects_end": "corrects"}


def _oneoff_page(request: HttpRequest, *, form=None, import_form=None, row_errors=()):
    start, end = _month(request)
    entries = selectors.one_off_list(viewer=request.user, period_start=start, period_end=end)
    paid = selectors.period_paid(period_start=start, period_end=end)
    return render(
        request,
        "payroll/oneoff_list.html",
        {
            "page": paginate(request, entries.select_related("employee", "component")),
            "start": start,
            "end": end,
            "month": start.strftime("%Y-%m"),
            "form": form or _oneoff_form(request),
            "import_form": import_form or OneOffImportForm(),
            "row_errors": row_errors,
            "paid": paid,
            "import_columns": services.IMPORT_COLUMNS,
            "may_manage": permissions.manages_payroll(request.user),
        },
        status=400 if (form is not None or import_form is not None) else 200,
    )


@require_http_methods(["GET", "POST"])
def oneoff_list(request: HttpRequest) -> HttpResponse:
    need_view(request)
    if request.method == "GET":
        return _oneoff_page(request)
    need_manage(request)
    start, end = _month(request)
    form = _oneoff_form(request, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        corrects = data.get("corrects")
        corrects_start, corrects_end = month_bounds(corrects) if corrects else (None, None)
        try:
            services.one_off_save(
                employee=data["employee"],
                component=data["component"],
                period_start=start,
                period_end=end,
                amount=data.get("amount"),
                hours=data.get("hours"),
                note=data.get("note", ""),
                corrects_start=corrects_start,
                corrects_end=corrects_end,
                actor=request.user,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    field = ONE_OFF_FIELDS.get(field, field)
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("The entry was added."))
            return redirect(f"{request.path}?month={start:%Y-%m}")
    return _oneoff_page(request, form=form)


@require_POST
def oneoff_import(request: HttpRequest) -> HttpResponse:
    need_manage(request)
    start, end = _month(request)
    form = OneOffImportForm(request.POST, request.FILES)
    row_errors = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            count = services.one_offs_import(
                upload=upload,
                period_start=start,
                period_end=end,
                actor=request.user,
            )
        except services.OneOffImportError as error:
            row_errors = error.errors
            rows = len({e.row for e in row_errors if e.row})
            if rows:
                form.add_error(
                    "file",
                    ngettext(
                        "Nothing was imported: %(count)s row has errors.",
                        "Nothing was imported: %(count)s rows have errors.",
                        rows,
                    )
                    % {"count": rows},
                )
            else:
                form.add_error("file", _("Nothing was imported."))
        except ValidationError as error:
            for message in error_messages(error):
                form.add_error("file", message)
        else:
            messages.success(request, _("%(count)s entries were imported.") % {"count": count})
            return redirect(f"{request.path.rsplit('import/', 1)[0]}?month={start:%Y-%m}")
    return _oneoff_page(request, import_form=form, row_errors=row_errors)


@require_POST
def oneoff_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete an entry no posted run has paid; a refusal says why, on the month's page."""
    need_manage(request)
    entry = selectors.one_off_get(viewer=request.user, pk=pk)
    back = f"{reverse('payroll:oneoff-list')}?month={entry.period_start:%Y-%m}"
    try:
        services.one_off_delete(entry=entry, actor=request.user)
    except ValidationError as error:
        for message in error_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, _("The entry was deleted."))
    return redirect(back)


RULE_TITLES = {
    "contribution": gettext_lazy("Contribution rate"),
    "rule": gettext_lazy("Amount or premium"),
    "minimum": gettext_lazy("Minimum insurable income"),
}
RULE_SAVERS = {
    "contribution": services.contribution_rate_save,
    "rule": services.payroll_rule_save,
    "minimum": services.minimum_income_save,
}


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_http_methods(["GET", "POST"])
def rule_form(request: HttpRequest, table: str, pk: int | None = None) -> HttpResponse:
    """A new rule row, or a row's end date and source: a change in force from a date is a new
    row beside the old one, never an edit of the old one's value."""
    need_manage(request)
    if table not in RULE_FORMS:
        raise Http404
    form_class = RULE_FORMS[table]
    instance = None
    if pk is not None:
        instance = form_class._meta.model.objects.filter(pk=pk).first()
        if instance is None:
            raise Http404
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            RULE_SAVERS[table](data=form.cleaned_data, instance=instance, actor=request.user)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The rule row was saved."))
            return redirect("payroll:rule-list")
    return render(
        request,
        "payroll/rule_form.html",
        {"form": form, "title": RULE_TITLES[table], "row": instance},
    )


@require_http_methods(["GET", "POST"])
def settings_edit(request: HttpRequest) -> HttpResponse:
    need_manage(request)
    current = selectors.payroll_settings_get()
    form = SettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.payroll_settings_save(data=form.cleaned_data, actor=request.user)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The payroll settings were saved."))
            return redirect("payroll:dashboard")
    return render(request, "payroll/settings_form.html", {"form": form})
