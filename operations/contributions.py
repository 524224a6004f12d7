"""What operations contributes to the platform's registry, as data: pages, widgets, the order
sending job, nightly tasks, audit kinds, role grants, demo data and benchmarks."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from backoffice import roles
from backoffice.registry import AllModels, Contributions, JobKind, NavEntry, NavSection, Widget
from operations import demo, jobs, widgets
from operations.audit import OpsAudit
from operations.permissions import (
    COUNT_STOCK,
    DEPARTMENT_ORDERS,
    LOCATION_TASKS,
    MANAGE_ORDERS,
    MANAGE_TASKS,
    MOVE_STOCK,
    OVER_BUDGET,
    VIEW_STOCK,
    sees_orders,
)


def _is_employee(user) -> bool:
    return hasattr(user, "employee")


def _sees_issues(user) -> bool:
    return user.has_perm(VIEW_STOCK) or user.has_perm(DEPARTMENT_ORDERS)


S = "operations"
TASKS = ("tasktemplate", "tasktemplateitem", "dailytask", "tasktick")

CONTRIBUTIONS = Contributions(
    app="operations",
    urls=("operations/", "operations.urls"),
    sections=(NavSection(S, _("Operations"), "building-warehouse", order=45),),
    nav=(
        NavEntry(
            S, _("My tasks today"), "operations:task-mine", "checklist", None, 0, _is_employee
        ),
        NavEntry(
            S, _("Operations dashboard"), "operations:ops-dashboard", "chart-bar", VIEW_STOCK, 5
        ),
        NavEntry(S, _("Stock"), "operations:stock-list", "packages", VIEW_STOCK, 10),
        NavEntry(S, _("Stock value"), "operations:valuation", "coin", VIEW_STOCK, 12),
        NavEntry(
            S, _("Warehouses"), "operations:warehouse-list", "building-warehouse", VIEW_STOCK, 15
        ),
        NavEntry(
            S,
            _("Issues to departments"),
            "operations:issue-list",
            "truck-delivery",
            None,
            18,
            _sees_issues,
        ),
        NavEntry(S, _("Suggested orders"), "operations:suggestion-list", "bulb", MANAGE_ORDERS, 20),
        NavEntry(
            S, _("Purchase orders"), "operations:order-list", "file-invoice", None, 22, sees_orders
        ),
        NavEntry(
            S,
            _("Receipts"),
            "operations:receipt-list",
            "package-import",
            "operations.view_purchaseorder",
            24,
        ),
        NavEntry(S, _("Stock counts"), "operations:count-list", "list-numbers", COUNT_STOCK, 30),
        NavEntry(S, _("Task board"), "operations:task-board", "layout-kanban", LOCATION_TASKS, 40),
        NavEntry(S, _("Task templates"), "operations:template-list", "template", MANAGE_TASKS, 45),
    ),
    widgets=(
        Widget(
            "ops-my-tasks",
            "operations/widgets/my_tasks.html",
            widgets.my_tasks_today,
            order=3,
            width="col-12 col-lg-6",
        ),
        Widget(
            "ops-stock",
            "operations/widgets/stock.html",
            widgets.stock_attention,
            permission=MOVE_STOCK,
            order=16,
            width="col-12 col-lg-4",
        ),
    ),
    job_kinds=(
        JobKind(
            "operations.order_send", _("Purchase order e-mailed"), jobs.order_send, MANAGE_ORDERS
        ),
    ),
    periodic_tasks={
        "operations: stock reconciliation": {
            "task": "operations.stock_reconcile_task",
            "crontab": {"minute": "30", "hour": "1"},
        },
        "operations: reorder suggestions": {
            "task": "operations.reorder_nightly_task",
            "crontab": {"minute": "0", "hour": "5"},
        },
        "operations: daily tasks": {
            "task": "operations.tasks_generate_task",
            "crontab": {"minute": "10", "hour": "0"},
        },
        "operations: overdue tasks": {
            "task": "operations.tasks_overdue_task",
            "every_seconds": 900,
        },
    },
    audit_kinds=OpsAudit,
    grants={
        roles.OPERATIONS: (AllModels("operations"),),
        roles.ADMINISTRATOR: (AllModels("operations"), OVER_BUDGET),
        roles.FINANCE: (AllModels("operations", actions=("view",), exclude=TASKS),),
        roles.MANAGER: (DEPARTMENT_ORDERS, LOCATION_TASKS),
    },
    seed_steps=((50, demo.seed_operations),),
    bench_fill_steps=(),
)
