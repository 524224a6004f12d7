"""Finance's pages as people use them: a manual entry with its live balance, posting, the trial
balance and drill-down, reversal, export; a manager sees only their department without partners;
bad input shows a message and writes nothing; GET never writes."""

from __future__ import annotations

from datetime import date

import pytest
from django.apps import apps
from django.urls import reverse

from backoffice.models import Job
from backoffice.selectors import organisation_get
from finance.models import Account, EntryDraft, JournalEntry, Period
from finance.services import budget_set, period_lock
from hr.models import Employee
from tests.finance.factories import account, books, expense, sale


@pytest.fixture
def world(db, make_user, login, client):
    world = books(2026)
    world["finance"] = make_user("Finance")
    manager = make_user("Manager", "Staff")
    me = Employee.objects.create(
        employee_number="F-M",
        first_name="Mila",
        last_name="Manager",
        user=manager,
        department=world["ops"],
        hire_date=date(2020, 1, 1),
    )
    world["ops"].manager = me
    world["ops"].save(update_fields=["manager"])
    world["manager"] = manager
    return world


def _entry_post(day="2026-03-10", lines=(), action="post", token="t-1"):  # noqa: S107
    data = {
        "date": day,
        "memo": "Office supplies",
        "name": "",
        "token": token,
        "action": action,
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "200",
    }
    for i, line in enumerate(lines):
        for key, value in line.items():
            data[f"lines-{i}-{key}"] = value
    return data


def test_finance_posts_a_manual_entry_sees_it_drills_down_reverses_and_exports(
    world, client, login
):
    login(client, world["finance"])
    page = client.get(reverse("finance:entry-create"))
    assert page.status_code == 200
    assert 'id="running-balance"' in page.content.decode()
    lines = [
        {"account": account("602").pk, "debit": "150.00", "department": world["ops"].pk},
        {"account": account("503").pk, "credit": "150.00"},
    ]
    balance = client.post(reverse("finance:entry-balance"), _entry_post(lines=lines[:1]))
    assert "Difference" in balance.content.decode()
    balance = client.post(reverse("finance:entry-balance"), _entry_post(lines=lines))
    assert "Balanced" in balance.content.decode()
    response = client.post(reverse("finance:entry-create"), _entry_post(lines=lines))
    entry = JournalEntry.objects.get()
    assert response.url == reverse("finance:entry-detail", args=[entry.pk])
    # Submitting the same form again (a double click) posts nothing new.
    client.post(reverse("finance:entry-create"), _entry_post(lines=lines))
    assert JournalEntry.objects.count() == 1
    tb = client.get(
        reverse("finance:report-trial-balance"), {"start": "2026-01-01", "end": "2026-12-31"}
    )
    html = tb.content.decode()
    ledger_url = reverse("finance:report-ledger", args=[account("602").pk])
    assert ledger_url in html and "150.00" in html
    ledger = client.get(ledger_url, {"start": "2026-01-01", "end": "2026-12-31"}).content.decode()
    assert reverse("finance:entry-detail", args=[entry.pk]) in ledger
    detail = client.get(reverse("finance:entry-detail", args=[entry.pk])).content.decode()
    assert reverse("finance:entry-reverse", args=[entry.pk]) in detail
    reversed_ = client.post(reverse("finance:entry-reverse", args=[entry.pk]), {"on": "2026-03-20"})
    reversal = JournalEntry.objects.get(reverses=entry)
    assert reversed_.url == reverse("finance:entry-detail", args=[reversal.pk])
    assert reversal.date == date(2026, 3, 20)
    export = client.post(
        reverse("finance:report-export"),
        {"report": "balance_sheet", "format": "xlsx", "end": "2026-12-31"},
    )
    job = Job.objects.get(kind="finance.report_export")
    assert export.url == reverse("backoffice:job-detail", args=[job.uuid])


def test_an_unbalanced_manual_entry_shows_the_difference_and_writes_nothing(world, client, login):
    login(client, world["finance"])
    lines = [
        {"account": account("602").pk, "debit": "150.00", "department": world["ops"].pk},
        {"account": account("503").pk, "credit": "140.00"},
    ]
    response = client.post(reverse("finance:entry-create"), _entry_post(lines=lines))
    assert response.status_code == 200
    assert "does not balance" in response.content.decode()
    assert not JournalEntry.objects.exists()


@pytest.mark.parametrize(
    ("lines", "day", "message"),
    [
        (
            [{"account": "602", "debit": "5", "credit": "5"}, {"account": "503", "credit": "5"}],
            "2026-03-10",
            "either a debit or a credit",
        ),
        (
            [{"account": "602", "debit": "-5"}, {"account": "503", "credit": "-5"}],
            "2026-03-10",
            "greater than or equal to 0",
        ),
        (
            [{"account": "503", "debit": "5"}, {"account": "101", "credit": "5"}],
            "2031-03-10",
            "No fiscal period covers",
        ),
        (
            [{"account": "503", "debit": "5"}, {"account": "101", "credit": "5"}],
            "9999-03-10",
            "Choose a date between",
        ),
        (
            [{"account": "602", "debit": "5"}, {"account": "503", "credit": "5"}],
            "2026-03-10",
            "needs a department",
        ),
    ],
)
def test_bad_manual_entries_get_a_message_and_write_nothing(
    world, client, login, lines, day, message
):
    login(client, world["finance"])
    typed = [{**line, "account": account(line["account"]).pk} for line in lines]
    response = client.post(reverse("finance:entry-create"), _entry_post(day=day, lines=typed))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not JournalEntry.objects.exists()


def test_posting_into_a_locked_period_is_refused_on_the_page(world, client, login):
    period_lock(period=Period.objects.get(start=date(2026, 3, 1)), actor=None)
    login(client, world["finance"])
    lines = [
        {"account": account("503").pk, "debit": "5"},
        {"account": account("101").pk, "credit": "5"},
    ]
    response = client.post(reverse("finance:entry-create"), _entry_post(lines=lines))
    assert "is locked" in response.content.decode()
    assert not JournalEntry.objects.exists()


def test_draft_and_template_are_kept_then_a_draft_is_posted(world, client, login):
    login(client, world["finance"])
    lines = [
        {"account": account("503").pk, "debit": "5"},
        {"account": account("101").pk, "credit": "4"},
    ]
    client.post(reverse("finance:entry-create"), _entry_post(lines=lines, action="draft"))
    draft = EntryDraft.objects.get()
    assert not JournalEntry.objects.exists()
    page = client.get(reverse("finance:draft-edit", args=[draft.pk])).content.decode()
    assert "Difference" in page
    lines[1]["credit"] = "5"
    client.post(
        reverse("finance:draft-edit", args=[draft.pk]), _entry_post(lines=lines, token="t-2")
    )
    assert JournalEntry.objects.count() == 1
    assert not EntryDraft.objects.exists()
    client.post(
        reverse("finance:entry-create"), _entry_post(lines=lines, action="template", token="t-3")
    )
    assert EntryDraft.objects.get().is_template


def test_a_manager_sees_only_their_department_without_partners(world, client, login):
    budget_set(
        actor=None, department=world["ops"], account=account("602"), year=2026, amounts=["100"] * 12
    )
    budget_set(
        actor=None,
        department=world["sales"],
        account=account("602"),
        year=2026,
        amounts=["900"] * 12,
    )
    expense(date(2026, 3, 5), "42.00", world)
    expense(date(2026, 3, 6), "77.00", world, department=world["sales"])
    sale(date(2026, 3, 7), "10.00", world)
    login(client, world["manager"])
    budgets = client.get(reverse("finance:budget-list"), {"year": 2026}).content.decode()
    assert "1,200.00" in budgets and "10,800.00" not in budgets
    expenses = client.get(reverse("finance:expense-list"), {"year": 2026}).content.decode()
    assert "42.00" in expenses and "77.00" not in expenses
    assert "Customer Ltd" not in expenses and "Expense" not in expenses
    other = client.get(
        reverse("finance:expense-list"), {"year": 2026, "department": world["sales"].pk}
    )
    assert "77.00" not in other.content.decode()
    assert client.get(reverse("finance:report-trial-balance")).status_code == 403


def test_statement_pages_show_figures_and_the_equation(world, client, login):
    sale(date(2026, 3, 7), "10.00", world)
    login(client, world["finance"])
    for name in (
        "finance:report-profit-loss",
        "finance:report-balance-sheet",
        "finance:finance-dashboard",
    ):
        response = client.get(reverse(name), {"end": "2026-12-31", "compare": "last_year"})
        assert response.status_code == 200, name
    bs = client.get(reverse("finance:report-balance-sheet"), {"end": "2026-12-31"}).content.decode()
    assert "Assets = liabilities + equity" in bs
    bad = client.get(
        reverse("finance:report-trial-balance"), {"start": "2026-05-01", "end": "2026-01-01"}
    )
    assert bad.status_code == 200 and "The end is before the start." in bad.content.decode()


def test_account_number_taken_is_a_field_error_on_the_page(world, client, login):
    login(client, world["finance"])
    response = client.post(
        reverse("finance:account-create"),
        {"number": "503", "name": "Again", "type": "asset", "is_active": "on"},
    )
    assert response.status_code == 200
    assert "Account with this Number already exists." in response.content.decode()
    assert Account.objects.filter(number="503").count() == 1


def _counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def test_get_never_writes_on_finance_pages(world, client, login):
    sale(date(2026, 3, 7), "10.00", world)
    entry = JournalEntry.objects.get()
    login(client, world["finance"])
    organisation_get()  # the platform's singleton exists in any running system
    before = _counts()
    for url in (
        reverse("finance:finance-dashboard"),
        reverse("finance:account-list"),
        reverse("finance:entry-list"),
        reverse("finance:entry-create"),
        reverse("finance:entry-detail", args=[entry.pk]),
        reverse("finance:period-list"),
        reverse("finance:report-trial-balance"),
        reverse("finance:report-profit-loss"),
        reverse("finance:report-balance-sheet"),
        reverse("finance:budget-list"),
        reverse("finance:expense-list"),
        reverse("finance:budget-edit"),
        reverse("finance:report-ledger", args=[account("411").pk]),
    ):
        assert client.get(url).status_code == 200, url
    assert _counts() == before


def test_the_entry_list_query_count_does_not_grow_with_rows(world, client, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, world["finance"])
    sale(date(2026, 3, 7), "10.00", world)
    client.get(reverse("finance:entry-list"))  # the first request after login warms the session
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("finance:entry-list"))
    for day in range(1, 15):
        sale(date(2026, 4, day), "10.00", world)
    with CaptureQueriesContext(connection) as second:
        client.get(reverse("finance:entry-list"))
    assert len(second) == len(first)


def test_a_manager_heading_no_department_sees_the_one_they_work_in(world, make_user, client, login):
    shop_manager = make_user("Manager", "Staff")
    Employee.objects.create(
        employee_number="F-S",
        first_name="Shop",
        last_name="Manager",
        user=shop_manager,
        department=world["sales"],
        hire_date=date(2020, 1, 1),
    )
    expense(date(2026, 3, 5), "42.00", world)
    expense(date(2026, 3, 6), "77.00", world, department=world["sales"])
    login(client, shop_manager)
    expenses = client.get(reverse("finance:expense-list"), {"year": 2026}).content.decode()
    assert "77.00" in expenses and "42.00" not in expenses


def test_finance_adds_a_partner_and_a_nameless_one_is_refused(world, client, login):
    from finance.models import Partner

    login(client, world["finance"])
    before = Partner.objects.count()
    refused = client.post(reverse("finance:partner-create"), {"name": "", "kind": "customer"})
    assert refused.status_code == 200 and Partner.objects.count() == before
    client.post(
        reverse("finance:partner-create"),
        {
            "name": "Нов Клиент ООД",
            "kind": "customer",
            "registration_number": "175074752",
            "vat_number": "bg 175074752",
            "country": "BG",
            "payment_terms_days": "14",
            "currency": "EUR",
            "is_active": "on",
        },
    )
    assert Partner.objects.get(vat_number="BG175074752").name == "Нов Клиент ООД"
    assert "Нов Клиент ООД" in client.get(reverse("finance:partner-list")).content.decode()
