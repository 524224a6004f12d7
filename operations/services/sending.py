"""E-mailing a purchase order to its supplier (from the sending job) and telling Operations what
the nightly reconciliation found."""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils.translation import gettext_noop

from backoffice.money import round_money
from backoffice.pdf import render_pdf
from backoffice.services import notification_send
from operations.models import PurchaseOrder, ReconciliationFinding


def order_pdf_bytes(*, order: PurchaseOrder) -> bytes:
    rows = [(ln, round_money(ln.quantity * ln.price)) for ln in order.lines.select_related("item")]
    return render_pdf(
        "operations/pdf/order.html",
        {"order": order, "rows": rows, "total": sum((t for _l, t in rows), 0)},
    )


def order_email(*, order: PurchaseOrder) -> bool:
    """Send the order's PDF to the supplier's addresses; False when the supplier has none."""
    addresses = list(getattr(order.supplier, "email_list", None) or [])
    if not addresses:
        return False
    message = EmailMessage(
        subject=f"Purchase order {order.number}",
        body=f"Please find attached our purchase order {order.number}.",
        to=addresses,
    )
    message.attach(f"{order.number}.pdf", order_pdf_bytes(order=order), "application/pdf")
    message.send(fail_silently=False)
    return True


def reconciliation_report(*, findings: list[ReconciliationFinding]) -> int:
    from operations.selectors import operations_users

    told = 0
    for user in operations_users():
        notification_send(
            recipient=user,
            kind="operations.reconciliation",
            title=gettext_noop("Stock reconciliation corrected %(count)s balances"),
            params={"count": len(findings)},
            url=reverse("operations:ops-dashboard"),
        )
        told += 1
    return told
