"""Operations' rows of the role x URL matrix (tests/backoffice/test_matrix.py) and the records
they open: a warehouse with an item in stock, an order of the Manager's department and one of
another department, a count in progress and a task template."""

from __future__ import annotations


def matrix_rows(Row, only, everyone, roles) -> list:
    R = roles
    ops = [R.ADMINISTRATOR, R.OPERATIONS]
    reads = [*ops, R.FINANCE]
    orders = [*reads, R.MANAGER]
    other_department = {
        "anonymous": 302,
        **{r: 200 if r in reads else 404 if r == R.MANAGER else 403 for r in R.ROLES},
    }
    return [
        Row("operations:ops-dashboard", only(reads)),
        Row("operations:stock-list", only(reads)),
        Row("operations:valuation", only(reads)),
        Row("operations:item-create", only(ops)),
        Row("operations:item-import", only(ops)),
        Row("operations:item-detail", only(reads), lambda ctx: [ctx["ops_item"].pk]),
        Row("operations:item-edit", only(ops), lambda ctx: [ctx["ops_item"].pk]),
        Row("operations:movement-create", only(ops), lambda ctx: ["issue"]),
        Row("operations:issue-list", only(orders)),
        Row("operations:warehouse-list", only(reads)),
        Row("operations:warehouse-create", only(ops)),
        Row("operations:warehouse-detail", only(reads), lambda ctx: [ctx["ops_warehouse"].pk]),
        Row("operations:warehouse-edit", only(ops), lambda ctx: [ctx["ops_warehouse"].pk]),
        Row("operations:suggestion-list", only(ops)),
        Row("operations:suggestion-refresh", everyone(405)),
        Row("operations:order-list", only(orders)),
        Row("operations:order-create", only(ops)),
        Row("operations:order-detail", only(orders), lambda ctx: [ctx["ops_order"].pk]),
        Row("operations:order-detail", other_department, lambda ctx: [ctx["ops_other_order"].pk]),
        Row("operations:order-pdf", only(orders), lambda ctx: [ctx["ops_order"].pk]),
        Row("operations:order-receive", only(ops), lambda ctx: [ctx["ops_order"].pk]),
        Row("operations:order-action", everyone(405), lambda ctx: [ctx["ops_order"].pk, "approve"]),
        Row("operations:receipt-list", only(reads)),
        Row("operations:count-list", only(ops)),
        Row("operations:count-detail", only(ops), lambda ctx: [ctx["ops_count"].pk]),
        Row("operations:count-action", everyone(405), lambda ctx: [ctx["ops_count"].pk, "submit"]),
        Row("operations:task-mine", everyone(200)),
        Row("operations:task-tick", everyone(405), lambda ctx: [ctx["ops_task"].pk]),
        Row("operations:task-board", only([*ops, R.MANAGER])),
        Row("operations:template-list", only(ops)),
        Row("operations:template-create", only(ops)),
        Row("operations:template-edit", only(ops), lambda ctx: [ctx["ops_template"].pk]),
    ]


def matrix_world(people, department, location) -> dict:
    from datetime import time
    from decimal import Decimal

    from django.utils import timezone

    from backoffice import roles
    from finance.models import Partner
    from hr.models import Department
    from operations.models import Item, Place, TaskTemplate, TaskTemplateItem, Warehouse
    from operations.services import (
        count_start,
        purchase_order_create,
        stock_receive,
        tasks_generate,
    )

    warehouse = Warehouse.objects.create(code="MXW", name="Matrix store", department=department)
    place = Place.objects.create(warehouse=warehouse, code="MAIN", path="MAIN")
    supplier = Partner.objects.create(name="Matrix supplier", kind="supplier")
    item = Item.objects.create(sku="MX-1", name="Paper", name_en="Paper", supplier=supplier)
    stock_receive(item=item, place=place, quantity="5", unit_cost="1.00", actor=None)
    order = purchase_order_create(
        supplier=supplier,
        warehouse=warehouse,
        lines=[(item, Decimal("3"), Decimal("1.00"))],
        department=department,
        actor=None,
    )
    elsewhere = Department.objects.create(code="MXO", name="Matrix other")
    other_order = purchase_order_create(
        supplier=supplier,
        warehouse=warehouse,
        lines=[(item, Decimal("3"), Decimal("1.00"))],
        department=elsewhere,
        actor=None,
    )
    count = count_start(warehouse=warehouse, actor=people[roles.OPERATIONS])
    template = TaskTemplate.objects.create(
        location=location, title="Opening", title_en="Opening", due_time=time(9)
    )
    TaskTemplateItem.objects.create(template=template, text="Doors")
    tasks_generate(day=timezone.localdate())
    return {
        "ops_warehouse": warehouse,
        "ops_item": item,
        "ops_order": order,
        "ops_other_order": other_order,
        "ops_count": count,
        "ops_template": template,
        "ops_task": template.tasks.first() or _task(template),
    }


def _task(template):
    from datetime import timedelta

    from django.utils import timezone

    from operations.services import tasks_generate

    tasks_generate(day=timezone.localdate() + timedelta(days=1))
    return template.tasks.first()
