"""Statements exported as background jobs, and the year-end closing as a job with progress."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from backoffice.models import Job
from backoffice.services import job_start
from finance.models import FiscalYear
from tests.finance.factories import books, cash_in, expense, sale


@pytest.fixture
def world(db, make_user):
    world = books(2025, 2026)
    world["finance"] = make_user("Finance")
    cash_in(date(2026, 1, 2), "1000.00")
    sale(date(2026, 2, 3), "100.00", world)
    expense(date(2026, 2, 4), "30.00", world)
    return world


def _run(kind, params, user, django_capture_on_commit_callbacks) -> Job:
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind=kind, params=params, requested_by=user)
    job.refresh_from_db()
    return job


def test_the_trial_balance_exports_to_xlsx(world, django_capture_on_commit_callbacks):
    job = _run(
        "finance.report_export",
        {"report": "trial_balance", "format": "xlsx", "start": "2026-01-01", "end": "2026-12-31"},
        world["finance"],
        django_capture_on_commit_callbacks,
    )
    assert job.status == Job.Status.SUCCEEDED, job.message
    sheet = load_workbook(io.BytesIO(job.result_file.read())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Account", "Name")
    assert rows[-1][1] == "Total"
    assert rows[-1][4] == rows[-1][5] == 1150  # turnover debit = credit


@pytest.mark.pdf
def test_the_balance_sheet_exports_to_pdf(world, django_capture_on_commit_callbacks):
    job = _run(
        "finance.report_export",
        {"report": "balance_sheet", "format": "pdf", "start": "2026-01-01", "end": "2026-12-31"},
        world["finance"],
        django_capture_on_commit_callbacks,
    )
    assert job.status == Job.Status.SUCCEEDED, job.message
    assert job.result_file.read(4) == b"%PDF"


def test_the_year_end_closing_runs_as_a_job(world, django_capture_on_commit_callbacks):
    sale(date(2025, 6, 1), "10.00", world)
    job = _run(
        "finance.year_close", {"year": 2025}, world["finance"], django_capture_on_commit_callbacks
    )
    assert job.status == Job.Status.SUCCEEDED, job.message
    assert "was closed by JE-" in job.message
    assert FiscalYear.objects.get(year=2025).is_closed
