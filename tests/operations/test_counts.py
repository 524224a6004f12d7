"""Stock counts: counted by barcode, an item not kept there refused, differences posted as count
corrections and to the ledger (a loss against the department's expense, a gain to other income)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from backoffice import roles
from finance.models import JournalEntry
from finance.services import chart_load_preset, fiscal_year_open
from operations.models import Balance, CountLine, Movement
from operations.services import (
    count_post,
    count_record,
    count_start,
    count_submit,
    item_by_code,
    stock_receive,
)
from tests.operations.factories import D, department, item, main_place, warehouse

pytestmark = pytest.mark.django_db


@pytest.fixture
def books():
    chart_load_preset(preset="bg", actor=None)
    fiscal_year_open(year=timezone.localdate().year, actor=None)


def test_count_differences_are_posted_to_stock_and_the_ledger(books, make_user):
    ops = make_user(roles.OPERATIONS)
    wh = warehouse(department=department())
    bin_ = main_place(wh)
    short, extra = item(barcode="3800000000011"), item(barcode="3800000000028")
    stock_receive(item=short, place=bin_, quantity="10", unit_cost="2.00", actor=None)
    stock_receive(item=extra, place=bin_, quantity="4", unit_cost="5.00", actor=None)
    count = count_start(warehouse=wh, actor=ops)
    assert count.lines.count() == 2
    count_record(count=count, item=item_by_code(code="3800000000011"), counted="7", actor=ops)
    count_record(count=count, item=item_by_code(code=extra.sku), counted="5", actor=ops)
    count_submit(count=count, actor=ops)
    count_post(count=count, actor=ops)
    assert Balance.objects.get(item=short).quantity == D("7")
    assert Balance.objects.get(item=extra).quantity == D("5")
    corrections = Movement.objects.filter(kind="count").order_by("item_id")
    assert [(m.quantity, m.value) for m in corrections] == [
        (D("-3"), D("-6.00")),
        (D("1"), D("5.00")),
    ]
    entry = JournalEntry.objects.get(idempotency_key=f"operations.count:{count.pk}")
    lines = sorted(
        (ln.account.number, ln.debit, ln.credit) for ln in entry.lines.select_related("account")
    )
    assert lines == [
        ("302", D("0.00"), D("6.00")),
        ("302", D("5.00"), D("0.00")),
        ("601", D("6.00"), D("0.00")),
        ("709", D("0.00"), D("5.00")),
    ]
    with pytest.raises(ValidationError):
        count_post(count=count, actor=ops)
    assert JournalEntry.objects.filter(source_type="operations.count").count() == 1


def test_an_item_not_kept_in_the_warehouse_cannot_be_counted(make_user):
    ops = make_user(roles.OPERATIONS)
    wh, elsewhere = warehouse(), warehouse()
    kept, stranger = item(), item()
    stock_receive(item=kept, place=main_place(wh), quantity="2", unit_cost="1", actor=None)
    stock_receive(
        item=stranger, place=main_place(elsewhere), quantity="2", unit_cost="1", actor=None
    )
    count = count_start(warehouse=wh, actor=ops)
    with pytest.raises(ValidationError) as exc:
        count_record(count=count, item=stranger, counted="1", actor=ops)
    assert "code" in exc.value.message_dict
    assert not CountLine.objects.filter(count=count, item=stranger).exists()
    with pytest.raises(ValidationError):
        count_record(count=count, item=kept, counted="-1", actor=ops)
    assert CountLine.objects.get(count=count, item=kept).counted is None
