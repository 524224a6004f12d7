"""Findings, the checks' run button, the dashboard and the monthly report."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from backoffice.lists import export_response, paginate, sort_queryset
from backoffice.services.jobs import job_start
from compliance import services
from compliance.forms import AcceptForm, FindingFilterForm
from compliance.models import Finding
from compliance.permissions import is_officer
from compliance.selectors import (
    check_choices,
    check_label,
    dashboard_overview,
    finding_list,
)
from compliance.views.common import add_errors, require_findings, require_officer

SORTS = {
    "severity": ["rank", "-last_seen", "pk"],
    "due": ["due", "pk"],
    "seen": ["last_seen", "pk"],
    "check": ["check_key", "pk"],
}
HEADER = (
    gettext_lazy("Finding"),
    gettext_lazy("Check"),
    gettext_lazy("Severity"),
    gettext_lazy("Department"),
    gettext_lazy("Owner"),
    gettext_lazy("Due"),
    gettext_lazy("State"),
    gettext_lazy("First found"),
    gettext_lazy("Last found"),
    gettext_lazy("Reason"),
)


def _filtered(request: HttpRequest):
    form = FindingFilterForm(request.GET or None, checks=check_choices())
    findings = finding_list(viewer=request.user).annotate(
        rank=Case(When(severity="high", then=0), When(severity="medium", then=1), default=2)
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        state = data.get("state")
        if state in {"open", "accepted", "resolved"}:
            findings = findings.filter(state=state)
        elif state != "all":
            findings = findings.unresolved()
        if data.get("severity"):
            findings = findings.filter(severity=data["severity"])
        if data.get("check"):
            findings = findings.filter(check_key=data["check"])
        if data.get("department"):
            findings = findings.filter(department=data["department"])
    else:
        findings = findings.unresolved()
    return form, findings


@require_GET
def finding_index(request: HttpRequest) -> HttpResponse:
    require_findings(request)
    form, findings = _filtered(request)
    findings, sort = sort_queryset(request, findings, allowed=SORTS, default="-seen")
    exported = export_response(
        request,
        basename="compliance-findings",
        header=[str(h) for h in HEADER],
        rows=lambda: (
            (
                f.text,
                check_label(f.check_key),
                f.get_severity_display(),
                f.department.name if f.department else "",
                f.owner.get_full_name() or f.owner.username if f.owner else "",
                f.due,
                f.get_state_display(),
                f.first_seen,
                f.last_seen,
                f.reason,
            )
            for f in findings.iterator(chunk_size=1000)
        ),
    )
    if exported is not None:
        return exported
    # The page is chosen on the findings table alone (its ids, by index), and only its rows are
    # then read with their department, owner and person: joining every finding before sorting
    # costs more the more findings there are.
    page = paginate(request, findings.values_list("pk", flat=True))
    rows = findings.in_bulk(list(page.object_list))
    page.object_list = [rows[pk] for pk in page.object_list if pk in rows]
    labels = dict(check_choices())
    for finding in page.object_list:
        finding.check_label = labels.get(finding.check_key, finding.check_key)
    export_query = "&".join(
        f"{k}={v}" for k, v in request.GET.items() if k not in {"page", "export"}
    )
    return render(
        request,
        "compliance/finding_list.html",
        {
            "page": page,
            "filter_form": form,
            "sort": sort,
            "officer": is_officer(request.user),
            "export_query": export_query,
        },
    )


def _finding(request: HttpRequest, pk: int) -> Finding:
    finding = finding_list(viewer=request.user).filter(pk=pk).first()
    if finding is None:
        raise Http404
    return finding


@require_GET
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_findings(request)
    finding = _finding(request, pk)
    return render(
        request,
        "compliance/finding_detail.html",
        {
            "finding": finding,
            "check": check_label(finding.check_key),
            "form": AcceptForm(),
            "officer": is_officer(request.user),
        },
    )


@require_POST
def finding_accept(request: HttpRequest, pk: int) -> HttpResponse:
    require_officer(request)
    finding = _finding(request, pk)
    form = AcceptForm(request.POST)
    if form.is_valid():
        try:
            services.finding_accept(
                finding=finding, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Finding accepted."))
            return redirect("compliance:finding-detail", finding.pk)
    return render(
        request,
        "compliance/finding_detail.html",
        {
            "finding": finding,
            "check": check_label(finding.check_key),
            "form": form,
            "officer": True,
        },
        status=400,
    )


@require_POST
def finding_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    require_officer(request)
    finding = _finding(request, pk)
    services.finding_reopen(finding=finding, actor=request.user)
    messages.success(request, _("Finding reopened."))
    return redirect("compliance:finding-detail", finding.pk)


@require_POST
def checks_run(request: HttpRequest) -> HttpResponse:
    require_officer(request)
    job = job_start(kind="compliance.checks_run", params={}, requested_by=request.user)
    messages.info(request, _("The checks are running; the findings update when they finish."))
    return redirect("backoffice:job-detail", job.uuid)


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    require_officer(request)
    context = dashboard_overview(viewer=request.user, today=timezone.localdate())
    context["trend_chart"] = {
        "type": "line",
        "labels": [date_format(day, "SHORT_DATE_FORMAT") for day, _n in context["trend"]],
        "series": [{"label": _("Open findings"), "data": [n for _day, n in context["trend"]]}],
    }
    context["trend_rows"] = [
        (date_format(day, "SHORT_DATE_FORMAT"), n) for day, n in context["trend"]
    ]
    return render(request, "compliance/dashboard.html", context)


@require_POST
def report_start(request: HttpRequest) -> HttpResponse:
    """The monthly compliance report is rendered by a worker; the job's page offers the PDF."""
    require_officer(request)
    job = job_start(
        kind="compliance.monthly_report",
        params={"date": timezone.localdate().isoformat()},
        requested_by=request.user,
    )
    return redirect("backoffice:job-detail", job.uuid)
