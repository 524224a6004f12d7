"""Payroll's documents: payslip PDFs (one, or a whole run as a background job), the
payroll register as PDF or XLSX, and the bank file.

Every PDF goes through the platform's renderer (one font configuration and stylesheet a
process); the figures come from the stored payslips, never recomputed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from backoffice.exports import xlsx_bytes
from backoffice.models import Job, User
from backoffice.pdf import pdf_merge, render_pdf, render_pdf_batch
from backoffice.services.jobs import JobContext, JobPartFailed, job_parts_run
from finance.payroll.exports.sepa import Debtor, Transfer, pain001_xml, transfer_problems
from finance.payroll.models import PayrollRun, Payslip
from finance.payroll.selectors.reports import (
    payslip_documents,
    register_build,
    run_reference,
)

PAYSLIP_TEMPLATE = "payroll/pdf/payslip.html"
PAYSLIP_STYLESHEETS = ("css/payslip.css",)  # parsed once a process, not once a payslip
CHUNK = 200
# Payslips a part of a run's PDF job renders (job_parts_run): small enough that the workers
# finish together and that a part's laid-out pages (1 to 2 MB each, held until the part is
# written) keep a process under CELERY_WORKER_MAX_MEMORY_KB, large enough that a part's
# start-up and fonts are a small share of it.
PART = 50
PART_KIND = "payroll.payslip_pdf_part"


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
        PAYSLIP_TEMPLATE,
        {"doc": document, "reference": document.reference},
        language=language,
        stylesheets=PAYSLIP_STYLESHEETS,
    )


def payslip_filename(slip: Payslip) -> str:
    return f"payslip-{slip.run.period_start:%Y-%m}-{slip.employee.employee_number}.pdf"


def payslips_pdf(
    *,
    run: PayrollRun,
    ids: list[int] | None = None,
    language: str | None = None,
    progress=None,
) -> bytes:
    """The payslips of ``run`` (or just ``ids``, in that order) in one file, each its own
    document; built CHUNK payslips at a time so the lines and year-to-date figures are read in
    a few queries a chunk."""

    def contexts():
        if ids is None:
            chunk: list[Payslip] = []
            for slip in _payslips(run).iterator(chunk_size=CHUNK):
                chunk.append(slip)
                if len(chunk) == CHUNK:
                    yield from _contexts(chunk)
                    chunk = []
            if chunk:
                yield from _contexts(chunk)
            return
        for start in range(0, len(ids), CHUNK):
            wanted = ids[start : start + CHUNK]
            found = _payslips(run).in_bulk(wanted)
            yield from _contexts([found[pk] for pk in wanted if pk in found])

    return render_pdf_batch(
        PAYSLIP_TEMPLATE,
        contexts(),
        language=language,
        progress=progress,
        stylesheets=PAYSLIP_STYLESHEETS,
    )


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
    own on their page). A long run is split into parts of PART payslips that the other workers
    render at the same time (``job_parts_run``); the parts are then joined in order. Running it
    again rebuilds the same file, reusing the parts already rendered."""
    run = PayrollRun.objects.get(pk=int(job.params["run"]))
    ids = list(_payslips(run).values_list("pk", flat=True))
    total = len(ids)
    language = translation.get_language()
    parts = [
        {"run": run.pk, "ids": ids[start : start + PART], "language": language}
        for start in range(0, total, PART)
    ] or [{"run": run.pk, "ids": [], "language": language}]
    context.progress(0, total, _("Writing the payslips"), force=True)

    def first(part: dict[str, Any]) -> bytes:
        return payslips_pdf(
            run=run,
            ids=part["ids"],
            language=language,
            progress=lambda done: context.progress(done, total),
        )

    try:
        pieces = job_parts_run(context=context, kind=PART_KIND, parts=parts, first=first)
    except JobPartFailed as exc:
        raise RuntimeError(
            _("A part of the payslips could not be written: %(error)s") % {"error": exc}
        ) from exc
    context.progress(total, total, _("Joining the parts"), force=True)
    context.save_result(f"payslips-{run.period_start:%Y-%m}-{run.pk}.pdf", pdf_merge(pieces))
    message = _("%(count)s payslips written.") % {"count": total}
    context.progress(total, total, message, force=True)


def payslips_part_render(*, job: Job, context: JobContext) -> None:
    """Job: one part of a run's payslips (``payslips_render`` starts these and joins them)."""
    run = PayrollRun.objects.get(pk=int(job.params["run"]))
    ids = [int(pk) for pk in job.params["ids"]]
    context.progress(0, len(ids), force=True)
    content = payslips_pdf(
        run=run,
        ids=ids,
        language=job.params.get("language"),
        progress=lambda done: context.progress(done, len(ids)),
    )
    context.save_result(f"payslips-part-{run.pk}-{ids[0] if ids else 0}.pdf", content)


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


def _bank_transfers(run: PayrollRun) -> tuple[list[int], list[Transfer]]:
    """The people paid (their ids) and their transfers, in the same order."""
    reference = _("Salary %(period)s") % {"period": f"{run.period_start:%m.%Y}"}
    slips = list(_payslips(run).filter(net__gt=0))
    transfers = [
        Transfer(
            name=slip.employee.full_name,
            iban=slip.iban or slip.employee.iban,
            amount=slip.net,
            reference=reference,
            end_to_end_id=f"{run_reference(run)}-{slip.employee.employee_number}",
        )
        for slip in slips
    ]
    return [slip.employee_id for slip in slips], transfers


@dataclass(frozen=True)
class BankProblem:
    employee_id: int
    name: str
    message: str


def bank_file_problems(*, run: PayrollRun) -> list[BankProblem]:
    """Everyone the run's bank file cannot pay and why (no IBAN, a bad IBAN, ...), in the file's
    order; empty when every transfer can go into the file."""
    ids, transfers = _bank_transfers(run)
    return [
        BankProblem(ids[index], transfers[index].name, message)
        for index, message in transfer_problems(transfers)
    ]


def bank_file(*, run: PayrollRun, debtor: Debtor) -> bytes:
    """The run's net pay as a SEPA credit transfer (pain.001.001.03), one transfer a person
    with net pay above zero. Raises ``BankFileError`` naming everyone who cannot be paid."""
    _ids, transfers = _bank_transfers(run)
    return pain001_xml(
        message_id=run_reference(run),
        debtor=debtor,
        transfers=transfers,
        execution_date=max(run.period_end, timezone.localdate()),
        created_at=timezone.localtime(),
    )
