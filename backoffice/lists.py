"""Sorting, pagination and export for list pages, so every list behaves the same way."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone

PER_PAGE = 25


@dataclass(frozen=True)
class Sort:
    key: str
    descending: bool

    @property
    def param(self) -> str:
        return f"-{self.key}" if self.descending else self.key


def sort_queryset(
    request: HttpRequest, queryset: QuerySet, *, allowed: dict[str, Sequence[str]], default: str
) -> tuple[QuerySet, Sort]:
    """Order by ``?sort=key`` or ``?sort=-key`` when ``key`` is allowed; unknown keys fall back."""
    raw = request.GET.get("sort", default)
    key = raw.lstrip("-")
    if key not in allowed:
        raw, key = default, default.lstrip("-")
    descending = raw.startswith("-")
    fields = [f"-{f}" if descending else f for f in allowed[key]]
    return queryset.order_by(*fields), Sort(key, descending)


def paginate(request: HttpRequest, queryset: QuerySet, *, per_page: int = PER_PAGE) -> Page:
    """The requested page; a page number past the end or not a number shows the nearest page."""
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
            if timezone.is_aware(value)
            else value
        )
    return "" if value is None else value


def csv_response(
    *, filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> StreamingHttpResponse:
    """Stream a CSV (UTF-8 with a BOM so spreadsheet programs read Cyrillic correctly)."""
    writer = csv.writer(_Echo())

    def stream():
        yield "\ufeff"
        yield writer.writerow([str(h) for h in header])
        for row in rows:
            yield writer.writerow([_cell(v) for v in row])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(
    *, filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([str(h) for h in header])
    for row in rows:
        sheet.append(
            [
                _cell(v).replace(tzinfo=None) if isinstance(_cell(v), datetime) else _cell(v)
                for v in row
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_response(
    request: HttpRequest,
    *,
    basename: str,
    header: Sequence[str],
    rows: Callable[[], Iterable[Sequence[Any]]],
) -> HttpResponse | None:
    """``?export=csv`` or ``?export=xlsx`` answers a file of what is filtered; otherwise None."""
    kind = request.GET.get("export")
    stamp = timezone.localdate().isoformat()
    if kind == "csv":
        return csv_response(filename=f"{basename}-{stamp}.csv", header=header, rows=rows())
    if kind == "xlsx":
        return xlsx_response(filename=f"{basename}-{stamp}.xlsx", header=header, rows=rows())
    return None
