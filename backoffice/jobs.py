"""Handlers of the platform's own job kinds. A handler gets the Job and a JobContext, rebuilds its
result from scratch (so a second attempt after a killed worker gives the same file) and reports
progress as it goes."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from backoffice.audit import PlatformAudit
from backoffice.exports import xlsx_bytes
from backoffice.filters import AuditEventFilter
from backoffice.models import Job, User
from backoffice.selectors import audit_event_list
from backoffice.services.actions import action_record
from backoffice.services.jobs import JobContext

EXPORT_BATCH = 500


def audit_export_version(params: dict[str, Any], user: User | None) -> str:
    """The events the export holds: the view pins the last one (``until_id``), and their count
    changes when the retention purge removes old ones."""
    filterset = AuditEventFilter(params, queryset=audit_event_list(viewer=user))
    if not filterset.is_valid():
        return ""
    found = filterset.qs.filter(id__lte=params.get("until_id", 0)).aggregate(
        count=Count("id"), last=Max("id")
    )
    return f"{found['last']}:{found['count']}"


def audit_export(*, job: Job, context: JobContext) -> None:
    """The audit trail, filtered as the user asked, as an XLSX workbook."""
    params = job.params
    filterset = AuditEventFilter(params, queryset=audit_event_list(viewer=job.requested_by))
    if not filterset.is_valid():
        raise ValueError(
            _("The filters are not valid: %(errors)s") % {"errors": filterset.errors.as_text()}
        )
    events = filterset.qs.filter(id__lte=params.get("until_id", 0)).order_by("created_at", "id")
    total = events.count()
    context.progress(0, total, _("Writing %(n)s events") % {"n": total}, force=True)

    header = [
        _("When"),
        _("Kind"),
        _("Summary"),
        _("Actor"),
        _("Object type"),
        _("Object id"),
        _("IP address"),
    ]

    def rows():
        for done, event in enumerate(events.iterator(chunk_size=EXPORT_BATCH), start=1):
            yield (
                event.created_at,
                event.kind_label,
                event.summary_display,
                event.actor_name,
                event.object_type,
                event.object_id,
                event.ip_address or "",
            )
            if done % EXPORT_BATCH == 0:
                context.progress(done)

    content = xlsx_bytes(header=header, rows=rows(), title=_("Audit trail"))
    stamp = date_format(timezone.localdate(), "Y-m-d")
    context.save_result(f"audit-trail-{stamp}.xlsx", content)
    context.progress(total, total, _("%(n)s events exported.") % {"n": total}, force=True)
    action_record(
        kind=PlatformAudit.AUDIT_EXPORTED,
        summary=gettext_noop("Audit trail exported (%(rows)s events)"),
        params={"rows": total},
        actor=job.requested_by,
        target=job,
        data={"params": params, "rows": total},
    )
