"""HR's background jobs."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice.models import Job, User
from backoffice.pdf import render_pdf
from backoffice.services.jobs import JobContext
from hr.models import Employee
from hr.selectors import headcount_by_department


def _by_type() -> dict[str, int]:
    return dict(Employee.objects.current().values_list("employment_type").annotate(n=Count("id")))


def headcount_report_version(params: dict[str, Any], user: User | None) -> str:
    """The figures the report prints (headcount per department, people per employment type):
    the same figures give the same report, any change to them a new one."""
    figures = {
        "departments": list(headcount_by_department().values_list("pk", "name", "headcount")),
        "by_type": sorted(_by_type().items()),
    }
    return hashlib.sha256(json.dumps(figures, default=str).encode()).hexdigest()[:16]


def headcount_report(*, job: Job, context: JobContext) -> None:
    """Headcount per department and employment type, as a PDF in the requester's language."""
    departments = list(headcount_by_department())
    context.progress(0, len(departments) + 1, _("Counting people"), force=True)
    rows = []
    by_type = _by_type()
    for done, department in enumerate(departments, start=1):
        rows.append({"department": department, "headcount": department.headcount})
        context.progress(done)
    total = sum(r["headcount"] for r in rows)
    today = timezone.localdate()
    pdf = render_pdf(
        "hr/pdf/headcount.html",
        {
            "rows": rows,
            "total": total,
            "by_type": [
                (label, by_type.get(value, 0)) for value, label in Employee.EmploymentType.choices
            ],
            "today": today,
            "reference": f"HC-{today:%Y%m%d}-{job.pk}",
        },
    )
    context.save_result(f"headcount-{today:%Y-%m-%d}.pdf", pdf)
    context.progress(
        len(departments) + 1,
        message=_("%(total)s people in %(n)s departments.")
        % {"total": total, "n": len(departments)},
        force=True,
    )


def employees_import_run(*, job: Job, context: JobContext) -> None:
    """Import the stored file all or nothing; when rows are wrong, the result is their list.

    The stored file holds personal data, so it is deleted once the run ends either way. A worker
    killed half way leaves it for the next attempt, which the import service recognises if the
    first attempt had already committed.
    """
    from django.utils.translation import ngettext

    from backoffice.exports import xlsx_bytes
    from backoffice.storage import private_storage
    from hr.services.imports import ImportError_, employees_import

    storage = private_storage()
    name = job.params["file"]
    total = int(job.params.get("rows", 0))
    context.progress(0, total, _("Checking %(count)s rows") % {"count": total}, force=True)
    try:
        try:
            handle = storage.open(name, "rb")
        except FileNotFoundError:
            raise ValueError(_("The uploaded file is gone; upload it again.")) from None
        with handle, context.keep_alive():
            count = employees_import(
                actor=job.requested_by, upload=handle, job=job, progress=context.progress
            )
    except ImportError_ as exc:
        problems = xlsx_bytes(
            header=[_("Row"), _("Column"), _("Problem")],
            rows=((e.row or None, e.column, e.message) for e in exc.errors),
        )
        context.save_result(
            f"employee-import-problems-{timezone.localdate():%Y-%m-%d}.xlsx", problems
        )
        message = ngettext(
            "%(count)s problem found; nothing was imported. Download the list below.",
            "%(count)s problems found; nothing was imported. Download the list below.",
            len(exc.errors),
        ) % {"count": len(exc.errors)}
    else:
        message = _("%(count)s employees were imported.") % {"count": count}
    finally:
        storage.delete(name)
    context.progress(total, total, message, force=True)
