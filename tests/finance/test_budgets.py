"""Budgets: entered per department, account and month; refused for accounts that cannot be
budgeted; copied with a percentage; against actual; and what is left for other departments."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from finance.models import Budget
from finance.selectors import budget_remaining, budget_vs_actual
from finance.services import budget_copy_from_last_year, budget_set
from tests.finance.factories import D, account, books, expense


@pytest.fixture
def world(db):
    return books(2025, 2026)


def test_budget_against_actual_with_variance(world, make_user):
    finance = make_user("Finance")
    budget_set(
        actor=finance,
        department=world["ops"],
        account=account("602"),
        year=2026,
        amounts=["100.00"] * 12,
    )
    expense(date(2026, 1, 10), "80.00", world)
    expense(date(2026, 2, 10), "130.00", world)
    rows = budget_vs_actual(viewer=finance, year=2026)
    assert len(rows) == 1
    row = rows[0]
    assert (row.budget, row.actual, row.variance) == (D("1200.00"), D("210.00"), D("990.00"))
    assert row.months_actual[:3] == [D("80.00"), D("130.00"), D("0.00")]
    assert row.used_percent == 17


def test_budget_remaining_is_the_year_less_what_was_posted_to_the_day(world):
    budget_set(
        actor=None,
        department=world["ops"],
        account=account("602"),
        year=2026,
        amounts=["50.00"] * 12,
    )
    expense(date(2026, 1, 10), "80.00", world)
    expense(date(2026, 3, 10), "20.00", world)
    left = budget_remaining(department=world["ops"], account=account("602"), on=date(2026, 2, 15))
    assert (left.budget, left.actual, left.remaining) == (D("600.00"), D("80.00"), D("520.00"))
    other = budget_remaining(
        department=world["sales"], account=account("602"), on=date(2026, 12, 31)
    )
    assert other.remaining == D("0.00")


@pytest.mark.parametrize(
    ("number", "amounts", "message"),
    [
        ("503", ["1"] * 12, "cannot be budgeted"),
        ("60", ["1"] * 12, "cannot be budgeted"),
        ("602", ["1"] * 11, "each of the twelve months"),
        ("602", ["-5"] + ["1"] * 11, "is not an amount of zero or more"),
        ("602", ["abc"] + ["1"] * 11, "is not an amount of zero or more"),
    ],
)
def test_bad_budgets_are_refused_and_nothing_is_written(world, number, amounts, message):
    with pytest.raises(ValidationError) as caught:
        budget_set(
            actor=None,
            department=world["ops"],
            account=account(number),
            year=2026,
            amounts=amounts,
        )
    assert message in " ".join(caught.value.messages)
    assert not Budget.objects.exists()


def test_copy_from_last_year_with_a_percentage(world):
    budget_set(
        actor=None,
        department=world["ops"],
        account=account("602"),
        year=2025,
        amounts=["100.00"] * 11 + ["33.33"],
    )
    assert budget_copy_from_last_year(actor=None, year=2026, percent="10") == 12
    december = Budget.objects.get(month=date(2026, 12, 1))
    assert december.amount == D("36.66")
    assert Budget.objects.get(month=date(2026, 1, 1)).amount == D("110.00")
    with pytest.raises(ValidationError, match="no budget for 2023"):
        budget_copy_from_last_year(actor=None, year=2024, percent="0")


def _csv(text: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("budget.csv", text.encode(), content_type="text/csv")


def test_budget_import_is_all_or_nothing_with_row_errors(world):
    from finance.services import ChartImportError, budgets_import

    header = "department,account,year," + ",".join(f"m{m}" for m in range(1, 13)) + "\n"
    bad = _csv(
        header
        + "FOPS,602,2026,"
        + ",".join(["10"] * 12)
        + "\n"
        + "NOPE,503,2026,"
        + ",".join(["10"] * 12)
        + "\n"
        + "FSAL,602,1999,-1"
        + ",0" * 11
        + "\n"
    )
    with pytest.raises(ChartImportError) as caught:
        budgets_import(actor=None, upload=bad)
    assert [(e.row, e.column) for e in caught.value.errors] == [
        (3, "department"),
        (3, "account"),
        (4, "year"),
        (4, "m1"),
    ]
    assert not Budget.objects.exists()
    good = _csv(header + "fops,602,2026," + ",".join(["10.50"] * 12) + "\n")
    assert budgets_import(actor=None, upload=good) == 1
    left = budget_remaining(department=world["ops"], account=account("602"), on=date(2026, 6, 1))
    assert left.budget == D("126.00")
