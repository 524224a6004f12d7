"""The payroll register (XLSX, PDF), the declarations' data, payslip PDFs with the year to
date, and the bank file of a run, all read from the stored payslips."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET  # noqa: S405 - parsing our own output in a test
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from finance.payroll import pdf
from finance.payroll.exports.sepa import NAMESPACE, BankFileError, Debtor
from finance.payroll.models import PayrollRun, Payslip, PayslipLine
from finance.payroll.selectors.reports import (
    declarations_build,
    payslip_documents,
    register_build,
)
from tests.payroll import surface

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return surface.people(2)


@pytest.fixture
def november(staff):
    return surface.paid_run(people=staff)


def test_the_register_has_a_row_a_person_and_totals_that_add_up(november):
    register = register_build(run=november)

    assert [r.number for r in register.rows] == sorted(r.number for r in register.rows)
    assert len(register.rows) == 2
    gross, _ins, contributions, _taxable, tax, _ded, net, _employer, cost = register.totals
    assert (gross, contributions, tax, net, cost) == (
        D("4500.00"),
        D("620.10"),
        D("387.99"),
        D("3491.91"),
        D("5351.40"),
    )


def test_the_register_as_xlsx_has_the_header_rows_and_total(november):
    sheet = load_workbook(io.BytesIO(pdf.register_xlsx(run=november)), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))

    assert rows[0][:5] == ("Employee number", "Name", "Department", "Days worked", "Gross pay")
    assert len(rows) == 4
    assert rows[-1][1] == "Total"
    assert D(str(rows[-1][4])) == D("4500.00")
    assert D(str(rows[1][10])) == D("1163.97")


def test_declarations_give_each_person_and_the_funds_in_total(november):
    data = declarations_build(run=november)

    first, second = data.people
    assert first.employee == dict(surface.EMPLOYEE_FUNDS)
    assert first.employee_total == D("206.70")
    assert second.employee_total == D("413.40")
    pension = next(f for f in data.funds if f.fund == "pension")
    assert (pension.employee, pension.employer) == (D("296.10"), D("369.90"))
    assert [f.fund for f in data.funds] == [
        "pension",
        "sickness",
        "unemployment",
        "upf",
        "health",
        "work_accident",
        "guaranteed",
    ]
    assert data.tax == D("387.99")
    assert data.contributions == D("620.10") + D("851.40")
    assert data.total_due == data.contributions + D("387.99")


def test_year_to_date_adds_the_posted_payslips_of_the_year_up_to_this_one(staff):
    surface.paid_run(
        people=staff,
        start=date(2026, 9, 1),
        end=date(2026, 9, 30),
        status=PayrollRun.Status.POSTED,
    )
    surface.paid_run(
        people=staff,
        start=date(2025, 12, 1),
        end=date(2025, 12, 31),
        status=PayrollRun.Status.POSTED,
    )
    surface.paid_run(people=staff, start=date(2026, 10, 1), end=date(2026, 10, 31))  # a draft
    november = surface.paid_run(people=staff)
    slips = list(Payslip.objects.filter(run=november).select_related("run", "employee"))

    documents = payslip_documents(payslips=slips)

    assert documents[0].year_to_date["net"] == D("1163.97") * 2
    assert documents[0].year_to_date["gross"] == D("3000.00")
    assert documents[1].year_to_date["tax"] == D("258.66") * 2
    assert [line.code for line in documents[0].earnings] == ["base_pay"]
    assert len(documents[0].withheld) == 6
    assert len(documents[0].employer) == 7
    assert documents[0].reference.startswith("PS-2026-11-")


def test_the_documents_of_many_payslips_take_a_fixed_number_of_queries(
    staff, django_assert_max_num_queries
):
    november = surface.paid_run(people=staff + surface.people(3))
    slips = list(Payslip.objects.filter(run=november).select_related("run", "employee"))
    with django_assert_max_num_queries(2):
        payslip_documents(payslips=slips)


@pytest.mark.pdf
def test_a_payslip_pdf_shows_every_line_with_its_explanation_and_the_year_to_date(november):
    from pypdf import PdfReader

    slip = Payslip.objects.select_related("run", "employee", "department").filter(run=november)[0]
    reader = PdfReader(io.BytesIO(pdf.payslip_pdf(slip=slip, language="en")))
    text = "\n".join(page.extract_text() for page in reader.pages)

    assert "Payslip" in text
    assert "Base pay: 21 of 21 working days x 1,500.00 = 1,500.00" in text
    assert "Income tax: (1500.00 - 206.70) x 10% = 129.33" in text
    assert "Year to date" in text
    assert "1,163.97" in text
    assert len(reader.pages) == 1


@pytest.mark.pdf
def test_a_payslip_pdf_in_bulgarian(november):
    from pypdf import PdfReader

    slip = Payslip.objects.select_related("run", "employee", "department").filter(run=november)[0]
    text = PdfReader(io.BytesIO(pdf.payslip_pdf(slip=slip, language="bg"))).pages[0].extract_text()

    assert re.search(r"1\s?163,97", text)
    assert "01.11.2026" in text


@pytest.mark.pdf
def test_the_payslips_of_a_run_are_one_file_a_page_each(staff):
    from pypdf import PdfReader

    november = surface.paid_run(people=staff + surface.people(1))
    done = []
    content = pdf.payslips_pdf(run=november, language="en", progress=done.append)

    assert len(PdfReader(io.BytesIO(content)).pages) == 3
    assert done == [1, 2, 3]


@pytest.mark.pdf
def test_the_register_pdf_renders(november):
    from pypdf import PdfReader

    text = (
        PdfReader(io.BytesIO(pdf.register_pdf(run=november, language="en"))).pages[0].extract_text()
    )
    assert "Payroll register" in text
    assert "4,500.00" in text


def test_the_bank_file_pays_each_net_amount_from_the_salary_account(november):
    xml = pdf.bank_file(run=november, debtor=Debtor(name="Демо", iban="BG80BNBG96611020345678"))
    root = ET.fromstring(xml)  # noqa: S314
    ns = {"p": NAMESPACE}
    amounts = [e.text for e in root.iterfind(".//p:CdtTrfTxInf/p:Amt/p:InstdAmt", ns)]

    assert sorted(amounts) == ["1163.97", "2327.94"]
    assert root.find(".//p:GrpHdr/p:CtrlSum", ns).text == "3491.91"


def test_the_bank_file_names_everyone_without_an_iban(staff):
    staff[1].iban = ""
    staff[1].save(update_fields=["iban"])
    november = surface.paid_run(people=staff)
    Payslip.objects.filter(run=november, employee=staff[1]).update(iban="")

    with pytest.raises(BankFileError) as caught:
        pdf.bank_file(run=november, debtor=Debtor(name="Demo", iban="BG80BNBG96611020345678"))
    assert caught.value.messages == [f"{staff[1].full_name} has no IBAN."]


@pytest.mark.pdf
def test_a_long_run_is_rendered_in_parts_and_joined_in_order(staff, monkeypatch, make_user):
    """Parts no worker picked up (the broker never delivered them here) are rendered by the
    job itself, so one worker finishes alone; nobody is told of a part, and asking again
    reuses the parts already rendered."""
    from pypdf import PdfReader

    from backoffice.models import Job, Notification
    from backoffice.services import job_run, job_start

    monkeypatch.setattr(pdf, "PART", 1)
    november = surface.paid_run(people=staff + surface.people(1))
    user = make_user("FINANCE")
    job = job_start(kind="payroll.payslip_pdfs", params={"run": november.pk}, requested_by=user)
    job = job_run(job_id=job.pk)

    assert job.status == Job.Status.SUCCEEDED, job.message
    assert (job.progress_done, job.progress_total) == (3, 3)  # a payslip a step
    parts = Job.objects.filter(kind=pdf.PART_KIND).order_by("pk")
    assert [p.status for p in parts] == [Job.Status.SUCCEEDED] * 2
    assert {p.requested_by for p in parts} == {None}
    with job.result_file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    texts = [page.extract_text() for page in reader.pages]
    expected = [s.employee.last_name for s in pdf._payslips(november)]
    assert len(texts) == 3
    assert [next(n for n in expected if n in text) for text in texts] == expected
    assert Notification.objects.filter(recipient=user).count() == 1  # the run's file, once

    Job.objects.filter(pk=job.pk).update(status=Job.Status.QUEUED, runner="")
    assert job_run(job_id=job.pk).status == Job.Status.SUCCEEDED
    assert Job.objects.filter(kind=pdf.PART_KIND).count() == 2  # reused, not rendered again


@pytest.mark.pdf
def test_a_failed_part_fails_the_run_s_file_with_a_message(staff, monkeypatch, make_user):
    from backoffice.models import Job
    from backoffice.services import job_run, job_start

    monkeypatch.setattr(pdf, "PART", 1)
    november = surface.paid_run(people=staff)
    user = make_user("FINANCE")

    def broken(**_kwargs):
        raise ValueError("disk full")

    from backoffice.registry import registry

    kind = registry.job_kinds[pdf.PART_KIND]
    monkeypatch.setitem(
        registry.job_kinds, pdf.PART_KIND, type(kind)(kind.kind, kind.label, broken)
    )
    job = job_start(kind="payroll.payslip_pdfs", params={"run": november.pk}, requested_by=user)
    job = job_run(job_id=job.pk)

    assert job.status == Job.Status.FAILED
    assert "disk full" in job.message
    assert not job.result_file


def _long_payslip(employee) -> Payslip:
    """A payslip as long as the demo's: base pay, overtime on a working day, a rest day and a
    holiday, night work and its factor, holiday work, years of service, paid leave, sick days,
    a bonus, meal vouchers, a garnishment, 5 employee and 7 employer contributions and the tax,
    calculated by the engine and stored as a run stores it."""
    from finance.payroll.domain.engine import Entry, SickLeave, calculate
    from finance.payroll.services.runs import _lines_of
    from tests.payroll.test_core_engine import bg_rules
    from tests.payroll.test_core_engine import person as engine_person

    entries = (
        Entry(9, "bonus", "Bonus", "earning", "fixed", amount=D("150.00"), note="Q3 targets"),
        Entry(10, "meal_vouchers", "Meal vouchers", "in_kind", "fixed", amount=D("60.00")),
        Entry(11, "garnishment", "Garnishment", "deduction", "fixed", amount=D("120.00")),
    )
    minutes = {
        "regular": 8400,
        "overtime_workday": 180,
        "overtime_rest_day": 240,
        "overtime_holiday": 120,
        "night": 960,
        "holiday": 480,
    }
    result = calculate(
        engine_person(
            "1800.00",
            minutes=minutes,
            night_bonus="137",
            absences={"paid_leave": "2", "sick": "4"},
            sick_leaves=(SickLeave(D(1)), SickLeave(D(3))),
            average="95.5000",
            entries=entries,
            years=12,
        ),
        bg_rules(date(2026, 11, 30)),
    )
    run = surface.run(status=PayrollRun.Status.CALCULATED)
    slip = Payslip.objects.create(
        run=run,
        employee=employee,
        department=employee.department,
        iban=employee.iban,
        timesheet_id=None,
        days_worked=result.days_worked,
        gross=result.gross,
        worked_gross=result.worked_gross,
        insurable=result.insurable,
        employee_contributions=result.employee_contributions,
        employer_contributions=result.employer_contributions,
        taxable=result.taxable,
        tax=result.tax,
        deductions=result.deductions,
        net=result.net,
        cost=result.cost,
    )
    for line in result.lines:
        line.timesheet_id = None
    PayslipLine.objects.bulk_create(_lines_of(slip, result))
    return slip


@pytest.mark.pdf
@pytest.mark.parametrize("language", ["en", "bg"])
def test_a_long_payslip_fits_on_one_page(staff, language):
    from pypdf import PdfReader

    employee = staff[0]
    for month in (9, 10):  # earlier posted payslips of the year: the year to date is shown
        surface.paid_run(
            people=[employee],
            start=date(2026, month, 1),
            end=date(2026, month, 28),
            status=PayrollRun.Status.POSTED,
        )
    slip = _long_payslip(employee)
    codes = set(slip.lines.values_list("code", flat=True))
    assert {
        "base_pay",
        "overtime_workday",
        "overtime_rest_day",
        "overtime_holiday",
        "night_work",
        "holiday_work",
        "years_of_service",
        "paid_leave",
        "sick_employer",
        "bonus",
        "meal_vouchers",
        "garnishment",
        "income_tax",
    } <= codes
    assert slip.lines.filter(kind="employee_contribution").count() == 5
    assert slip.lines.filter(kind="employer_contribution").count() == 7
    slip = Payslip.objects.select_related("run", "employee", "department").get(pk=slip.pk)

    reader = PdfReader(io.BytesIO(pdf.payslip_pdf(slip=slip, language=language)))
    text = reader.pages[0].extract_text()

    assert len(reader.pages) == 1
    assert re.search(r"Year to date|От началото на годината", text), text[:200]


def test_a_payslip_s_sections_add_up_to_its_totals(staff):
    """Earnings (benefits in kind among them) add up to the gross pay; contributions, tax,
    deductions and the benefits given in kind to what stands between gross and net; the
    insurable income is shown for information, in no section."""
    from finance.payroll.selectors.reports import payslip_documents

    slip = _long_payslip(staff[0])
    slip = Payslip.objects.select_related("run", "employee", "department").get(pk=slip.pk)
    (doc,) = payslip_documents(payslips=[slip])

    assert sum(line.amount for line in doc.earnings) == slip.gross
    assert "meal_vouchers" in {line.code for line in doc.earnings}
    assert sum(line.amount for line in doc.withheld) == slip.gross - slip.net
    assert {line.code for line in doc.other} == {"insurable_income"}
    assert all(line.kind == "employer_contribution" for line in doc.employer)
