"""Paid annual leave as the Bulgarian Labour Code (KT) and NRVPO count it, hand-computed.

The organisation is Bulgarian; the paid leave type carries the country preset. Dates are fixed
(2026 and around it) and the calendar holds 3 March 2026 (an official holiday) where it matters.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hr.domain.leave import LEAVE_PRESETS, preset_fields, round_whole_day
from hr.interface import is_minor, is_under_16
from hr.models import CalendarDay, LeaveEntitlement, LeaveRequest
from hr.selectors import absences_by_type, approved_leave, employee_facts, leave_balance
from hr.services import leave_request_approve, leave_request_create, leave_type_apply_preset
from hr.validators import egn_check_digit
from tests.hr import factories

D = Decimal


def _egn(born: date, serial: int = 123) -> str:
    month = born.month + (40 if born.year >= 2000 else 20 if born.year < 1900 else 0)
    first_nine = f"{born.year % 100:02d}{month:02d}{born.day:02d}{serial:03d}"
    return first_nine + str(egn_check_digit(first_nine))


@pytest.fixture
def bg_paid(org):
    """Paid annual leave with the Bulgarian preset applied."""
    leave_type = factories.paid_leave(code="PAID")
    return leave_type_apply_preset(actor=None, leave_type=leave_type, country="BG")


def _ask(team, employee, leave_type, start, end, actor="hr"):
    return leave_request_create(
        actor=team["users"][actor],
        employee=employee,
        leave_type=leave_type,
        start_date=start,
        end_date=end,
    )


def _approved(employee, leave_type, start, end, days):
    return LeaveRequest.objects.create(
        employee=employee,
        leave_type=leave_type,
        start_date=start,
        end_date=end,
        days=D(days),
        status=LeaveRequest.Status.APPROVED,
    )


def _years(balance):
    return [(y.year_start.year, y.right, y.approved, y.pending, y.expires) for y in balance.years]


def test_the_bulgarian_preset_names_the_law_beside_each_value():
    preset = LEAVE_PRESETS["BG"]
    assert preset_fields("BG")["annual_days"] == D(20)
    assert preset_fields("BG")["qualifying_months"] == 4
    assert preset_fields("BG")["expires_after_years"] == 2
    assert preset_fields("BG")["increased_annual_days"] == D(26)
    for name in ("accrual", "annual_days", "qualifying_months", "expires_after_years"):
        assert "KT art." in preset[name][1], name
    assert "NRVPO art. 23(2)" in preset["part_time_full_share"][1]
    assert "art. 305(4)" in preset["increased_annual_days"][1]
    assert "art. 319" in preset["increased_annual_days"][1]
    assert preset_fields("DE")["accrual"] == "monthly"  # other countries keep monthly accrual


def test_kt_155_4_long_serving_employee_has_the_whole_year_and_takes_9_days_in_march(team, bg_paid):
    """KT art. 155(4): 20 working days for the calendar year, usable from 1 January. Monday
    9 to Thursday 19 March 2026 is 9 working days; monthly accrual would have given 5 (Jan,
    Feb, Mar) and refused it."""
    CalendarDay.objects.create(day=date(2026, 3, 3), name="Освобождение")
    staff = team["people"]["staff"]  # hired 1 January 2020
    request = _ask(team, staff, bg_paid, date(2026, 3, 9), date(2026, 3, 19), actor="staff")
    assert request.days == D(9)
    leave_request_approve(actor=team["users"]["hr"], request=request)
    balance = leave_balance(employee=staff, leave_type=bg_paid, as_of=date(2026, 3, 19))
    assert _years(balance) == [(2026, D(20), D(9), D(0), date(2028, 12, 31))]
    assert balance.available == D(11)


def test_the_monthly_option_still_refuses_9_days_in_march(team, org):
    """The option kept for other countries: 3 months earned by 19 March = 5 days."""
    monthly = factories.paid_leave(code="EU", carry_over_max_days=D(0))
    with pytest.raises(ValidationError, match="only 5.0 will be available"):
        _ask(team, team["people"]["staff"], monthly, date(2026, 3, 9), date(2026, 3, 19))
    assert not LeaveRequest.objects.exists()


def test_kt_155_2_first_job_hired_in_january_may_use_leave_from_5_may(team, bg_paid):
    """KT art. 155(2) as in force since 2021: a first job's leave after 4 months of service.
    Hired Monday 5 January 2026: usable from 5 May; the year's right is 20 x 361/365 = 19.78,
    rounded to 20 and usable in full (NRVPO art. 22)."""
    newcomer = factories.employee(dept=team["dept"], hire_date=date(2026, 1, 5), first_job=True)
    with pytest.raises(ValidationError) as error:
        _ask(team, newcomer, bg_paid, date(2026, 5, 4), date(2026, 5, 4))
    assert "from 5 May 2026, after 4 months" in error.value.message_dict["start_date"][0]
    assert not LeaveRequest.objects.exists()
    request = _ask(team, newcomer, bg_paid, date(2026, 5, 5), date(2026, 5, 15))
    assert request.days == D(9)
    balance = leave_balance(employee=newcomer, leave_type=bg_paid, as_of=date(2026, 5, 15))
    assert _years(balance) == [(2026, D(20), D(0), D(9), date(2028, 12, 31))]
    assert balance.usable_from == date(2026, 5, 5)


def test_someone_with_earlier_service_may_use_leave_from_the_first_day(team, bg_paid):
    joiner = factories.employee(dept=team["dept"], hire_date=date(2026, 5, 4))
    request = _ask(team, joiner, bg_paid, date(2026, 5, 5), date(2026, 5, 6))
    assert request.days == D(2)


@pytest.mark.parametrize(
    ("hire", "end", "right"),
    [
        (date(2026, 9, 1), None, D(7)),  # 20 x 122/365 = 6.68 -> 7 (halves gave 6.5)
        (date(2026, 7, 1), None, D(10)),  # 20 x 184/365 = 10.08 -> 10
        (date(2026, 3, 16), None, D(16)),  # 20 x 291/365 = 15.95 -> 16
        (date(2020, 1, 1), date(2026, 3, 31), D(5)),  # a leaver: 20 x 90/365 = 4.93 -> 5
    ],
)
def test_a_joiners_or_leavers_share_is_rounded_to_whole_days(team, bg_paid, hire, end, right):
    """KT art. 155 with NRVPO art. 22: proportional to the calendar days of service in the year
    (KT art. 355(1)), rounded to whole days, half a day or more up."""
    person = factories.employee(dept=team["dept"], hire_date=hire, end_date=end)
    balance = leave_balance(employee=person, leave_type=bg_paid, as_of=date(2026, 12, 1))
    assert balance.years[0].right == right


def test_round_whole_day_half_up():
    assert [round_whole_day(D(v)) for v in ("16.49", "16.5", "6.68", "0.4")] == [
        D(16),
        D(17),
        D(7),
        D(0),
    ]


@pytest.mark.parametrize(("weekly", "right"), [(40, 20), (20, 20), (15, 8), (10, 5)])
def test_nrvpo_23_2_part_timer_on_half_the_daily_norm_or_more_has_the_full_20(
    team, bg_paid, weekly, right
):
    """NRVPO art. 23(2) with KT art. 355(2): 4 h a day is half the norm, a full day of service,
    so 20 days; 3 h a day: 20 x 3/8 = 7.5 -> 8; 2 h: 5."""
    person = factories.employee(dept=team["dept"], weekly_hours=weekly)
    balance = leave_balance(employee=person, leave_type=bg_paid, as_of=date(2026, 6, 1))
    assert balance.years[0].right == D(right)


def test_kt_305_4_a_minor_known_only_from_the_egn_has_26_days_also_the_year_they_turn_18(
    team, bg_paid
):
    """KT art. 305(4): at least 26 working days for minors, also for the calendar year in which
    they turn 18. Born 10 July 2008 (EGN 0847101238, no date of birth entered): 26 in 2026, 20
    in 2027."""
    minor = factories.employee(
        dept=team["dept"], hire_date=date(2025, 9, 1), national_id=_egn(date(2008, 7, 10))
    )
    assert minor.national_id == "0847101238" and minor.date_of_birth is None
    balance = leave_balance(employee=minor, leave_type=bg_paid, as_of=date(2026, 6, 1))
    assert balance.years[-1].right == D(26)
    later = leave_balance(employee=minor, leave_type=bg_paid, as_of=date(2027, 6, 1))
    assert later.years[-1].right == D(20)


def test_kt_319_reduced_capacity_of_50_percent_gives_26_days_while_the_decision_is_valid(
    team, bg_paid
):
    """KT art. 319: 26 days with a reduced capacity to work of 50 % or more. A decision valid to
    30 June 2026: 26 x 181/365 + 20 x 184/365 = 22.98 -> 23; at 49 %: 20."""
    person = factories.employee(
        dept=team["dept"], reduced_capacity_percent=50, reduced_capacity_until=date(2026, 6, 30)
    )
    balance = leave_balance(employee=person, leave_type=bg_paid, as_of=date(2026, 6, 1))
    assert balance.years[0].right == D(23)
    for percent, right in ((70, D(26)), (49, D(20))):
        other = factories.employee(dept=team["dept"], reduced_capacity_percent=percent)
        balance = leave_balance(employee=other, leave_type=bg_paid, as_of=date(2026, 6, 1))
        assert balance.years[0].right == right, percent


def test_kt_176a_unused_days_carry_over_two_years_oldest_first_then_expire(team, bg_paid):
    """KT art. 176a(1): a year's leave is extinguished two years after the end of that year.
    2024: 10 taken in 2024, 5 more in March 2026 (the oldest year first) -> 5 left, usable to
    31.12.2026; on 4 January 2027 they are gone and a request draws on 2025 first."""
    staff = team["people"]["staff"]
    for year in (2024, 2025):
        LeaveEntitlement.objects.create(
            employee=staff, leave_type=bg_paid, year_start=date(year, 1, 1), annual_days=D(20)
        )
    _approved(staff, bg_paid, date(2024, 8, 5), date(2024, 8, 16), 10)
    _approved(staff, bg_paid, date(2026, 3, 9), date(2026, 3, 13), 5)
    december = leave_balance(employee=staff, leave_type=bg_paid, as_of=date(2026, 12, 31))
    assert _years(december) == [
        (2024, D(20), D(15), D(0), date(2026, 12, 31)),
        (2025, D(20), D(0), D(0), date(2027, 12, 31)),
        (2026, D(20), D(0), D(0), date(2028, 12, 31)),
    ]
    assert december.available == D(45)
    january = leave_balance(employee=staff, leave_type=bg_paid, as_of=date(2027, 1, 4))
    assert [y[0] for y in _years(january)] == [2025, 2026, 2027]
    assert january.available == D(60)  # the 5 days of 2024 expired
    request = _ask(team, staff, bg_paid, date(2027, 1, 4), date(2027, 1, 8))
    after = leave_balance(employee=staff, leave_type=bg_paid, as_of=date(2027, 1, 8))
    assert _years(after)[0] == (2025, D(20), D(0), D(5), date(2027, 12, 31))
    assert request.days == D(5)


def test_a_request_beyond_every_open_year_is_refused_and_nothing_is_written(team, bg_paid):
    joiner = factories.employee(dept=team["dept"], hire_date=date(2026, 9, 1))  # 7 days
    with pytest.raises(ValidationError, match="needs 8.0 days but only 7.0"):
        _ask(team, joiner, bg_paid, date(2026, 10, 5), date(2026, 10, 14))
    assert not LeaveRequest.objects.filter(employee=joiner).exists()


def test_an_earlier_request_may_not_take_the_days_a_later_approved_one_holds(team, bg_paid):
    joiner = factories.employee(dept=team["dept"], hire_date=date(2026, 9, 1))  # 7 days
    _approved(joiner, bg_paid, date(2026, 12, 7), date(2026, 12, 11), 5)
    with pytest.raises(ValidationError, match="only 2.0"):
        _ask(team, joiner, bg_paid, date(2026, 10, 5), date(2026, 10, 7))


def test_leave_counts_working_days_of_the_calendar_not_of_a_shift_schedule(team, bg_paid):
    """KT art. 155(4) counts working days of the calendar whatever the person's schedule: Friday
    6 to Monday 9 March 2026 is 2 days, the Sunday never counts; a working Saturday does."""
    staff = team["people"]["staff"]
    assert _ask(team, staff, bg_paid, date(2026, 3, 6), date(2026, 3, 9)).days == D(2)
    CalendarDay.objects.create(
        day=date(2026, 3, 14), kind=CalendarDay.Kind.WORKING, name="Работна събота"
    )
    assert _ask(team, staff, bg_paid, date(2026, 3, 13), date(2026, 3, 15)).days == D(2)


def test_absences_by_type_for_payroll_are_clipped_to_the_period(team, bg_paid):
    sick = factories.paid_leave(code="SICK", kind="sick", counts_against_allowance=False)
    staff = team["people"]["staff"]
    _approved(staff, bg_paid, date(2026, 2, 26), date(2026, 3, 4), 5)  # Thu-Wed
    _approved(staff, sick, date(2026, 3, 16), date(2026, 3, 17), 2)
    LeaveRequest.objects.create(
        employee=staff,
        leave_type=bg_paid,
        start_date=date(2026, 3, 23),
        end_date=date(2026, 3, 23),
        days=D(1),
    )  # pending: not an absence yet
    found = absences_by_type(employee_ids=[staff.pk], start=date(2026, 3, 1), end=date(2026, 3, 31))
    assert {kind: a.days for kind, a in found[staff.pk].items()} == {"annual": D(3), "sick": D(2)}
    assert found[staff.pk]["annual"].paid is True
    # Each request's share: the annual leave took Thu 26 and Fri 27 February before March.
    assert [(p.days, p.days_before) for p in found[staff.pk]["annual"].parts] == [(D(3), D(2))]
    assert [(p.days, p.days_before) for p in found[staff.pk]["sick"].parts] == [(D(2), D(0))]
    spans = approved_leave(employee_ids=[staff.pk], start=date(2026, 3, 1), end=date(2026, 3, 31))
    assert [span.kind for span in spans[staff.pk]] == ["annual", "sick"]


def test_minor_status_and_under_16_come_from_the_egn_too(team):
    born = date(2010, 11, 20)
    person = factories.employee(dept=team["dept"], national_id=_egn(born))
    facts = employee_facts(employee_ids=[person.pk])[person.pk]
    assert facts.date_of_birth == born
    assert is_under_16(facts, date(2026, 11, 19)) and not is_under_16(facts, date(2026, 11, 20))
    assert is_minor(person, date(2028, 11, 19)) and not is_minor(person, date(2028, 11, 20))
    unknown = factories.employee(dept=team["dept"])
    assert not is_minor(unknown, date(2026, 1, 1))


def test_hr_sees_2025_and_2026_with_expiry_dates_and_approves_9_days_in_march(
    team, bg_paid, client, login
):
    """The person's page and HR's view list each year of origin with its last usable day."""
    staff = team["people"]["staff"]
    LeaveEntitlement.objects.create(
        employee=staff, leave_type=bg_paid, year_start=date(2025, 1, 1), annual_days=D(20)
    )
    _approved(staff, bg_paid, date(2025, 7, 7), date(2025, 7, 18), 10)
    request = _ask(team, staff, bg_paid, date(2027, 3, 8), date(2027, 3, 18), actor="staff")
    assert request.days == D(9)
    login(client, team["users"]["hr"])
    page = client.get(reverse("hr:leave-detail", args=[request.pk])).content.decode()
    for text in ("2025", "31 Dec 2027", "2026", "31 Dec 2028", "2027", "31 Dec 2029"):
        assert text in page, text
    record = client.get(
        reverse("hr:employee-detail", args=[staff.pk]) + "?tab=leave"
    ).content.decode()
    assert "Usable until" in record and "31 Dec 2027" in record  # today: 2025 is still open
    response = client.post(reverse("hr:leave-approve", args=[request.pk]))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == LeaveRequest.Status.APPROVED
    login(client, team["users"]["staff"])
    mine = client.get(reverse("hr:leave-mine")).content.decode()
    assert "Usable until" in mine and "31 Dec 2027" in mine


def test_the_data_migration_moves_a_bulgarian_paid_type_to_years_of_origin(team):
    """Existing balances: the capped carry-over into 2026 becomes the 2025 year of origin, so
    all of 2025's unused days stay usable until 31.12.2027 (KT art. 176a)."""
    import importlib

    from django.apps import apps

    from hr.models import LeaveType

    migration = importlib.import_module("hr.migrations.0010_leave_by_year_of_origin_data")
    legacy = factories.paid_leave(code="OLD", carry_over_max_days=D(5), carry_over_months=3)
    unpaid = factories.paid_leave(code="UNPAID", paid=False, counts_against_allowance=False)
    staff = team["people"]["staff"]
    LeaveEntitlement.objects.create(
        employee=staff,
        leave_type=legacy,
        year_start=date(2026, 1, 1),
        annual_days=D(20),
        carried_over=D(5),
        carry_over_expires=date(2026, 4, 1),
    )
    _approved(staff, legacy, date(2025, 6, 2), date(2025, 6, 13), 10)
    migration.forward(apps, None)
    legacy.refresh_from_db()
    unpaid.refresh_from_db()
    assert (legacy.kind, legacy.accrual, legacy.expires_after_years) == ("annual", "yearly", 2)
    assert "KT art. 176a(1)" in legacy.legal_source
    assert (unpaid.kind, unpaid.accrual) == ("unpaid", LeaveType.Accrual.MONTHLY)
    balance = leave_balance(employee=staff, leave_type=legacy, as_of=date(2026, 6, 1))
    assert _years(balance) == [
        (2025, D(20), D(10), D(0), date(2027, 12, 31)),
        (2026, D(20), D(0), D(0), date(2028, 12, 31)),
    ]
    assert balance.available == D(30)  # 10 + 20, no longer 5 + 20 capped


def test_the_balance_reads_a_fixed_number_of_queries_whatever_the_number_of_requests(team, bg_paid):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    staff = team["people"]["staff"]
    LeaveEntitlement.objects.create(
        employee=staff, leave_type=bg_paid, year_start=date(2025, 1, 1), annual_days=D(20)
    )

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            leave_balance(employee=staff, leave_type=bg_paid, as_of=date(2026, 12, 1))
        return len(queries)

    _approved(staff, bg_paid, date(2025, 3, 2), date(2025, 3, 2), 1)
    few = count()
    for week in range(12):
        day = date(2026, 1, 5) + timedelta(days=7 * week)
        _approved(staff, bg_paid, day, day, 1)
    assert count() == few


def test_a_new_leave_type_in_the_admin_starts_from_the_countrys_preset(client, login, org):
    from backoffice.models import User

    admin_user = User.objects.create_superuser("root-leave", "root@example.com", "x")
    login(client, admin_user)
    page = client.get(reverse("admin:hr_leavetype_add")).content.decode()
    assert 'value="yearly" selected' in page
    assert "KT art. 176a(1)" in page
