"""The one writer of CSV and XLSX files. Every export in the product goes through it, so that no
cell a user typed can become a live formula in somebody else's spreadsheet.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a line break is read by Excel and
LibreOffice as a formula (``=HYPERLINK(...)`` sends data away when clicked). Such text is written
with a leading apostrophe, in CSV and XLSX alike; numbers, Decimals, dates and times keep their
type, so a negative amount stays a number. XLSX text cells are also written as strings explicitly,
and characters XML cannot carry are dropped instead of failing the whole file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

#: What makes a spreadsheet program read text as a formula (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_TYPED = (bool, int, float, Decimal, datetime, date, time, timedelta)


def neutralise(text: str) -> str:
    """``text`` as a spreadsheet shows it literally: a formula trigger gets a leading apostrophe."""
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def _local(value: datetime) -> datetime:
    """Spreadsheets have no time zones: an aware moment is written in the local time."""
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return _local(value).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, _TYPED):
        return value
    return neutralise(str(value))


class _Echo:
    """A file-like object whose ``write`` hands the line back, to stream CSV without a buffer."""

    def write(self, value: str) -> str:
        return value


def csv_lines(*, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The CSV text line by line, starting with a BOM so spreadsheet programs read Cyrillic."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    yield writer.writerow([_csv_value(h) for h in header])
    for row in rows:
        yield writer.writerow([_csv_value(v) for v in row])


def csv_response(
    *, filename: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]
) -> StreamingHttpResponse:
    """Stream a CSV download (UTF-8 with a BOM)."""
    response = StreamingHttpResponse(
        csv_lines(header=header, rows=rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_bytes(
    *, header: Sequence[Any], rows: Iterable[Sequence[Any]], title: str | None = None
) -> bytes:
    """A one-sheet workbook with a bold, frozen header row; amounts (Decimals of two places)
    show with thousands and two decimals. ``rows`` is consumed once, as it is written."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"

    def cell(value: Any, *, bold: bool = False) -> Any:
        if value is None:
            return None
        if isinstance(value, datetime):
            value = _local(value)
        elif not isinstance(value, _TYPED):
            value = neutralise(ILLEGAL_CHARACTERS_RE.sub("", str(value)))
        if not bold and isinstance(value, Decimal) and value.as_tuple().exponent == -2:
            amount = WriteOnlyCell(sheet, value=value)
            amount.number_format = "#,##0.00"
            return amount
        if not bold and not isinstance(value, str):
            return value
        written = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            written.data_type = "s"  # never a formula or an error code, whatever the text
        if bold:
            written.font = Font(bold=True)
        return written

    sheet.append([cell(h, bold=True) for h in header])
    for row in rows:
        sheet.append([cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(
    *, filename: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    """An XLSX download."""
    response = HttpResponse(xlsx_bytes(header=header, rows=rows), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
