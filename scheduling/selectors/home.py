"""What each role must act on, for its home page: a planner's draft weeks, shifts saved over a
conflict and open shifts; a manager's timesheets, swaps and missed clock-ins; a person's next
shift and clock state. Counts are made in the database: a fixed number of queries whatever the
size of the company."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Exists, OuterRef

from backoffice.models import User
from hr.models import Employee
from hr.selectors import viewer_report_ids
from scheduling.models import SchedulePeriod, Shift, TimeEntry, Timesheet
from scheduling.selectors.attendance import open_entry
from scheduling.selectors.roster import is_planner
from scheduling.selectors.staff import swap_requests_to_decide

#: How far back a shift without a clock-in still counts as "missed" on the home page.
MISSED_DAYS = 7
LISTED = 4


@dataclass(frozen=True)
class PlannerWork:
    drafts: list[SchedulePeriod]
    draft_count: int
    open_count: int
    flagged_count: int
    unpublished_count: int
    swap_count: int

    @property
    def total(self) -> int:
        return self.draft_count + self.open_count + self.flagged_count + self.swap_count


@dataclass(frozen=True)
class ManagerWork:
    timesheets: list[Timesheet]
    timesheet_count: int
    swap_count: int
    missed: list[Shift]
    missed_count: int

    @property
    def total(self) -> int:
        return self.timesheet_count + self.swap_count + self.missed_count


@dataclass(frozen=True)
class StaffNow:
    shift: Shift | None
    on_shift: bool
    clocked_in: bool
    on_break: bool
    clocked_since: datetime | None


def planner_work(*, viewer: User, today: date) -> PlannerWork | None:
    """A planner's open work from today on; None for anyone who does not plan."""
    if not is_planner(viewer):
        return None
    drafts = SchedulePeriod.objects.filter(
        status=SchedulePeriod.Status.DRAFT, end__gte=today
    ).select_related("location")
    coming = Shift.objects.planned().filter(day__gte=today)
    return PlannerWork(
        drafts=list(drafts.order_by("start")[:LISTED]),
        draft_count=drafts.count(),
        open_count=coming.open().count(),
        flagged_count=coming.exclude(flag="").count(),
        unpublished_count=coming.filter(period__status=SchedulePeriod.Status.PUBLISHED)
        .exclude(draft="")
        .count(),
        swap_count=swap_requests_to_decide(viewer=viewer).count(),
    )


def manager_work(*, viewer: User, today: date, now: datetime) -> ManagerWork | None:
    """A manager's approvals and missed clock-ins among their people; None for anyone else."""
    ids = viewer_report_ids(viewer=viewer)
    if not ids:
        return None
    sheets = Timesheet.objects.filter(status=Timesheet.Status.SUBMITTED).select_related("employee")
    missed = (
        Shift.objects.published()
        .filter(
            day__gte=today - timedelta(days=MISSED_DAYS),
            end__lt=now,
            employee__isnull=False,
        )
        .annotate(worked=Exists(TimeEntry.objects.filter(shift=OuterRef("pk"))))
        .filter(worked=False)
        .select_related("employee", "location")
    )
    sheets = sheets.filter(employee_id__in=ids)
    missed = missed.filter(employee_id__in=ids)
    return ManagerWork(
        timesheets=list(sheets.order_by("start", "employee__last_name", "pk")[:LISTED]),
        timesheet_count=sheets.count(),
        swap_count=swap_requests_to_decide(viewer=viewer).count(),
        missed=list(missed.order_by("-start")[:LISTED]),
        missed_count=missed.count(),
    )


def staff_now(*, employee: Employee, now: datetime) -> StaffNow:
    """The person's next (or current) published shift and where they stand on the clock."""
    shift = (
        Shift.objects.published()
        .filter(employee=employee, end__gt=now, day__lte=now.date() + timedelta(days=60))
        .select_related("location")
        .order_by("start")
        .first()
    )
    entry = open_entry(employee=employee)
    return StaffNow(
        shift=shift,
        on_shift=bool(shift and shift.start <= now),
        clocked_in=entry is not None,
        on_break=bool(entry and any(b.end is None for b in entry.breaks.all())),
        clocked_since=entry.clock_in if entry else None,
    )
