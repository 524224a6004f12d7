"""HR's background jobs."""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice.models import Job
from backoffice.pdf import render_pdf
from backoffice.services.jobs import JobContext
from hr.models import Employee
from hr.selectors import headcount_by_department


def headcount_report(*, job: Job, context: JobContext) -> None:
    """Headcount per department and employment type, as a PDF in the requester's language."""
    departments = list(headcount_by_department())
    context.progress(0, len(departments) + 1, _("Counting people"), force=True)
    rows = []
    by_type = dict(
        Employee.objects.current().values_list("employment_type").annotate(n=Count("id"))
    )
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
