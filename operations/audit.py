"""Operations' audit kinds, declared once."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from backoffice.audit import AuditKind


class OpsAudit(AuditKind):
    STOCK_ADJUSTED = "ops.stock_adjusted", _("Stock adjusted")
    ITEMS_IMPORTED = "ops.items_imported", _("Items imported")
    ORDER_APPROVED = "ops.order_approved", _("Purchase order approved")
    ORDER_SENT = "ops.order_sent", _("Purchase order sent")
    ORDER_CANCELLED = "ops.order_cancelled", _("Purchase order cancelled")
    ORDER_RECEIVED = "ops.order_received", _("Purchase order received")
    COUNT_POSTED = "ops.count_posted", _("Stock count posted")
    RECONCILED = "ops.reconciled", _("Stock balances reconciled")
