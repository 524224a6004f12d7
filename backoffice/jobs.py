"""Handlers of the platform's own job kinds. A handler gets the Job and a JobContext, rebuilds its
result from scratch (so a second attempt after a killed worker gives the same file) and reports
progress as it goes."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook
from openpyxl.styles import Font

from backoffice.filters import AuditEventFilter
from backoffice.models import Job
from backoffice.selectors import audit_event_list
from backoffice.services.audit import audit_record
from backoffice.services.jobs import JobContext

EXPORT_BATCH = 500


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

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Audit trail"))
    bold = Font(bold=True)
    header = [
        _("When"),
        _("Kind"),
        _("Summary"),
        _("Actor"),
        _("Object type"),
        _("Object id"),
        _("IP address"),
    ]
    from openpyxl.cell import WriteOnlyCell

    row = []
    for title in header:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        row.append(cell)
    sheet.append(row)
    tz = timezone.get_current_timezone()
    for done, event in enumerate(events.iterator(chunk_size=EXPORT_BATCH), start=1):
        sheet.append(
            [
                event.created_at.astimezone(tz).replace(tzinfo=None),
                event.kind_label,
                event.summary_display,
                event.actor_name,
                event.object_type,
                event.object_id,
                event.ip_address or "",
            ]
        )
        if done % EXPORT_BATCH == 0:
            context.progress(done)
    buffer = io.BytesIO()
    workbook.save(buffer)
    stamp = date_format(timezone.localdate(), "Y-m-d")
    context.save_result(f"audit-trail-{stamp}.xlsx", buffer.getvalue())
    context.progress(total, total, _("%(n)s events exported.") % {"n": total}, force=True)
    audit_record(
        kind="audit.exported",
        summary=gettext_noop("Audit trail exported (%(rows)s events)"),
        params={"rows": total},
        actor=job.requested_by,
        target=job,
        data={"params": params, "rows": total},
    )
