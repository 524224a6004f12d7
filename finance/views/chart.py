"""The chart of accounts: tree, create and edit, preset, import and export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.exports import csv_response, xlsx_response
from backoffice.selectors import organisation_get
from finance import permissions, selectors, services
from finance.domain.charts import preset_for_country
from finance.forms import AccountForm, ChartImportForm, PresetForm
from finance.models import Account

EXPORT_HEADER = [
    "number",
    "name",
    "name_bg",
    "type",
    "parent",
    "is_group",
    "is_active",
    "needs_partner",
    "needs_department",
]


def _levels(accounts: list[Account]) -> dict[int, int]:
    by_id = {a.pk: a for a in accounts}
    levels: dict[int, int] = {}
    for account in accounts:
        level, node = 0, account
        while node.parent_id and node.parent_id in by_id and level < 10:
            level += 1
            node = by_id[node.parent_id]
        levels[account.pk] = level
    return levels


@require_GET
def account_list(request: HttpRequest) -> HttpResponse:
    accounts = list(selectors.account_list(viewer=request.user))
    levels = _levels(accounts)
    rows = [(a, levels[a.pk]) for a in accounts]
    preset = preset_for_country(organisation_get().country)
    return render(
        request,
        "finance/account_list.html",
        {
            "rows": rows,
            "can_configure": permissions.configures(request.user),
            "preset_form": PresetForm(initial={"preset": preset.key}),
        },
    )


@require_http_methods(["GET", "POST"])
def account_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if not permissions.configures(request.user):
        raise PermissionDenied
    account = Account.objects.filter(pk=pk).first() if pk else None
    if pk and account is None:
        raise Http404
    form = AccountForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in AccountForm.Meta.fields}
        try:
            services.account_save(
                actor=request.user, data=data, account=Account.objects.get(pk=pk) if pk else None
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                form.add_error(None, exc)
        else:
            messages.success(request, _("The account was saved."))
            return redirect("finance:account-list")
    return render(request, "finance/account_form.html", {"form": form, "account": account})


@require_POST
def chart_load(request: HttpRequest) -> HttpResponse:
    if not permissions.configures(request.user):
        raise PermissionDenied
    form = PresetForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a preset."))
        return redirect("finance:account-list")
    try:
        count = services.chart_load_preset(preset=form.cleaned_data["preset"], actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(count)s accounts were added.") % {"count": count})
    return redirect("finance:account-list")


@require_GET
def account_export(request: HttpRequest) -> HttpResponse:
    accounts = selectors.account_list(viewer=request.user)
    rows = (
        [
            a.number,
            a.name,
            a.name_bg,
            a.type,
            a.parent.number if a.parent else "",
            int(a.is_group),
            int(a.is_active),
            int(a.needs_partner),
            int(a.needs_department),
        ]
        for a in accounts
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_response(filename="chart-of-accounts.xlsx", header=EXPORT_HEADER, rows=rows)
    return csv_response(filename="chart-of-accounts.csv", header=EXPORT_HEADER, rows=rows)


@require_http_methods(["GET", "POST"])
def account_import(request: HttpRequest) -> HttpResponse:
    if not permissions.configures(request.user):
        raise PermissionDenied
    form = ChartImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            count = services.accounts_import(actor=request.user, upload=form.cleaned_data["upload"])
        except services.ChartImportError as exc:
            for error in exc.errors:
                if error.column == "file":
                    form.add_error("upload", error.message)
            errors = [e for e in exc.errors if e.column != "file"]
        else:
            messages.success(request, _("%(count)s accounts were imported.") % {"count": count})
            return redirect("finance:account-list")
    return render(request, "finance/account_import.html", {"form": form, "errors": errors[:500]})
