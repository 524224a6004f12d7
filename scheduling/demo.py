"""Demo data: two locations with skills, templates, coverage and availability; four published weeks
(with one open shift), an empty draft week, and at the depot (summarised accounting) a published
month in which one person is planned past the monthly overtime cap. Also the large roster the
benchmarks time."""

from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone

from hr.models import Employee
from scheduling.domain.rules import preset_fields
from scheduling.domain.times import minutes, monday, shift_bounds
from scheduling.models import (
    Availability,
    Coverage,
    Location,
    RotationPattern,
    SchedulePeriod,
    Shift,
    ShiftTemplate,
    Skill,
    WorkingTimeRules,
)
from scheduling.selectors import rules_default

SKILLS = [
    ("CASH", "Каса"),
    ("FORK", "Мотокар"),
    ("AID", "Първа помощ"),
    ("LEAD", "Отговорник смяна"),
]


def _template(location, code, name, start, end, breaks, colour, crosses=False) -> ShiftTemplate:
    template, _created = ShiftTemplate.objects.get_or_create(
        location=location,
        code=code,
        defaults={
            "name": name,
            "start": start,
            "end": end,
            "break_minutes": breaks,
            "colour": colour,
            "crosses_midnight": crosses,
        },
    )
    return template


def _shift(period, employee, template, day, skill=None) -> Shift:
    start, end = shift_bounds(
        day,
        template.start,
        template.end,
        crosses_midnight=template.crosses_midnight,
        zone=period.location.zone,
    )
    return Shift(
        period=period,
        location=period.location,
        employee=employee,
        template=template,
        skill=skill,
        day=day,
        week=monday(day),
        start=start,
        end=end,
        break_minutes=template.break_minutes,
        paid_minutes=minutes(start, end) - template.break_minutes,
    )


def _coverage(location, template, weekdays, count, skill=None) -> None:
    for weekday in weekdays:
        Coverage.objects.get_or_create(
            location=location,
            template=template,
            weekday=weekday,
            skill=skill,
            defaults={"count": count},
        )


def _fill_week(period, groups, skills_of, cash) -> list[Shift]:
    """Each person keeps one template and the same days off every week: legal by construction.
    Nobody is planned on a day of approved leave."""
    from hr.models import LeaveRequest

    away = set()
    for employee_id, first, last in LeaveRequest.objects.filter(
        status=LeaveRequest.Status.APPROVED, start_date__lte=period.end, end_date__gte=period.start
    ).values_list("employee_id", "start_date", "end_date"):
        day = first
        while day <= last:
            away.add((employee_id, day))
            day += timedelta(days=1)
    shifts = []
    asked: set = set()  # one shift a day and template asks for the cash desk
    for template, people in groups:
        for employee, off in people:
            day = period.start
            while day <= period.end:
                if (
                    day.weekday() not in off
                    and employee.hire_date <= day
                    and (employee.pk, day) not in away
                ):
                    skill = None
                    if (
                        cash
                        and cash.pk in skills_of.get(employee.pk, ())
                        and ((day, template.pk) not in asked)
                    ):
                        skill = cash
                        asked.add((day, template.pk))
                    shifts.append(_shift(period, employee, template, day, skill))
                day += timedelta(days=1)
    return shifts


def seed_scheduling(*, stdout=None, **options) -> None:
    if Location.objects.filter(code="VIT").exists():
        return
    rules = rules_default()
    if rules.pk is None:  # the demo company keeps the country's preset as its saved default
        rules.save()
    skills = {
        code: Skill.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in SKILLS
    }
    store = Location.objects.create(
        name="Магазин Витоша",
        code="VIT",
        address="бул. Витоша 12, 1000 София",
        weekly_budget=9000,
    )
    # The depot runs day and night on 12-hour-capable shifts: summarised working time (KT art. 142),
    # so a planner sees the period norm and the monthly overtime caps at work.
    summarised = WorkingTimeRules.objects.create(
        name="България, сумирано изчисляване",
        preset="bg_summarised",
        **preset_fields("bg_summarised"),
    )
    depot = Location.objects.create(
        name="Склад Пловдив",
        code="PLV",
        address="ул. Кукленско шосе 17, 4004 Пловдив",
        weekly_budget=6000,
        rules=summarised,
    )
    morning = _template(store, "M", "Сутрин", time(7), time(15), 30, "blue")
    afternoon = _template(store, "A", "Следобед", time(14), time(22), 30, "orange")
    day_shift = _template(depot, "D", "Дневна", time(8), time(16), 30, "green")
    night = _template(depot, "N", "Нощна", time(22), time(6), 60, "indigo", crosses=True)
    weekdays, weekend = range(5), (5, 6)
    _coverage(store, morning, weekdays, 2)
    _coverage(store, morning, weekdays, 1, skills["CASH"])
    _coverage(store, afternoon, weekdays, 2)
    _coverage(store, morning, weekend, 3)
    _coverage(store, afternoon, weekend, 3)
    _coverage(depot, day_shift, range(6), 2)
    _coverage(depot, day_shift, range(6), 1, skills["FORK"])
    _coverage(depot, night, range(7), 1)
    RotationPattern.objects.get_or_create(name="Сутрин 5/2", defaults={"sequence": "M,M,M,M,M,-,-"})
    RotationPattern.objects.get_or_create(
        name="Следобед 5/2", defaults={"sequence": "A,A,A,A,A,-,-"}
    )

    staff = Employee.objects.filter(user__username="staff").first()
    ops = list(
        Employee.objects.current()
        .filter(
            department__code="OPS",
            user__isnull=True,
            employment_type=Employee.EmploymentType.FULL_TIME,
        )
        .order_by("employee_number")[:13]
    )
    store_people = ([staff] if staff else []) + ops[:7]
    depot_people = ops[7:13]
    store.members.add(*store_people)
    depot.members.add(*depot_people)
    manager = Employee.objects.filter(user__username="manager").first()
    if manager:
        store.members.add(manager)
    for index, person in enumerate(store_people):
        person.skills.add(skills["CASH"] if index % 2 == 0 else skills["AID"])
    for index, person in enumerate(depot_people):
        person.skills.add(skills["FORK"] if index < 3 else skills["AID"])
    if store_people:
        store_people[-1].skills.add(skills["LEAD"])
    skills_of = {p.pk: {s.pk for s in p.skills.all()} for p in store_people + depot_people}

    # Days off: staff (first) the three days after tomorrow, so that whoever opens the demo finds
    # them on shift today (the clock, the day's tasks) and tomorrow; others a staggered pair.
    today = timezone.localdate().weekday()
    staff_off = {(today + n) % 7 for n in (2, 3, 4)}

    def offs(people, shift_by=0):
        result = []
        for index, person in enumerate(people):
            if person == staff:
                result.append((person, staff_off))
            else:
                first = (index * 2 + shift_by) % 7
                result.append((person, {first, (first + 1) % 7}))
        return result

    store_groups = [(morning, offs(store_people[0::2])), (afternoon, offs(store_people[1::2], 1))]
    depot_groups = [(day_shift, offs(depot_people[:4], 5)), (night, offs(depot_people[4:], 2))]
    this_week = monday(timezone.localdate())
    now = timezone.now()
    for location, groups in ((store, store_groups), (depot, depot_groups)):
        for offset in (-2, -1, 0, 1):
            start = this_week + timedelta(weeks=offset)
            period = SchedulePeriod.objects.create(
                location=location,
                start=start,
                end=start + timedelta(days=6),
                status=SchedulePeriod.Status.PUBLISHED,
                published_at=now,
            )
            Shift.objects.bulk_create(_fill_week(period, groups, skills_of, skills["CASH"]))
            if location == store and offset == 1:
                Shift.objects.bulk_create(
                    [_shift(period, None, morning, start + timedelta(days=3), skills["CASH"])]
                )
        draft_start = this_week + timedelta(weeks=2)
        SchedulePeriod.objects.create(
            location=location, start=draft_start, end=draft_start + timedelta(days=6)
        )
    if depot_people:
        _seed_depot_month(depot, depot_people, draft_start + timedelta(days=7), skills_of, now)
    if staff:
        Availability.objects.get_or_create(
            employee=staff,
            kind=Availability.Kind.UNAVAILABLE,
            weekday=1,
            defaults={"start_time": time(18), "note": "Университет"},
        )
        Availability.objects.get_or_create(
            employee=staff,
            kind=Availability.Kind.PREFERRED,
            weekday=5,
            defaults={"template": morning},
        )
    if len(ops) > 2:
        Availability.objects.get_or_create(
            employee=ops[1],
            kind=Availability.Kind.UNAVAILABLE,
            date=draft_start + timedelta(days=2),
            defaults={"note": "Лекар"},
        )
        Availability.objects.get_or_create(
            employee=ops[2], kind=Availability.Kind.AVOIDED, weekday=6, defaults={}
        )
    if stdout:
        stdout.write(
            "  scheduling: 2 locations, 4 published weeks, 1 draft week, 1 published depot month"
        )


def _month_after(day):
    """The first and last day of the first calendar month starting on or after ``day``."""
    first = day if day.day == 1 else (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first, following - timedelta(days=1)


def _seed_depot_month(depot, people, after, skills_of, now) -> None:
    """A published month at the depot (summarised accounting, monthly period, KT art. 142) in
    which the first forklift driver is planned 12-hour day shifts (11 h paid) on every weekday:
    at least 20 x 660 min against a norm of at most 23 x 480 min, so at least 20 x 180 = 60 h
    above the norm, past the monthly cap of 30 h (KT art. 146(1)1). A planner opening the month
    sees the period norm and the monthly overtime conflicts on the driver's last shift. The
    others work four days a week and stay under the norm of a month of 20 or more working days
    (at most 19 day shifts of 7.5 h = 142.5 h, or 19 nights of 7 h converted by 8/7 = 154.7 h)."""
    first, last = _month_after(after)
    long_day = _template(depot, "L", "Дълга дневна", time(8), time(20), 60, "teal")
    day_shift = ShiftTemplate.objects.get(location=depot, code="D")
    night = ShiftTemplate.objects.get(location=depot, code="N")
    period = SchedulePeriod.objects.create(
        location=depot,
        start=first,
        end=last,
        status=SchedulePeriod.Status.PUBLISHED,
        published_at=now,
    )
    nights = [
        (person, {(index * 2) % 7, (index * 2 + 1) % 7, (index * 2 + 2) % 7})
        for index, person in enumerate(people[4:])
    ]
    days = [
        (person, {(index + 4) % 7, (index + 5) % 7, (index + 6) % 7})
        for index, person in enumerate(people[1:4])
    ]
    groups = [(long_day, [(people[0], {5, 6})]), (day_shift, days), (night, nights)]
    Shift.objects.bulk_create(_fill_week(period, groups, skills_of, None))


# --- benchmarks ----------------------------------------------------------------------------------

BENCH_CODE = "BENCH"


def bench_roster(*, scale: int, stdout=None, **options) -> None:
    """A location with 100 people and a 31-day period of about 2,200 shifts."""
    if Location.objects.filter(code=BENCH_CODE).exists():
        return
    location = Location.objects.create(name="Bench", code=BENCH_CODE, weekly_budget=50000)
    people = list(Employee.objects.current().filter(employee_number__startswith="B")[:100])
    location.members.add(*people)
    early = _template(location, "E", "Early", time(6), time(14), 30, "blue")
    late = _template(location, "L", "Late", time(14), time(22), 30, "orange")
    for template in (early, late):
        _coverage(location, template, range(7), 30)
    start = monday(timezone.localdate()) - timedelta(weeks=3)
    period = SchedulePeriod.objects.create(
        location=location, start=start, end=start + timedelta(days=30)
    )
    groups = [
        (early, [(p, {(i * 2) % 7, (i * 2 + 1) % 7}) for i, p in enumerate(people[0::2])]),
        (late, [(p, {(i * 2) % 7, (i * 2 + 1) % 7}) for i, p in enumerate(people[1::2])]),
    ]
    for person in people:
        if person.hire_date > start:
            person.hire_date = start - timedelta(days=1)
            person.save(update_fields=["hire_date"])
    Shift.objects.bulk_create(_fill_week(period, groups, {}, None), batch_size=2000)
    _bench_attendance(period)


def _bench_attendance(period: SchedulePeriod) -> None:
    """Clocked sessions for the bench roster's past shifts and a timesheet per person (open: the
    period has not ended, so it cannot be submitted yet)."""
    from scheduling.models import TimeEntry, Timesheet
    from scheduling.selectors.attendance import pay_period

    now = timezone.now()
    TimeEntry.objects.bulk_create(
        [
            TimeEntry(
                employee_id=shift.employee_id,
                location=period.location,
                shift=shift,
                day=shift.day,
                clock_in=shift.start + timedelta(minutes=(shift.pk % 7) * 3),
                clock_out=shift.end,
            )
            for shift in Shift.objects.filter(period=period, end__lt=now)
        ],
        batch_size=2000,
    )
    first, last = pay_period(timezone.localdate())
    Timesheet.objects.bulk_create(
        [
            Timesheet(employee_id=pk, start=first, end=last, status=Timesheet.Status.OPEN)
            for pk in period.location.members.values_list("pk", flat=True)
        ],
        ignore_conflicts=True,
    )


def _bench_period() -> SchedulePeriod:
    return SchedulePeriod.objects.get(location__code=BENCH_CODE)


def bench_roster_path(view: str) -> str:
    period = _bench_period()
    suffix = "?view=period" if view == "period" else f"?week={period.start.isoformat()}"
    return f"/scheduling/periods/{period.pk}/{suffix}"


def _bench_shift() -> Shift:
    return Shift.objects.filter(period=_bench_period()).order_by("pk").first()


def bench_edit_path() -> str:
    shift = _bench_shift()
    return f"/scheduling/periods/{shift.period_id}/shifts/{shift.pk}/"


def bench_edit_data() -> dict:
    """Saving a shift as it is: an edit that changes nothing, so 20 of them can be timed."""
    shift = _bench_shift()
    zone = shift.location.zone
    return {
        "employee": shift.employee_id,
        "day": shift.day.isoformat(),
        "template": shift.template_id,
        "start_time": shift.start.astimezone(zone).strftime("%H:%M"),
        "end_time": shift.end.astimezone(zone).strftime("%H:%M"),
        "break_minutes": shift.break_minutes,
        "note": "",
    }


def seed_attendance(*, stdout=None, **options) -> None:
    """Clock-ins for the published shifts that have ended (most on time, some late, some missed,
    a few corrected by the manager); the last ended period's timesheets in every status, and
    this period's open (a period is submitted and approved only after it ends)."""
    import random

    from django.utils import timezone

    from scheduling.models import BreakEntry, TimeEntry, Timesheet
    from scheduling.selectors.attendance import (
        classified,
        night_bonus,
        pay_period,
        timesheet_figures,
    )
    from scheduling.services.attendance import timesheet_for

    if TimeEntry.objects.exists():
        return
    rng = random.Random(6)
    now = timezone.now()
    manager = Employee.objects.filter(user__username="manager").select_related("user").first()
    shifts = list(
        Shift.objects.published()
        .filter(employee__isnull=False, end__lt=now)
        .select_related("location", "employee")
        .order_by("start")
    )
    entries, breaks = [], []
    for shift in shifts:
        roll = rng.random()
        if roll < 0.04:
            continue  # missed
        late = timedelta(minutes=rng.randint(8, 25)) if roll < 0.12 else timedelta(0)
        jitter = timedelta(minutes=rng.randint(-4, 2))
        corrected = 0.12 <= roll < 0.15
        entry = TimeEntry(
            employee=shift.employee,
            location=shift.location,
            shift=shift,
            day=shift.day,
            clock_in=shift.start + jitter + late,
            clock_out=shift.end + timedelta(minutes=rng.randint(-3, 8)),
            source=TimeEntry.Source.CORRECTION if corrected else TimeEntry.Source.CLOCK,
            reason="Забравено отчитане на край" if corrected else "",
            created_by=manager.user if corrected and manager else shift.employee.user,
        )
        entries.append(entry)
    TimeEntry.objects.bulk_create(entries)
    for entry in TimeEntry.objects.filter(shift__isnull=False).select_related("shift"):
        if entry.shift.break_minutes:
            middle = entry.clock_in + (entry.clock_out - entry.clock_in) / 2
            breaks.append(
                BreakEntry(
                    entry=entry,
                    start=middle,
                    end=middle + timedelta(minutes=entry.shift.break_minutes),
                )
            )
    BreakEntry.objects.bulk_create(breaks)
    people = Employee.objects.filter(pk__in={e.employee_id for e in entries}).order_by("pk")
    today = timezone.localdate()
    previous_end = pay_period(today)[0] - timedelta(days=1)
    for index, person in enumerate(people):
        timesheet_for(employee=person, day=today)
        sheet = timesheet_for(employee=person, day=previous_end)
        if index % 3 == 1:
            sheet.status, sheet.submitted_at = Timesheet.Status.SUBMITTED, now
        elif index % 3 == 2 and manager and person.manager_id:
            sheet.status, sheet.submitted_at = Timesheet.Status.APPROVED, now
            sheet.approved_at, sheet.approved_by = now, manager.user
            result = classified(employee_id=person.pk, start=sheet.start, end=sheet.end)
            # What an approved timesheet keeps: the buckets, the regime, the norm, days worked.
            sheet.totals, sheet.night_bonus_minutes = timesheet_figures(result), night_bonus(result)
        sheet.save()
    staff = Employee.objects.filter(user__username="staff").first()
    if staff:  # staff's own last timesheet stays open, to submit
        Timesheet.objects.filter(employee=staff).update(
            status=Timesheet.Status.OPEN, totals={}, night_bonus_minutes=0, submitted_at=None
        )
    if stdout:
        stdout.write(
            f"  attendance: {len(entries)} clocked sessions, last period's timesheets in every status"
        )


def bench_timesheet_path() -> str:
    from scheduling.models import Timesheet

    sheet = Timesheet.objects.filter(employee__schedule_locations__code=BENCH_CODE).first()
    return f"/scheduling/timesheets/{sheet.pk}/"
