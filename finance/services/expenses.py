"""Expense claims: drafted line by line with receipt photos (phone first), submitted to the
person's manager, approved or rejected with a comment, reimbursed by finance with a payment that
posts the expense to the ledger. Everyone involved is told at each step."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from backoffice import roles
from backoffice.models import User
from backoffice.money import ZERO, MoneyError, to_decimal
from backoffice.selectors import users_with_role
from backoffice.services import action_record, notification_send
from backoffice.uploads import IMAGES, PDF, store_upload, validate_upload
from finance.audit import FinanceAudit
from finance.interface import LineIn, Source
from finance.models import Account, ExpenseClaim, ExpenseClaimLine, Payment
from finance.selectors.expenses import may_decide
from finance.selectors.payables import role_account
from finance.services.posting import journal_entry_post
from hr.models import Employee
from hr.selectors import approver_for

RECEIPT_TYPES = (*IMAGES, PDF)
DEFAULT_RECEIPT_THRESHOLD = Decimal("25.00")

NO_EMPLOYEE = _("Your login is not linked to an employee record; ask HR.")
NOT_DRAFT = _("Only a draft claim can be changed.")
NO_LINES = _("Add at least one expense before submitting.")
RECEIPT_NEEDED = _("A receipt is required for amounts over %(limit)s.")
LINE_RECEIPT_NEEDED = _(
    "Line %(n)s (%(amount)s): a receipt is required for amounts over %(limit)s."
)
BAD_AMOUNT = _("%(value)s is not an amount.")
NOT_POSITIVE = _("The amount must be more than zero.")
NO_TITLE = _("Say what the claim is for.")
NOT_EXPENSE = _("Choose an expense type.")
FUTURE = _("The date cannot be in the future.")
NOT_YOURS = _("Only the person who made the claim can change it.")
NOT_DECIDER = _("You cannot decide this claim.")
COMMENT_NEEDED = _("Say why the claim is rejected.")
NOT_APPROVED = _("Only an approved claim can be reimbursed.")


def receipt_threshold() -> Decimal:
    """Above this amount a line needs a receipt (a company policy; ``FINANCE_RECEIPT_THRESHOLD``)."""
    return to_decimal(
        str(getattr(settings, "FINANCE_RECEIPT_THRESHOLD", DEFAULT_RECEIPT_THRESHOLD))
    )


def _fail(message, field: str = "__all__", **params: Any) -> ValidationError:
    return ValidationError({field: ValidationError(message, params=params)})


def _own(claim: ExpenseClaim, actor: User) -> ExpenseClaim:
    claim = ExpenseClaim.objects.select_for_update().select_related("employee").get(pk=claim.pk)
    if claim.employee.user_id != actor.pk:
        raise _fail(NOT_YOURS)
    if claim.status != ExpenseClaim.Status.DRAFT:
        raise _fail(NOT_DRAFT)
    return claim


def _recount(claim: ExpenseClaim) -> None:
    claim.total = sum((ln.amount for ln in claim.lines.all()), ZERO)
    claim.save(update_fields=["total"])


@transaction.atomic
def expense_claim_create(*, employee: Employee | None, title: str, actor: User) -> ExpenseClaim:
    if employee is None:
        raise _fail(NO_EMPLOYEE)
    title = (title or "").strip()
    if not title:
        raise _fail(NO_TITLE, "title")
    return ExpenseClaim.objects.create(
        employee=employee, department_id=employee.department_id, title=title[:200]
    )


@transaction.atomic
def expense_line_add(
    *,
    claim: ExpenseClaim,
    spent_on: date,
    description: str,
    account: Account | None,
    amount: Any,
    receipt: UploadedFile | None,
    actor: User,
) -> ExpenseClaimLine:
    """Add one expense with its receipt (an image or a PDF, checked by content)."""
    claim = _own(claim, actor)
    if isinstance(amount, float):
        raise _fail(BAD_AMOUNT, "amount", value=amount)
    try:
        value = to_decimal(amount)
    except MoneyError:
        raise _fail(BAD_AMOUNT, "amount", value=amount) from None
    if value != value.quantize(Decimal("0.01")):
        raise _fail(BAD_AMOUNT, "amount", value=amount)
    if value <= 0:
        raise _fail(NOT_POSITIVE, "amount")
    if account is None or account.type != Account.Type.EXPENSE or account.is_group:
        raise _fail(NOT_EXPENSE, "account")
    if spent_on > timezone.localdate():
        raise _fail(FUTURE, "spent_on")
    limit = receipt_threshold()
    if receipt is None and value > limit:
        raise _fail(RECEIPT_NEEDED, "receipt", limit=limit)
    line = ExpenseClaimLine(
        claim=claim,
        spent_on=spent_on,
        description=(description or "").strip()[:300] or str(account.label)[:300],
        account=account,
        amount=value,
    )
    if receipt is not None:
        validate_upload(receipt, allowed=RECEIPT_TYPES, max_mb=10)
        line.receipt.name = store_upload(receipt, folder="finance/receipts", allowed=RECEIPT_TYPES)
        line.receipt_name = (receipt.name or "receipt")[:200]
    line.save()
    _recount(claim)
    return line


@transaction.atomic
def expense_line_delete(*, line: ExpenseClaimLine, actor: User) -> None:
    claim = _own(line.claim, actor)
    line.delete()
    _recount(claim)


@transaction.atomic
def expense_claim_delete(*, claim: ExpenseClaim, actor: User) -> None:
    claim = _own(claim, actor)
    claim.delete()


def _url(claim: ExpenseClaim) -> str:
    return reverse("finance:claim-detail", args=[claim.pk])


@transaction.atomic
def expense_claim_submit(*, claim: ExpenseClaim, actor: User) -> ExpenseClaim:
    """Send the claim to the person's manager (HR decides who: the first manager up the line
    with a login; Finance when there is none)."""
    claim = _own(claim, actor)
    lines = list(claim.lines.all().order_by("spent_on", "pk"))
    if not lines:
        raise _fail(NO_LINES)
    limit = receipt_threshold()
    for n, line in enumerate(lines, start=1):
        if line.amount > limit and not line.receipt:
            raise _fail(LINE_RECEIPT_NEEDED, n=n, amount=line.amount, limit=limit)
    approver = approver_for(employee=claim.employee)
    claim.status = ExpenseClaim.Status.SUBMITTED
    claim.submitted_at = timezone.now()
    claim.department_id = claim.employee.department_id
    claim.approver = approver
    claim.total = sum((ln.amount for ln in lines), ZERO)
    claim.save(update_fields=["status", "submitted_at", "department", "approver", "total"])
    action_record(
        kind=FinanceAudit.CLAIM_SUBMITTED,
        summary=gettext_noop("Expense claim %(ref)s submitted (%(total)s)"),
        params={"ref": claim.reference, "total": str(claim.total)},
        actor=actor,
        target=claim,
    )
    recipients = [approver] if approver else list(users_with_role(role=roles.FINANCE))
    for recipient in recipients:
        notification_send(
            recipient=recipient,
            kind="finance.claim_submitted",
            title=gettext_noop("Expense claim to decide: %(name)s, %(total)s EUR"),
            params={"name": str(claim.employee), "total": claim.total},
            url=_url(claim),
            email=True,
        )
    return claim


@transaction.atomic
def expense_claim_decide(
    *, claim: ExpenseClaim, approve: bool, comment: str, actor: User
) -> ExpenseClaim:
    claim = ExpenseClaim.objects.select_for_update().select_related("employee").get(pk=claim.pk)
    if not may_decide(viewer=actor, claim=claim):
        raise _fail(NOT_DECIDER)
    comment = (comment or "").strip()
    if not approve and not comment:
        raise _fail(COMMENT_NEEDED, "comment")
    claim.status = ExpenseClaim.Status.APPROVED if approve else ExpenseClaim.Status.REJECTED
    claim.decided_by = actor
    claim.decided_at = timezone.now()
    claim.decision_comment = comment[:500]
    claim.save(update_fields=["status", "decided_by", "decided_at", "decision_comment"])
    action_record(
        kind=FinanceAudit.CLAIM_DECIDED,
        summary=gettext_noop("Expense claim %(ref)s approved")
        if approve
        else gettext_noop("Expense claim %(ref)s rejected"),
        params={"ref": claim.reference},
        actor=actor,
        target=claim,
    )
    if claim.employee.user_id:
        notification_send(
            recipient=claim.employee.user,
            kind="finance.claim_decided",
            title=gettext_noop("Your expense claim %(ref)s was approved")
            if approve
            else gettext_noop("Your expense claim %(ref)s was rejected"),
            body=gettext_noop("Comment: %(comment)s") if comment else "",
            params={"ref": claim.reference, "comment": comment},
            url=_url(claim),
            level="success" if approve else "warning",
            email=True,
        )
    if approve:
        for recipient in users_with_role(role=roles.FINANCE):
            notification_send(
                recipient=recipient,
                kind="finance.claim_approved",
                title=gettext_noop("Expense claim to reimburse: %(name)s, %(total)s EUR"),
                params={"name": str(claim.employee), "total": claim.total},
                url=_url(claim),
            )
    return claim


@transaction.atomic
def expense_claim_reimburse(
    *,
    claim: ExpenseClaim,
    date: date,
    method: str = Payment.Method.BANK,
    actor: User,
) -> Payment:
    """Pay the person back: one payment, posted with the claim's expenses on the department's
    accounts and the money leaving the bank (or the till)."""
    claim = ExpenseClaim.objects.select_for_update().select_related("employee").get(pk=claim.pk)
    if claim.status != ExpenseClaim.Status.APPROVED:
        raise _fail(NOT_APPROVED)
    payment = Payment.objects.create(
        direction=Payment.Direction.PAID,
        method=method,
        employee=claim.employee,
        date=date,
        amount=claim.total,
        allocated=claim.total,
        reference=claim.reference,
        memo=claim.title[:300],
        created_by=actor,
    )
    money = role_account("cash" if method == Payment.Method.CASH else "bank")
    lines = [
        LineIn(
            account=line.account_id,
            debit=line.amount,
            department=claim.department_id,
            text=f"{claim.reference} {line.description}"[:300],
        )
        for line in claim.lines.all().order_by("pk")
    ]
    lines.append(LineIn(account=money.pk, credit=claim.total, text=claim.reference))
    entry = journal_entry_post(
        date=date,
        lines=lines,
        memo=str(_("Expense claim %(ref)s, %(name)s"))
        % {"ref": claim.reference, "name": claim.employee},
        source=Source(
            type="finance.expense_claim", id=str(claim.pk), label=claim.reference, url=_url(claim)
        ),
        key=f"expense_claim:{claim.pk}",
        actor=actor,
    )
    payment.entry = entry
    payment.save(update_fields=["entry"])
    claim.payment = payment
    claim.status = ExpenseClaim.Status.REIMBURSED
    claim.save(update_fields=["payment", "status"])
    action_record(
        kind=FinanceAudit.CLAIM_REIMBURSED,
        summary=gettext_noop("Expense claim %(ref)s reimbursed (%(total)s)"),
        params={"ref": claim.reference, "total": str(claim.total)},
        actor=actor,
        target=claim,
    )
    if claim.employee.user_id:
        notification_send(
            recipient=claim.employee.user,
            kind="finance.claim_reimbursed",
            title=gettext_noop("Your expense claim %(ref)s was reimbursed: %(total)s EUR"),
            params={"ref": claim.reference, "total": claim.total},
            url=_url(claim),
            level="success",
            email=True,
        )
    return payment
