"""Budgets: an amount per department, account and month."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from finance.models.chart import Account

__all__ = ["Budget"]


class Budget(models.Model):
    department = models.ForeignKey(
        "hr.Department", verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="budgets"
    )
    #: The first day of the month.
    month = models.DateField(_("month"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["department", "account", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "account", "month"], name="finance_budget_key"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="finance_budget_not_negative"),
        ]
        permissions = [
            ("view_department_budget", "Can see own department's budget against actual"),
        ]

    def __str__(self) -> str:
        return f"{self.department_id}/{self.account_id} {self.month:%Y-%m}"
