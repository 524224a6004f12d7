"""Pages: bad input answers with the form and changes nothing, lists keep their query count as
rows grow, a manager sees only their department's orders, a task off one's shift is not there."""

from __future__ import annotations

from datetime import time
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from backoffice import roles
from finance.models import Partner
from operations.models import Balance, DailyTask, Item, Movement, TaskTemplate, TaskTemplateItem
from operations.services import purchase_order_create, stock_receive, tasks_generate
from tests.conftest import login_verified
from tests.operations.factories import department, employee, item, main_place, warehouse
from tests.scheduling import factories as sched

pytestmark = pytest.mark.django_db


@pytest.fixture
def ops(client, make_user):
    user = make_user(roles.OPERATIONS)
    login_verified(client, user)
    return user


def test_issuing_more_than_in_stock_shows_the_form_and_writes_nothing(client, ops):
    wh = warehouse()
    bin_ = main_place(wh)
    it = item()
    stock_receive(item=it, place=bin_, quantity="2", unit_cost="1.00", actor=None)
    response = client.post(
        reverse("operations:movement-create", args=["issue"]),
        {"item": it.pk, "place": bin_.pk, "quantity": "5", "department": department().pk},
    )
    assert response.status_code == 400
    assert "Only 2" in response.content.decode()
    assert Movement.objects.filter(kind="issue").count() == 0
    assert Balance.objects.get(item=it).quantity == Decimal("2")


def test_an_import_with_a_bad_row_lists_it_and_imports_nothing(client, ops):
    upload = SimpleUploadedFile(
        "items.csv", b"sku,name_en,unit\nA-1,Paper,pack\nA-2,Pens,crate\n", content_type="text/csv"
    )
    response = client.post(reverse("operations:item-import"), {"file": upload})
    assert response.status_code == 400
    assert "Row 3, unit" in response.content.decode()
    assert not Item.objects.exists()


def test_the_stock_list_and_item_history_keep_their_query_count(
    client, ops, django_assert_max_num_queries
):
    wh = warehouse()
    bin_ = main_place(wh)
    first = item()
    stock_receive(item=first, place=bin_, quantity="1", unit_cost="1.00", actor=None)
    with django_assert_max_num_queries(60) as few:
        client.get(reverse("operations:stock-list"))
        client.get(reverse("operations:item-detail", args=[first.pk]))
    for _n in range(30):
        it = item()
        stock_receive(item=it, place=bin_, quantity="3", unit_cost="2.00", actor=None)
        stock_receive(item=first, place=bin_, quantity="1", unit_cost="1.00", actor=None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("operations:stock-list"))
        client.get(reverse("operations:item-detail", args=[first.pk]))


def test_a_manager_sees_only_their_departments_orders(client, make_user):
    manager = make_user(roles.MANAGER)
    mine = department()
    employee(manager, mine)
    supplier = Partner.objects.create(name="Paper Ltd", kind="supplier")
    wh = warehouse()
    it = item()
    own = purchase_order_create(
        supplier=supplier, warehouse=wh, lines=[(it, "1", "1")], department=mine, actor=None
    )
    other = purchase_order_create(
        supplier=supplier, warehouse=wh, lines=[(it, "1", "1")], department=department(), actor=None
    )
    login_verified(client, manager)
    listed = client.get(reverse("operations:order-list")).content.decode()
    assert own.number in listed
    assert other.number not in listed
    assert client.get(reverse("operations:order-detail", args=[other.pk])).status_code == 404


def test_a_task_off_ones_shift_is_not_there(client, make_user):
    loc = sched.location(code="PGSHOP")
    template = TaskTemplate.objects.create(location=loc, title="Close", due_time=time(21))
    check = TaskTemplateItem.objects.create(template=template, text="Lock")
    tasks_generate(day=timezone.localdate())
    staff = make_user(roles.STAFF)
    employee(staff)
    login_verified(client, staff)
    task = DailyTask.objects.get()
    response = client.post(reverse("operations:task-tick", args=[task.pk]), {"item": check.pk})
    assert response.status_code == 404
    assert not task.ticks.exists()
    assert "No tasks for you today" in client.get(reverse("operations:task-mine")).content.decode()
