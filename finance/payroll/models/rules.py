"""Payroll rules as effective-dated data, by country: contribution rates per fund, scalar
parameters (maximum insurable income, tax rate, minimum wage, premiums, ...) and the minimum
insurable income table. A change in the middle of a year is a new row with its own dates and
source, never a code change. Rows of one key never overlap (a service check everywhere, and an
exclusion constraint on PostgreSQL, migration 0002)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

__all__ = [
    "ContributionRate",
    "Fund",
    "MinimumInsurableIncome",
    "PayrollRule",
    "RuleKind",
    "Variant",
]


class Fund(models.TextChoices):
    PENSION = "pension", _("Pension")
    SICKNESS = "sickness", _("Sickness and maternity")
    UNEMPLOYMENT = "unemployment", _("Unemployment")
    UPF = "upf", _("Supplementary pension fund (UPF)")
    HEALTH = "health", _("Health insurance")
    WORK_ACCIDENT = "work_accident", _("Work accident and occupational disease")
    GUARANTEED = "guaranteed", _("Guaranteed receivables fund")


class Variant(models.TextChoices):
    STANDARD = "standard", _("Born after 1959")
    BEFORE_1960 = "before_1960", _("Born before 1960")


class RuleKind(models.TextChoices):
    MAX_INSURABLE = "max_insurable_income", _("Maximum insurable income (a month)")
    INCOME_TAX = "income_tax_rate", _("Income tax rate (%)")
    MINIMUM_WAGE = "minimum_wage", _("Minimum wage (a month)")
    NIGHT_AMOUNT = "night_amount", _("Night work: amount per night hour")
    OVERTIME_WORKDAY = "overtime_workday", _("Overtime premium on working days (%)")
    OVERTIME_REST_DAY = "overtime_rest_day", _("Overtime premium on rest days (%)")
    OVERTIME_HOLIDAY = "overtime_holiday", _("Overtime premium on public holidays (%)")
    OVERTIME_SUMMARISED = "overtime_summarised", _("Overtime premium, summarised accounting (%)")
    HOLIDAY_WORK = "holiday_work", _("Work on a public holiday: factor")
    SERVICE_PERCENT = "service_percent", _("Years of service: percent of basic salary a year")
    SICK_EMPLOYER_PERCENT = "sick_employer_percent", _("Sick days paid by the employer (%)")
    SICK_EMPLOYER_DAYS = "sick_employer_days", _("Sick days paid by the employer (days)")
    LEAVE_MIN_DAYS = "leave_min_days", _("Average daily pay: least days worked in the month")


#: Rules whose value is an amount of money (shown with cents); the others are percentages,
#: factors and days.
MONEY_KINDS = frozenset({RuleKind.MAX_INSURABLE, RuleKind.MINIMUM_WAGE, RuleKind.NIGHT_AMOUNT})


def rule_number(value: Decimal | int | str, *, money: bool = False) -> str:
    """A rule's value in the reader's language, without the stored trailing zeros: money with
    cents ("2 300,00"), a fraction with at least two decimals ("0,60"), a whole number bare
    ("50")."""
    value = Decimal(value)
    if money:
        places = 2
    else:
        exponent = value.normalize().as_tuple().exponent
        places = max(2, -exponent) if isinstance(exponent, int) and exponent < 0 else 0
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


class DatedRow(models.Model):
    """Valid from ``valid_from`` to ``valid_to`` inclusive (empty: until further notice)."""

    country = models.CharField(_("country"), max_length=2, default="BG")
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source = models.TextField(
        _("source"), help_text=_("The law, decree or notice this row comes from.")
    )

    class Meta:
        abstract = True

    def in_force(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class ContributionRate(DatedRow):
    """One fund's employee and employer rates in percent, for one variant."""

    fund = models.CharField(_("fund"), max_length=20, choices=Fund.choices)
    variant = models.CharField(
        _("variant"), max_length=20, choices=Variant.choices, default=Variant.STANDARD
    )
    employee_rate = models.DecimalField(_("employee rate (%)"), max_digits=12, decimal_places=4)
    employer_rate = models.DecimalField(_("employer rate (%)"), max_digits=12, decimal_places=4)
    #: Capped at the maximum insurable income (every fund in Bulgaria).
    capped = models.BooleanField(_("capped at the maximum insurable income"), default=True)
    liability_account = models.CharField(
        _("liability account"),
        max_length=20,
        help_text=_("The ledger account the contribution is owed on (e.g. 461)."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contribution rate")
        verbose_name_plural = _("contribution rates")
        ordering = ["country", "variant", "fund", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(employee_rate__gte=0) & Q(employer_rate__gte=0),
                name="payroll_contribution_not_negative",
                violation_error_message=_("A rate cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="payroll_contribution_dates",
                violation_error_message=_("The row ends before it starts."),
            ),
        ]
        indexes = [models.Index(fields=["country", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.get_fund_display()} ({self.get_variant_display()}) {self.valid_from}"


class PayrollRule(DatedRow):
    """One scalar parameter (an amount, a percentage or a factor) in force for a span of dates."""

    kind = models.CharField(_("rule"), max_length=30, choices=RuleKind.choices)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("payroll rule")
        verbose_name_plural = _("payroll rules")
        ordering = ["country", "kind", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="payroll_rule_not_negative",
                violation_error_message=_("A rate cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="payroll_rule_dates",
                violation_error_message=_("The row ends before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.value_text} {date_format(self.valid_from, 'SHORT_DATE_FORMAT')}"

    @property
    def value_text(self) -> str:
        return rule_number(self.value, money=self.kind in MONEY_KINDS)


class MinimumInsurableIncome(DatedRow):
    """The floor of the insurable income for an economic activity and an occupation group
    (published each year); ``activity`` and ``occupation`` "" is the default row."""

    activity = models.CharField(_("economic activity"), max_length=20, blank=True)
    occupation = models.CharField(_("occupation group"), max_length=20, blank=True)
    amount = models.DecimalField(_("minimum insurable income"), max_digits=14, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minimum insurable income")
        verbose_name_plural = _("minimum insurable income")
        ordering = ["country", "activity", "occupation", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="payroll_minimum_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="payroll_minimum_dates",
                violation_error_message=_("The row ends before it starts."),
            ),
        ]

    def __str__(self) -> str:
        amount = rule_number(self.amount, money=True)
        return f"{self.activity or '*'}/{self.occupation or '*'} {amount} {date_format(self.valid_from, 'SHORT_DATE_FORMAT')}"
