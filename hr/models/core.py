"""People: the organisation's structure, employees, their contracts and documents, leave."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from backoffice.storage import private_storage
from backoffice.translit import to_latin
from hr.validators import egn_birth_date, egn_birth_errors, validate_egn, validate_iban

__all__ = [
    "CalendarDay",
    "Department",
    "Employee",
    "EmployeeDocument",
    "EmployeeQuerySet",
    "EndReason",
    "EmploymentContract",
    "EmploymentContractQuerySet",
    "LeaveEntitlement",
    "LeaveRequest",
    "LeaveRequestQuerySet",
    "LeaveType",
    "Position",
    "current_q",
    "employed_between_q",
    "fold",
]


EGN_TAKEN = _("Another employee already has this EGN.")


def fold(*parts: str | None) -> str:
    """Case-folded text for search: SQLite folds only ASCII, so Cyrillic is folded here (TRAPS.md)."""
    return " ".join(p for p in parts if p).casefold()


def fold_both_scripts(*parts: str | None) -> str:
    """``fold`` followed by the Latin form of what is in Cyrillic (the official transliteration),
    so "Stefan" finds "Стефан"."""
    text = fold(*parts)
    latin = fold(to_latin(text))
    return text if latin == text else f"{text} {latin}"


class Department(models.Model):
    name = models.CharField(_("name"), max_length=150)
    code = models.CharField(_("code"), max_length=20, unique=True)
    cost_centre = models.CharField(_("cost centre"), max_length=30, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    manager = models.ForeignKey(
        "hr.Employee",
        verbose_name=_("manager"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_departments",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Position(models.Model):
    title = models.CharField(_("title"), max_length=150)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="positions",
    )

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["title", "department"],
                name="position_unique_per_department",
                violation_error_message=_(
                    "This department already has a position with this title."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.title


class EndReason(models.TextChoices):
    RESIGNATION = "resignation", _("Resignation")
    MUTUAL = "mutual", _("Mutual agreement")
    DISMISSAL = "dismissal", _("Dismissal")
    CONTRACT_END = "contract_end", _("End of a fixed-term contract")
    RETIREMENT = "retirement", _("Retirement")
    OTHER = "other", _("Other")


def employed_between_q(start: date, end: date | None, *, prefix: str = "") -> Q:
    """Employed on at least one day of [start, end]: hired by ``end`` and not gone before
    ``start``. ``end`` None: any day from ``start`` on (people hired for later count).
    ``prefix`` reaches the person through a relation (``"members__"``), for aggregates."""
    condition = Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": start})
    if end is not None:
        condition &= Q(**{f"{prefix}hire_date__lte": end})
    return condition


def current_q(*, on: date | None = None, prefix: str = "") -> Q:
    """Not gone: employed from ``on`` (today) on, people hired for later included. The status
    ``left`` is set once the last day has passed (HR's edit, the nightly sweep); it also keeps
    out a person whose last day was moved later after they had been marked as gone."""
    return ~Q(**{f"{prefix}status": Employee.Status.LEFT}) & employed_between_q(
        on or timezone.localdate(), None, prefix=prefix
    )


class EmployeeQuerySet(models.QuerySet):
    def employed_between(self, start: date, end: date | None) -> EmployeeQuerySet:
        return self.filter(employed_between_q(start, end))

    def current(self, *, on: date | None = None) -> EmployeeQuerySet:
        return self.filter(current_q(on=on))

    def search(self, text: str) -> EmployeeQuerySet:
        """Every word must match; NUL, which PostgreSQL text refuses, separates words like a space."""
        query = self
        for word in fold(text.replace("\x00", " ")).split():
            latin = fold(to_latin(word))
            either = Q(search_text__contains=word) | Q(search_text__contains=latin)
            query = query.filter(either if latin != word else Q(search_text__contains=word))
        return query


class Employee(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ON_LEAVE = "on_leave", _("On leave")
        LEFT = "left", _("Left")

    class EmploymentType(models.TextChoices):
        FULL_TIME = "full_time", _("Full-time")
        PART_TIME = "part_time", _("Part-time")
        HOURLY = "hourly", _("Hourly")
        TEMPORARY = "temporary", _("Temporary")

    employee_number = models.CharField(_("employee number"), max_length=20, unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employee",
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    photo = models.FileField(
        _("photo"), storage=private_storage, upload_to="hr/photos/", blank=True
    )
    search_text = models.CharField(max_length=400, editable=False, db_index=True, default="")
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    national_id = models.CharField(
        _("national ID (EGN)"), max_length=20, blank=True, validators=[validate_egn]
    )
    first_job = models.BooleanField(
        _("first job"),
        default=False,
        help_text=_(
            "No earlier service: paid annual leave can be used after the first months of "
            "service (4 months in Bulgaria)."
        ),
    )
    reduced_capacity_percent = models.PositiveSmallIntegerField(
        _("reduced capacity to work (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "From the medical expert decision; 50 per cent or more gives 26 days of leave."
        ),
    )
    reduced_capacity_from = models.DateField(_("decision valid from"), null=True, blank=True)
    reduced_capacity_until = models.DateField(_("decision valid until"), null=True, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True, validators=[validate_iban])
    personal_email = models.EmailField(_("personal e-mail"), blank=True)
    personal_phone = models.CharField(_("personal phone"), max_length=30, blank=True)
    address = models.TextField(_("home address"), blank=True)
    emergency_contact_name = models.CharField(_("emergency contact"), max_length=150, blank=True)
    emergency_contact_phone = models.CharField(_("emergency phone"), max_length=30, blank=True)
    work_email = models.EmailField(_("work e-mail"), blank=True)
    work_phone = models.CharField(_("work phone"), max_length=30, blank=True)
    hire_date = models.DateField(_("hire date"))
    end_date = models.DateField(_("last working day"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason for leaving"), max_length=20, choices=EndReason.choices, blank=True
    )
    notice_given_on = models.DateField(_("notice given on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    employment_type = models.CharField(
        _("employment type"),
        max_length=16,
        choices=EmploymentType.choices,
        default=EmploymentType.FULL_TIME,
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="members"
    )
    position = models.ForeignKey(
        Position,
        verbose_name=_("position"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="holders",
    )
    manager = models.ForeignKey(
        "self",
        verbose_name=_("manager"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EmployeeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["last_name", "first_name", "id"]
        permissions = [
            ("view_team", _("Can see their team's records (managers)")),
            ("view_pay", _("Can see pay in contracts")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("hire_date")),
                name="employee_end_after_hire",
                violation_error_message=_("The last working day is before the hire date."),
            ),
            models.UniqueConstraint(
                fields=["work_email"],
                condition=~Q(work_email=""),
                name="employee_work_email_unique",
                violation_error_message=_("Another employee already has this work e-mail."),
            ),
            models.UniqueConstraint(
                fields=["national_id"],
                condition=~Q(national_id=""),
                name="employee_national_id_unique",
                violation_error_message=_("Another employee already has this EGN."),
            ),
        ]
        indexes = [models.Index(fields=["department", "status"]), models.Index(fields=["manager"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def initials(self) -> str:
        return f"{self.first_name[:1]}{self.last_name[:1]}".upper()

    def refresh_search_text(self) -> None:
        self.search_text = fold_both_scripts(
            self.first_name, self.last_name, self.employee_number, self.work_email
        )[:400]

    @property
    def birth_date(self) -> date | None:
        """The stored date of birth, else the one the EGN encodes."""
        return self.date_of_birth or egn_birth_date(self.national_id)

    def clean(self) -> None:
        """The EGN and the date of birth must agree; an empty date of birth is taken from the
        EGN; neither may lie in the future."""
        super().clean()
        errors = egn_birth_errors(
            egn=self.national_id, birth=self.date_of_birth, today=timezone.localdate()
        )
        if (
            self.national_id
            and "national_id" not in errors
            and Employee.objects.filter(national_id=self.national_id).exclude(pk=self.pk).exists()
        ):
            errors["national_id"] = [ValidationError(EGN_TAKEN, code="egn_taken")]
        if errors:
            raise ValidationError(errors)
        if self.national_id and self.date_of_birth is None:
            self.date_of_birth = egn_birth_date(self.national_id)


class EmploymentContractQuerySet(models.QuerySet):
    def in_force_between(self, start: date, end: date) -> EmploymentContractQuerySet:
        """In force on at least one day of [start, end] (an open end runs for ever)."""
        return self.filter(start__lte=end).filter(Q(end__isnull=True) | Q(end__gte=start))

    def in_force(self, *, on: date) -> EmploymentContractQuerySet:
        return self.in_force_between(on, on)


class EmploymentContract(models.Model):
    class SalaryBasis(models.TextChoices):
        MONTHLY = "monthly", _("Monthly salary")
        HOURLY = "hourly", _("Hourly rate")

    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.PROTECT, related_name="contracts"
    )
    start = models.DateField(_("start"))
    end = models.DateField(
        _("end"), null=True, blank=True, help_text=_("Leave empty for an open-ended contract.")
    )
    salary_basis = models.CharField(
        _("salary basis"), max_length=10, choices=SalaryBasis.choices, default=SalaryBasis.MONTHLY
    )
    amount = models.DecimalField(
        _("monthly salary"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    hourly_rate = models.DecimalField(
        _("hourly rate"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    weekly_hours = models.DecimalField(
        _("weekly hours"), max_digits=5, decimal_places=2, default=40
    )
    probation_end = models.DateField(_("probation ends"), null=True, blank=True)
    notice_period_days = models.PositiveSmallIntegerField(_("notice period (days)"), default=30)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EmploymentContractQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("employment contract")
        verbose_name_plural = _("employment contracts")
        ordering = ["employee", "-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="contract_start_before_end",
                violation_error_message=_("The end is before the start."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(salary_basis="monthly", amount__isnull=False)
                    | Q(salary_basis="hourly", hourly_rate__isnull=False)
                ),
                name="contract_has_pay_for_its_basis",
                violation_error_message=_("Enter the pay for the chosen salary basis."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.start:%Y-%m-%d}"


class EmployeeDocument(models.Model):
    class Kind(models.TextChoices):
        CONTRACT = "contract", _("Contract scan")
        IDENTITY = "identity", _("Identity document")
        CERTIFICATE = "certificate", _("Certificate")
        MEDICAL = "medical", _("Medical note")
        OTHER = "other", _("Other")

    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), storage=private_storage, upload_to="hr/documents/")
    content_type = models.CharField(max_length=100, editable=False)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    remind_days_before = models.PositiveSmallIntegerField(_("remind days before"), default=30)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("employee document")
        verbose_name_plural = _("employee documents")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.title


class CalendarDay(models.Model):
    """A day the calendar treats differently from its weekday.

    Bulgaria (Labour Code art. 154): an official holiday (art. 154(1)) is paid double when worked
    (art. 264); a holiday falling on a Saturday or Sunday gives a substitute rest day on the next
    working day (art. 154(2)), and the Council of Ministers may declare one-off non-working days
    (2 January 2026), often worked off on a Saturday. The last two are rest days, not official
    holidays: work on them is rest-day work, never holiday work.
    """

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Official holiday")
        SUBSTITUTE = "substitute", _("Substitute rest day")
        NON_WORKING = "non_working", _("Non-working day by government decision")
        WORKING = "working", _("Working day")

    #: Kinds on which nobody's calendar schedule works.
    REST_KINDS = frozenset({"holiday", "substitute", "non_working"})

    day = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.HOLIDAY)
    name = models.CharField(_("name"), max_length=200)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("holiday calendar")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.name}"


class LeaveType(models.Model):
    """A kind of absence. For paid annual leave the country preset (``hr.domain.leave``) fills
    how the right is counted, with the legal source of each value in ``legal_source``."""

    class Kind(models.TextChoices):
        ANNUAL = "annual", _("Paid annual leave")
        SICK = "sick", _("Sick leave")
        UNPAID = "unpaid", _("Unpaid leave")
        OTHER = "other", _("Other leave")

    class Accrual(models.TextChoices):
        YEARLY = "yearly", _("The whole year's right from the start of the year")
        MONTHLY = "monthly", _("Earned month by month")

    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("code"), max_length=20, unique=True)
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=Kind.choices,
        default=Kind.OTHER,
        help_text=_("What payroll pays it as."),
    )
    accrual = models.CharField(
        _("how the right is counted"),
        max_length=10,
        choices=Accrual.choices,
        default=Accrual.MONTHLY,
    )
    increased_annual_days = models.DecimalField(
        _("days a year for minors and reduced capacity"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_(
            "For people under 18 (and the year they turn 18) and people with a reduced capacity "
            "to work of 50 per cent or more."
        ),
    )
    qualifying_months = models.PositiveSmallIntegerField(
        _("months of service before a first job's leave"), default=0
    )
    expires_after_years = models.PositiveSmallIntegerField(
        _("unused days expire after (years from the end of their year)"), null=True, blank=True
    )
    part_time_full_share = models.DecimalField(
        _("share of the daily norm that gives the full right"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Part-timers from this share of the full-time day have the full right."),
    )
    legal_source = models.TextField(_("legal source"), blank=True)
    paid = models.BooleanField(_("paid"), default=True)
    counts_against_allowance = models.BooleanField(_("counts against the allowance"), default=True)
    annual_days = models.DecimalField(
        _("days a year (full-time)"), max_digits=5, decimal_places=1, default=20
    )
    may_exceed_balance = models.BooleanField(_("may go beyond the balance"), default=False)
    document_required_after_days = models.PositiveSmallIntegerField(
        _("document required after (days)"),
        null=True,
        blank=True,
        help_text=_("Requests longer than this are flagged until a supporting document arrives."),
    )
    carry_over_max_days = models.DecimalField(
        _("most days carried over"), max_digits=5, decimal_places=1, default=0
    )
    carry_over_months = models.PositiveSmallIntegerField(
        _("carried-over days expire after (months)"), default=6
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("leave type")
        verbose_name_plural = _("leave types")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def by_year_of_origin(self) -> bool:
        """The whole year's right at once, tracked per year of origin (Bulgaria)."""
        return self.accrual == self.Accrual.YEARLY


class LeaveEntitlement(models.Model):
    """One person's allowance of one leave type in one leave year, with what was carried over."""

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="entitlements", verbose_name=_("employee")
    )
    leave_type = models.ForeignKey(
        LeaveType, on_delete=models.PROTECT, related_name="+", verbose_name=_("leave type")
    )
    year_start = models.DateField(_("leave year starts"))
    annual_days = models.DecimalField(_("days a year"), max_digits=5, decimal_places=1)
    carried_over = models.DecimalField(_("carried over"), max_digits=5, decimal_places=1, default=0)
    carry_over_expires = models.DateField(_("carried-over days expire"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("leave entitlement")
        verbose_name_plural = _("leave entitlements")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "leave_type", "year_start"], name="entitlement_one_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.leave_type} {self.year_start:%Y}"


class LeaveRequestQuerySet(models.QuerySet):
    def live(self) -> LeaveRequestQuerySet:
        return self.filter(status__in=[LeaveRequest.Status.PENDING, LeaveRequest.Status.APPROVED])

    def approved(self) -> LeaveRequestQuerySet:
        return self.filter(status=LeaveRequest.Status.APPROVED)

    def overlapping(self, start: date, end: date) -> LeaveRequestQuerySet:
        """Touching at least one day of [start, end]."""
        return self.filter(start_date__lte=end, end_date__gte=start)


class LeaveRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("leave request", "Pending")
        APPROVED = "approved", pgettext_lazy("leave request", "Approved")
        REJECTED = "rejected", pgettext_lazy("leave request", "Rejected")
        CANCELLED = "cancelled", pgettext_lazy("leave request", "Cancelled")

    class HalfDay(models.TextChoices):
        NONE = "", _("Whole days")
        MORNING = "morning", _("Morning only")
        AFTERNOON = "afternoon", _("Afternoon only")

    employee = models.ForeignKey(
        Employee,
        on_delete=models.CASCADE,
        related_name="leave_requests",
        verbose_name=_("employee"),
    )
    leave_type = models.ForeignKey(
        LeaveType, on_delete=models.PROTECT, related_name="requests", verbose_name=_("leave type")
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    half_day = models.CharField(
        _("half day"), max_length=10, choices=HalfDay.choices, blank=True, default=""
    )
    days = models.DecimalField(_("working days"), max_digits=5, decimal_places=1)
    reason = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_comment = models.TextField(_("comment"), blank=True)
    document = models.ForeignKey(
        EmployeeDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("supporting document"),
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)

    objects = LeaveRequestQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("leave request")
        verbose_name_plural = _("leave requests")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__lte=F("end_date")),
                name="leave_start_before_end",
                violation_error_message=_("The last day is before the first day."),
            ),
            models.CheckConstraint(
                condition=Q(half_day="") | Q(start_date=F("end_date")),
                name="leave_half_day_is_one_day",
                violation_error_message=_(
                    "A half day is a single day: make the first and last day the same."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["employee", "status", "start_date"]),
            models.Index(fields=["start_date", "end_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.leave_type} {self.start_date:%Y-%m-%d}"

    @property
    def needs_document(self) -> bool:
        limit = self.leave_type.document_required_after_days
        return limit is not None and self.days > limit and self.document_id is None
