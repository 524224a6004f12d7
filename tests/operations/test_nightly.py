"""The nightly jobs run twice change nothing the second time; opening the pages writes nothing."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from backoffice import roles
from backoffice.models import Notification
from finance.models import Partner
from operations.models import ReorderRule, ReorderSuggestion
from operations.services import count_start, stock_receive
from operations.tasks import (
    reorder_nightly_task,
    stock_reconcile_task,
    tasks_generate_task,
    tasks_overdue_task,
)
from tests.conftest import login_verified
from tests.operations.factories import D, item, main_place, warehouse

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for app in ("operations", "backoffice")
        for model in apps.get_app_config(app).get_models()
    }


def _world(make_user):
    ops = make_user(roles.OPERATIONS)
    supplier = Partner.objects.create(name="Paper Ltd", kind="supplier")
    wh = warehouse()
    it = item(supplier=supplier, supplier_price=D("1.00"), barcode="3800000000035")
    ReorderRule.objects.create(item=it, warehouse=wh, level=D("10"), quantity=D("5"))
    stock_receive(item=it, place=main_place(wh), quantity="2", unit_cost="1.00", actor=None)
    return ops, wh, it


def test_every_nightly_job_twice_gives_what_once_gives(make_user):
    ops, _wh, _it = _world(make_user)
    for task in (
        stock_reconcile_task,
        reorder_nightly_task,
        tasks_generate_task,
        tasks_overdue_task,
    ):
        task()
    once = _counts()
    for task in (
        stock_reconcile_task,
        reorder_nightly_task,
        tasks_generate_task,
        tasks_overdue_task,
    ):
        task()
    assert _counts() == once
    assert ReorderSuggestion.objects.get().quantity == D("8")
    assert Notification.objects.filter(recipient=ops, kind="operations.reorder").count() == 1


def test_opening_the_pages_writes_nothing(client, make_user):
    ops, wh, it = _world(make_user)
    count = count_start(warehouse=wh, actor=ops)
    login_verified(client, ops)
    pages = [
        reverse("operations:ops-dashboard"),
        reverse("operations:stock-list") + "?under=1",
        reverse("operations:valuation") + f"?on={timezone.localdate().isoformat()}",
        reverse("operations:item-detail", args=[it.pk]),
        reverse("operations:warehouse-detail", args=[wh.pk]),
        reverse("operations:suggestion-list"),
        reverse("operations:order-list"),
        reverse("operations:count-detail", args=[count.pk]),
        reverse("operations:task-board"),
        reverse("operations:task-mine"),
        reverse("home"),
    ]
    client.get(pages[0])
    before = _counts()
    for page in pages:
        assert client.get(page).status_code == 200, page
    assert _counts() == before
