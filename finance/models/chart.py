"""The chart of accounts."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from finance.domain import charts

__all__ = ["Account", "AccountQuerySet"]


class AccountQuerySet(models.QuerySet):
    def postable(self) -> AccountQuerySet:
        """Accounts a line may be posted to: active and not a group."""
        return self.filter(is_active=True, is_group=False)

    def budgetable(self) -> AccountQuerySet:
        """Income and expense accounts that take postings: what a budget plans."""
        return self.postable().filter(type__in=sorted(charts.RESULT_TYPES))

    def of_types(self, *types: str) -> AccountQuerySet:
        return self.filter(type__in=types)


class Account(models.Model):
    class Type(models.TextChoices):
        ASSET = charts.ASSET, _("Asset")
        LIABILITY = charts.LIABILITY, _("Liability")
        EQUITY = charts.EQUITY, _("Equity")
        INCOME = charts.INCOME, _("Income")
        EXPENSE = charts.EXPENSE, _("Expense")

    number = models.CharField(_("number"), max_length=20, unique=True)
    name = models.CharField(_("name (English)"), max_length=200)
    name_bg = models.CharField(_("name (Bulgarian)"), max_length=200, blank=True)
    type = models.CharField(_("type"), max_length=10, choices=Type.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        limit_choices_to={"is_group": True},
    )
    is_group = models.BooleanField(
        _("group account"), default=False, help_text=_("A group sums its accounts; no posting.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    needs_partner = models.BooleanField(_("needs a partner"), default=False)
    needs_department = models.BooleanField(_("needs a department"), default=False)
    is_retained_earnings = models.BooleanField(
        _("retained earnings"),
        default=False,
        help_text=_("Where the year-end closing moves the year's result (one account)."),
    )
    is_cash = models.BooleanField(
        _("cash or bank"), default=False, help_text=_("Shown on the finance dashboard.")
    )

    history = HistoricalRecords()
    objects = AccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_retained_earnings"],
                condition=Q(is_retained_earnings=True),
                name="finance_one_retained_earnings_account",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.label}"

    @property
    def label(self) -> str:
        """The name in the reader's language (Bulgarian when there is one)."""
        if (get_language() or "").startswith("bg") and self.name_bg:
            return self.name_bg
        return self.name

    @property
    def debit_normal(self) -> bool:
        return self.type in charts.DEBIT_NORMAL

    @property
    def depth(self) -> int:
        return len(self.number)
