"""Recurring invoices: templates, and the nightly run that turns each due period of each template
into one issued invoice.

Idempotent: an invoice made from a template carries the template and the period it is for
("2026-11"), unique together, so a second run (or a run after a crash half way) finds the
period's invoice and makes no other. Each invoice is its own transaction: one customer whose
invoice is refused stops nobody else; the refusal is kept on the template and in the summary.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_noop

from backoffice.models import User
from backoffice.services import action_record
from finance.audit import FinanceAudit
from finance.models import RecurringInvoice, RecurringLine, SalesInvoice
from finance.services.invoicing import DocumentLine, invoice_draft_save, invoice_issue

MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12}


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_key(template: RecurringInvoice, day: date) -> str:
    if template.frequency == RecurringInvoice.Frequency.YEARLY:
        return f"{day.year}"
    if template.frequency == RecurringInvoice.Frequency.QUARTERLY:
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return f"{day:%Y-%m}"


@transaction.atomic
def recurring_save(
    *,
    actor: User | None,
    data: dict[str, Any],
    lines: list[DocumentLine],
    template: RecurringInvoice | None = None,
) -> RecurringInvoice:
    """Create or change a template and its lines; the lines are checked as an invoice's are."""
    from finance.services.invoicing import _prepare_lines

    made, errors = _prepare_lines(lines, kind=SalesInvoice.Kind.INVOICE)
    if errors:
        raise ValidationError({"lines": errors})
    item = template or RecurringInvoice()
    for name, value in data.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    item.lines.all().delete()
    RecurringLine.objects.bulk_create(
        [
            RecurringLine(
                template=item,
                position=line.position,
                product=line.product,
                description=line.description,
                unit=line.unit,
                quantity=line.quantity,
                unit_price=line.unit_price,
                tax_code=line.tax_code,
                income_account=line.income_account,
            )
            for line in made
        ]
    )
    action_record(
        kind=FinanceAudit.RECURRING_SAVED,
        summary=gettext_noop("Recurring invoice %(name)s saved"),
        params={"name": item.name},
        actor=actor,
        target=item,
    )
    return item


@dataclass
class RunSummary:
    issued: list[str] = field(default_factory=list)
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"issued": self.issued, "skipped": self.skipped, "failed": self.failed}


def _issue_one(template: RecurringInvoice, day: date, actor: User | None) -> SalesInvoice | None:
    """The period's invoice of ``template``, issued; None when it existed already."""
    key = period_key(template, day)
    existing = SalesInvoice.objects.filter(template=template, period_key=key).first()
    if existing is not None and existing.is_issued:
        return None
    lines = [
        DocumentLine(
            description=line.description,
            quantity=line.quantity,
            unit_price=line.unit_price,
            tax_code=line.tax_code_id,
            income_account=line.income_account_id,
            product=line.product_id,
            unit=line.unit,
        )
        for line in template.lines.all()
    ]
    with transaction.atomic():
        if existing is None:
            draft = invoice_draft_save(
                actor=actor,
                data={
                    "series": template.series,
                    "partner": template.partner,
                    "department": template.department,
                    "currency": template.currency,
                    "language": template.language,
                    "notes": template.notes,
                    "issue_date": day,
                    "tax_event_date": day,
                },
                lines=lines,
            )
            SalesInvoice.objects.filter(pk=draft.pk).update(template=template, period_key=key)
        else:
            draft = existing
        return invoice_issue(actor=actor, invoice=draft, issue_date=day, render_pdf=False)


def recurring_issue_due(
    *,
    today: date,
    actor: User | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> RunSummary:
    """Issue every period of every active template due on or before ``today``."""
    summary = RunSummary()
    templates = list(
        RecurringInvoice.objects.filter(is_active=True, next_date__lte=today)
        .select_related("partner", "series", "department")
        .order_by("next_date", "pk")
    )
    total = len(templates)
    for done, template in enumerate(templates, start=1):
        while template.is_active and template.next_date <= today:
            day = template.next_date
            if template.end_date and day > template.end_date:
                template.is_active = False
                RecurringInvoice.objects.filter(pk=template.pk).update(is_active=False)
                break
            try:
                doc = _issue_one(template, day, actor)
            except (ValidationError, IntegrityError) as exc:
                message = "; ".join(getattr(exc, "messages", None) or [str(exc)])[:500]
                summary.failed.append((template.name, message))
                RecurringInvoice.objects.filter(pk=template.pk).update(last_error=message)
                break
            if doc is None:
                summary.skipped += 1
            else:
                summary.issued.append(doc.number)
            template.next_date = add_months(day, MONTHS[template.frequency])
            RecurringInvoice.objects.filter(pk=template.pk).update(
                next_date=template.next_date, last_error=""
            )
        if progress:
            progress(done, total)
    return summary
