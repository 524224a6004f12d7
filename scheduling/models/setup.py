"""What a planner sets up once: working-time rules, locations, skills, shift templates, coverage."""

from __future__ import annotations

import ipaddress
import zoneinfo
from datetime import time

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backoffice.models import time_zone_choices
from hr.models import Employee

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class Colour(models.TextChoices):
    """Palette classes only (no inline styles under the CSP); each maps to ``.shift-<colour>``."""

    BLUE = "blue", _("Blue")
    AZURE = "azure", _("Azure")
    INDIGO = "indigo", _("Indigo")
    PURPLE = "purple", _("Purple")
    PINK = "pink", _("Pink")
    RED = "red", _("Red")
    ORANGE = "orange", _("Orange")
    YELLOW = "yellow", _("Yellow")
    LIME = "lime", _("Lime")
    GREEN = "green", _("Green")
    TEAL = "teal", _("Teal")
    CYAN = "cyan", _("Cyan")


def _minutes(label, default=None, **kwargs):
    return models.PositiveIntegerField(label, default=default, **kwargs)


class WorkingTimeRules(models.Model):
    """The legal limits a roster is checked against, in minutes.

    One set is the organisation's default (``is_default``); a location may point at another. The
    presets fill the fields from the law (``scheduling.domain.rules.PRESETS``); the planner may tighten or
    relax any of them afterwards, and the preset name stays only as a reminder of the origin.
    """

    class Accounting(models.TextChoices):
        THRESHOLDS = "thresholds", _("Overtime above daily and weekly thresholds")
        DAILY = "daily", _("Daily: overtime beyond the person's schedule")
        SUMMARISED = "summarised", _("Summarised over an accounting period")

    class Preset(models.TextChoices):
        EU = "eu", _("EU working time directive")
        BG = "bg", _("Bulgaria, Labour Code")
        BG_SUMMARISED = "bg_summarised", _("Bulgaria, summarised working time")
        CUSTOM = "custom", _("Custom")

    name = models.CharField(_("name"), max_length=100)
    preset = models.CharField(_("based on"), max_length=20, choices=Preset.choices)
    is_default = models.BooleanField(_("organisation default"), default=False)
    daily_rest_minutes = _minutes(_("daily rest (minutes)"), 660)
    weekly_rest_minutes = _minutes(_("weekly rest (minutes)"), 2100)
    max_shift_minutes = _minutes(_("longest shift (minutes worked)"), 780)
    max_week_minutes = _minutes(
        _("most minutes in one week"), None, null=True, blank=True, help_text=_("Empty: no cap.")
    )
    average_week_minutes = _minutes(
        _("average weekly minutes at most"), 2880, null=True, blank=True
    )
    reference_weeks = models.PositiveSmallIntegerField(
        _("reference period (weeks)"),
        default=17,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text=_("The average counts this many weeks back, including hours already worked."),
    )
    max_consecutive_days = models.PositiveSmallIntegerField(
        _("most consecutive working days"), default=6, validators=[MinValueValidator(1)]
    )
    night_start = models.TimeField(_("night starts"), default=time(22, 0))
    night_end = models.TimeField(_("night ends"), default=time(6, 0))
    max_night_shift_minutes = _minutes(
        _("longest night shift (minutes worked)"), None, null=True, blank=True
    )
    minor_max_shift_minutes = _minutes(_("longest shift for minors (minutes)"), 420)
    minor_max_week_minutes = _minutes(_("most minutes a week for minors"), 2100)
    minor_night_work = models.BooleanField(_("minors may work at night"), default=False)
    part_time_cap = models.BooleanField(
        _("part-timers stay within their contract hours"), default=True
    )
    overtime_daily_minutes = _minutes(
        _("overtime after (minutes a day)"), 480, null=True, blank=True
    )
    overtime_weekly_minutes = _minutes(
        _("overtime after (minutes a week)"), 2400, null=True, blank=True
    )
    night_factor = models.DecimalField(
        _("night-hours factor"),
        max_digits=5,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_(
            "Under summarised accounting, night hours of night shifts count this many times "
            "against the period's norm (Bulgaria: 1.143, NSORZ art. 9(2)). Empty: no factor."
        ),
    )
    # The regime (scheduling.domain.worktime: values and their legal sources).
    accounting = models.CharField(
        _("working-time accounting"),
        max_length=12,
        choices=Accounting.choices,
        default=Accounting.THRESHOLDS,
    )
    accounting_period_months = models.PositiveSmallIntegerField(
        _("accounting period (months)"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_(
            "Summarised accounting only: overtime is measured at the end of each period. "
            "Bulgaria: up to 4 months, longer only by collective agreement (KT art. 142(2))."
        ),
    )
    accounting_period_first_month = models.PositiveSmallIntegerField(
        _("first period starts in month"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    night_conversion_min_minutes = _minutes(
        _("night shift from (night minutes)"),
        None,
        null=True,
        blank=True,
        help_text=_(
            "A shift with this many night minutes is a night shift (Bulgaria: 240, KT art. "
            "141(2)): its night hours are converted and its normal length is the night norm."
        ),
    )
    overtime_year_minutes = _minutes(
        _("overtime a year at most (minutes)"), None, null=True, blank=True
    )
    overtime_month_day_minutes = _minutes(
        _("overtime a month by day at most (minutes)"), None, null=True, blank=True
    )
    overtime_month_night_minutes = _minutes(
        _("overtime a month by night at most (minutes)"), None, null=True, blank=True
    )
    overtime_week_day_minutes = _minutes(
        _("overtime a week by day at most (minutes)"), None, null=True, blank=True
    )
    overtime_week_night_minutes = _minutes(
        _("overtime a week by night at most (minutes)"), None, null=True, blank=True
    )
    overtime_two_days_day_minutes = _minutes(
        _("overtime over two working days by day at most (minutes)"), None, null=True, blank=True
    )
    overtime_two_days_night_minutes = _minutes(
        _("overtime over two working days by night at most (minutes)"),
        None,
        null=True,
        blank=True,
    )
    young_minor_age = models.PositiveSmallIntegerField(
        _("younger minors are under (years)"), default=16
    )
    young_minor_night_start = models.TimeField(
        _("night starts for younger minors"),
        null=True,
        blank=True,
        help_text=_("Bulgaria: 20:00 for people under 16 (KT art. 140(1)). Empty: as for adults."),
    )

    class Meta:
        verbose_name = _("working-time rules")
        verbose_name_plural = _("working-time rules")
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_rules"
            )
        ]

    def __str__(self) -> str:
        return self.name


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(_("'%(zone)s' is not a time zone."), params={"zone": value}) from None


def validate_allow_list(value: str) -> None:
    for line in value.split():
        try:
            ipaddress.ip_network(line.strip(), strict=False)
        except ValueError:
            raise ValidationError(
                _("'%(line)s' is not an IP address or network (such as 10.0.0.0/24)."),
                params={"line": line},
            ) from None


class Location(models.Model):
    name = models.CharField(_("name"), max_length=150)
    code = models.CharField(_("code"), max_length=20, unique=True)
    address = models.TextField(_("address"), blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Europe/Sofia",
        choices=time_zone_choices,
        validators=[validate_time_zone],
    )
    ip_allow_list = models.TextField(
        _("time-clock IP allow-list"),
        blank=True,
        validators=[validate_allow_list],
        help_text=_(
            "One address or network per line. Empty: clocking in is allowed from anywhere."
        ),
    )
    rules = models.ForeignKey(
        WorkingTimeRules,
        verbose_name=_("working-time rules"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="locations",
        help_text=_("Empty: the organisation's default rules."),
    )
    clock_window_minutes = models.PositiveSmallIntegerField(
        _("clock-in window (minutes)"),
        null=True,
        blank=True,
        help_text=_(
            "Clocking in is allowed this many minutes before a shift until it ends. "
            "Empty: at any time."
        ),
    )
    weekly_budget = models.DecimalField(
        _("weekly labour budget"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    members = models.ManyToManyField(
        Employee, verbose_name=_("staff"), related_name="schedule_locations", blank=True
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class Skill(models.Model):
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("code"), max_length=20, unique=True)
    employees = models.ManyToManyField(
        Employee, verbose_name=_("people with this skill"), related_name="skills", blank=True
    )

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ShiftTemplate(models.Model):
    """A named shift. ``crosses_midnight`` must be said explicitly: an end before the start is
    otherwise a typing mistake, not a night shift."""

    location = models.ForeignKey(
        Location,
        verbose_name=_("location"),
        on_delete=models.CASCADE,
        related_name="templates",
        null=True,
        blank=True,
        help_text=_("Empty: offered at every location."),
    )
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("short code"), max_length=6)
    start = models.TimeField(_("starts"))
    end = models.TimeField(_("ends"))
    crosses_midnight = models.BooleanField(_("ends the next day"), default=False)
    break_minutes = models.PositiveSmallIntegerField(_("unpaid break (minutes)"), default=0)
    colour = models.CharField(_("colour"), max_length=10, choices=Colour.choices, default="blue")
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("shift template")
        verbose_name_plural = _("shift templates")
        ordering = ["start", "name"]

    def __str__(self) -> str:
        return f"{self.name} {self.start:%H:%M}-{self.end:%H:%M}"

    @property
    def length_minutes(self) -> int:
        """Wall-clock length on an ordinary day (the real length is computed per date, in UTC)."""
        start = self.start.hour * 60 + self.start.minute
        end = self.end.hour * 60 + self.end.minute
        return end - start + (1440 if self.crosses_midnight else 0)


class Coverage(models.Model):
    """How many people a location needs on a template, on a weekday or on one date.

    A date-specific line replaces the weekday lines for that template and skill on that date.
    """

    location = models.ForeignKey(
        Location, verbose_name=_("location"), on_delete=models.CASCADE, related_name="coverage"
    )
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=WEEKDAYS, null=True, blank=True
    )
    date = models.DateField(_("date"), null=True, blank=True)
    template = models.ForeignKey(
        ShiftTemplate, verbose_name=_("shift"), on_delete=models.CASCADE, related_name="coverage"
    )
    skill = models.ForeignKey(
        Skill, verbose_name=_("skill"), on_delete=models.CASCADE, null=True, blank=True
    )
    count = models.PositiveSmallIntegerField(_("people needed"))

    class Meta:
        verbose_name = _("coverage requirement")
        verbose_name_plural = _("coverage requirements")
        ordering = ["location", "weekday", "date", "template__start"]
        constraints = [
            models.CheckConstraint(condition=Q(count__gt=0), name="coverage_count_positive"),
            models.CheckConstraint(
                condition=(Q(weekday__isnull=True) & Q(date__isnull=False))
                | (Q(weekday__isnull=False) & Q(date__isnull=True)),
                name="coverage_weekday_or_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date or self.get_weekday_display()} {self.template.name} x{self.count}"


class RotationPattern(models.Model):
    """A repeating sequence of template codes, ``-`` for a day off (e.g. ``M,M,E,E,-,-,N``)."""

    name = models.CharField(_("name"), max_length=100)
    sequence = models.CharField(
        _("sequence"),
        max_length=400,
        help_text=_("Template codes separated by commas, a dash for a day off: M,M,E,E,-,-"),
    )

    class Meta:
        verbose_name = _("rotation pattern")
        verbose_name_plural = _("rotation patterns")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def steps(self) -> list[str]:
        return [step.strip() for step in self.sequence.split(",") if step.strip()]


class StaffLimits(models.Model):
    """One person's own limits for the auto-scheduler, on top of the location's working-time
    rules, counted over each schedule period (hours in minutes, like the rules).

    Empty fields set no limit. The least minutes shrink with the days the person is on leave or
    not employed in a period, so that a limit never asks for work on days nobody may give.
    """

    employee = models.OneToOneField(
        Employee,
        verbose_name=_("employee"),
        on_delete=models.CASCADE,
        related_name="schedule_limits",
    )
    min_period_minutes = models.PositiveIntegerField(
        _("least minutes in a period"), null=True, blank=True
    )
    max_period_minutes = models.PositiveIntegerField(
        _("most minutes in a period"), null=True, blank=True
    )
    max_weekends = models.PositiveSmallIntegerField(
        _("most weekends worked in a period"), null=True, blank=True
    )
    min_days_off_in_row = models.PositiveSmallIntegerField(
        _("least days off in a row"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(14)],
    )

    class Meta:
        verbose_name = _("personal scheduling limits")
        verbose_name_plural = _("personal scheduling limits")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_period_minutes__isnull=True)
                | Q(max_period_minutes__isnull=True)
                | Q(min_period_minutes__lte=models.F("max_period_minutes")),
                name="staff_limits_min_not_above_max",
            )
        ]

    def __str__(self) -> str:
        return str(self.employee)


class ShiftTypeLimit(models.Model):
    """At most ``max_shifts`` shifts of one template in a period for one person (e.g. 4 nights)."""

    limits = models.ForeignKey(StaffLimits, on_delete=models.CASCADE, related_name="shift_limits")
    template = models.ForeignKey(
        ShiftTemplate, verbose_name=_("shift"), on_delete=models.CASCADE, related_name="+"
    )
    max_shifts = models.PositiveSmallIntegerField(
        _("most shifts in a period"), validators=[MaxValueValidator(62)]
    )

    class Meta:
        verbose_name = _("most shifts of a kind")
        verbose_name_plural = _("most shifts of a kind")
        ordering = ["template__start", "template__name"]
        constraints = [
            models.UniqueConstraint(fields=["limits", "template"], name="one_limit_per_template")
        ]

    def __str__(self) -> str:
        return f"{self.template.name} ≤ {self.max_shifts}"
