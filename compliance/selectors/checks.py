"""The nightly checks: each reads one department's records through that department's selectors
and returns what is wrong today as ``CheckFinding`` values; ``compliance.services.checks_run``
files them. A check never writes.

The departments' selectors take a viewer; the checks read as the organisation itself (a
superuser that exists only in memory), since nobody is signed in at night.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from backoffice.models import User
from backoffice.registry import CheckFinding
from compliance.models import Contract, PolicyVersion
from compliance.selectors.policies import audience_ids, due_on
from hr.selectors import (
    contract_terms_in_force,
    document_list,
    employee_choices,
    employees_by_id,
    leave_types_by_year_of_origin,
    leave_years_bulk,
    training_list,
)
from it_support.selectors import licence_list, ticket_list
from scheduling.models import SchedulePeriod, Timesheet
from scheduling.selectors import period_list, roster_checks, timesheet_list

HIGH, MEDIUM, LOW = "high", "medium", "low"

#: The roster engine's conflicts that break the law's working-time rules (the others are
#: planning matters: skills, availability, a person's own wishes).
WORKTIME_CODES = {
    "daily_rest": HIGH,
    "weekly_rest": HIGH,
    "night_minor": HIGH,
    "night_young_minor": HIGH,
    "minor_overtime": HIGH,
    "shift_length": MEDIUM,
    "night_length": MEDIUM,
    "week_hours": MEDIUM,
    "average_hours": MEDIUM,
    "consecutive_days": MEDIUM,
    "overtime_year": HIGH,
    "overtime_month": MEDIUM,
    "overtime_week": MEDIUM,
    "overtime_two_days": MEDIUM,
}
#: Published rosters checked each night: those still running or ended this recently.
ROSTER_LOOKBACK_DAYS = 35
YEAR_OVERTIME_CAP_MINUTES = 150 * 60  # KT art. 146(1)
EXPIRING_DAYS = 30
LEAVE_WARNING_DAYS = 90
BREACH_HOURS = 72  # GDPR art. 33(1)


def system_viewer() -> User:
    return User(username="compliance-checks", is_superuser=True, is_active=True)


def _people(ids) -> dict[int, object]:
    return employees_by_id(ids=set(ids)) if ids else {}


def _manager_user(employee) -> int | None:
    manager = getattr(employee, "manager", None)
    return manager.user_id if manager is not None else None


# Scheduling -----------------------------------------------------------------------------------


def roster_worktime(today: date) -> Iterator[CheckFinding]:
    """Every working-time rule a published roster breaks (the engine the publish step uses),
    over the rosters still running or ended in the last weeks, all checked at once: the queries
    do not grow with the number of rosters or people."""
    periods = list(
        period_list(viewer=system_viewer())
        .filter(
            status__in=[SchedulePeriod.Status.PUBLISHED, SchedulePeriod.Status.CLOSED],
            end__gte=today - timedelta(days=ROSTER_LOOKBACK_DAYS),
        )
        .order_by("start", "pk")
    )
    results = roster_checks(periods=periods)
    found_by_period = []
    employee_ids = set()
    for period in periods:
        result = results[period.pk]
        found = []
        for key, conflicts in result.conflicts.items():
            if not isinstance(key, int):
                continue
            shift = result.slots.get(key)
            if shift is None or shift.employee is None:
                continue
            for conflict in conflicts:
                if conflict.code in WORKTIME_CODES:
                    found.append((shift, conflict))
                    employee_ids.add(shift.employee)
        if found:
            found_by_period.append((period, found))
    people = _people(employee_ids)
    for period, found in found_by_period:
        url = reverse("scheduling:period-detail", args=[period.pk])
        location = str(period.location)
        for shift, conflict in found:
            person = people.get(shift.employee)
            yield CheckFinding(
                key=f"shift:{shift.key}:{conflict.code}",
                title=gettext_noop("%(person)s on %(day)s (%(location)s): %(problem)s"),
                params={
                    "person": str(person) if person else "",
                    "day": shift.day.isoformat(),
                    "location": location,
                    "problem": conflict.message,
                },
                severity=WORKTIME_CODES[conflict.code],
                department_id=person.department_id if person else None,
                owner_id=period.published_by_id,
                employee_id=shift.employee,
                due=max(today, shift.day) + timedelta(days=7),
                url=f"{url}?focus={shift.key}",
            )


def timesheet_overtime(today: date) -> Iterator[CheckFinding]:
    """Approved timesheets of the year past the yearly overtime cap (KT art. 146(1))."""
    totals: dict[int, int] = defaultdict(int)
    for employee_id, sheet in (
        timesheet_list(viewer=system_viewer())
        .filter(status=Timesheet.Status.APPROVED, start__year=today.year)
        .values_list("employee_id", "totals")
        .order_by()
    ):
        totals[employee_id] += int((sheet or {}).get("overtime", 0))
    over = {pk: minutes for pk, minutes in totals.items() if minutes > YEAR_OVERTIME_CAP_MINUTES}
    people = _people(over)
    for pk, minutes in sorted(over.items()):
        person = people.get(pk)
        yield CheckFinding(
            key=f"overtime-year:{pk}:{today.year}",
            title=gettext_noop(
                "%(person)s: %(hours)s h overtime in approved timesheets of %(year)s "
                "(at most 150 h a year)"
            ),
            params={
                "person": str(person) if person else "",
                "hours": f"{Decimal(minutes) / 60:.1f}",
                "year": today.year,
            },
            severity=HIGH,
            department_id=person.department_id if person else None,
            owner_id=_manager_user(person),
            employee_id=pk,
            due=today + timedelta(days=14),
            url=reverse("scheduling:timesheet-list") + f"?employee={pk}",
        )


# HR -----------------------------------------------------------------------------------------


def trainings(today: date) -> Iterator[CheckFinding]:
    """Mandatory trainings overdue, and certificates expired or expiring soon."""
    assignments = training_list(viewer=system_viewer()).select_related("employee__manager")
    url = reverse("hr:training-list")
    for a in assignments.filter(mandatory=True).overdue(today).order_by("pk"):
        yield CheckFinding(
            key=f"training-overdue:{a.pk}",
            title=gettext_noop("%(person)s: mandatory training %(course)s overdue since %(due)s"),
            params={
                "person": str(a.employee),
                "course": str(a.course),
                "due": a.due_date.isoformat(),
            },
            severity=MEDIUM,
            department_id=a.employee.department_id,
            owner_id=_manager_user(a.employee),
            employee_id=a.employee_id,
            due=today + timedelta(days=14),
            url=url,
        )
    renewed = set(
        assignments.filter(completed_on__isnull=True).values_list("employee_id", "course_id")
    )
    latest: dict[tuple[int, int], object] = {}
    for a in assignments.filter(expires_on__isnull=False).order_by("expires_on", "pk"):
        latest[(a.employee_id, a.course_id)] = a
    for (employee_id, course_id), a in sorted(latest.items()):
        if a.expires_on > today + timedelta(days=EXPIRING_DAYS):
            continue
        if (employee_id, course_id) in renewed:
            continue  # a new round of the course is already assigned
        expired = a.expires_on < today
        yield CheckFinding(
            key=f"certificate:{employee_id}:{course_id}:{a.expires_on.isoformat()}",
            title=gettext_noop("%(person)s: certificate %(course)s expired on %(day)s")
            if expired
            else gettext_noop("%(person)s: certificate %(course)s expires on %(day)s"),
            params={
                "person": str(a.employee),
                "course": str(a.course),
                "day": a.expires_on.isoformat(),
            },
            severity=HIGH if expired else LOW,
            department_id=a.employee.department_id,
            owner_id=_manager_user(a.employee),
            employee_id=employee_id,
            due=a.expires_on,
            url=url,
        )


def employment_records(today: date) -> Iterator[CheckFinding]:
    """People at work without an employment contract in force, and identity documents (work
    permits included) expired or expiring."""
    current = employee_choices(current=True).select_related("manager")
    people = {e.pk: e for e in current.filter(hire_date__lte=today)}
    in_force = contract_terms_in_force(employee_ids=set(people), on=today)
    for pk in sorted(set(people) - set(in_force)):
        person = people[pk]
        yield CheckFinding(
            key=f"no-contract:{pk}",
            title=gettext_noop("%(person)s works without an employment contract in force"),
            params={"person": str(person)},
            severity=HIGH,
            department_id=person.department_id,
            owner_id=_manager_user(person),
            employee_id=pk,
            due=today + timedelta(days=3),
            url=reverse("hr:employee-detail", args=[pk]),
        )
    documents = (
        document_list(viewer=system_viewer())
        .filter(kind="identity", expires_on__isnull=False, employee_id__in=set(people))
        .order_by("expires_on", "pk")
        .only("pk", "employee_id", "title", "expires_on")
    )
    latest: dict[int, object] = {}
    for document in documents:
        latest[document.employee_id] = document
    for pk, document in sorted(latest.items()):
        if document.expires_on > today + timedelta(days=EXPIRING_DAYS):
            continue
        person = people[pk]
        expired = document.expires_on < today
        yield CheckFinding(
            key=f"identity:{document.pk}",
            title=gettext_noop("%(person)s: %(document)s expired on %(day)s")
            if expired
            else gettext_noop("%(person)s: %(document)s expires on %(day)s"),
            params={
                "person": str(person),
                "document": document.title,
                "day": document.expires_on.isoformat(),
            },
            severity=HIGH if expired else MEDIUM,
            department_id=person.department_id,
            owner_id=_manager_user(person),
            employee_id=pk,
            due=document.expires_on,
            url=reverse("hr:employee-detail", args=[pk]),
        )


def leave_expiring(today: date) -> Iterator[CheckFinding]:
    """Paid leave of a year of origin that expires unused within 90 days (KT art. 176a); the
    balances are read a thousand people at a time."""
    types = list(leave_types_by_year_of_origin())
    if not types:
        return
    people = {
        p.pk: p for p in employee_choices(current=True).select_related("manager").order_by("pk")
    }
    ids = sorted(people)
    for first in range(0, len(ids), 1000):
        chunk = ids[first : first + 1000]
        for leave_type in types:
            by_person = leave_years_bulk(employee_ids=chunk, leave_type=leave_type, as_of=today)
            for pk, years in by_person.items():
                person = people[pk]
                for year in years:
                    if year.expires is None or year.remaining <= 0:
                        continue
                    if not today <= year.expires <= today + timedelta(days=LEAVE_WARNING_DAYS):
                        continue
                    yield CheckFinding(
                        key=f"leave:{pk}:{leave_type.pk}:{year.year_start.isoformat()}",
                        title=gettext_noop(
                            "%(person)s: %(days)s days of %(type)s from %(year)s expire unused "
                            "on %(day)s"
                        ),
                        params={
                            "person": str(person),
                            "days": f"{year.remaining}",
                            "type": str(leave_type),
                            "year": year.year_start.year,
                            "day": year.expires.isoformat(),
                        },
                        severity=LOW,
                        department_id=person.department_id,
                        owner_id=_manager_user(person),
                        employee_id=pk,
                        due=year.expires,
                        url=reverse("hr:employee-detail", args=[pk]),
                    )


# IT support ---------------------------------------------------------------------------------


def personal_data_breaches(today: date) -> Iterator[CheckFinding]:
    """Incidents with a personal-data breach known for over 72 hours and the authority not yet
    notified (GDPR art. 33)."""
    limit = timezone.now() - timedelta(hours=BREACH_HOURS)
    tickets = (
        ticket_list(viewer=system_viewer())
        .filter(
            personal_data_breach=True,
            authority_notified_at__isnull=True,
            breach_aware_at__lte=limit,
        )
        .exclude(status="closed")
        .order_by("pk")
    )
    for ticket in tickets:
        yield CheckFinding(
            key=f"breach:{ticket.pk}",
            title=gettext_noop(
                "Incident %(ticket)s: personal-data breach known since %(since)s, authority not "
                "notified within 72 hours"
            ),
            params={
                "ticket": f"#{ticket.pk} {ticket.subject}",
                "since": timezone.localtime(ticket.breach_aware_at).strftime("%Y-%m-%d %H:%M"),
            },
            severity=HIGH,
            owner_id=ticket.assignee_id,
            due=today,
            url=reverse("it_support:ticket-detail", args=[ticket.pk]),
        )


def licence_seats(today: date) -> Iterator[CheckFinding]:
    """Licences with more seats handed out than bought."""
    for licence in licence_list().filter(used__gt=F("seats_total")).order_by("pk"):
        yield CheckFinding(
            key=f"licence-seats:{licence.pk}",
            title=gettext_noop("Licence %(licence)s: %(used)s seats in use, %(total)s bought"),
            params={"licence": licence.name, "used": licence.used, "total": licence.seats_total},
            severity=MEDIUM,
            due=today + timedelta(days=14),
            url=reverse("it_support:licence-detail", args=[licence.pk]),
        )


# Compliance's own records ---------------------------------------------------------------------


def policy_acknowledgements(today: date) -> Iterator[CheckFinding]:
    """Published policy versions not acknowledged past their due date, one finding per version
    and department (the department's manager follows it up)."""
    versions = (
        PolicyVersion.objects.published()
        .select_related("policy")
        .prefetch_related("departments", "positions")
        .order_by("pk")
    )
    for version in versions:
        published = timezone.localdate(version.published_at) if version.published_at else today
        ids = audience_ids(version=version)
        acknowledged = set(version.acknowledgements.values_list("employee_id", flat=True))
        missing = ids - acknowledged
        if not missing:
            continue
        late: dict[int | None, list] = defaultdict(list)
        for person in employee_choices(ids=missing).select_related("department__manager"):
            due = due_on(version=version, published=published, hire_date=person.hire_date)
            if due < today:
                late[person.department_id].append(person)
        for department_id, people in sorted(late.items(), key=lambda item: item[0] or 0):
            department = people[0].department
            manager = department.manager if department else None
            yield CheckFinding(
                key=f"policy:{version.pk}:{department_id or 0}",
                title=gettext_noop(
                    "%(policy)s v%(version)s: %(count)s people in %(department)s have not "
                    "acknowledged it"
                ),
                params={
                    "policy": version.policy.title,
                    "version": version.number,
                    "count": len(people),
                    "department": str(department) if department else "-",
                },
                severity=MEDIUM,
                department_id=department_id,
                owner_id=manager.user_id if manager else version.policy.owner_id,
                due=today + timedelta(days=7),
                url=reverse("compliance:policy-version", args=[version.pk]),
            )


def contracts_notice(today: date) -> Iterator[CheckFinding]:
    """Contracts inside their internal lead time before the notice deadline."""
    for contract in (
        Contract.objects.filter(status=Contract.Status.ACTIVE)
        .select_related("counterparty")
        .order_by("pk")
    ):
        dates = contract.deadlines(today)
        if dates.notice_by is None or dates.remind_from is None:
            continue
        if not dates.remind_from <= today <= dates.notice_by:
            continue
        yield CheckFinding(
            key=f"contract-notice:{contract.pk}:{dates.term.end.isoformat()}",
            title=gettext_noop(
                "Contract %(contract)s with %(counterparty)s: notice must be given by %(day)s"
            ),
            params={
                "contract": contract.title,
                "counterparty": contract.counterparty.name,
                "day": dates.notice_by.isoformat(),
            },
            severity=HIGH if (dates.notice_by - today).days <= 7 else MEDIUM,
            department_id=contract.department_id,
            owner_id=contract.owner_id,
            due=dates.notice_by,
            url=reverse("compliance:contract-detail", args=[contract.pk]),
        )
