"""Payroll's pages as payroll staff, a manager and a person use them: what each sees, the
refusals with their reasons, files only through checked views, and query counts that do not
grow with the number of people."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from backoffice import roles
from finance.payroll.models import OneOffEntry, PayComponent, PayrollRun, Payslip
from finance.payroll.selectors import payroll_settings_get
from tests.conftest import login_verified
from tests.hr import factories as hr
from tests.payroll import surface

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance(make_user, client):
    user = make_user(roles.FINANCE)
    login_verified(client, user)
    return user


@pytest.fixture
def team():
    return surface.people(3)


def _posted_october(team):
    return surface.paid_run(
        people=team,
        start=date(2026, 10, 1),
        end=date(2026, 10, 31),
        status=PayrollRun.Status.POSTED,
    )


def test_the_dashboard_shows_this_month_against_last_month(client, finance, team):
    _posted_october(team)
    response = client.get(reverse("payroll:dashboard"))

    assert response.status_code == 200
    assert b"Pre-payroll check" in response.content
    assert b"Labour cost, last twelve months" in response.content


def test_the_run_page_highlights_changes_against_last_month(client, finance, team):
    _posted_october(team)
    november = surface.paid_run(people=team)
    Payslip.objects.filter(run=november, employee=team[0]).update(net="2500.00")

    response = client.get(reverse("payroll:run-detail", args=[november.pk]))

    assert response.status_code == 200
    changes = [c for c in response.context["changes"] if c.highlighted]
    assert [c.employee_id for c in changes] == [team[0].pk]
    assert b"Changes against last month above" in response.content


def test_the_run_page_takes_the_same_queries_for_more_people(
    client, finance, team, django_assert_max_num_queries
):
    small = surface.paid_run(people=team[:1])
    client.get(reverse("payroll:run-detail", args=[small.pk]))
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("payroll:run-detail", args=[small.pk]))
    big = surface.paid_run(
        people=team + surface.people(6), start=date(2026, 12, 1), end=date(2026, 12, 31)
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("payroll:run-detail", args=[big.pk]))


def test_a_payslip_page_explains_every_line(client, finance, team):
    november = surface.paid_run(people=team)
    slip = Payslip.objects.get(run=november, employee=team[0])

    response = client.get(reverse("payroll:payslip-detail", args=[slip.pk]))

    text = response.content.decode()
    # The stored figures ("1500.00") are written the reader's way when shown.
    assert "Base pay: 21 of 21 working days x 1,500.00 = 1,500.00" in text
    assert "Income tax: (1500.00 - 206.70) x 10% = 129.33" in text
    assert "Year to date" in text


def test_approving_your_own_calculation_is_refused_and_nothing_changes(client, finance, team):
    november = surface.paid_run(people=team, status=PayrollRun.Status.REVIEWED)
    PayrollRun.objects.filter(pk=november.pk).update(calculated_by=finance)

    response = client.post(reverse("payroll:run-approve", args=[november.pk]), follow=True)

    november.refresh_from_db()
    assert november.status == PayrollRun.Status.REVIEWED
    assert november.approved_by is None
    assert "Nothing was changed" in response.content.decode()


def test_the_bank_file_downloads_for_an_approved_run(client, finance, team):
    settings = payroll_settings_get()
    settings.bank_iban = "BG80BNBG96611020345678"
    settings.save()
    november = surface.paid_run(people=team, status=PayrollRun.Status.APPROVED)

    response = client.get(reverse("payroll:run-bank-file", args=[november.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert b"<CtrlSum>6983.82</CtrlSum>" in response.content


def test_the_bank_file_of_a_draft_is_refused_with_the_reason(client, finance, team):
    november = surface.paid_run(people=team)
    response = client.get(reverse("payroll:run-bank-file", args=[november.pk]), follow=True)
    assert "approved or posted run" in response.content.decode()


def test_staff_see_only_their_own_posted_payslips(client, make_user, team):
    user = make_user(roles.STAFF)
    me = hr.employee(user=user, iban="BG18RZBB91550123456789")
    posted = _posted_october([me, *team])
    draft = surface.paid_run(people=[me, *team])
    login_verified(client, user)
    mine = Payslip.objects.get(run=posted, employee=me)

    listing = client.get(reverse("payroll:my-payslips"))
    assert [s.pk for s in listing.context["slips"]] == [mine.pk]
    assert client.get(reverse("payroll:my-payslip", args=[mine.pk])).status_code == 200
    others = Payslip.objects.get(run=posted, employee=team[0])
    unposted = Payslip.objects.get(run=draft, employee=me)
    assert client.get(reverse("payroll:my-payslip", args=[others.pk])).status_code == 404
    assert client.get(reverse("payroll:my-payslip", args=[unposted.pk])).status_code == 404
    assert client.get(reverse("payroll:my-payslip-pdf", args=[others.pk])).status_code == 404
    assert client.get(reverse("payroll:payslip-detail", args=[mine.pk])).status_code == 403


@pytest.mark.pdf
def test_staff_download_their_own_payslip_pdf(client, make_user, team):
    user = make_user(roles.STAFF)
    me = hr.employee(user=user)
    posted = _posted_october([me])
    login_verified(client, user)
    mine = Payslip.objects.get(run=posted, employee=me)

    response = client.get(reverse("payroll:my-payslip-pdf", args=[mine.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_manager_sees_department_totals_and_no_person(client, make_user, team):
    user = make_user(roles.MANAGER)
    boss = hr.employee(user=user, dept=team[0].department)
    for person in team:
        person.manager = boss
        person.save(update_fields=["manager"])
    department = team[0].department
    department.manager = boss
    department.save(update_fields=["manager"])
    today = date.today()  # noqa: DTZ011 - the page reads this month
    surface.paid_run(
        people=team,
        start=today.replace(day=1),
        end=today.replace(day=28),
        status=PayrollRun.Status.POSTED,
    )
    login_verified(client, user)

    response = client.get(reverse("payroll:department-cost"))

    assert response.status_code == 200
    text = response.content.decode()
    assert team[0].department.name in text
    assert team[0].full_name not in text
    assert client.get(reverse("payroll:run-list")).status_code == 403


def test_an_import_with_one_bad_row_writes_nothing_and_shows_the_row(client, finance, team):
    PayComponent.objects.get_or_create(
        code="test-bonus", defaults={"name": "Bonus", "method": "fixed", "amount": "100.00"}
    )
    content = (
        "employee_number,component,amount,hours,note\n"
        f"{team[0].employee_number},test-bonus,100.00,,ok\n"
        f"NOBODY,test-bonus,50.00,,bad\n"
    ).encode()
    upload = SimpleUploadedFile("entries.csv", content, content_type="text/csv")

    response = client.post(reverse("payroll:oneoff-import") + "?month=2026-11", {"file": upload})

    assert response.status_code == 400
    assert "Nothing was imported" in response.content.decode()
    assert "Row 3" in response.content.decode()
    assert not OneOffEntry.objects.exists()


def test_an_import_that_is_not_a_spreadsheet_is_refused(client, finance):
    upload = SimpleUploadedFile("entries.xlsx", b"not a zip", content_type="application/zip")
    response = client.post(reverse("payroll:oneoff-import"), {"file": upload})
    assert response.status_code == 400
    assert not OneOffEntry.objects.exists()


def test_a_component_with_a_negative_rate_is_refused_on_the_field(client, finance):
    response = client.post(
        reverse("payroll:component-create"),
        {
            "code": "bad",
            "name": "Bad",
            "side": "earning",
            "method": "percent",
            "percent": "-5",
            "base": "gross",
            "order": "100",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not PayComponent.objects.filter(code="bad").exists()


def test_a_second_run_for_the_same_month_and_group_is_refused(client, finance, team):
    surface.paid_run(people=team)
    response = client.post(reverse("payroll:run-create"), {"month": "2026-11", "group": "all"})
    assert response.status_code == 200
    assert "already a run" in response.content.decode()
    assert PayrollRun.objects.count() == 1


def test_a_month_out_of_range_is_a_field_error(client, finance):
    response = client.post(reverse("payroll:run-create"), {"month": "9999-12", "group": "all"})
    assert response.status_code == 200
    assert response.context["form"].errors["month"]


def test_the_declarations_page_shows_totals_and_says_no_agency_file(client, finance, team):
    november = surface.paid_run(people=team)
    response = client.get(reverse("payroll:run-declarations", args=[november.pk]))
    text = response.content.decode()
    assert "file format is not produced" in text
    assert "Declaration 6" in text


def test_the_register_is_a_job_whose_file_only_the_requester_downloads(client, finance, team):
    november = surface.paid_run(people=team)
    response = client.post(reverse("payroll:run-register", args=[november.pk]), {"format": "xlsx"})
    assert response.status_code == 302
    assert "/jobs/" in response["Location"]


def test_the_xlsx_register_cells_stay_text(team):
    from openpyxl import load_workbook

    from finance.payroll import pdf

    team[0].first_name = "=HYPERLINK(1)"
    team[0].save(update_fields=["first_name"])
    november = surface.paid_run(people=team)
    sheet = load_workbook(io.BytesIO(pdf.register_xlsx(run=november))).active
    names = [row[1].value for row in sheet.iter_rows(min_row=2)]
    assert "'=HYPERLINK(1) Петров0" in names


def test_the_progress_fragment_answers_htmx_polling(client, finance, team):
    november = surface.paid_run(people=team)
    response = client.get(
        reverse("payroll:run-detail", args=[november.pk]) + "?part=progress",
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert b'id="run-progress"' in response.content
    assert b"<html" not in response.content


@pytest.mark.pdf
def test_the_payslips_job_writes_one_file_for_the_requester(
    client, finance, team, django_capture_on_commit_callbacks
):
    from backoffice.models import Job

    november = surface.paid_run(people=team)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("payroll:run-payslips-pdf", args=[november.pk]))

    job = Job.objects.get(kind="payroll.payslip_pdfs")
    assert response.status_code == 302
    assert job.status == Job.Status.SUCCEEDED
    assert job.result_name == f"payslips-2026-11-{november.pk}.pdf"
    download = client.get(reverse("backoffice:job-download", args=[job.uuid]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_pages_render_in_bulgarian(client, make_user, team):
    user = make_user(roles.FINANCE, language="bg")
    login_verified(client, user)
    november = surface.paid_run(people=team)
    slip = Payslip.objects.filter(run=november).first()
    for url in (
        reverse("payroll:dashboard"),
        reverse("payroll:run-detail", args=[november.pk]),
        reverse("payroll:payslip-detail", args=[slip.pk]),
        reverse("payroll:rule-list"),
        reverse("payroll:oneoff-list"),
    ):
        response = client.get(url, headers={"Accept-Language": "bg"})
        assert response.status_code == 200, url


@pytest.fixture
def wage_2030():
    """The preset's open minimum wage row ends before 2030, so the tests own 2030."""
    from finance.payroll.models import PayrollRule

    PayrollRule.objects.filter(kind="minimum_wage", valid_to__isnull=True).update(
        valid_to=date(2029, 12, 31)
    )


def test_an_overlapping_rule_row_is_refused_on_the_field_and_nothing_is_written(
    client, finance, wage_2030
):
    from finance.payroll.models import PayrollRule

    PayrollRule.objects.create(
        kind="minimum_wage", value="620.20", valid_from=date(2030, 1, 1), source="Decree"
    )
    before = PayrollRule.objects.count()
    response = client.post(
        reverse("payroll:rule-create", args=["rule"]),
        {
            "kind": "minimum_wage",
            "value": "700.00",
            "valid_from": "2030-06-01",
            "source": "Decree 2",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert PayrollRule.objects.count() == before


def test_a_mid_year_change_is_a_new_row_after_the_old_one_ends(client, finance, wage_2030):
    from finance.payroll.models import PayrollRule

    old = PayrollRule.objects.create(
        kind="minimum_wage", value="620.20", valid_from=date(2030, 1, 1), source="Decree"
    )
    client.post(
        reverse("payroll:rule-edit", args=["rule", old.pk]),
        {
            "kind": "minimum_wage",
            "value": "620.20",
            "valid_from": "2030-01-01",
            "valid_to": "2030-06-30",
            "source": "Decree",
        },
    )
    response = client.post(
        reverse("payroll:rule-create", args=["rule"]),
        {"kind": "minimum_wage", "value": "700.00", "valid_from": "2030-07-01", "source": "D2"},
    )
    assert response.status_code == 302
    rows = PayrollRule.objects.filter(kind="minimum_wage", valid_from__year=2030)
    assert [(str(r.value), r.valid_to) for r in rows.order_by("valid_from")] == [
        ("620.2000", date(2030, 6, 30)),
        ("700.0000", None),
    ]


def test_a_bad_salary_account_is_a_field_error(client, finance):
    response = client.post(
        reverse("payroll:settings"),
        {
            "bank_iban": "BG00XXXX",
            "review_day": "25",
            "change_threshold_percent": "10",
            "wages_account": "604",
            "contributions_account": "605",
            "net_pay_account": "421",
            "tax_account": "454",
            "deductions_account": "425",
        },
    )
    assert response.status_code == 200
    assert "bank_iban" in response.context["form"].errors
    assert payroll_settings_get().bank_iban == ""
