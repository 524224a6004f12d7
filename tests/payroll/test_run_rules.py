"""A person is paid by at most one regular run a period; approving and posting with open items
in the pre-payroll check needs an explicit acknowledgement; the bank file names everyone it
cannot pay and links them to where HR fixes them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from backoffice import roles
from finance.payroll import selectors, services
from finance.payroll.models import PayrollRun, Payslip
from finance.payroll.selectors import payroll_settings_get
from tests.conftest import login_verified
from tests.payroll import surface
from tests.payroll.core_support import MARCH, approved_sheet, calculated, person, run_for, seen

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def w(make_user):
    from tests.payroll.core_support import world

    return world(make_user)


def _shop_with(*people):
    """A location where each of ``people`` has a published shift in March."""
    from tests.scheduling import factories as sched

    shop = sched.location()
    roster = sched.period(shop, date(2026, 3, 9), status="published")
    for employee in people:
        sched.shift(roster, employee, date(2026, 3, 10), sched.template(shop))
    return shop


# 1. One regular run a person and period.


def test_a_regular_run_leaves_out_whoever_another_regular_run_of_the_period_pays(w):
    here = person(w["sales"], "1500.00")
    other = person(w["sales"], "3000.00")
    approved_sheet(here)
    approved_sheet(other)
    by_location = calculated(w, group="location", location=_shop_with(here))

    by_department = calculated(w, group="department", department=w["sales"])

    assert list(by_location.payslips.values_list("employee_id", flat=True)) == [here.pk]
    assert list(by_department.payslips.values_list("employee_id", flat=True)) == [other.pk]
    # The department run pays only the 3,000.00 salary: contributions on the insurable
    # ceiling 290.99, tax (3,000.00 - 290.99) x 10% = 270.90, net 3,000.00 - 290.99 - 270.90.
    assert (by_department.headcount, by_department.gross, by_department.net) == (
        1,
        D("3000.00"),
        D("2438.11"),
    )
    assert by_department.target_ids == [other.pk]
    assert (by_location.headcount, by_location.net) == (1, D("1163.97"))
    # Each person has exactly one regular payslip for March.
    assert Payslip.objects.filter(employee=here, run__period_start=MARCH[0]).count() == 1
    assert Payslip.objects.filter(employee=other, run__period_start=MARCH[0]).count() == 1
    left_out = selectors.paid_elsewhere(run=by_department)
    assert list(left_out) == [here.pk]
    assert left_out[here.pk].run_id == by_location.pk


def test_recalculating_after_the_other_run_paid_someone_drops_their_payslip(w):
    here = person(w["sales"], "1500.00")
    other = person(w["sales"], "3000.00")
    approved_sheet(here)
    approved_sheet(other)
    by_location = run_for(group="location", location=_shop_with(here))
    by_department = calculated(w, group="department", department=w["sales"])
    assert by_department.headcount == 2
    # Calculated after, the location run leaves its one person out: the department pays them.
    by_location = services.run_calculate(run=by_location, actor=w["clerk"])
    assert (by_location.headcount, by_location.net) == (0, D("0.00"))

    services.run_delete(run=by_department, actor=w["clerk"])
    by_location = services.run_calculate(run=by_location, actor=w["clerk"])

    assert list(by_location.payslips.values_list("employee_id", flat=True)) == [here.pk]
    assert by_location.net == D("1163.97")


def test_the_database_refuses_a_second_regular_payslip_for_a_person_and_period(w):
    here = person(w["sales"])
    person(w["sales"])  # not at the shop: the department run has somebody to pay
    approved_sheet(here)
    _shop = _shop_with(here)
    by_location = calculated(w, group="location", location=_shop)
    by_department = run_for(group="department", department=w["sales"])
    slip = by_location.payslips.get()
    assert (slip.period_start, slip.regular) == (MARCH[0], True)

    with pytest.raises(IntegrityError), transaction.atomic():
        Payslip.objects.create(
            run=by_department,
            employee=here,
            department=w["sales"],
            gross=D("1.00"),
            insurable=D("1.00"),
            employee_contributions=D("0"),
            employer_contributions=D("0"),
            taxable=D("1.00"),
            tax=D("0"),
            deductions=D("0"),
            net=D("1.00"),
            cost=D("1.00"),
        )


def test_a_department_run_is_refused_when_everybody_is_already_paid(w):
    person(w["sales"])
    everybody = run_for()
    before = PayrollRun.objects.count()

    with pytest.raises(ValidationError) as refused:
        run_for(group="department", department=w["sales"])

    assert "already pays everybody" in str(refused.value)
    assert "03.2026, Everybody" in str(refused.value)
    assert PayrollRun.objects.count() == before
    assert PayrollRun.objects.get() == everybody


def test_a_run_for_everybody_is_refused_when_a_group_run_exists(w):
    person(w["sales"])
    run_for(group="department", department=w["ops"])

    with pytest.raises(ValidationError) as refused:
        run_for()

    assert "A run for everybody cannot be added" in str(refused.value)
    assert "03.2026, Operations" in str(refused.value)
    assert PayrollRun.objects.count() == 1


def test_a_group_everybody_of_which_is_paid_elsewhere_is_refused(w):
    here = person(w["ops"])
    approved_sheet(here)
    calculated(w, group="location", location=_shop_with(here))

    with pytest.raises(ValidationError) as refused:
        run_for(group="department", department=w["ops"])

    assert "Everybody in this group is already paid" in str(refused.value)
    assert PayrollRun.objects.count() == 1


def test_a_correction_run_is_not_held_by_the_regular_runs(w):
    here = person(w["sales"])
    approved_sheet(here)
    regular = calculated(w)
    regular = services.run_review(run=regular, actor=w["clerk"])
    regular = services.run_approve(run=regular, actor=w["second"], open_items_seen=seen(regular))
    regular = services.run_post(run=regular, actor=w["second"], open_items_seen=seen(regular))

    correction = run_for(kind="correction", corrects=regular, employee_ids=[here.pk])
    correction = services.run_calculate(run=correction, actor=w["clerk"])

    assert correction.target_ids == [here.pk]
    assert correction.payslips.get().regular is False


def test_the_new_run_form_refuses_a_department_when_everybody_is_paid(client, make_user):
    user = make_user(roles.FINANCE)
    login_verified(client, user)
    team = surface.people(2)
    surface.paid_run(
        people=team,
        start=date(2026, 12, 1),
        end=date(2026, 12, 31),
        status=PayrollRun.Status.POSTED,
    )

    response = client.post(
        reverse("payroll:run-create"),
        {"month": "2026-12", "group": "department", "department": team[0].department_id},
    )

    assert response.status_code == 200
    assert "already pays everybody" in response.content.decode()
    assert PayrollRun.objects.count() == 1


def test_the_run_page_says_who_another_run_pays_with_a_link(client, w):
    here = person(w["sales"], "1500.00")
    other = person(w["sales"], "3000.00")
    approved_sheet(here)
    approved_sheet(other)
    by_location = calculated(w, group="location", location=_shop_with(here))
    by_department = calculated(w, group="department", department=w["sales"])
    login_verified(client, w["clerk"])

    response = client.get(reverse("payroll:run-detail", args=[by_department.pk]))

    text = response.content.decode()
    assert "Paid by another run" in text
    assert here.full_name in text
    assert reverse("payroll:run-detail", args=[by_location.pk]) in text
    assert [p.employee_id for p in response.context["paid_elsewhere"]] == [here.pk]


# 2. Approving and posting with open items in the pre-payroll check.


def test_approving_with_open_items_needs_their_acknowledgement(w):
    ready = person(w["sales"])
    approved_sheet(ready)
    person(w["sales"], iban="")  # no timesheet and no IBAN: two open items
    run = services.run_review(run=calculated(w), actor=w["clerk"])
    assert selectors.run_prepayroll_check(run=run).count == 2

    for seen_count in (None, 1):
        with pytest.raises(ValidationError) as refused:
            services.run_approve(run=run, actor=w["second"], open_items_seen=seen_count)
        assert "2 open items" in str(refused.value)
        assert PayrollRun.objects.get(pk=run.pk).status == "reviewed"

    run = services.run_approve(run=run, actor=w["second"], open_items_seen=2)
    assert run.status == "approved"
    with pytest.raises(ValidationError):
        services.run_post(run=run, actor=w["second"])
    assert PayrollRun.objects.get(pk=run.pk).journal_entry_id is None

    run = services.run_post(run=run, actor=w["second"], open_items_seen=2)
    assert run.status == "posted"


def test_without_open_items_nothing_extra_is_asked(w):
    ready = person(w["sales"])
    approved_sheet(ready)
    run = services.run_review(run=calculated(w), actor=w["clerk"])
    assert selectors.run_prepayroll_check(run=run).ok

    run = services.run_post(run=services.run_approve(run=run, actor=w["second"]), actor=w["second"])

    assert (run.status, run.net) == ("posted", D("1163.97"))


def test_the_run_page_keeps_the_check_until_posted_and_asks_for_the_acknowledgement(
    client, make_user
):
    user = make_user(roles.FINANCE)
    login_verified(client, user)
    team = surface.people(2)  # no approved timesheets: two open items
    run = surface.paid_run(people=team, status=PayrollRun.Status.REVIEWED)

    page = client.get(reverse("payroll:run-detail", args=[run.pk]))
    assert page.context["check"].count == 2
    assert "I have seen the 2 open items" in page.content.decode()

    refused = client.post(reverse("payroll:run-approve", args=[run.pk]), follow=True)
    assert "2 open items" in refused.content.decode()
    run.refresh_from_db()
    assert (run.status, run.approved_by) == ("reviewed", None)

    client.post(reverse("payroll:run-approve", args=[run.pk]), {"open_items_seen": "2"})
    run.refresh_from_db()
    assert run.status == "approved"

    page = client.get(reverse("payroll:run-detail", args=[run.pk]))
    assert page.context["check"].count == 2  # still shown once approved
    assert "I have seen the 2 open items" in page.content.decode()

    PayrollRun.objects.filter(pk=run.pk).update(status=PayrollRun.Status.POSTED)
    page = client.get(reverse("payroll:run-detail", args=[run.pk]))
    assert page.context["check"] is None


# 3. The bank file names who has no IBAN and links them to HR.


def test_the_bank_file_lists_everyone_without_an_iban_linked_to_hr(client, make_user):
    settings = payroll_settings_get()
    settings.bank_iban = "BG80BNBG96611020345678"
    settings.save()
    team = surface.people(3)
    for employee in team[:2]:
        employee.iban = ""
        employee.save(update_fields=["iban"])
    run = surface.paid_run(people=team, status=PayrollRun.Status.APPROVED)
    Payslip.objects.filter(run=run, employee__in=team[:2]).update(iban="")
    team[2].iban = "BG00RZBB91550123456789"
    team[2].save(update_fields=["iban"])
    Payslip.objects.filter(run=run, employee=team[2]).update(iban="BG00RZBB91550123456789")

    finance = make_user(roles.FINANCE)
    login_verified(client, finance)
    response = client.get(reverse("payroll:run-bank-file", args=[run.pk]), follow=True)
    text = response.content.decode()
    assert "The bank file cannot pay 3 people" in text
    for employee in team[:2]:
        assert f"{employee.full_name} has no IBAN." in text
    assert f"{team[2].full_name}: the IBAN BG00RZBB91550123456789 is not valid." in text
    problems = response.context["bank_problems"]
    assert [p["url"] for p in problems] == ["", "", ""]  # finance does not edit people

    hr_payroll = make_user(roles.FINANCE, roles.HR)
    login_verified(client, hr_payroll)
    response = client.get(reverse("payroll:run-detail", args=[run.pk]))
    urls = [p["url"] for p in response.context["bank_problems"]]
    assert sorted(urls) == sorted(
        reverse("hr:employee-edit", args=[employee.pk]) for employee in team
    )
    assert reverse("hr:employee-edit", args=[team[0].pk]) in response.content.decode()
