"""Sorting, pagination and export for list pages, so every list behaves the same way."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from backoffice.exports import csv_response, xlsx_response

PER_PAGE = 25


@dataclass(frozen=True)
class Sort:
    key: str
    descending: bool

    @property
    def param(self) -> str:
        return f"-{self.key}" if self.descending else self.key


def _flip(field: str) -> str:
    return field[1:] if field.startswith("-") else f"-{field}"


def sort_queryset(
    request: HttpRequest, queryset: QuerySet, *, allowed: dict[str, Sequence[str]], default: str
) -> tuple[QuerySet, Sort]:
    """Order by ``?sort=key`` or ``?sort=-key`` when ``key`` is allowed; unknown keys fall back."""
    raw = request.GET.get("sort", default)
    key = raw.lstrip("-")
    if key not in allowed:
        raw, key = default, default.lstrip("-")
    descending = raw.startswith("-")
    # Descending flips each field's own direction: a tie-breaker declared newest first
    # ("-last_seen") becomes oldest first, never "--last_seen".
    fields = [_flip(f) if descending else f for f in allowed[key]]
    return queryset.order_by(*fields), Sort(key, descending)


def paginate(
    request: HttpRequest, queryset: QuerySet, *, per_page: int = PER_PAGE, by_ids: bool = False
) -> Page:
    """The requested page; a page number past the end or not a number shows the nearest page.

    ``by_ids``: the page's ids are picked first from the filtered, sorted rows without their
    joins (an index scan past a deep offset), then only those rows are read with them: for big
    tables whose list joins other tables."""
    if not by_ids:
        return Paginator(queryset, per_page).get_page(request.GET.get("page"))
    page = Paginator(queryset.values_list("pk", flat=True), per_page).get_page(
        request.GET.get("page")
    )
    ids = list(page.object_list)
    found = queryset.model._default_manager.none()
    if ids:
        found = queryset.filter(pk__in=ids).order_by()
    rows = {row.pk: row for row in found}
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page


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
