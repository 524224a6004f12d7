"""Pay components as data, each person's payroll profile, recurring assignments and one-off
entries. A component is a fixed amount, a percentage of a named base or hours x rate x factor;
nothing a user types is ever executed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

__all__ = [
    "ComponentAssignment",
    "Method",
    "OneOffEntry",
    "PayComponent",
    "PayProfile",
    "PayrollSettings",
    "Side",
]


class Side(models.TextChoices):
    EARNING = "earning", _("Earning")
    DEDUCTION = "deduction", _("Deduction from net pay")
    IN_KIND = "in_kind", _("Benefit in kind (not paid to the bank)")


class Method(models.TextChoices):
    STANDARD = "standard", _("Standard (computed by payroll)")
    FIXED = "fixed", _("Fixed amount")
    PERCENT = "percent", _("Percentage of a base")
    HOURS = "hours", _("Hours x rate x factor")


class PayComponent(models.Model):
    """A kind of pay line. Standard components (base pay, overtime, night work, leave, ...) have
    ``method`` "standard" and are computed by the engine; the company's own are data."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_bg = models.CharField(_("name in Bulgarian"), max_length=120, blank=True)
    side = models.CharField(_("side"), max_length=12, choices=Side.choices, default=Side.EARNING)
    method = models.CharField(_("method"), max_length=12, choices=Method.choices)
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    percent = models.DecimalField(
        _("percentage"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    #: For "percent": a named base (``finance.payroll.domain.engine.BASES``) or another
    #: component's code.
    base = models.CharField(_("base"), max_length=40, blank=True)
    #: For "hours": a fixed rate, or empty for the person's hourly rate.
    rate = models.DecimalField(_("rate"), max_digits=12, decimal_places=4, null=True, blank=True)
    factor = models.DecimalField(
        _("factor"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    #: For "hours": a timesheet figure to take the hours from ("night", ...), or empty for the
    #: hours entered on the assignment or one-off entry.
    hours_figure = models.CharField(_("hours from the timesheet"), max_length=30, blank=True)
    taxable = models.BooleanField(_("taxable"), default=True)
    insurable = models.BooleanField(_("insurable"), default=True)
    recurring = models.BooleanField(
        _("recurring"), default=False, help_text=_("Paid every period to the people assigned.")
    )
    #: The ledger account of a deduction (what it is owed to) or of an earning's expense.
    account = models.CharField(_("ledger account"), max_length=20, blank=True)
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pay component")
        verbose_name_plural = _("pay components")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(amount__isnull=True) | Q(amount__gte=0))
                & (Q(percent__isnull=True) | Q(percent__gte=0))
                & (Q(rate__isnull=True) | Q(rate__gte=0))
                & (Q(factor__isnull=True) | Q(factor__gte=0)),
                name="payroll_component_not_negative",
                violation_error_message=_("A rate cannot be negative."),
            ),
            models.CheckConstraint(
                condition=~Q(method="percent") | ~Q(base=""),
                name="payroll_component_percent_has_base",
                violation_error_message=_("A percentage needs a base."),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the reader's language."""
        if (get_language() or "").startswith("bg") and self.name_bg:
            return self.name_bg
        return self.name


class PayProfile(models.Model):
    """What payroll keeps about a person beyond HR's record: the activity and occupation group
    of the minimum insurable income table, and the years of service recorded before hiring."""

    employee = models.OneToOneField(
        "hr.Employee",
        verbose_name=_("employee"),
        on_delete=models.PROTECT,
        related_name="pay_profile",
    )
    activity = models.CharField(_("economic activity"), max_length=20, blank=True)
    occupation = models.CharField(_("occupation group"), max_length=20, blank=True)
    prior_service_months = models.PositiveIntegerField(
        _("service before hiring (months)"), default=0
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("payroll profile")
        verbose_name_plural = _("payroll profiles")

    def __str__(self) -> str:
        return str(self.employee_id)


class ComponentAssignment(models.Model):
    """A recurring component paid to (or deducted from) one person for a span of dates, with
    this person's amount, percentage or hours where they differ from the component's."""

    employee = models.ForeignKey(
        "hr.Employee", verbose_name=_("employee"), on_delete=models.PROTECT, related_name="+"
    )
    component = models.ForeignKey(
        PayComponent,
        verbose_name=_("component"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    percent = models.DecimalField(
        _("percentage"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    hours = models.DecimalField(_("hours"), max_digits=12, decimal_places=2, null=True, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("recurring component")
        verbose_name_plural = _("recurring components")
        ordering = ["employee", "component", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="payroll_assignment_dates",
                violation_error_message=_("The row ends before it starts."),
            ),
            models.CheckConstraint(
                condition=(Q(amount__isnull=True) | Q(amount__gte=0))
                & (Q(percent__isnull=True) | Q(percent__gte=0))
                & (Q(hours__isnull=True) | Q(hours__gte=0)),
                name="payroll_assignment_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.component_id} {self.valid_from}"


class OneOffEntry(models.Model):
    """A one-off amount or hours for one person in one pay period (a bonus, an advance, a
    correction), typed or imported by payroll staff."""

    employee = models.ForeignKey(
        "hr.Employee", verbose_name=_("employee"), on_delete=models.PROTECT, related_name="+"
    )
    component = models.ForeignKey(
        PayComponent, verbose_name=_("component"), on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    hours = models.DecimalField(_("hours"), max_digits=12, decimal_places=2, null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    #: The earlier period this entry corrects, if any (shown on the payslip line).
    corrects_start = models.DateField(_("corrects period from"), null=True, blank=True)
    corrects_end = models.DateField(_("corrects period to"), null=True, blank=True)
    import_key = models.CharField(max_length=64, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("entered"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("one-off entry")
        verbose_name_plural = _("one-off entries")
        ordering = ["period_start", "employee", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="payroll_oneoff_dates",
                violation_error_message=_("The period ends before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=False) | Q(hours__isnull=False),
                name="payroll_oneoff_has_value",
                violation_error_message=_("Enter an amount or hours."),
            ),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gte=0),
                name="payroll_oneoff_hours_not_negative",
                violation_error_message=_("Hours cannot be negative."),
            ),
        ]
        indexes = [models.Index(fields=["period_start", "period_end"])]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.component_id} {self.period_start}"


class PayrollSettings(models.Model):
    """The organisation's payroll settings (one row): the country of the rules, whether a
    second person approves runs, the review day and threshold, and the ledger accounts."""

    country = models.CharField(_("country of the rules"), max_length=2, default="BG")
    second_approval = models.BooleanField(
        _("a second person approves"),
        default=True,
        help_text=_("The person who calculated a run cannot approve it."),
    )
    review_day = models.PositiveSmallIntegerField(
        _("day of the month the draft is ready for review"), default=25
    )
    change_threshold_percent = models.DecimalField(
        _("highlight changes against last month above (%)"),
        max_digits=6,
        decimal_places=2,
        default=10,
    )
    wages_account = models.CharField(_("wages expense account"), max_length=20, default="604")
    contributions_account = models.CharField(
        _("employer contributions expense account"), max_length=20, default="605"
    )
    net_pay_account = models.CharField(_("net pay payable account"), max_length=20, default="421")
    tax_account = models.CharField(_("income tax payable account"), max_length=20, default="454")
    deductions_account = models.CharField(
        _("deductions payable account"), max_length=20, default="425"
    )
    bank_iban = models.CharField(
        _("salary account IBAN"),
        max_length=34,
        blank=True,
        help_text=_("The account net pay is paid from (the bank file's debtor)."),
    )
    bank_bic = models.CharField(_("salary account BIC"), max_length=11, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("payroll settings")
        verbose_name_plural = _("payroll settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(review_day__gte=1) & Q(review_day__lte=28),
                name="payroll_settings_review_day",
                violation_error_message=_("Choose a day from 1 to 28."),
            ),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
