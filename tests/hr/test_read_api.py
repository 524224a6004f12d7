"""HR's read face for the departments above it: the querysets' domain filters, the bulk selectors
answering in ``hr.interface``'s values, and the visibility policy per scope."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from backoffice import roles
from hr.interface import CalendarEntry, ContractTerms, EmployeeFacts, LeaveSpan
from hr.models import CalendarDay, Employee, EmploymentContract, LeaveRequest
from hr.policies import (
    Scope,
    approver_for,
    viewer_report_ids,
    visible_employee_ids,
)
from hr.selectors import (
    approved_leave,
    calendar_days,
    contract_terms_between,
    contract_terms_in_force,
    department_choices,
    employee_choices,
    employee_facts,
    employees_by_id,
    employees_employed_between,
    holidays_between,
    hourly_rates,
)
from tests.hr import factories

pytestmark = pytest.mark.django_db


def _contract(person: Employee, start: date, end: date | None = None, **fields):
    return EmploymentContract.objects.create(
        employee=person, start=start, end=end, **{"amount": Decimal("2500.00"), **fields}
    )


def _leave(person: Employee, kind, first: date, last: date, status: str, **fields):
    return LeaveRequest.objects.create(
        employee=person,
        leave_type=kind,
        start_date=first,
        end_date=last,
        days=Decimal((last - first).days + 1),
        status=status,
        **fields,
    )


# --- querysets ---------------------------------------------------------------------------------


def test_a_contract_is_in_force_from_its_first_to_its_last_day(org):
    person = factories.employee(hire_date=date(2024, 1, 1), weekly_hours=None)
    first = _contract(person, date(2024, 1, 1), date(2024, 6, 30))
    second = _contract(person, date(2024, 7, 1))

    def on(day):
        return list(EmploymentContract.objects.in_force(on=day))

    assert on(date(2023, 12, 31)) == []
    assert on(date(2024, 6, 30)) == [first]
    assert on(date(2024, 7, 1)) == [second]
    assert on(date(2030, 1, 1)) == [second]
    assert set(
        EmploymentContract.objects.in_force_between(date(2024, 6, 30), date(2024, 7, 1))
    ) == {first, second}
    assert (
        list(EmploymentContract.objects.in_force_between(date(2023, 1, 1), date(2023, 12, 31)))
        == []
    )


def test_employed_between_counts_the_first_and_the_last_day(org):
    march = factories.employee(
        hire_date=date(2024, 3, 1), end_date=date(2024, 3, 31), weekly_hours=None
    )

    def employed(start, end):
        return Employee.objects.employed_between(start, end).filter(pk=march.pk).exists()

    assert employed(date(2024, 2, 1), date(2024, 2, 29)) is False
    assert employed(date(2024, 2, 1), date(2024, 3, 1)) is True
    assert employed(date(2024, 3, 31), date(2024, 4, 30)) is True
    assert employed(date(2024, 4, 1), date(2024, 4, 30)) is False
    assert employed(date(2024, 1, 1), None) is True  # any day from then on
    assert employed(date(2024, 4, 1), None) is False


def test_current_means_employed_from_today_on_and_not_marked_as_gone(org):
    today = timezone.localdate()
    staying = factories.employee(last_name="Остава", weekly_hours=None)
    factories.employee(
        last_name="Вчера", end_date=today - timedelta(days=1), weekly_hours=None
    )  # gone yesterday, not yet swept by the nightly task
    leaving = factories.employee(
        last_name="Утре", end_date=today + timedelta(days=1), weekly_hours=None
    )
    joining = factories.employee(
        last_name="Идва", hire_date=today + timedelta(days=30), weekly_hours=None
    )
    factories.employee(
        last_name="Напуснал",
        end_date=today + timedelta(days=5),
        status=Employee.Status.LEFT,
        weekly_hours=None,
    )

    assert set(Employee.objects.current()) == {staying, leaving, joining}
    assert set(Employee.objects.current(on=today + timedelta(days=2))) == {staying, joining}


def test_approved_leave_overlapping_a_window(org):
    person = factories.employee(weekly_hours=None)
    kind = factories.paid_leave()
    approved = _leave(person, kind, date(2025, 5, 5), date(2025, 5, 9), "approved")
    _leave(person, kind, date(2025, 5, 12), date(2025, 5, 12), "pending")
    _leave(person, kind, date(2025, 5, 13), date(2025, 5, 13), "cancelled")
    later = _leave(person, kind, date(2025, 5, 14), date(2025, 5, 16), "approved")

    found = LeaveRequest.objects.approved().overlapping(date(2025, 5, 9), date(2025, 5, 14))

    assert set(found) == {approved, later}
    assert (
        list(LeaveRequest.objects.approved().overlapping(date(2025, 5, 10), date(2025, 5, 13)))
        == []
    )


# --- bulk selectors ----------------------------------------------------------------------------


def test_contract_terms_in_force_on_a_day(org):
    full = factories.employee(hire_date=date(2024, 1, 1), weekly_hours=None)
    part = factories.employee(
        hire_date=date(2024, 1, 1),
        weekly_hours=None,
        employment_type=Employee.EmploymentType.PART_TIME,
    )
    nobody = factories.employee(hire_date=date(2024, 1, 1), weekly_hours=None)
    _contract(full, date(2024, 1, 1), date(2024, 12, 31), weekly_hours=Decimal(40))
    _contract(
        part,
        date(2024, 1, 1),
        salary_basis="hourly",
        amount=None,
        hourly_rate=Decimal("12.5000"),
        weekly_hours=Decimal(20),
    )

    terms = contract_terms_in_force(employee_ids=[full.pk, part.pk, nobody.pk], on=date(2024, 6, 1))

    assert terms == {
        full.pk: ContractTerms(
            employee_id=full.pk,
            start=date(2024, 1, 1),
            end=date(2024, 12, 31),
            weekly_hours=Decimal("40.00"),
            daily_hours=Decimal("8.00"),
            salary_basis="monthly",
            monthly_salary=Decimal("2500.00"),
            hourly_rate=None,
            part_time=False,
        ),
        part.pk: ContractTerms(
            employee_id=part.pk,
            start=date(2024, 1, 1),
            end=None,
            weekly_hours=Decimal("20.00"),
            daily_hours=Decimal("4.00"),
            salary_basis="hourly",
            monthly_salary=None,
            hourly_rate=Decimal("12.5000"),
            part_time=True,
        ),
    }
    assert list(contract_terms_in_force(employee_ids=[full.pk], on=date(2025, 1, 1))) == []


def test_contract_terms_between_take_the_latest_contract_of_the_window(org):
    person = factories.employee(hire_date=date(2024, 1, 1), weekly_hours=None)
    _contract(person, date(2024, 1, 1), date(2024, 6, 30), weekly_hours=Decimal(40))
    _contract(person, date(2024, 7, 1), weekly_hours=Decimal(30))

    def hours(start, end):
        terms = contract_terms_between(employee_ids=[person.pk], start=start, end=end)
        return terms[person.pk].weekly_hours

    assert hours(date(2024, 6, 1), date(2024, 6, 30)) == Decimal("40.00")
    assert hours(date(2024, 6, 24), date(2024, 7, 7)) == Decimal("30.00")


def test_hourly_rates_are_kept_to_four_decimals_by_the_money_rule(org):
    monthly = factories.employee(weekly_hours=40)  # 2,500 a month
    part = factories.employee(weekly_hours=None)
    _contract(part, date(2020, 1, 1), amount=Decimal("1000.00"), weekly_hours=Decimal(20))
    hourly = factories.employee(weekly_hours=None)
    _contract(
        hourly,
        date(2020, 1, 1),
        salary_basis="hourly",
        amount=None,
        hourly_rate=Decimal("9.8765"),
    )
    without = factories.employee(weekly_hours=None)

    rates = hourly_rates(
        employee_ids={monthly.pk, part.pk, hourly.pk, without.pk}, on=date(2026, 1, 5)
    )

    assert rates == {
        monthly.pk: Decimal("14.4231"),  # 2,500 x 12 / (40 x 52) = 14.42307...
        part.pk: Decimal("11.5385"),  # 1,000 x 12 / (20 x 52) = 11.53846...
        hourly.pk: Decimal("9.8765"),
    }


def test_approved_leave_by_person(org):
    first = factories.employee(weekly_hours=None)
    second = factories.employee(weekly_hours=None)
    kind = factories.paid_leave(code="ANNUAL")
    one = _leave(first, kind, date(2025, 5, 5), date(2025, 5, 6), "approved")
    half = _leave(first, kind, date(2025, 5, 8), date(2025, 5, 8), "approved", half_day="morning")
    _leave(second, kind, date(2025, 5, 7), date(2025, 5, 7), "pending")
    _leave(second, kind, date(2025, 6, 1), date(2025, 6, 1), "approved")

    found = approved_leave(
        employee_ids=[first.pk, second.pk], start=date(2025, 5, 1), end=date(2025, 5, 31)
    )

    assert found == {
        first.pk: [
            LeaveSpan(one.pk, first.pk, date(2025, 5, 5), date(2025, 5, 6), "", "ANNUAL", True),
            LeaveSpan(
                half.pk, first.pk, date(2025, 5, 8), date(2025, 5, 8), "morning", "ANNUAL", True
            ),
        ]
    }
    assert found[first.pk][0].days() == [date(2025, 5, 5), date(2025, 5, 6)]


def test_employee_facts(org):
    person = factories.employee(
        hire_date=date(2021, 2, 1),
        end_date=date(2026, 1, 31),
        date_of_birth=date(2007, 5, 5),
        employment_type=Employee.EmploymentType.PART_TIME,
        weekly_hours=None,
    )

    assert employee_facts(employee_ids=[person.pk]) == {
        person.pk: EmployeeFacts(
            id=person.pk,
            hire_date=date(2021, 2, 1),
            end_date=date(2026, 1, 31),
            date_of_birth=date(2007, 5, 5),
            employment_type="part_time",
        )
    }
    assert employee_facts(employee_ids=[person.pk])[person.pk].part_time is True


def test_the_calendar_days_of_a_window(org):
    CalendarDay.objects.create(day=date(2026, 3, 3), name="Освобождение")
    CalendarDay.objects.create(day=date(2026, 3, 7), kind="working", name="Работна събота")
    CalendarDay.objects.create(day=date(2026, 5, 1), name="Ден на труда")

    assert calendar_days(start=date(2026, 3, 1), end=date(2026, 3, 31)) == [
        CalendarEntry(date(2026, 3, 3), "holiday", "Освобождение"),
        CalendarEntry(date(2026, 3, 7), "working", "Работна събота"),
    ]
    assert holidays_between(start=date(2026, 3, 1), end=date(2026, 5, 1)) == frozenset(
        {date(2026, 3, 3), date(2026, 5, 1)}
    )


def test_people_employed_in_a_window_among_given_sets(org):
    inside = factories.employee(last_name="Б", weekly_hours=None)
    also = factories.employee(last_name="А", weekly_hours=None)
    gone = factories.employee(last_name="В", end_date=date(2024, 12, 31), weekly_hours=None)
    factories.employee(last_name="Г", weekly_hours=None)  # in neither set

    found = employees_employed_between(
        among=[[inside.pk, gone.pk], Employee.objects.filter(pk=also.pk).values("pk")],
        start=date(2025, 1, 1),
        end=date(2025, 1, 31),
    )
    only = employees_employed_between(
        among=[[inside.pk, also.pk]], start=date(2025, 1, 1), end=date(2025, 1, 31), only={also.pk}
    )

    assert found == [also, inside]
    assert only == [also]


def test_choices_for_forms(org):
    dept = factories.department(code="SHOP", name="Магазин")
    anna = factories.employee(dept=dept, first_name="Анна", last_name="Бел", weekly_hours=None)
    boris = factories.employee(dept=dept, first_name="Борис", last_name="Аз", weekly_hours=None)
    gone = factories.employee(
        dept=dept, last_name="Вчера", end_date=date(2024, 1, 1), weekly_hours=None
    )
    gone.status = Employee.Status.LEFT
    gone.save()

    assert list(employee_choices(department=dept)) == [boris, anna, gone]
    assert list(employee_choices(department=dept, current=True)) == [boris, anna]
    assert list(employee_choices(numbers=[anna.employee_number, "X999"], current=True)) == [anna]
    assert list(employee_choices(ids=[anna.pk, boris.pk], exclude=[boris.pk])) == [anna]
    assert list(employee_choices(ids=[])) == []
    assert dept in list(department_choices())
    assert employees_by_id(ids=[anna.pk]) == {anna.pk: anna}


def _count(read) -> int:
    with CaptureQueriesContext(connection) as queries:
        read()
    return len(queries.captured_queries)


def _people(n: int, kind) -> list[int]:
    ids = []
    for i in range(n):
        person = factories.employee(first_name=f"Човек{i}", hire_date=date(2020, 1, 1))
        _leave(person, kind, date(2025, 5, 5), date(2025, 5, 6), "approved")
        ids.append(person.pk)
    return ids


def test_the_bulk_selectors_read_as_much_for_3_people_as_for_30(org):
    kind = factories.paid_leave()
    few, many = _people(3, kind), _people(30, kind)
    on, start, end = date(2025, 5, 5), date(2025, 5, 1), date(2025, 5, 31)
    reads = {
        "terms": lambda ids: contract_terms_in_force(employee_ids=ids, on=on),
        "between": lambda ids: contract_terms_between(employee_ids=ids, start=start, end=end),
        "rates": lambda ids: hourly_rates(employee_ids=ids, on=on),
        "leave": lambda ids: approved_leave(employee_ids=ids, start=start, end=end),
        "facts": lambda ids: employee_facts(employee_ids=ids),
        "by id": lambda ids: employees_by_id(ids=ids),
    }

    counts = {
        name: (_count(lambda r=read: r(few)), _count(lambda r=read: r(many)))
        for name, read in reads.items()
    }

    assert counts == {
        "terms": (2, 2),
        "between": (2, 2),
        "rates": (2, 2),
        "leave": (1, 1),
        "facts": (1, 1),
        "by id": (1, 1),
    }
    assert len(hourly_rates(employee_ids=many, on=on)) == 30
    assert (
        sum(
            len(spans) for spans in approved_leave(employee_ids=many, start=start, end=end).values()
        )
        == 30
    )


# --- visibility, per scope --------------------------------------------------------------------


def _named(team, ids):
    if ids is None:
        return None
    by_pk = {person.pk: name for name, person in team["people"].items()}
    return {by_pk[pk] for pk in ids}


@pytest.mark.parametrize(
    ("viewer", "work", "pay", "personal"),
    [
        ("hr", None, None, None),
        ("finance", None, None, {"finance"}),
        ("manager", {"manager", "lead", "staff", "deep"}, {"manager"}, {"manager"}),
        ("lead", {"lead", "deep"}, {"lead"}, {"lead"}),
        ("staff", {"staff"}, {"staff"}, {"staff"}),
    ],
)
def test_visible_people_per_scope(team, viewer, work, pay, personal):
    user = team["users"][viewer]

    seen = {
        scope: _named(team, visible_employee_ids(viewer=user, scope=scope))
        for scope in (Scope.WORK, Scope.PAY, Scope.PERSONAL)
    }

    assert seen == {Scope.WORK: work, Scope.PAY: pay, Scope.PERSONAL: personal}


def test_a_login_without_an_employee_record_sees_nobody_in_any_scope(make_user, org):
    user = make_user(roles.MANAGER, roles.STAFF)

    assert [visible_employee_ids(viewer=user, scope=scope) for scope in Scope] == [
        set(),
        set(),
        set(),
    ]


def test_reports_count_only_with_the_manager_role(team):
    manager, staff = team["users"]["manager"], team["users"]["staff"]

    assert _named(team, viewer_report_ids(viewer=manager)) == {"lead", "staff", "deep"}
    assert viewer_report_ids(viewer=staff) == set()
    manager.groups.remove(*manager.groups.filter(name=roles.MANAGER))
    manager = type(manager).objects.get(pk=manager.pk)  # a fresh permission cache
    assert viewer_report_ids(viewer=manager) == set()


def test_the_approver_is_the_first_manager_up_the_chain_with_an_active_login(team):
    people, users = team["people"], team["users"]

    assert approver_for(employee=people["deep"]) == users["lead"]
    assert approver_for(employee=people["staff"]) == users["manager"]
    assert approver_for(employee=people["manager"]) is None  # nobody above: HR decides

    users["lead"].is_active = False
    users["lead"].save()
    deep = Employee.objects.select_related("manager__user").get(pk=people["deep"].pk)
    assert approver_for(employee=deep) == users["manager"]
