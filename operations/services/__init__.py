"""Operations' writes: the stock ledger, buying, counts and daily tasks."""

from operations.services.counts import (
    count_post,
    count_record,
    count_start,
    count_submit,
    item_by_code,
)
from operations.services.daily import (
    task_template_save,
    task_tick,
    tasks_generate,
    tasks_overdue_notify,
)
from operations.services.items import (
    ItemImportError,
    RowError,
    items_import,
    place_save,
    reorder_rule_set,
    warehouse_save,
)
from operations.services.purchasing import (
    order_budget,
    order_total,
    purchase_order_approve,
    purchase_order_cancel,
    purchase_order_close,
    purchase_order_create,
    purchase_order_receive,
    purchase_order_send,
    reorder_nightly,
    reorder_suggestions_refresh,
    suggestions_confirm,
)
from operations.services.sending import order_email, order_pdf_bytes, reconciliation_report
from operations.services.stock import (
    stock_adjust,
    stock_costs_reconcile,
    stock_issue,
    stock_receive,
    stock_reconcile,
    stock_transfer,
)

__all__ = [
    "ItemImportError",
    "RowError",
    "count_post",
    "count_record",
    "count_start",
    "count_submit",
    "item_by_code",
    "items_import",
    "order_budget",
    "order_email",
    "order_pdf_bytes",
    "order_total",
    "place_save",
    "purchase_order_approve",
    "purchase_order_cancel",
    "purchase_order_close",
    "purchase_order_create",
    "purchase_order_receive",
    "purchase_order_send",
    "reconciliation_report",
    "reorder_nightly",
    "reorder_rule_set",
    "reorder_suggestions_refresh",
    "stock_adjust",
    "stock_costs_reconcile",
    "stock_issue",
    "stock_receive",
    "stock_reconcile",
    "stock_transfer",
    "suggestions_confirm",
    "task_template_save",
    "task_tick",
    "tasks_generate",
    "tasks_overdue_notify",
    "warehouse_save",
]
