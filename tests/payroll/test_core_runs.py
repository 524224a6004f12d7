"""Payroll runs end to end on the real database: calculate, review, approve by a second person,
post one balanced journal entry; corrections, the nightly draft, resuming a killed calculation,
constant queries per chunk, visibility and every refusal of bad input.

Figures (BULGARIA.md, Payroll 2026; see test_core_engine for the line-by-line working): a salary
of 1,500.00 pays employee contributions 206.70, tax 129.33, net 1,163.97, employer 285.30; a
salary of 3,000.00 is insured on 2,111.64: employee 290.99, tax 270.90, net 2,438.11, employer
2,111.64 x 8.22 % = 173.58 + 2.1 % 44.34 + 0.6 % 12.67 + 2.8 % 59.13 + 4.8 % 101.36 + 0.4 %
8.45 + 0.1 % 2.11 = 401.64.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from backoffice import roles
from backoffice.models import Job, Notification
from finance.models import JournalLine, Period
from finance.payroll import selectors, services
from finance.payroll.models import (
    ContributionRate,
    OneOffEntry,
    PayComponent,
    PayrollRun,
    Payslip,
    PayslipLine,
)
from finance.payroll.services import runs as run_services
from finance.services import period_lock
from tests.hr import factories as hr
from tests.payroll.core_support import (
    APRIL,
    AUGUST,
    JULY,
    MARCH,
    adjustment,
    approved_sheet,
    calculated,
    person,
    posted,
    run_for,
    seen,
)

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def w(make_user):
    from tests.payroll.core_support import world

    return world(make_user)


def _errors(error: ValidationError) -> dict:
    return error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}


def test_a_run_posts_one_balanced_entry_equal_to_its_payslips(w):
    a = person(w["sales"], "1500.00")
    b = person(w["ops"], "3000.00")
    approved_sheet(a)
    approved_sheet(b)

    run = posted(w)

    slips = {s.employee_id: s for s in Payslip.objects.filter(run=run)}
    assert (slips[a.pk].net, slips[b.pk].net) == (D("1163.97"), D("2438.11"))
    assert (slips[a.pk].employer_contributions, slips[b.pk].employer_contributions) == (
        D("285.30"),
        D("401.64"),
    )
    # Run totals: gross 4,500.00; employee 206.70 + 290.99 = 497.69; tax 129.33 + 270.90
    # = 400.23; net 3,602.08; employer 686.94.
    assert (run.status, run.headcount, run.gross, run.employee_contributions) == (
        "posted",
        2,
        D("4500.00"),
        D("497.69"),
    )
    assert (run.tax, run.net, run.employer_contributions) == (
        D("400.23"),
        D("3602.08"),
        D("686.94"),
    )
    lines = JournalLine.objects.filter(entry=run.journal_entry).select_related("account")
    by_account: dict[str, Decimal] = {}
    for line in lines:
        by_account[line.account.number] = (
            by_account.get(line.account.number, D(0)) + line.debit - line.credit
        )
    assert by_account["604"] == D("4500.00")  # wages, by department
    assert by_account["605"] == D("686.94")  # employer contributions
    assert by_account["421"] == -D("3602.08")  # net pay payable
    assert by_account["454"] == -D("400.23")  # income tax withheld
    # Health (462) both shares: 48.00 + 67.57 + 72.00 + 101.36 = 288.93; UPF (463): 33.00 +
    # 46.46 + 42.00 + 59.13 = 180.59; the rest of both shares goes to 461.
    assert by_account["462"] == -D("288.93")
    assert by_account["463"] == -D("180.59")
    assert by_account["461"] == -(D("497.69") + D("686.94") - D("288.93") - D("180.59"))
    assert sum(by_account.values()) == 0
    assert {ln.department_id for ln in lines if ln.account.number == "604"} == {
        w["sales"].pk,
        w["ops"].pk,
    }
    # Each line explains itself and names the timesheet it read.
    line = PayslipLine.objects.get(payslip=slips[a.pk], code="income_tax")
    assert line.explanation_text == "Income tax: (1,500.00 - 206.70) x 10.00% = 129.33"
    assert slips[a.pk].timesheet_id is not None


def test_posting_tells_each_person_their_payslip_is_ready(
    w, make_user, django_capture_on_commit_callbacks
):
    user = make_user(roles.STAFF)
    a = person(w["sales"], user=user)
    run = calculated(w)
    run = services.run_review(run=run, actor=w["clerk"])
    run = services.run_approve(run=run, actor=w["second"], open_items_seen=seen(run))
    with django_capture_on_commit_callbacks(execute=True):
        services.run_post(run=run, actor=w["second"], open_items_seen=seen(run))

    note = Notification.objects.get(recipient=user, kind="payroll.payslip_ready")
    assert note.params is not None and a.pk


def test_the_calculator_cannot_approve_when_a_second_person_is_required(w):
    person(w["sales"])
    run = services.run_review(run=calculated(w), actor=w["clerk"])

    with pytest.raises(ValidationError) as refused:
        services.run_approve(run=run, actor=w["clerk"])

    assert "another person must approve it" in str(refused.value)
    assert PayrollRun.objects.get(pk=run.pk).status == "reviewed"


def test_posting_into_a_locked_period_is_refused_and_writes_nothing(w):
    person(w["sales"])
    run = services.run_review(run=calculated(w), actor=w["clerk"])
    run = services.run_approve(run=run, actor=w["second"], open_items_seen=seen(run))
    period_lock(period=Period.objects.get(start=date(2026, 3, 1)), actor=None)

    with pytest.raises(ValidationError) as refused:
        services.run_post(run=run, actor=w["second"], open_items_seen=seen(run))

    assert "locked" in _errors(refused.value)["date"][0]
    run.refresh_from_db()
    assert (run.status, run.journal_entry_id) == ("approved", None)


def test_a_posted_run_cannot_be_recalculated_reopened_or_changed(w):
    person(w["sales"])
    run = posted(w)

    for action in (services.run_calculate, services.run_reopen, services.run_delete):
        with pytest.raises(ValidationError, match="posted"):
            action(run=run, actor=w["clerk"])
    with pytest.raises(ValidationError, match="posted"):
        services.run_calculate_start(run=run, actor=w["clerk"])


@pytest.mark.postgres
def test_the_database_refuses_to_change_a_posted_run(w):
    person(w["sales"])
    run = posted(w)
    slip = Payslip.objects.get(run=run)

    for change in (
        lambda: Payslip.objects.filter(pk=slip.pk).update(net=D("1.00")),
        lambda: PayslipLine.objects.filter(payslip=slip).delete(),
        lambda: PayrollRun.objects.filter(pk=run.pk).update(status="draft"),
        lambda: PayslipLine.objects.create(
            payslip=slip, kind="earning", code="x", label="x", amount=D(1), explanation="x"
        ),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            change()
    slip.refresh_from_db()
    assert slip.net == D("1163.97")


def test_rule_rows_switching_mid_year(w):
    # Maximum insurable income 2,111.64 to 31 July, 2,300.00 from 1 August (two rows of the
    # preset). August on 3,000.00: 2,300 x 6.58 % = 151.34, 1.4 % 32.20, 0.4 % 9.20, 2.2 % 50.60,
    # 3.2 % 73.60 -> 316.94; tax (3,000.00 - 316.94) x 10 % = 268.306 -> 268.31; net 2,414.75.
    b = person(w["ops"], "3000.00")
    july = Payslip.objects.get(run=calculated(w, JULY), employee=b)
    august = Payslip.objects.get(run=calculated(w, AUGUST), employee=b)

    assert (july.insurable, july.employee_contributions, july.net) == (
        D("2111.64"),
        D("290.99"),
        D("2438.11"),
    )
    assert (august.insurable, august.employee_contributions, august.tax, august.net) == (
        D("2300.00"),
        D("316.94"),
        D("268.31"),
        D("2414.75"),
    )


def test_a_joiner_in_the_middle_of_the_month(w):
    # June 2026 has 22 working days and no holiday; hired Tuesday 16 June: 11 working days.
    # 2,200.00 x 11 / 22 = 1,100.00; employee 151.58; tax 94.84; net 853.58 (test_core_engine).
    joiner = person(w["sales"], "2200.00", hire=date(2026, 6, 16))
    slip = Payslip.objects.get(
        run=calculated(w, (date(2026, 6, 1), date(2026, 6, 30))), employee=joiner
    )

    assert (slip.gross, slip.employee_contributions, slip.tax, slip.net) == (
        D("1100.00"),
        D("151.58"),
        D("94.84"),
        D("853.58"),
    )


def test_a_raise_in_the_middle_of_the_month_pays_each_salary_for_its_own_days(w):
    # June 2026: 22 working days. 1,400.00 until Monday 15 June (11 working days), then a new
    # contract of 1,600.00 from Tuesday 16 June (11): 1,400 x 11 / 22 = 700.00 and
    # 1,600 x 11 / 22 = 800.00, so gross 1,500.00 and the BULGARIA.md example's net 1,163.97.
    # Before, only the latest contract's days were paid (800.00).
    from hr.services import contract_add

    raised = person(w["sales"], "1400.00")
    contract_add(
        actor=None,
        employee=raised,
        data={"start": date(2026, 6, 16), "amount": D("1600.00"), "weekly_hours": D(40)},
    )
    slip = Payslip.objects.get(
        run=calculated(w, (date(2026, 6, 1), date(2026, 6, 30))), employee=raised
    )
    base = slip.lines.filter(code="base_pay").order_by("position")

    assert [(ln.amount, ln.explanation_params["start"]) for ln in base] == [
        (D("700.00"), "2026-01-01"),
        (D("800.00"), "2026-06-16"),
    ]
    assert (slip.gross, slip.employee_contributions, slip.tax, slip.net) == (
        D("1500.00"),
        D("206.70"),
        D("129.33"),
        D("1163.97"),
    )
    assert slip.days_worked == D("22")


def _june_with_sick_leaves(w, *leaves) -> Payslip:
    """June 2026's payslip of a person on 2,200.00 with the approved sick ``leaves``
    (first day, last day, working days)."""
    from hr.models import LeaveRequest

    sick = hr.paid_leave(code="SICK", kind="sick", counts_against_allowance=False)
    ill = person(w["sales"], "2200.00")
    for first, last, days in leaves:
        LeaveRequest.objects.create(
            employee=ill,
            leave_type=sick,
            start_date=first,
            end_date=last,
            days=D(days),
            status=LeaveRequest.Status.APPROVED,
        )
    return Payslip.objects.get(
        run=calculated(w, (date(2026, 6, 1), date(2026, 6, 30))), employee=ill
    )


def test_approved_sick_leaves_pay_the_first_three_days_of_each_leave(w):
    # June 2026: 22 working days, no holiday; no earlier payslip, so the contract's daily pay
    # 2,200.00 / 22 = 100.0000 stands in. Sick leave from Thursday 28 May to Friday 5 June:
    # 2 working days in May, 5 in June, so June's employer pays its 1 remaining first day; a
    # second sick leave 15-18 June (4 days) pays its first 3: 4 days x 100.0000 x 70 % =
    # 280.00, the other 5 of the 9 sick days from the institute (Social Security Code
    # art. 40(5)). Base 2,200.00 x 13 / 22 = 1,300.00; employee on 1,300.00: 85.54 + 18.20 +
    # 5.20 + 28.60 + 41.60 = 179.14; tax (1,580.00 - 179.14) x 10 % = 140.086 -> 140.09; net
    # 1,580.00 - 179.14 - 140.09 = 1,260.77.
    slip = _june_with_sick_leaves(
        w, (date(2026, 5, 28), date(2026, 6, 5), 7), (date(2026, 6, 15), date(2026, 6, 18), 4)
    )
    line = slip.lines.get(code="sick_employer")

    assert (line.amount, line.quantity) == (D("280.00"), D("4.00"))
    assert line.explanation_params["rest"] == "5.00"
    assert slip.days_worked == D("13")
    assert (slip.gross, slip.employee_contributions, slip.tax, slip.net) == (
        D("1580.00"),
        D("179.14"),
        D("140.09"),
        D("1260.77"),
    )


def test_a_sick_leave_continued_by_a_second_request_is_one_sick_leave(w):
    # June 2026 (no holiday). A sick note Thursday 28 - Sunday 31 May (2 working days) is
    # continued from Monday 1 June to Tuesday 2 June and again Wednesday 3 - Friday 5 June: one
    # illness, so the employer's first three days were 28 May, 29 May and 1 June: June pays 1
    # day at 100.0000 x 70 % = 70.00; a new illness 15-18 June pays its first 3: 4 x 70.00 =
    # 280.00 in all, the other 5 of the 9 June sick days from the institute.
    slip = _june_with_sick_leaves(
        w,
        (date(2026, 5, 28), date(2026, 5, 31), 2),
        (date(2026, 6, 1), date(2026, 6, 2), 2),
        (date(2026, 6, 3), date(2026, 6, 5), 3),
        (date(2026, 6, 15), date(2026, 6, 18), 4),
    )
    line = slip.lines.get(code="sick_employer")

    assert (line.amount, line.quantity) == (D("280.00"), D("4.00"))
    assert line.explanation_params["rest"] == "5.00"
    assert slip.days_worked == D("13")


def test_correction_lines_after_a_late_timesheet_adjustment(w):
    # March is posted; then March's timesheet gains 2.00 h of working-day overtime, carried
    # into April's timesheet. April pays it on a line naming March: 1,600 x 12 / (40 x 52)
    # = 9.2308 an hour; 2.00 x 9.2308 x 1.5 = 27.6924 -> 27.69.
    a = person(w["sales"], "1600.00")
    march_sheet = approved_sheet(a)
    posted(w)
    april_sheet = approved_sheet(a, APRIL)
    adjustment(april_sheet, march_sheet, overtime=120, overtime_workday=120, worked=120)

    run = calculated(w, APRIL)

    lines = list(
        PayslipLine.objects.filter(payslip__run=run, corrects_start__isnull=False).values_list(
            "code", "amount", "corrects_start", "corrects_end", "timesheet_id"
        )
    )
    assert lines == [
        ("correction_overtime_workday", D("27.69"), *MARCH, april_sheet.pk),
    ]
    line = PayslipLine.objects.get(payslip__run=run, code="correction_overtime_workday")
    assert line.label_text == "Overtime on working days, correction for 2026-03-01 to 2026-03-31"
    assert line.explanation_text == "Overtime on working days: 2.00 h x 9.2308 x 1.5 = 27.69"


def test_an_off_cycle_correction_run_for_named_people(w):
    a = person(w["sales"], "1500.00")
    person(w["ops"], "1500.00")
    march = posted(w)
    bonus = PayComponent.objects.get(code="bonus")
    services.one_off_save(
        employee=a,
        component=bonus,
        period_start=date(2026, 3, 15),
        period_end=date(2026, 3, 31),
        amount="100.00",
        corrects_start=MARCH[0],
        corrects_end=MARCH[1],
    )
    run = services.run_create(
        period_start=date(2026, 3, 15),
        period_end=date(2026, 3, 31),
        kind="correction",
        corrects=march,
        employee_ids=[a.pk],
        actor=None,
    )
    run = services.run_calculate(run=run, actor=w["clerk"])

    assert list(Payslip.objects.filter(run=run).values_list("employee_id", flat=True)) == [a.pk]
    line = PayslipLine.objects.get(payslip__run=run, code="bonus")
    assert (line.amount, line.corrects_start) == (D("100.00"), MARCH[0])


def test_the_nightly_recalculation_is_idempotent_and_tells_payroll_once(w):
    a = person(w["sales"], "1500.00")
    approved_sheet(a)
    services.payroll_settings_save(data={"review_day": 25})

    first = services.payroll_nightly(today=date(2026, 3, 10))
    slip_ids = list(Payslip.objects.filter(run=first).values_list("pk", "net"))
    again = services.payroll_nightly(today=date(2026, 3, 10))

    assert again.pk == first.pk
    assert list(Payslip.objects.filter(run=again).values_list("pk", "net")) == slip_ids
    assert PayrollRun.objects.count() == 1
    assert not Notification.objects.filter(kind="payroll.run_ready").exists()

    services.payroll_nightly(today=date(2026, 3, 26))
    services.payroll_nightly(today=date(2026, 3, 27))
    told = Notification.objects.filter(kind="payroll.run_ready")
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(
        [w["clerk"].pk, w["second"].pk]
    )


class _Killed(Exception):
    pass


class _Context:
    def __init__(self, job):
        self.job = job

    def progress(self, done, total=None, message=None, *, force=False):
        self.done = done


def test_a_calculation_killed_half_way_resumes_to_one_payslip_each_and_the_same_cents(
    w, monkeypatch
):
    people = [person(w["sales"] if n % 2 else w["ops"], f"{1500 + 137 * n}.45") for n in range(5)]
    for n, employee in enumerate(people):
        approved_sheet(employee, overtime=60 * n, overtime_rest_day=60 * n, night=30 * n)
    run = run_for()
    job = Job.objects.create(
        kind="payroll.run_calculate", params={"run": run.pk}, idempotency_key="k"
    )
    PayrollRun.objects.filter(pk=run.pk).update(job=job)
    run.refresh_from_db()
    monkeypatch.setattr(run_services, "CHUNK", 2)

    def kill(_run, done):
        if done == 2:
            raise _Killed

    run_services.after_chunk.append(kill)
    try:
        with pytest.raises(_Killed):
            services.run_calculate(run=run, actor=w["clerk"], context=_Context(job))
    finally:
        run_services.after_chunk.remove(kill)
    written = dict(Payslip.objects.filter(run=run).values_list("employee_id", "pk"))
    assert len(written) == 2

    resumed = services.run_calculate(run=run, actor=w["clerk"], context=_Context(job))

    slips = Payslip.objects.filter(run=resumed)
    assert sorted(slips.values_list("employee_id", flat=True)) == sorted(p.pk for p in people)
    # The two done before the kill were not calculated again.
    assert {pk for e, pk in slips.values_list("employee_id", "pk") if e in written} == set(
        written.values()
    )
    after_resume = (resumed.gross, resumed.net, resumed.tax, resumed.employer_contributions)
    nets = dict(slips.values_list("employee_id", "net"))

    # An uninterrupted calculation from scratch gives the same figures to the cent.
    Payslip.objects.filter(run=run).delete()
    again = services.run_calculate(run=services.run_reopen(run=resumed, actor=None), actor=None)
    assert (again.gross, again.net, again.tax, again.employer_contributions) == after_resume
    assert dict(Payslip.objects.filter(run=again).values_list("employee_id", "net")) == nets
    assert again.headcount == 5


@pytest.mark.postgres  # SQLite writes the lines with bulk_create, in batches of its parameter limit
def test_queries_per_chunk_do_not_grow_with_people(w):
    def count(period, how_many):
        for n in range(how_many):
            employee = person(w["sales"], f"{1400 + n}.00", hire=date(2026, 1, 1))
            approved_sheet(employee, period, overtime=30, overtime_workday=30)
        run = run_for(period)
        with CaptureQueriesContext(connection) as queries:
            services.run_calculate(run=run, actor=w["clerk"])
        return len(queries)

    count((date(2026, 2, 1), date(2026, 2, 28)), 1)  # warms the per-process caches
    few = count(MARCH, 2)
    many = count(APRIL, 9)
    # March pays 3 people, April 12: one chunk each, the same queries.
    assert few == many


def test_visibility_of_pay(w, make_user):
    staff_user = make_user(roles.STAFF)
    other_user = make_user(roles.STAFF)
    boss_user = make_user(roles.MANAGER)
    boss = hr.employee(dept=w["sales"], user=boss_user, weekly_hours=None)
    w["sales"].manager = boss
    w["sales"].save()
    mine = person(w["sales"], user=staff_user)
    theirs = person(w["ops"], user=other_user)
    colleagues = [person(w["sales"], "1700.00") for _n in range(2)]
    run = calculated(w)
    my_slip = Payslip.objects.get(run=run, employee=mine)
    their_slip = Payslip.objects.get(run=run, employee=theirs)

    assert not selectors.my_payslips(viewer=staff_user).exists()
    with pytest.raises(Http404):
        selectors.payslip_get(viewer=staff_user, pk=my_slip.pk)  # not posted yet
    run = services.run_review(run=run, actor=w["clerk"])
    run = services.run_approve(run=run, actor=w["second"], open_items_seen=seen(run))
    run = services.run_post(run=run, actor=w["second"], open_items_seen=seen(run))

    assert selectors.payslip_get(viewer=staff_user, pk=my_slip.pk) == my_slip
    assert list(selectors.my_payslips(viewer=staff_user)) == [my_slip]
    for viewer in (staff_user, boss_user):
        with pytest.raises(Http404):
            selectors.payslip_get(viewer=viewer, pk=their_slip.pk)
        with pytest.raises(Http404):
            selectors.run_get(viewer=viewer, pk=run.pk)
    assert selectors.payslip_get(viewer=w["clerk"], pk=their_slip.pk) == their_slip
    # The manager sees the totals of their department only (1,500.00 + 2 x 1,700.00); staff
    # see none.
    totals = selectors.department_cost(viewer=boss_user, start=MARCH[0], end=MARCH[1])
    assert [(t.department_id, t.headcount, t.gross) for t in totals] == [
        (w["sales"].pk, 3, D("4900.00"))
    ]
    assert selectors.department_cost(viewer=staff_user, start=MARCH[0], end=MARCH[1]) == []
    assert len(selectors.department_cost(viewer=w["clerk"], start=MARCH[0], end=MARCH[1])) == 2
    assert colleagues


def test_a_team_manager_sees_the_totals_of_their_reports_in_groups_of_three(w, make_user):
    lead_user = make_user(roles.MANAGER)
    lead = person(w["ops"], "2000.00", user=lead_user)
    team = [person(w["ops"], "1000.00", manager=lead) for _n in range(3)]
    lone = person(w["sales"], "1200.00", manager=lead)
    calculated(w)

    totals = selectors.department_cost(viewer=lead_user, start=MARCH[0], end=MARCH[1])

    # Three reports in Operations: 3 x 1,000.00; the one in Sales alone is not shown, nor is
    # the lead's own pay.
    assert [(t.department_id, t.headcount, t.gross) for t in totals] == [
        (w["ops"].pk, 3, D("3000.00"))
    ]
    assert team and lone


def test_review_highlights_changes_against_last_month(w):
    steady = person(w["sales"], "1500.00")
    raised = person(w["sales"], "1500.00")
    posted(w)
    bonus = PayComponent.objects.get(code="bonus")
    services.one_off_save(
        employee=raised, component=bonus, period_start=APRIL[0], period_end=APRIL[1], amount="500"
    )
    run = calculated(w, APRIL)

    changes = {c.employee_id: c for c in selectors.run_changes(run=run)}
    assert changes[steady.pk].highlighted is False
    assert changes[steady.pk].delta == D("0.00")
    assert changes[raised.pk].highlighted is True
    assert [c.employee_id for c in selectors.run_changes(run=run, only_highlighted=True)] == [
        raised.pk
    ]


def test_the_pre_payroll_check(w):
    fine = person(w["sales"])
    approved_sheet(fine)
    no_iban = person(w["sales"], iban="")
    leaver = person(w["ops"])
    leaver.end_date = date(2026, 3, 20)
    leaver.save()
    unpaid = hr.employee(
        dept=w["ops"], hire_date=date(2026, 1, 1), weekly_hours=None, iban="BG80BNBG96611020345678"
    )

    check = selectors.prepayroll_check(period_start=MARCH[0], period_end=MARCH[1])

    assert fine.pk not in {p.employee_id for p in check.not_approved}
    assert {no_iban.pk, leaver.pk, unpaid.pk} <= {p.employee_id for p in check.not_approved}
    assert [p.employee_id for p in check.without_iban] == [no_iban.pk]
    assert [p.employee_id for p in check.without_pay] == [unpaid.pk]
    assert [p.employee_id for p in check.leavers_without_final_pay] == [leaver.pk]
    assert not check.ok


# --- bad input: a clear error, nothing written ---------------------------------------------


def test_an_overlapping_or_negative_rule_row_is_refused(w):
    before = ContributionRate.objects.count()
    data = {
        "fund": "pension",
        "variant": "standard",
        "employee_rate": "6.60",
        "employer_rate": "8.20",
        "valid_from": date(2026, 9, 1),
        "source": "Test",
    }
    with pytest.raises(ValidationError) as overlap:
        services.contribution_rate_save(data=data)
    assert (
        "Another row for the same pension (standard) is in force from 2026-01-01"
        in (_errors(overlap.value)["valid_from"][0])
    )
    with pytest.raises(ValidationError) as negative:
        services.payroll_rule_save(
            data={
                "kind": "income_tax_rate",
                "value": "-1",
                "valid_from": date(2030, 1, 1),
                "source": "x",
            }
        )
    assert _errors(negative.value)["value"] == ["A rate cannot be negative."]
    assert ContributionRate.objects.count() == before

    # Ending the old row first makes room for the new one.
    old = ContributionRate.objects.get(fund="pension", variant="standard")
    services.contribution_rate_save(
        instance=old,
        data={
            "fund": "pension",
            "variant": "standard",
            "employee_rate": old.employee_rate,
            "employer_rate": old.employer_rate,
            "valid_from": old.valid_from,
            "valid_to": date(2026, 8, 31),
            "source": old.source,
        },
    )
    services.contribution_rate_save(data=data)
    assert selectors.rules_in_force(on=date(2026, 9, 30)).funds["standard"][-1].employee_rate == (
        D("6.6000")
    )


@pytest.mark.postgres
def test_the_database_refuses_an_overlapping_rule_row(w):
    with pytest.raises(DatabaseError), transaction.atomic():
        ContributionRate.objects.create(
            fund="health",
            variant="standard",
            employee_rate=D("3.2"),
            employer_rate=D("4.8"),
            liability_account="462",
            valid_from=date(2026, 5, 1),
            source="overlap",
        )


def test_a_component_whose_base_does_not_exist_is_refused(w):
    with pytest.raises(ValidationError) as refused:
        services.component_save(
            data={
                "code": "shift_bonus",
                "name": "Shift bonus",
                "side": "earning",
                "method": "percent",
                "percent": "5",
                "base": "__import__('os').system('x')",
            }
        )
    assert "There is no base or component" in _errors(refused.value)["base"][0]
    assert not PayComponent.objects.filter(code="shift_bonus").exists()
    made = services.component_save(
        data={
            "code": "shift_bonus",
            "name": "Shift bonus",
            "side": "earning",
            "method": "percent",
            "percent": "5",
            "base": "bonus",
        }
    )
    assert made.base == "bonus"


def test_a_one_off_for_somebody_not_employed_in_the_period_is_refused(w):
    later = person(w["sales"], hire=date(2026, 6, 16))
    with pytest.raises(ValidationError) as refused:
        services.one_off_save(
            employee=later,
            component=PayComponent.objects.get(code="bonus"),
            period_start=MARCH[0],
            period_end=MARCH[1],
            amount="100",
        )
    assert (
        "is not employed between 2026-03-01 and 2026-03-31" in _errors(refused.value)["employee"][0]
    )
    assert not OneOffEntry.objects.exists()


def test_an_import_with_one_bad_row_writes_nothing(w):
    a = person(w["sales"])
    content = (
        "employee_number,component,amount,hours,note\n"
        f"{a.employee_number},bonus,150.00,,March target\n"
        "NOBODY,bonus,10,,\n"
        f"{a.employee_number},advance,abc,,\n"
    ).encode()
    upload = SimpleUploadedFile("oneoffs.csv", content, content_type="text/csv")

    with pytest.raises(services.OneOffImportError) as refused:
        services.one_offs_import(upload=upload, period_start=MARCH[0], period_end=MARCH[1])

    assert [(e.row, e.column) for e in refused.value.errors] == [
        (3, "employee_number"),
        (4, "amount"),
    ]
    assert not OneOffEntry.objects.exists()

    good = SimpleUploadedFile(
        "oneoffs.csv",
        f"employee_number,component,amount\n{a.employee_number},bonus,150.00\n".encode(),
        content_type="text/csv",
    )
    assert services.one_offs_import(upload=good, period_start=MARCH[0], period_end=MARCH[1]) == 1


CHILD = """
import os, sys, time
sys.path.insert(0, os.getcwd())
import django
django.setup()
from finance.payroll import services
from finance.payroll.models import PayrollRun
from finance.payroll.services import runs
from backoffice.models import Job


class Context:
    def __init__(self, job):
        self.job = job

    def progress(self, done, total=None, message=None, *, force=False):
        pass


def pause(_run, done):
    print(f"chunk {done}", flush=True)
    time.sleep(60)  # killed here, after the first chunk committed


runs.CHUNK = 2
runs.after_chunk.append(pause)
run = PayrollRun.objects.get(pk=int(sys.argv[1]))
services.run_calculate(run=run, actor=None, context=Context(Job.objects.get(pk=run.job_id)))
"""


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_run_leaves_one_payslip_each_after_the_resume(make_user, tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.payroll.core_support import world

    w = world(make_user)
    people = [person(w["sales"], f"{1800 + 11 * n}.10") for n in range(5)]
    for n, employee in enumerate(people):
        approved_sheet(employee, overtime=45 * n, overtime_workday=45 * n)
    run = run_for()
    job = Job.objects.create(
        kind="payroll.run_calculate", params={"run": run.pk}, idempotency_key="kill"
    )
    PayrollRun.objects.filter(pk=run.pk).update(job=job)
    settings = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": (
            f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
            f"{settings['PORT'] or 5432}/{settings['NAME']}"
        ),
    }
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    child = subprocess.Popen(
        [sys.executable, str(script), str(run.pk)],
        cwd=os.getcwd(),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = child.stdout.readline()  # blocks until the first chunk is written
        assert line.startswith("chunk 2"), child.stderr.read()
        deadline = time.monotonic() + 30
        while Payslip.objects.filter(run=run).count() < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert Payslip.objects.filter(run=run).count() == 2
    run.refresh_from_db()
    assert run.status == "draft"

    resumed = services.run_calculate(run=run, actor=None, context=_Context(job))

    assert sorted(Payslip.objects.filter(run=resumed).values_list("employee_id", flat=True)) == (
        sorted(p.pk for p in people)
    )
    figures = (resumed.gross, resumed.net, resumed.tax, resumed.employer_contributions)
    # An uninterrupted calculation from scratch matches to the cent.
    Payslip.objects.filter(run=run).delete()
    again = services.run_calculate(run=services.run_reopen(run=resumed, actor=None), actor=None)
    assert (again.gross, again.net, again.tax, again.employer_contributions) == figures
    assert again.headcount == 5


def test_starting_the_calculation_twice_gives_one_job(w, django_capture_on_commit_callbacks):
    person(w["sales"])
    run = run_for()

    first = services.run_calculate_start(run=run, actor=w["clerk"])
    second = services.run_calculate_start(run=run, actor=w["second"])

    assert first.pk == second.pk
    assert PayrollRun.objects.get(pk=run.pk).job_id == first.pk


def test_the_preset_loads_once_with_its_sources(w):
    assert services.payroll_rules_load_preset() == 0  # already loaded by the migration
    rules = selectors.rules_in_force(on=date(2026, 3, 31))
    assert rules.values["max_insurable_income"].value == D("2111.6400")
    assert rules.values["minimum_wage"].value == D("620.2000")
    assert {f.fund for f in rules.funds["before_1960"]} == {
        "pension",
        "sickness",
        "unemployment",
        "health",
        "work_accident",
        "guaranteed",
    }
    assert all(row.source for row in ContributionRate.objects.all())


def test_a_run_for_a_location_or_a_department_pays_only_its_people(w):
    from tests.scheduling import factories as sched

    here = person(w["sales"])
    elsewhere = person(w["ops"])
    shop = sched.location()
    roster = sched.period(shop, date(2026, 3, 9), status="published")
    sched.shift(roster, here, date(2026, 3, 10), sched.template(shop))

    by_location = calculated(w, group="location", location=shop)
    by_department = calculated(w, group="department", department=w["ops"])

    assert list(Payslip.objects.filter(run=by_location).values_list("employee_id", flat=True)) == [
        here.pk
    ]
    assert list(
        Payslip.objects.filter(run=by_department).values_list("employee_id", flat=True)
    ) == [elsewhere.pk]
