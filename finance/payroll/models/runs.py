"""Payroll runs, payslips and their lines. A posted run, its payslips and lines are never
changed or deleted (the services refuse; on PostgreSQL triggers refuse too, migration 0002)."""

from __future__ import annotations

import re
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.formats import number_format
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from finance.payroll.models.components import PayComponent

__all__ = ["ComponentNames", "LineKind", "PayrollRun", "Payslip", "PayslipLine"]


class PayrollRun(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CALCULATED = "calculated", _("Calculated")
        REVIEWED = "reviewed", _("Reviewed")
        APPROVED = "approved", _("Approved")
        POSTED = "posted", _("Posted")

    class Group(models.TextChoices):
        EVERYBODY = "all", _("Everybody")
        DEPARTMENT = "department", _("A department")
        LOCATION = "location", _("A location")

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regular")
        CORRECTION = "correction", _("Off-cycle correction")

    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    group = models.CharField(
        _("who is paid"), max_length=12, choices=Group.choices, default=Group.EVERYBODY
    )
    department = models.ForeignKey(
        "hr.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    location = models.ForeignKey(
        "scheduling.Location",
        verbose_name=_("location"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.REGULAR)
    #: An off-cycle correction run names the posted run it corrects.
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
    )
    #: For a correction run: only these people (empty: the corrected run's people).
    employee_ids = models.JSONField(_("people"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    job = models.ForeignKey(
        "backoffice.Job",
        verbose_name=_("calculation job"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    calculated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("calculated by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    calculated_at = models.DateTimeField(_("calculated"), null=True, blank=True)
    #: The people the calculation covers and when it started (fixed when a calculation starts;
    #: a calculation resumed after its worker was killed keeps both and does what is missing).
    target_ids = models.JSONField(default=list, blank=True)
    calculation_started_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    posted_at = models.DateTimeField(_("posted"), null=True, blank=True)
    posting_date = models.DateField(_("posting date"), null=True, blank=True)
    journal_entry = models.ForeignKey(
        "finance.JournalEntry",
        verbose_name=_("journal entry"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    ready_notified_at = models.DateTimeField(null=True, blank=True)
    headcount = models.PositiveIntegerField(_("people paid"), default=0)
    gross = models.DecimalField(_("gross pay"), max_digits=14, decimal_places=2, default=0)
    employee_contributions = models.DecimalField(
        _("employee contributions"), max_digits=14, decimal_places=2, default=0
    )
    employer_contributions = models.DecimalField(
        _("employer contributions"), max_digits=14, decimal_places=2, default=0
    )
    tax = models.DecimalField(_("income tax"), max_digits=14, decimal_places=2, default=0)
    deductions = models.DecimalField(_("deductions"), max_digits=14, decimal_places=2, default=0)
    net = models.DecimalField(_("net pay"), max_digits=14, decimal_places=2, default=0)
    cost = models.DecimalField(_("employer cost"), max_digits=14, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("payroll run")
        verbose_name_plural = _("payroll runs")
        ordering = ["-period_start", "-pk"]
        permissions = [
            ("manage_payroll", _("Can calculate, approve and post payroll")),
            ("view_payroll", _("Can see payroll and everybody's pay")),
            ("view_department_cost", _("Can see the labour cost totals of own departments")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="payroll_run_dates",
                violation_error_message=_("The period ends before it starts."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(group="all", department__isnull=True, location__isnull=True)
                    | Q(group="department", department__isnull=False, location__isnull=True)
                    | Q(group="location", location__isnull=False, department__isnull=True)
                ),
                name="payroll_run_group",
                violation_error_message=_("Choose the department or location of the run."),
            ),
            models.UniqueConstraint(
                fields=["period_start", "period_end"],
                condition=Q(kind="regular", group="all"),
                name="payroll_one_regular_run_all",
                violation_error_message=_("There is already a run for this period and group."),
            ),
            models.UniqueConstraint(
                fields=["period_start", "period_end", "department"],
                condition=Q(kind="regular", group="department"),
                name="payroll_one_regular_run_department",
                violation_error_message=_("There is already a run for this period and group."),
            ),
            models.UniqueConstraint(
                fields=["period_start", "period_end", "location"],
                condition=Q(kind="regular", group="location"),
                name="payroll_one_regular_run_location",
                violation_error_message=_("There is already a run for this period and group."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_start:%Y-%m} {self.get_group_display()}"

    @property
    def is_posted(self) -> bool:
        return self.status == self.Status.POSTED


class Payslip(models.Model):
    run = models.ForeignKey(
        PayrollRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="payslips"
    )
    employee = models.ForeignKey(
        "hr.Employee", verbose_name=_("employee"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "hr.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    #: The approved timesheet the payslip read (None: no approved timesheet).
    timesheet_id = models.BigIntegerField(_("timesheet"), null=True, blank=True)
    born_before_1960 = models.BooleanField(default=False)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    days_worked = models.DecimalField(_("days worked"), max_digits=6, decimal_places=2, default=0)
    gross = models.DecimalField(_("gross pay"), max_digits=14, decimal_places=2)
    #: Gross pay for the days worked (without leave and sick pay): the base of the average
    #: daily pay of later months.
    worked_gross = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    insurable = models.DecimalField(_("insurable income"), max_digits=14, decimal_places=2)
    employee_contributions = models.DecimalField(
        _("employee contributions"), max_digits=14, decimal_places=2
    )
    employer_contributions = models.DecimalField(
        _("employer contributions"), max_digits=14, decimal_places=2
    )
    taxable = models.DecimalField(_("taxable income"), max_digits=14, decimal_places=2)
    tax = models.DecimalField(_("income tax"), max_digits=14, decimal_places=2)
    deductions = models.DecimalField(_("deductions"), max_digits=14, decimal_places=2)
    net = models.DecimalField(_("net pay"), max_digits=14, decimal_places=2)
    cost = models.DecimalField(_("employer cost"), max_digits=14, decimal_places=2)
    #: A digest of the inputs: recalculating with the same inputs changes nothing.
    inputs_digest = models.CharField(max_length=64, blank=True)
    calculated_at = models.DateTimeField(_("calculated"), auto_now=True)
    #: The run's period start and whether it is a regular run, copied when the payslip is
    #: written, so that the database refuses a second regular payslip for a person and period
    #: (payslips written before these columns existed have no period and are not covered).
    period_start = models.DateField(null=True, blank=True, editable=False)
    regular = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("payslip")
        verbose_name_plural = _("payslips")
        ordering = ["run", "employee"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "employee"],
                name="payroll_one_payslip_per_person",
                violation_error_message=_("This person already has a payslip in this run."),
            ),
            models.UniqueConstraint(
                fields=["employee", "period_start"],
                condition=Q(regular=True),
                name="payroll_one_regular_payslip_per_period",
                violation_error_message=_(
                    "This person is already paid for this period by another regular run."
                ),
            ),
        ]
        indexes = [models.Index(fields=["employee", "run"])]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.employee_id}"

    def save(self, *args, **kwargs):
        if self.period_start is None and self.run_id is not None:
            self.period_start = self.run.period_start
            self.regular = self.run.kind == PayrollRun.Kind.REGULAR
        super().save(*args, **kwargs)


class LineKind(models.TextChoices):
    EARNING = "earning", _("Earning")
    EMPLOYEE_CONTRIBUTION = "employee_contribution", _("Employee contribution")
    EMPLOYER_CONTRIBUTION = "employer_contribution", _("Employer contribution")
    TAX = "tax", _("Income tax")
    DEDUCTION = "deduction", _("Deduction")
    IN_KIND = "in_kind", _("Benefit in kind")
    INFO = "info", _("Information")


class PayslipLine(models.Model):
    """One line: what it is, its amount, and how it was computed, as a sentence (kept as an
    untranslated message and its parameters, so it reads in the reader's language), the rule
    rows it used and the timesheet it read."""

    payslip = models.ForeignKey(
        Payslip, verbose_name=_("payslip"), on_delete=models.CASCADE, related_name="lines"
    )
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=24, choices=LineKind.choices)
    code = models.CharField(_("code"), max_length=40)
    #: A message id (gettext_noop) or a component's name.
    label = models.CharField(_("line"), max_length=200)
    label_params = models.JSONField(default=dict, blank=True)
    quantity = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    rate = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    factor = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    explanation = models.TextField(_("how it was computed"))
    explanation_params = models.JSONField(default=dict, blank=True)
    #: [{"table": "contributionrate"|"payrollrule"|"minimuminsurableincome"|"component", "id": n}]
    rules = models.JSONField(_("rule rows used"), default=list, blank=True)
    timesheet_id = models.BigIntegerField(_("timesheet"), null=True, blank=True)
    fund = models.CharField(_("fund"), max_length=20, blank=True)
    taxable = models.BooleanField(default=False)
    insurable = models.BooleanField(default=False)
    corrects_start = models.DateField(_("corrects period from"), null=True, blank=True)
    corrects_end = models.DateField(_("corrects period to"), null=True, blank=True)
    #: The ledger account of a deduction or an in-kind line ("" for the defaults).
    account = models.CharField(max_length=20, blank=True)

    class Meta:
        verbose_name = _("payslip line")
        verbose_name_plural = _("payslip lines")
        ordering = ["payslip", "position"]

    #: The component names the lines of one page share (``ComponentNames``); set by the
    #: selectors that read lines, so a page reads the names once.
    component_names: ComponentNames | None = None

    def __str__(self) -> str:
        return f"{self.code} {self.amount}"

    @property
    def label_text(self) -> str:
        """The label in the active language."""
        names = self._names()
        return _format(names.translate(self.label), self.label_params, names)

    @property
    def explanation_text(self) -> str:
        """The explanation sentence in the active language, its numbers written the language's
        way (the stored parameters stay as the engine wrote them)."""
        return _format(gettext(self.explanation), self.explanation_params, self._names())

    def _names(self) -> ComponentNames:
        if self.component_names is None:
            self.component_names = ComponentNames()
        return self.component_names


class ComponentNames:
    """The pay components' Bulgarian names by their English names, read (once) only when a
    line is shown in Bulgarian: a company component's line keeps the name it had in English,
    which is data, not a message the translation catalogue knows."""

    def __init__(self) -> None:
        self._bg: dict[str, str] | None = None

    def translate(self, text: str) -> str:
        translated = gettext(text)
        if translated != text or not (get_language() or "").startswith("bg"):
            return translated
        if self._bg is None:
            self._bg = dict(PayComponent.objects.exclude(name_bg="").values_list("name", "name_bg"))
        return self._bg.get(text, text)


#: Parameters that are themselves untranslated messages (a fund's name, a line's label, where
#: an average came from), with their own parameters under "<key>_params".
NESTED = ("fund", "line", "source")

#: A number as ``engine.fmt`` writes it: "5,150.00", "-12.5", "9.2308", "2".
NUMBER = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d{1,3}|\d+(?=\.))(?:\.(\d+))?")


def localized_number(text: str) -> str:
    """A stored number written the active language's way, with as many decimals: "5,150.00"
    reads "5 150,00" in Bulgarian. Anything else (a date, a name) is returned as it is."""
    match = NUMBER.fullmatch(text)
    if match is None:
        return text
    places = len(match.group(1) or "")
    return number_format(
        Decimal(text.replace(",", "")), decimal_pos=places, use_l10n=True, force_grouping=True
    )


def _format(message: str, params: dict, names: ComponentNames | None = None) -> str:
    if not params:
        return message
    names = names or ComponentNames()
    values = {
        key: localized_number(value) if isinstance(value, str) else value
        for key, value in params.items()
    }
    if isinstance(params.get("name"), str):
        values["name"] = names.translate(params["name"])
    for key in NESTED:
        if isinstance(params.get(key), str):
            values[key] = _format(
                names.translate(params[key]), params.get(f"{key}_params") or {}, names
            )
    try:
        return message % values
    except (KeyError, TypeError, ValueError):
        return message
