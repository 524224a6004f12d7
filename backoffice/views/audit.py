"""The audit trail for Administrator: filter, sort, page, export (CSV at once, XLSX as a job)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from backoffice.filters import AuditEventFilter
from backoffice.lists import export_response, paginate, sort_queryset
from backoffice.selectors import audit_event_list
from backoffice.services import job_start

AUDIT_SORTS = {
    "when": ["created_at", "id"],
    "kind": ["kind", "created_at"],
    "actor": ["actor_name", "created_at"],
}
AUDIT_HEADER = (
    gettext_lazy("When"),
    gettext_lazy("Kind"),
    gettext_lazy("Summary"),
    gettext_lazy("Actor"),
    gettext_lazy("Object type"),
    gettext_lazy("Object id"),
    gettext_lazy("IP address"),
)


def _filtered(request: HttpRequest) -> AuditEventFilter:
    return AuditEventFilter(request.GET or None, queryset=audit_event_list(viewer=request.user))


@require_GET
@permission_required("backoffice.view_auditevent", raise_exception=True)
def audit_list(request: HttpRequest) -> HttpResponse:
    filterset = _filtered(request)
    valid = not filterset.is_bound or filterset.is_valid()
    matching = filterset.qs if valid else filterset.queryset.none()
    events, sort = sort_queryset(request, matching, allowed=AUDIT_SORTS, default="-when")
    exported = export_response(
        request,
        basename="audit-trail",
        header=[str(h) for h in AUDIT_HEADER],
        rows=lambda: (
            (
                e.created_at,
                e.kind_label,
                e.summary_display,
                e.actor_name,
                e.object_type,
                e.object_id,
                e.ip_address,
            )
            for e in events.iterator(chunk_size=1000)
        ),
    )
    if exported is not None and valid:
        return exported
    page = paginate(request, events)
    template = "backoffice/audit_list.html" + ("#table" if request.htmx else "")
    export_fields = [
        (k, v) for k, v in request.GET.items() if k in AuditEventFilter.base_filters and v
    ]
    return render(
        request,
        template,
        {"filter": filterset, "page": page, "sort": sort, "export_fields": export_fields},
    )


@require_POST
@permission_required("backoffice.export_auditevent", raise_exception=True)
def audit_export(request: HttpRequest) -> HttpResponse:
    """Start (or find) the XLSX export of what is filtered, up to the newest event right now."""
    filterset = AuditEventFilter(request.POST, queryset=audit_event_list(viewer=request.user))
    if not filterset.is_valid():
        messages.error(request, _("Correct the filters before exporting."))
        return redirect("backoffice:audit-list")
    params = {
        key: (value.isoformat() if hasattr(value, "isoformat") else value)
        for key, value in filterset.form.cleaned_data.items()
        if value not in (None, "")
    }
    # Pinning the newest matching event makes a re-run (after a killed worker) export the same rows,
    # and makes "the same export" mean the same rows: new matching events make it new work.
    params["until_id"] = filterset.qs.aggregate(Max("id"))["id__max"] or 0
    job = job_start(kind="backoffice.audit_export", params=params, requested_by=request.user)
    return redirect("backoffice:job-detail", uuid=job.uuid)
