"""Operations' permission names and the checks views ask of a user, spelled once."""

from __future__ import annotations

from backoffice.models import User

MANAGE_ITEMS = "operations.change_item"
MOVE_STOCK = "operations.add_movement"
VIEW_STOCK = "operations.view_movement"
VIEW_ORDERS = "operations.view_purchaseorder"
MANAGE_ORDERS = "operations.change_purchaseorder"
DEPARTMENT_ORDERS = "operations.view_department_orders"
OVER_BUDGET = "operations.approve_over_budget"
COUNT_STOCK = "operations.change_stockcount"
MANAGE_TASKS = "operations.change_tasktemplate"
LOCATION_TASKS = "operations.view_dailytask"


def manages_stock(user: User) -> bool:
    """Operations: items, warehouses, movements, counts, orders, tasks."""
    return user.has_perm(MOVE_STOCK)


def sees_stock(user: User) -> bool:
    """Operations, and Finance read-only: stock, valuations, movements."""
    return user.has_perm(VIEW_STOCK)


def sees_all_orders(user: User) -> bool:
    return user.has_perm(VIEW_ORDERS)


def sees_orders(user: User) -> bool:
    """Every order (Operations, Finance) or those of the manager's department."""
    return user.has_perm(VIEW_ORDERS) or user.has_perm(DEPARTMENT_ORDERS)


def manages_orders(user: User) -> bool:
    return user.has_perm(MANAGE_ORDERS)


def may_exceed_budget(user: User) -> bool:
    return user.has_perm(OVER_BUDGET)


def counts_stock(user: User) -> bool:
    return user.has_perm(COUNT_STOCK)


def manages_tasks(user: User) -> bool:
    return user.has_perm(MANAGE_TASKS)


def sees_location_tasks(user: User) -> bool:
    """Operations every location's; a manager their locations'."""
    return user.has_perm(LOCATION_TASKS)
