"""Paid annual leave as the law counts it: country presets, the right of one year, and the balance
of each year of origin. Plain Python, no database, so every rule is easy to read and to test.

Two ways of counting are supported, chosen per leave type:

- ``yearly`` (Bulgaria): the whole year's right may be used from the first day of the year (or,
  for a first job, once the qualifying service is reached); it is not earned month by month. A
  person employed for part of the year has a share proportional to the calendar days employed
  (service is counted in days, KT art. 355(1)), rounded to whole days: half a day or more counts
  as a day, less is dropped. Neither the Labour Code nor NRVPO states a rounding rule; this is
  the arithmetic rounding used in practice and by the payroll calculators, and it never rounds a
  share of half a day or more to the person's detriment. Unused days stay with the year they
  belong to and expire ``expires_after_years`` after the end of that year (KT art. 176a(1));
  requests draw on the oldest open year first. The law sets no order (KT art. 172; Александров,
  ekspertis.bg 2019), but oldest first is the common practice and never lets days expire that
  a newer year could have spared.
- ``monthly`` (the option kept for other countries and companies): the allowance is earned month
  by month (``hr.workdays.accrued_days``) with a capped carry-over that expires after some months.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from hr.workdays import add_months

YEARLY = "yearly"
MONTHLY = "monthly"
ZERO = Decimal("0.0")

#: Leave presets by country: each value beside the legal source it comes from. Applied to a leave
#: type of paid annual leave (``hr.services.leave_type_apply_preset``); any other country gets
#: ``"EU"``, the monthly accrual the product had before.
LEAVE_PRESETS: dict[str, dict[str, tuple[object, str]]] = {
    "BG": {
        "accrual": (
            YEARLY,
            "KT art. 155(1), (4): the right is for the calendar year, used by the employer's "
            "leave schedule or on request (art. 173), not earned month by month",
        ),
        "annual_days": (Decimal(20), "KT art. 155(4): not less than 20 working days"),
        "increased_annual_days": (
            Decimal(26),
            "KT art. 305(4): minors, also for the calendar year in which they turn 18; "
            "KT art. 319: a permanently reduced capacity to work of 50 % or more",
        ),
        "qualifying_months": (
            4,
            "KT art. 155(2) as amended by SG 107/2020 (in force from 2021; 8 months before): a "
            "first job's leave may be used after 4 months of service; NRVPO art. 22",
        ),
        "expires_after_years": (
            2,
            "KT art. 176a(1): the right is extinguished two years after the end of the year it "
            "is for",
        ),
        "part_time_full_share": (
            Decimal("0.50"),
            "NRVPO art. 23(2) with KT art. 355(2): part-time leave is proportional to the time "
            "counted as service, and a day worked for at least half the daily norm is a full "
            "day of service, so half the norm or more gives the full right",
        ),
        "carry_over_max_days": (Decimal(0), "Not used: KT art. 176a keeps every unused day"),
        "carry_over_months": (0, "Not used: KT art. 176a sets the expiry"),
    },
    "EU": {
        "accrual": (MONTHLY, "Company policy: earned month by month"),
        "annual_days": (Decimal(20), "Working Time Directive 2003/88/EC art. 7: four weeks"),
        "increased_annual_days": (None, "Company policy"),
        "qualifying_months": (0, "Company policy"),
        "expires_after_years": (None, "Company policy: capped carry-over below"),
        "part_time_full_share": (None, "Company policy: pro rata by contracted hours"),
        "carry_over_max_days": (Decimal(5), "Company policy"),
        "carry_over_months": (3, "Company policy"),
    },
}


def preset_for(country: str) -> dict[str, tuple[object, str]]:
    return LEAVE_PRESETS.get(country, LEAVE_PRESETS["EU"])


def preset_fields(country: str) -> dict[str, object]:
    """The leave type's field values of the country's preset."""
    return {name: value for name, (value, _source) in preset_for(country).items()}


def preset_sources(country: str) -> str:
    """The legal source of each value, one line per field, kept on the leave type."""
    return "\n".join(f"{name}: {source}" for name, (_value, source) in preset_for(country).items())


def round_whole_day(value: Decimal) -> Decimal:
    """Whole days, half a day or more up: 16.49 -> 16, 16.5 -> 17, 6.68 -> 7."""
    return Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP).quantize(Decimal("0.1"))


def usable_from(*, hire_date: date, first_job: bool, qualifying_months: int) -> date:
    """First day a first job's leave may be used (KT art. 155(2)); anyone else: the hire date."""
    if not first_job or not qualifying_months:
        return hire_date
    return add_months(hire_date, qualifying_months)


def full_right_ratio(*, share: Decimal, full_share: Decimal | None) -> Decimal:
    """The part of the full right a part-timer has: all of it from ``full_share`` of the daily
    norm (Bulgaria: half), else proportional to the hours."""
    share = min(Decimal(share), Decimal(1))
    if full_share is not None and share >= full_share:
        return Decimal(1)
    return share


def _overlap(first: date, last: date, start: date | None, end: date | None) -> int:
    low = max(first, start) if start else first
    high = min(last, end) if end else last
    return max((high - low).days + 1, 0)


def year_right(
    *,
    base_days: Decimal,
    year_start: date,
    year_end: date,
    hire_date: date,
    end_date: date | None,
    ratio: Decimal = Decimal(1),
    increased_days: Decimal | None = None,
    increased_between: tuple[date | None, date | None] | None = None,
) -> Decimal:
    """The right for one leave year, in whole days.

    ``base_days`` for each calendar day employed, ``increased_days`` for the employed days inside
    ``increased_between`` (a minor's whole year, a reduced-capacity decision's validity),
    divided by the days of the year, times the part-timer's ``ratio``, rounded once.
    """
    employed = _overlap(year_start, year_end, hire_date, end_date)
    if employed <= 0:
        return ZERO
    days_in_year = (year_end - year_start).days + 1
    increased = 0
    if increased_days is not None and increased_between is not None:
        low, high = increased_between
        first = max(year_start, hire_date)
        last = min(year_end, end_date) if end_date else year_end
        increased = _overlap(first, last, low, high)
    normal = employed - increased
    raw = (Decimal(base_days) * normal + Decimal(increased_days or 0) * increased) / days_in_year
    return round_whole_day(raw * ratio)


@dataclass
class YearBalance:
    """One year of origin: its right, what approved and pending requests took of it, the last
    day it may be used."""

    year_start: date
    year_end: date
    right: Decimal
    expires: date | None
    approved: Decimal = ZERO
    pending: Decimal = ZERO
    requests: list[int] = field(default_factory=list)

    @property
    def used(self) -> Decimal:
        return self.approved + self.pending

    @property
    def remaining(self) -> Decimal:
        return self.right - self.approved - self.pending

    def open_on(self, day: date) -> bool:
        return self.year_start <= day and (self.expires is None or day <= self.expires)


@dataclass(frozen=True)
class Draw:
    """A request as the allocation sees it."""

    key: int
    start: date
    days: Decimal
    approved: bool


def expiry(*, year_end: date, years: int | None) -> date | None:
    """The last day a year's leave may be used: ``years`` after the end of the year."""
    if years is None:
        return None
    return add_months(year_end + timedelta(days=1), 12 * years) - timedelta(days=1)


def allocate(years: list[YearBalance], draws: Iterable[Draw]) -> Decimal:
    """Charge each request, in date order, to the oldest year open on its first day that still has
    days; what no year can cover is returned (the days beyond the balance). ``years`` are
    updated in place."""
    ordered = sorted(years, key=lambda y: y.year_start)
    beyond = ZERO
    for draw in sorted(draws, key=lambda d: (d.start, d.key)):
        left = Decimal(draw.days)
        for year in ordered:
            if left <= 0:
                break
            if not year.open_on(draw.start) or year.remaining <= 0:
                continue
            taken = min(left, year.remaining)
            if draw.approved:
                year.approved += taken
            else:
                year.pending += taken
            year.requests.append(draw.key)
            left -= taken
        beyond += left
    return beyond
