"""The stock ledger: moving average cost with exact figures, value at a past date, the balance
kept with each movement, refusals that write nothing, the append-only trigger, reconciliation and
two sessions issuing the last units at once."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.db.utils import DatabaseError
from django.utils import timezone

from operations.models import Balance, ItemCost, Movement, ReconciliationFinding
from operations.selectors import stock_at
from operations.services import (
    stock_adjust,
    stock_issue,
    stock_receive,
    stock_reconcile,
    stock_transfer,
)
from tests.operations.factories import D, department, item, main_place, place, warehouse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def books(db):
    """Issues post to the ledger, so the chart and this year's periods are there."""
    from finance.services import chart_load_preset, fiscal_year_open

    chart_load_preset(preset="bg", actor=None)
    fiscal_year_open(year=timezone.localdate().year, actor=None)


def _state(it):
    return (
        Movement.objects.filter(item=it).count(),
        list(Balance.objects.filter(item=it).values_list("place_id", "quantity")),
        list(ItemCost.objects.filter(item=it).values_list("quantity", "value", "average")),
    )


def test_moving_average_through_receipts_and_issues():
    # Given a warehouse and an item
    wh = warehouse()
    bin_ = main_place(wh)
    it = item()
    dept = department()
    # When goods come in at different prices and go out at the average
    stock_receive(item=it, place=bin_, quantity="10", unit_cost="2.00", actor=None)
    stock_receive(item=it, place=bin_, quantity="5", unit_cost="3.50", actor=None)
    first = stock_issue(item=it, place=bin_, quantity="4", department=dept, actor=None)
    stock_receive(item=it, place=bin_, quantity="9", unit_cost="3.00", actor=None)
    second = stock_issue(item=it, place=bin_, quantity="3", department=dept, actor=None)
    # Then each issue is valued at the average of its moment, rounded once per line
    assert (first.unit_cost, first.value) == (D("2.5000"), D("-10.00"))
    assert (second.unit_cost, second.value) == (D("2.7250"), D("-8.18"))
    cost = ItemCost.objects.get(item=it)
    assert (cost.quantity, cost.value, cost.average) == (D("17.000"), D("46.32"), D("2.7247"))
    assert Balance.objects.get(item=it, place=bin_).quantity == D("17")


def test_the_last_units_take_the_value_that_is_left():
    wh = warehouse()
    bin_ = main_place(wh)
    it = item()
    stock_receive(item=it, place=bin_, quantity="3", unit_cost="1.00", actor=None)
    stock_receive(item=it, place=bin_, quantity="3", unit_cost="1.01", actor=None)
    out = stock_issue(item=it, place=bin_, quantity="6", department=department(), actor=None)
    assert out.value == D("-6.03")
    assert ItemCost.objects.get(item=it).value == D("0.00")


def test_quantity_and_value_at_a_past_date():
    wh = warehouse()
    bin_ = main_place(wh)
    it = item()
    today = timezone.localdate()
    month_ago = today - timedelta(days=30)
    stock_receive(item=it, place=bin_, quantity="10", unit_cost="4.00", actor=None, day=month_ago)
    stock_issue(
        item=it,
        place=bin_,
        quantity="2",
        department=department(),
        actor=None,
        day=month_ago + timedelta(days=5),
    )
    stock_receive(item=it, place=bin_, quantity="5", unit_cost="4.00", actor=None, day=today)
    assert stock_at(day=month_ago - timedelta(days=1), item=it) == {
        "quantity": D("0"),
        "value": D("0"),
    }
    assert stock_at(day=month_ago, warehouse=wh) == {"quantity": D("10"), "value": D("40.00")}
    assert stock_at(day=month_ago + timedelta(days=5), item=it) == {
        "quantity": D("8"),
        "value": D("32.00"),
    }
    assert stock_at(day=today, item=it) == {"quantity": D("13"), "value": D("52.00")}


def test_a_transfer_moves_quantity_and_keeps_the_value():
    wh = warehouse()
    a, b = main_place(wh), place(wh, "B")
    it = item()
    stock_receive(item=it, place=a, quantity="6", unit_cost="2.00", actor=None)
    stock_transfer(item=it, from_place=a, to_place=b, quantity="4", actor=None)
    assert Balance.objects.get(item=it, place=a).quantity == D("2")
    assert Balance.objects.get(item=it, place=b).quantity == D("4")
    assert ItemCost.objects.get(item=it).value == D("12.00")
    assert stock_at(day=timezone.localdate(), item=it)["value"] == D("12.00")


@pytest.mark.parametrize("quantity", ["0", "-3"])
def test_zero_or_negative_quantity_is_refused(quantity):
    wh = warehouse()
    it = item()
    before = _state(it)
    with pytest.raises(ValidationError) as exc:
        stock_receive(item=it, place=main_place(wh), quantity=quantity, unit_cost="1", actor=None)
    assert "quantity" in exc.value.message_dict
    assert _state(it) == before


def test_issuing_more_than_in_stock_is_refused_and_writes_nothing():
    wh = warehouse()
    bin_ = main_place(wh)
    it = item()
    stock_receive(item=it, place=bin_, quantity="2", unit_cost="1.00", actor=None)
    before = _state(it)
    with pytest.raises(ValidationError) as exc:
        stock_issue(item=it, place=bin_, quantity="3", department=department(), actor=None)
    assert "Only 2" in exc.value.message_dict["quantity"][0]
    assert _state(it) == before


def test_a_warehouse_that_allows_it_goes_below_zero():
    wh = warehouse(allow_negative=True)
    it = item()
    stock_issue(item=it, place=main_place(wh), quantity="3", department=department(), actor=None)
    assert Balance.objects.get(item=it).quantity == D("-3")


def test_transfer_to_the_same_place_and_adjustment_without_reason_are_refused():
    wh = warehouse()
    bin_ = main_place(wh)
    it = item()
    stock_receive(item=it, place=bin_, quantity="2", unit_cost="1.00", actor=None)
    before = _state(it)
    with pytest.raises(ValidationError) as same:
        stock_transfer(item=it, from_place=bin_, to_place=bin_, quantity="1", actor=None)
    assert "to_place" in same.value.message_dict
    with pytest.raises(ValidationError) as reason:
        stock_adjust(item=it, place=bin_, quantity="-1", reason=" ", actor=None)
    assert "reason" in reason.value.message_dict
    assert _state(it) == before


@pytest.mark.postgres
def test_movements_cannot_be_changed_or_deleted():
    wh = warehouse()
    it = item()
    movement = stock_receive(item=it, place=main_place(wh), quantity="1", unit_cost="1", actor=None)
    for statement in (
        "UPDATE operations_movement SET quantity = 5 WHERE id = %s",
        "DELETE FROM operations_movement WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [movement.pk])
    assert Movement.objects.get(pk=movement.pk).quantity == D("1")


def test_reconciliation_finds_a_tampered_balance_fixes_it_once():
    wh = warehouse()
    bin_ = main_place(wh)
    it, other = item(), item()
    stock_receive(item=it, place=bin_, quantity="7", unit_cost="1.00", actor=None)
    stock_receive(item=other, place=bin_, quantity="2", unit_cost="1.00", actor=None)
    Balance.objects.filter(item=it).update(quantity=D("9"))
    # When the nightly job runs twice
    first = stock_reconcile()
    second = stock_reconcile()
    # Then the first finds and fixes the one difference; the second finds nothing
    assert [(f.item_id, f.recorded, f.expected) for f in first] == [(it.pk, D("9"), D("7"))]
    assert second == []
    assert ReconciliationFinding.objects.count() == 1
    assert Balance.objects.get(item=it).quantity == D("7")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sessions_issuing_the_last_units_leave_zero():
    wh = warehouse()
    bin_ = main_place(wh)
    it = item()
    dept = department()
    stock_receive(item=it, place=bin_, quantity="5", unit_cost="1.00", actor=None)
    barrier = threading.Barrier(2)
    outcomes = []

    def issue():
        try:
            barrier.wait()
            stock_issue(item=it, place=bin_, quantity="5", department=dept, actor=None)
            outcomes.append("issued")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["issued", "refused"]
    assert Balance.objects.get(item=it, place=bin_).quantity == D("0")
    assert Movement.objects.filter(item=it, kind="issue").count() == 1


def test_the_value_trend_adds_up_month_by_month():
    from datetime import date

    from operations.selectors import value_trend

    wh = warehouse()
    bin_ = main_place(wh)
    it = item()
    stock_receive(
        item=it, place=bin_, quantity="10", unit_cost="1.00", actor=None, day=date(2026, 1, 15)
    )
    stock_issue(
        item=it, place=bin_, quantity="4", department=department(), actor=None, day=date(2026, 2, 3)
    )
    stock_receive(
        item=it, place=bin_, quantity="2", unit_cost="1.00", actor=None, day=date(2026, 3, 31)
    )
    ends = [date(2025, 12, 31), date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)]
    assert value_trend(month_ends=ends) == [D("0"), D("10.00"), D("6.00"), D("8.00")]
    assert value_trend(month_ends=ends, warehouse=warehouse()) == [D("0")] * 4


def test_reconciliation_sets_a_tampered_item_cost_right_once():
    from operations.services import stock_costs_reconcile

    wh = warehouse()
    it = item()
    stock_receive(item=it, place=main_place(wh), quantity="4", unit_cost="2.50", actor=None)
    ItemCost.objects.filter(item=it).update(value=D("99.00"), average=D("24.75"))
    assert stock_costs_reconcile() == 1
    assert stock_costs_reconcile() == 0
    cost = ItemCost.objects.get(item=it)
    assert (cost.quantity, cost.value, cost.average) == (D("4"), D("10.00"), D("2.5000"))


def test_an_issue_posts_its_value_from_stock_to_the_department_s_costs():
    # 10 at 2.00 and 10 at 3.00: average 2.50; 4 issued are 10.00 off stock account 302 and
    # onto materials expense 601 for the department, in one balanced entry.
    from finance.models import JournalLine

    wh = warehouse()
    bin_ = main_place(wh)
    it = item()
    dept = department()
    stock_receive(item=it, place=bin_, quantity="10", unit_cost="2.00", actor=None)
    stock_receive(item=it, place=bin_, quantity="10", unit_cost="3.00", actor=None)
    out = stock_issue(item=it, place=bin_, quantity="4", department=dept, actor=None)

    lines = JournalLine.objects.filter(
        entry__source_type="operations.issue", entry__source_id=str(out.pk)
    )
    assert sorted((ln.account.number, ln.debit, ln.credit, ln.department_id) for ln in lines) == [
        ("302", D("0.00"), D("10.00"), None),
        ("601", D("10.00"), D("0.00"), dept.pk),
    ]


def test_an_issue_the_ledger_refuses_is_not_written():
    from finance.models import Period
    from finance.services import period_lock

    wh = warehouse()
    bin_ = main_place(wh)
    it = item()
    stock_receive(item=it, place=bin_, quantity="5", unit_cost="2.00", actor=None)
    before = _state(it)
    period = Period.objects.get(start__lte=timezone.localdate(), end__gte=timezone.localdate())
    period_lock(period=period, actor=None)

    with pytest.raises(ValidationError):
        stock_issue(item=it, place=bin_, quantity="1", department=department(), actor=None)
    assert _state(it) == before
