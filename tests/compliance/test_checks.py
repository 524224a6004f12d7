"""Each nightly check finds what it must and nothing else; filing is idempotent; a resolved
finding comes back when the problem does; accepting needs a reason."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from backoffice.registry import registry
from compliance.models import Finding
from compliance.selectors import checks
from compliance.services import checks_run, finding_accept
from hr.models import Course, EmployeeDocument, EmploymentContract, TrainingAssignment
from it_support.models import Licence, LicenceSeat, Queue, Ticket
from scheduling.models import Timesheet
from tests.compliance import factories
from tests.hr.factories import employee

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def keys(found) -> set[str]:
    return {f.key for f in found}


def test_every_department_check_is_registered():
    assert set(registry.compliance_checks) >= {
        "scheduling.roster_worktime",
        "scheduling.timesheet_overtime",
        "hr.trainings",
        "hr.employment_records",
        "hr.leave_expiring",
        "it_support.breaches",
        "it_support.licence_seats",
        "compliance.policies",
        "compliance.contracts",
    }


def test_roster_with_too_little_rest_is_found_and_a_rested_one_is_not():
    tired, rested = employee(), employee()
    week, first, second = factories.rest_breaking_roster(tired, day=TODAY)
    factories.rest_breaking_roster(rested, day=TODAY, gap_hours=14)

    found = list(checks.roster_worktime(TODAY))

    daily = [f for f in found if f.key.endswith(":daily_rest")]
    assert {f.employee_id for f in daily} == {tired.pk}
    assert daily[0].severity == "high"
    assert daily[0].url.startswith(f"/scheduling/periods/{week.pk}/")
    assert all(f.employee_id != rested.pk for f in found if "rest" in f.key)


def test_yearly_overtime_over_150_hours_is_found():
    over, under = employee(), employee()
    for person, minutes in ((over, 151 * 60), (under, 149 * 60)):
        Timesheet.objects.create(
            employee=person,
            start=TODAY.replace(month=1, day=1),
            end=TODAY.replace(month=1, day=31),
            status=Timesheet.Status.APPROVED,
            totals={"overtime": minutes},
        )

    found = list(checks.timesheet_overtime(TODAY))

    assert keys(found) == {f"overtime-year:{over.pk}:{TODAY.year}"}


def test_overdue_mandatory_training_and_expiring_certificate_are_found():
    late, fine = employee(), employee()
    course = Course.objects.create(title="Fire safety")
    TrainingAssignment.objects.create(
        employee=late, course=course, due_date=TODAY - timedelta(days=1), mandatory=True
    )
    TrainingAssignment.objects.create(
        employee=fine, course=course, due_date=TODAY + timedelta(days=10), mandatory=True
    )
    first_aid = Course.objects.create(title="First aid")
    TrainingAssignment.objects.create(
        employee=late,
        course=first_aid,
        due_date=date(2024, 1, 1),
        completed_on=date(2024, 1, 1),
        expires_on=TODAY + timedelta(days=5),
    )
    TrainingAssignment.objects.create(
        employee=fine,
        course=first_aid,
        due_date=date(2024, 1, 1),
        completed_on=date(2024, 1, 1),
        expires_on=TODAY + timedelta(days=300),
    )

    found = list(checks.trainings(TODAY))

    assert {f.employee_id for f in found} == {late.pk}
    assert len(found) == 2


def test_people_without_a_contract_and_expiring_identity_documents_are_found():
    without = employee(weekly_hours=None)
    with_contract = employee()
    document = EmployeeDocument.objects.create(
        employee=with_contract,
        kind="identity",
        title="Work permit",
        content_type="application/pdf",
        expires_on=TODAY + timedelta(days=10),
    )
    EmployeeDocument.objects.create(
        employee=without,
        kind="identity",
        title="ID card",
        content_type="application/pdf",
        expires_on=TODAY + timedelta(days=400),
    )

    found = keys(checks.employment_records(TODAY))

    assert found == {f"no-contract:{without.pk}", f"identity:{document.pk}"}


def test_a_breach_past_72_hours_unreported_is_found_and_a_notified_one_is_not(make_user):
    queue = Queue.objects.create(code="sec", name="Security")
    who = make_user("Staff")
    late = Ticket.objects.create(
        subject="Laptop stolen",
        queue=queue,
        created_at=timezone.now(),
        requester=who,
        personal_data_breach=True,
        breach_aware_at=timezone.now() - timedelta(hours=73),
    )
    Ticket.objects.create(
        subject="Mail misdirected",
        queue=queue,
        created_at=timezone.now(),
        requester=who,
        personal_data_breach=True,
        breach_aware_at=timezone.now() - timedelta(hours=80),
        authority_notified_at=timezone.now(),
    )
    Ticket.objects.create(
        subject="Fresh",
        queue=queue,
        created_at=timezone.now(),
        requester=who,
        personal_data_breach=True,
        breach_aware_at=timezone.now() - timedelta(hours=10),
    )

    assert keys(checks.personal_data_breaches(TODAY)) == {f"breach:{late.pk}"}


def test_licence_with_more_seats_in_use_than_bought_is_found():
    over = Licence.objects.create(name="Office", seats_total=1)
    fine = Licence.objects.create(name="Editor", seats_total=2)
    people = [employee(), employee()]
    for n, person in enumerate(people, start=1):
        LicenceSeat.objects.create(licence=over, number=n, employee=person)
    LicenceSeat.objects.create(licence=fine, number=1, employee=people[0])

    assert keys(checks.licence_seats(TODAY)) == {f"licence-seats:{over.pk}"}


def test_policy_not_acknowledged_past_due_is_found_per_department(make_user):
    officer = make_user("Compliance")
    person = employee(hire_date=date(2020, 1, 1))
    late = factories.policy(officer, due_days=7, published_days_ago=10)
    factories.policy(officer, due_days=30, published_days_ago=10)

    found = list(checks.policy_acknowledgements(TODAY))

    assert keys(found) == {f"policy:{late.pk}:{person.department_id}"}
    assert found[0].params["count"] == 1


def test_contract_inside_its_lead_time_is_found(make_user):
    owner = make_user("Compliance")
    soon = factories.contract(
        owner,
        start=TODAY - timedelta(days=300),
        end=TODAY + timedelta(days=40),
        notice_value=30,
        notice_unit="days",
        lead_days=20,
    )
    factories.contract(
        owner,
        start=TODAY - timedelta(days=10),
        end=TODAY + timedelta(days=300),
        notice_value=30,
        notice_unit="days",
        lead_days=20,
    )

    found = list(checks.contracts_notice(TODAY))

    assert keys(found) == {f"contract-notice:{soon.pk}:{(TODAY + timedelta(days=40)).isoformat()}"}
    assert found[0].owner_id == owner.pk


def test_leave_about_to_expire_is_found_and_used_leave_is_not():
    from hr.models import LeaveEntitlement, LeaveRequest, LeaveType

    leave_type = LeaveType.objects.create(
        code="PAL",
        name="Paid annual leave",
        accrual=LeaveType.Accrual.YEARLY,
        expires_after_years=2,
        annual_days=20,
    )
    year = TODAY.year - 2
    unused, used = employee(hire_date=date(2020, 1, 1)), employee(hire_date=date(2020, 1, 1))
    for person in (unused, used):
        LeaveEntitlement.objects.create(
            employee=person, leave_type=leave_type, year_start=date(year, 1, 1), annual_days=20
        )
    LeaveRequest.objects.create(
        employee=used,
        leave_type=leave_type,
        start_date=date(year, 7, 1),
        end_date=date(year, 7, 28),
        days=Decimal(20),
        status=LeaveRequest.Status.APPROVED,
    )
    december = date(TODAY.year, 12, 1)

    found = [f for f in checks.leave_expiring(december) if f.key.endswith(f":{year}-01-01")]

    assert [f.employee_id for f in found] == [unused.pk]
    assert not [
        f for f in checks.leave_expiring(date(TODAY.year, 6, 1)) if f.key.endswith(f":{year}-01-01")
    ]


def test_a_second_night_files_no_duplicates_and_a_fixed_problem_resolves_then_returns():
    person = employee()
    _week, _first, second = factories.rest_breaking_roster(person, day=TODAY)
    only = ["scheduling.roster_worktime"]

    checks_run(today=TODAY, only=only)
    first_count = Finding.objects.count()
    run = checks_run(today=TODAY, only=only)

    assert first_count >= 1
    assert Finding.objects.count() == first_count
    assert run.opened == 0
    rest = Finding.objects.filter(key__endswith=":daily_rest").order_by("pk").first()

    # The planner moves the early shift away: the finding resolves.
    original = (second.start, second.end)
    second.start += timedelta(hours=8)
    second.end += timedelta(hours=8)
    second.save(update_fields=["start", "end"])
    checks_run(today=TODAY + timedelta(days=1), only=only)
    rest.refresh_from_db()
    assert rest.state == Finding.State.RESOLVED

    # And puts it back: the same finding reopens, no new row.
    second.start, second.end = original
    second.save(update_fields=["start", "end"])
    checks_run(today=TODAY + timedelta(days=2), only=only)
    rest.refresh_from_db()
    assert rest.state == Finding.State.OPEN
    assert rest.reopened == 1
    assert Finding.objects.filter(key=rest.key).count() == 1


def test_accepting_needs_a_reason_and_an_accepted_finding_stays_accepted(make_user):
    officer = make_user("Compliance")
    person = employee(weekly_hours=None)
    only = ["hr.employment_records"]
    checks_run(today=TODAY, only=only)
    finding = Finding.objects.get(key=f"no-contract:{person.pk}")

    with pytest.raises(ValidationError):
        finding_accept(finding=finding, reason="  ", actor=officer)
    finding.refresh_from_db()
    assert finding.state == Finding.State.OPEN

    finding_accept(finding=finding, reason="Contract signed on paper, scan coming", actor=officer)
    checks_run(today=TODAY + timedelta(days=1), only=only)
    finding.refresh_from_db()
    assert finding.state == Finding.State.ACCEPTED

    EmploymentContract.objects.create(
        employee=person, start=person.hire_date, weekly_hours=40, amount=Decimal("2500.00")
    )
    checks_run(today=TODAY + timedelta(days=2), only=only)
    finding.refresh_from_db()
    assert finding.state == Finding.State.RESOLVED


def test_the_roster_check_reads_as_many_queries_for_many_rosters_as_for_one():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from scheduling.selectors import roster_check, roster_checks

    def run():
        with CaptureQueriesContext(connection) as queries:
            found = list(checks.roster_worktime(TODAY))
        return found, len(queries)

    factories.rest_breaking_roster(employee(), day=TODAY)
    one, one_queries = run()
    periods = [factories.rest_breaking_roster(employee(), day=TODAY)[0] for _n in range(4)]
    many, many_queries = run()

    assert len({f.employee_id for f in many if f.key.endswith(":daily_rest")}) == 5
    assert len(many) == 5 * len(one)
    assert many_queries == one_queries
    # The rosters checked together find what each finds on its own.
    together = roster_checks(periods=periods)
    for period in periods:
        assert together[period.pk].conflicts == roster_check(period=period).conflicts


def test_the_next_night_stamps_what_it_sees_again_in_as_many_queries_for_more_findings():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    only = ["scheduling.roster_worktime"]
    tomorrow = TODAY + timedelta(days=1)

    def nights(people: int) -> int:
        for _n in range(people):
            factories.rest_breaking_roster(employee(), day=TODAY)
        checks_run(today=TODAY, only=only)
        with CaptureQueriesContext(connection) as queries:
            run = checks_run(today=tomorrow, only=only)
        assert run.opened == 0 and run.resolved == 0
        return len(queries)

    few = nights(1)
    many = nights(4)

    assert many == few
    findings = Finding.objects.filter(check_key=only[0])
    assert findings.count() >= 5
    assert set(findings.values_list("last_seen", "first_seen", "state").distinct()) == {
        (tomorrow, TODAY, Finding.State.OPEN)
    }
