from operations.models.catalogue import Item, ItemCategory, Place, ReorderRule, Warehouse
from operations.models.counts import CountLine, StockCount
from operations.models.daily import DailyTask, TaskTemplate, TaskTemplateItem, TaskTick
from operations.models.purchasing import (
    PurchaseOrder,
    PurchaseOrderLine,
    Receipt,
    ReceiptLine,
    ReorderSuggestion,
)
from operations.models.stock import Balance, ItemCost, Movement, ReconciliationFinding

__all__ = [
    "Balance",
    "CountLine",
    "DailyTask",
    "Item",
    "ItemCategory",
    "ItemCost",
    "Movement",
    "Place",
    "PurchaseOrder",
    "PurchaseOrderLine",
    "Receipt",
    "ReceiptLine",
    "ReconciliationFinding",
    "ReorderRule",
    "ReorderSuggestion",
    "StockCount",
    "TaskTemplate",
    "TaskTemplateItem",
    "TaskTick",
    "Warehouse",
]
