"""Finance's background jobs: statements as XLSX or PDF, and the year-end closing."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Max
from django.utils.translation import gettext as _

from backoffice.exports import xlsx_bytes
from backoffice.models import Job, User
from backoffice.pdf import render_pdf
from backoffice.services.jobs import JobContext
from finance import selectors, services
from finance.models import FiscalYear, JournalEntry

REPORTS = ("trial_balance", "profit_and_loss", "balance_sheet")


def report_export_version(params: dict[str, Any], user: User | None) -> str:
    """The books as they stand: the last entry posted (posted entries never change)."""
    last = JournalEntry.objects.aggregate(last=Max("id"))["last"]
    return str(last or 0)


def _date(params: dict[str, Any], key: str) -> date:
    return date.fromisoformat(params[key])


def _rows(report: str, params: dict[str, Any], viewer: User) -> tuple[str, list, list, Any]:
    """(title, header, rows, the report itself) of one statement as the requester may see it."""
    department = params.get("department")
    departments = selectors.visible_departments(
        viewer=viewer, wanted=int(department) if department else None
    )
    compare = params.get("compare", "")
    if report == "trial_balance":
        tb = selectors.trial_balance(
            start=_date(params, "start"),
            end=_date(params, "end"),
            departments=departments,
            compare=compare,
        )
        header = [
            _("Account"),
            _("Name"),
            _("Opening debit"),
            _("Opening credit"),
            _("Debit"),
            _("Credit"),
            _("Closing debit"),
            _("Closing credit"),
        ]
        rows = [
            [
                r.account.number,
                r.account.label,
                r.opening_debit,
                r.opening_credit,
                r.debit,
                r.credit,
                r.closing_debit,
                r.closing_credit,
            ]
            for r in tb.rows
        ]
        t = tb.totals
        rows.append(
            [
                "",
                _("Total"),
                t["opening_debit"],
                t["opening_credit"],
                t["debit"],
                t["credit"],
                t["closing_debit"],
                t["closing_credit"],
            ]
        )
        return _("Trial balance"), header, rows, tb
    if report == "profit_and_loss":
        pl = selectors.profit_and_loss(
            start=_date(params, "start"),
            end=_date(params, "end"),
            departments=departments,
            compare=compare,
        )
        header = [_("Account"), _("Name"), _("Amount"), _("Comparison")]
        rows = []
        for title, section in ((_("Income"), pl.income), (_("Expenses"), pl.expenses)):
            rows.append(["", title, None, None])
            rows += [[r.account.number, r.account.label, r.amount, r.compare] for r in section.rows]
            rows.append(["", _("Total"), section.total, section.compare_total])
        rows.append(["", _("Profit"), pl.profit, pl.compare_profit])
        return _("Profit and loss"), header, rows, pl
    bs = selectors.balance_sheet(as_of=_date(params, "end"), compare=compare)
    header = [_("Account"), _("Name"), _("Amount"), _("Comparison")]
    rows = []
    for title, section in (
        (_("Assets"), bs.assets),
        (_("Liabilities"), bs.liabilities),
        (_("Equity"), bs.equity),
    ):
        rows.append(["", title, None, None])
        rows += [[r.account.number, r.account.label, r.amount, r.compare] for r in section.rows]
        rows.append(["", _("Total"), section.total, section.compare_total])
    rows.append(["", _("Result not yet closed"), bs.result, bs.compare_result])
    rows.append(
        [
            "",
            _("Liabilities and equity"),
            bs.liabilities_and_equity,
            bs.compare_liabilities_and_equity,
        ]
    )
    return _("Balance sheet"), header, rows, bs


def report_export(*, job: Job, context: JobContext) -> None:
    """A statement as XLSX or PDF, built with the requester's visibility."""
    params = job.params
    report = params.get("report")
    if report not in REPORTS:
        raise ValueError(_("Unknown report."))
    context.progress(0, 2, _("Adding up the books"), force=True)
    title, header, rows, built = _rows(report, params, job.requested_by)
    context.progress(1, 2, _("Writing the file"), force=True)
    stamp = params.get("end", "")
    if params.get("format") == "pdf":
        content = render_pdf(
            "finance/pdf/report.html",
            {
                "title": title,
                "header": header,
                "rows": rows,
                "params": params,
                "report": built,
                "reference": f"{report.upper()}-{stamp}-{job.pk}",
            },
            language=job.requested_by.language if job.requested_by else None,
        )
        context.save_result(f"{report}-{stamp}.pdf", content)
    else:
        context.save_result(
            f"{report}-{stamp}.xlsx", xlsx_bytes(header=header, rows=rows, title=title[:31])
        )
    context.progress(2, 2, _("Done"), force=True)


def year_close(*, job: Job, context: JobContext) -> None:
    """The year-end closing; running it again finds the year closed and does nothing more."""
    fiscal_year = FiscalYear.objects.get(year=int(job.params["year"]))
    context.progress(0, 3, _("Adding up the year's income and expenses"), force=True)
    entry = services.fiscal_year_close(
        fiscal_year=fiscal_year,
        actor=job.requested_by,
        progress=lambda done, total: context.progress(done, total, force=True),
    )
    message = (
        _("The year was closed by %(ref)s.") % {"ref": entry.reference}
        if entry
        else _("The year was closed; it had no income or expenses.")
    )
    context.progress(3, 3, message, force=True)
