"""Payroll's documents: payslip PDFs (one, or a whole run as a background job), the
payroll register as PDF or XLSX, and the bank file.

Every PDF goes through the platform's renderer (one font configuration and stylesheet a
process); the figures come from the stored payslips, never recomputed.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from backoffice.exports import xlsx_bytes
from backoffice.models import Job, User
from backoffice.pdf import render_pdf, render_pdf_batch
from backoffice.services.jobs import JobContext
from finance.payroll.exports.sepa import Debtor, Transfer, pain001_xml
from finance.payroll.models import PayrollRun, Payslip
from finance.payroll.selectors.reports import (
    payslip_documents,
    register_build,
    run_reference,
)

PAYSLIP_TEMPLATE = "payroll/pdf/payslip.html"
CHUNK = 200


def _payslips(run: PayrollRun):
    return (
        Payslip.objects.filter(run=run)
        .select_related("run", "employee", "department")
        .order_by("department__name", "employee__last_name", "employee__first_name", "pk")
    )


def payslip_pdf(*, slip: Payslip, language: str | None = None) -> bytes:
    """One payslip, in ``language`` (the reader's)."""
    (document,) = payslip_documents(payslips=[slip])
    return render_pdf(
        PAYSLIP_TEMPLATE, {"doc": document, "reference": document.reference}, language=language
    )


def payslip_filename(slip: Payslip) -> str:
    return f"payslip-{slip.run.period_start:%Y-%m}-{slip.employee.employee_number}.pdf"


def payslips_pdf(*, run: PayrollRun, language: str | None = None, progress=None) -> bytes:
    """Every payslip of ``run`` in one file, each its own document; built CHUNK payslips at a
    time so the lines and year-to-date figures are read in a few queries a chunk."""

    def contexts():
        chunk: list[Payslip] = []
        for slip in _payslips(run).iterator(chunk_size=CHUNK):
            chunk.append(slip)
            if len(chunk) == CHUNK:
                yield from _contexts(chunk)
                chunk = []
        if chunk:
            yield from _contexts(chunk)

    return render_pdf_batch(PAYSLIP_TEMPLATE, contexts(), language=language, progress=progress)


def _contexts(chunk: list[Payslip]):
    for document in payslip_documents(payslips=chunk):
        yield {"doc": document, "reference": document.reference}


def payslips_version(params: dict[str, Any], user: User | None) -> str:
    """A draft recalculated since is new work; a posted run never changes."""
    run = PayrollRun.objects.filter(pk=params.get("run")).first()
    if run is None:
        return ""
    return f"{run.status}:{run.calculated_at.isoformat() if run.calculated_at else ''}"


def payslips_render(*, job: Job, context: JobContext) -> None:
    """Job: the run's payslips as one PDF for payroll staff (each person sees and downloads their
    own on their page). Running it again rebuilds the same file."""
    run = PayrollRun.objects.get(pk=int(job.params["run"]))
    total = Payslip.objects.filter(run=run).count()
    context.progress(0, total + 1, _("Writing the payslips"), force=True)
    content = payslips_pdf(run=run, progress=lambda done: context.progress(done, total + 1))
    context.save_result(f"payslips-{run.period_start:%Y-%m}-{run.pk}.pdf", content)
    message = _("%(count)s payslips written.") % {"count": total}
    context.progress(total + 1, total + 1, message, force=True)


def register_pdf(*, run: PayrollRun, language: str | None = None) -> bytes:
    with translation.override(language or translation.get_language()):
        register = register_build(run=run)
    return render_pdf(
        "payroll/pdf/register.html",
        {"register": register, "run": run, "reference": run_reference(run)},
        language=language,
    )


def register_xlsx(*, run: PayrollRun) -> bytes:
    register = register_build(run=run)
    rows = [[r.number, r.name, r.department, r.days_worked, *r.amounts] for r in register.rows]
    rows.append(["", _("Total"), "", None, *register.totals])
    return xlsx_bytes(header=register.header, rows=rows, title=_("Payroll register")[:31])


def register_export(*, job: Job, context: JobContext) -> None:
    """Job: the run's payroll register as PDF or XLSX."""
    run = PayrollRun.objects.get(pk=int(job.params["run"]))
    context.progress(0, 1, _("Writing the register"), force=True)
    stamp = f"{run.period_start:%Y-%m}-{run.pk}"
    if job.params.get("format") == "pdf":
        context.save_result(f"payroll-register-{stamp}.pdf", register_pdf(run=run))
    else:
        context.save_result(f"payroll-register-{stamp}.xlsx", register_xlsx(run=run))
    context.progress(1, 1, _("Done"), force=True)


def bank_file(*, run: PayrollRun, debtor: Debtor) -> bytes:
    """The run's net pay as a SEPA credit transfer (pain.001.001.03), one transfer a person
    with net pay above zero. Raises ``BankFileError`` naming everyone who cannot be paid."""
    reference = _("Salary %(period)s") % {"period": f"{run.period_start:%m.%Y}"}
    transfers = [
        Transfer(
            name=slip.employee.full_name,
            iban=slip.iban or slip.employee.iban,
            amount=slip.net,
            reference=reference,
            end_to_end_id=f"{run_reference(run)}-{slip.employee.employee_number}",
        )
        for slip in _payslips(run).filter(net__gt=0)
    ]
    return pain001_xml(
        message_id=run_reference(run),
        debtor=debtor,
        transfers=transfers,
        execution_date=max(run.period_end, timezone.localdate()),
        created_at=timezone.localtime(),
    )
