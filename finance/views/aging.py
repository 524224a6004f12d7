"""Aged receivables and payables with drill-down and export; the month's VAT registers."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from backoffice.exports import xlsx_bytes
from backoffice.filters import query_int, search_query
from backoffice.lists import export_response, paginate
from backoffice.money import ZERO
from finance import permissions
from finance.domain import payables as rules
from finance.domain.periods import MAX_YEAR, MIN_YEAR
from finance.selectors import aging as selectors

AGED_PER_PAGE = 50


def _sees(request: HttpRequest, kind: str = selectors.RECEIVABLES) -> None:
    if not permissions.sees_payables(request.user):
        raise PermissionDenied
    if kind not in (selectors.RECEIVABLES, selectors.PAYABLES):
        raise Http404


def _on(request: HttpRequest) -> date:
    raw = request.GET.get("on", "")
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        return timezone.localdate()
    return day if MIN_YEAR <= day.year <= MAX_YEAR else timezone.localdate()


@require_GET
def aged(request: HttpRequest, kind: str) -> HttpResponse:
    _sees(request, kind)
    on = _on(request)
    search = search_query(request)
    report = selectors.aged(viewer=request.user, kind=kind, on=on, search=search)
    header = [_("Partner"), *[str(label) for label in report.labels], _("Total"), _("Unallocated")]
    exported = export_response(
        request,
        basename=f"aged-{kind}-{on.isoformat()}",
        header=header,
        rows=lambda: (
            [[r.name, *r.buckets, r.total, r.credit] for r in report.rows]
            + [[_("Total"), *report.totals, report.total, report.credit]]
        ),
    )
    if exported is not None:
        return exported
    return render(
        request,
        "finance/payables/aged.html",
        {
            "report": report,
            # The totals cover every partner; the table shows them a page at a time.
            "page": Paginator(report.rows, AGED_PER_PAGE).get_page(request.GET.get("page")),
            "kind": kind,
            "on": on,
            "search": search,
            "buckets": list(zip(rules.BUCKETS, report.labels, strict=True)),
            "title": _("Aged receivables") if kind == selectors.RECEIVABLES else _("Aged payables"),
            # Built once: a page of 200 partners would otherwise reverse URLs 1,400 times.
            "docs_url": f"{reverse('finance:aged-documents', args=[kind])}?on={on.isoformat()}",
            "statement_url": reverse("finance:partner-list"),
        },
    )


@require_GET
def aged_documents(request: HttpRequest, kind: str) -> HttpResponse:
    _sees(request, kind)
    on = _on(request)
    partner_id = query_int(request.GET.get("partner"))
    bucket = request.GET.get("bucket", "")
    docs = selectors.aged_documents(
        viewer=request.user, kind=kind, on=on, partner_id=partner_id, bucket=bucket
    )
    payables = kind == selectors.PAYABLES
    exported = export_response(
        request,
        basename=f"aged-{kind}-documents-{on.isoformat()}",
        header=[_("Number"), _("Partner"), _("Date"), _("Due date"), _("Days late"), _("Open")],
        rows=lambda: (
            (
                d.number,
                str(d.supplier if payables else d.partner),
                d.bill_date if payables else d.issue_date,
                d.due,
                max((on - d.due).days, 0),
                d.open,
            )
            for d in docs.iterator()
        ),
    )
    if exported is not None:
        return exported
    page = paginate(request, docs)
    for doc in page.object_list:
        doc.days_late = max((on - doc.due).days, 0)
    return render(
        request,
        "finance/payables/aged_documents.html",
        {
            "page": page,
            "kind": kind,
            "on": on,
            "payables": payables,
            "bucket_label": selectors.BUCKET_LABELS.get(bucket, ""),
            "bucket": bucket,
            "partner_id": partner_id,
            "title": _("Aged receivables") if not payables else _("Aged payables"),
        },
    )


def _month(request: HttpRequest) -> tuple[int, int]:
    today = timezone.localdate()
    year = query_int(request.GET.get("year")) or today.year
    month = query_int(request.GET.get("month")) or today.month
    if not (MIN_YEAR <= year <= MAX_YEAR) or not 1 <= month <= 12:
        return today.year, today.month
    return year, month


@require_GET
def vat_registers(request: HttpRequest) -> HttpResponse:
    _sees(request)
    year, month = _month(request)
    which = request.GET.get("download", "")
    if which in ("sales", "purchases"):
        return _register_xlsx(request, year, month, which)
    return render(
        request,
        "finance/payables/vat_registers.html",
        {
            "year": year,
            "month": month,
            "months": list(MONTHS.items()),
            "years": range(timezone.localdate().year - 3, timezone.localdate().year + 1),
            "totals": selectors.vat_register_totals(viewer=request.user, year=year, month=month),
        },
    )


def _register_xlsx(request: HttpRequest, year: int, month: int, which: str) -> HttpResponse:
    registers = selectors.vat_registers(viewer=request.user, year=year, month=month)
    rows_src = registers.sales if which == "sales" else registers.purchases
    rates = registers.rates
    header = [
        _("No."),
        _("Document"),
        _("Number"),
        _("Date"),
        _("Partner"),
        _("VAT or EIK number"),
    ]
    for rate in rates:
        header += [
            _("Tax base %(rate)s%%") % {"rate": f"{rate:g}"},
            _("VAT %(rate)s%%") % {"rate": f"{rate:g}"},
        ]
    header += [_("Total tax base"), _("Total VAT")]
    rows = []
    for n, r in enumerate(rows_src, start=1):
        row = [n, r.kind, r.number, r.day, r.partner, r.vat_number]
        for rate in rates:
            base, vat = r.by_rate.get(rate, (None, None))
            row += [base, vat]
        rows.append([*row, r.base, r.vat])
    total_vat = registers.sales_vat if which == "sales" else registers.purchases_vat
    rows.append([])
    rows.append(["", _("Total VAT"), "", "", "", "", *([""] * 2 * len(rates)), "", total_vat])
    reverse_vat = sum((r.reverse_vat for r in rows_src), ZERO)
    if reverse_vat:
        rows.append(
            [
                "",
                _("Of which reverse charge (art. 117 protocols)"),
                *([""] * (4 + 2 * len(rates))),
                "",
                reverse_vat,
            ]
        )
    rows.append(
        ["", _("VAT on sales"), "", "", "", "", *([""] * 2 * len(rates)), "", registers.sales_vat]
    )
    rows.append(
        [
            "",
            _("VAT on purchases"),
            "",
            "",
            "",
            "",
            *([""] * 2 * len(rates)),
            "",
            registers.purchases_vat,
        ]
    )
    rows.append(
        [
            "",
            _("VAT to pay") if registers.to_pay >= 0 else _("VAT to refund"),
            "",
            "",
            "",
            "",
            *([""] * 2 * len(rates)),
            "",
            abs(registers.to_pay),
        ]
    )
    title = _("Sales register") if which == "sales" else _("Purchase register")
    data = xlsx_bytes(header=header, rows=rows, title=str(title)[:31])
    response = HttpResponse(
        data,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="vat-{which}-register-{year}-{month:02d}.xlsx"'
    )
    return response
