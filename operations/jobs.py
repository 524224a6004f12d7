"""Operations' job handlers: load, call one service, report progress."""

from __future__ import annotations

from backoffice.models import Job
from backoffice.services import JobContext
from operations.models import PurchaseOrder
from operations.services import order_email


def order_send(*, job: Job, context: JobContext) -> None:
    order = PurchaseOrder.objects.select_related("supplier").get(pk=job.params["order"])
    context.progress(0, 1, force=True)
    order_email(order=order)
    context.progress(1, 1, force=True)
