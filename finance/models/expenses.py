"""Expense claims: a person's out-of-pocket spending with receipts, decided by their manager and
reimbursed by finance with a payment that posts the expense to the ledger.

draft -> submitted -> approved -> reimbursed, or submitted -> rejected (with the manager's
comment). Only a draft is edited; the department is fixed when the claim is submitted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from backoffice.storage import private_storage
from finance.models.chart import Account
from finance.models.payments import Payment

__all__ = ["ExpenseClaim", "ExpenseClaimLine", "ExpenseClaimQuerySet"]


class ExpenseClaimQuerySet(models.QuerySet):
    def awaiting_decision(self) -> ExpenseClaimQuerySet:
        return self.filter(status=ExpenseClaim.Status.SUBMITTED)

    def to_reimburse(self) -> ExpenseClaimQuerySet:
        return self.filter(status=ExpenseClaim.Status.APPROVED)


class ExpenseClaim(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        REIMBURSED = "reimbursed", _("Reimbursed")

    employee = models.ForeignKey(
        "hr.Employee",
        verbose_name=_("employee"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        "hr.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("purpose"), max_length=200)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    total = models.DecimalField(_("total"), max_digits=14, decimal_places=2, default=0)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approver"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_comment = models.CharField(_("comment"), max_length=500, blank=True)
    payment = models.OneToOneField(
        Payment,
        verbose_name=_("reimbursement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="expense_claim",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = ExpenseClaimQuerySet.as_manager()

    class Meta:
        verbose_name = _("expense claim")
        verbose_name_plural = _("expense claims")
        ordering = ["-created_at", "-id"]
        permissions = [
            ("decide_expenseclaim", "Can approve or reject the expense claims of reports"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="reimbursed") | Q(payment__isnull=False),
                name="finance_claim_reimbursed_has_payment",
            )
        ]
        indexes = [models.Index(fields=["status", "employee"], name="finance_claim_status")]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"EXP-{self.pk:06d}" if self.pk else "EXP-new"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


class ExpenseClaimLine(models.Model):
    claim = models.ForeignKey(ExpenseClaim, on_delete=models.CASCADE, related_name="lines")
    spent_on = models.DateField(_("date"))
    description = models.CharField(_("what for"), max_length=300)
    account = models.ForeignKey(
        Account,
        verbose_name=_("expense type"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    receipt = models.FileField(
        _("receipt"), storage=private_storage, upload_to="finance/receipts/", blank=True
    )
    receipt_name = models.CharField(_("file name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("claim line")
        verbose_name_plural = _("claim lines")
        ordering = ["claim", "spent_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="finance_claimline_positive"),
        ]

    def __str__(self) -> str:
        return self.description
