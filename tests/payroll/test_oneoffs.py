"""One-off entries and the payroll settings' accounts: amounts above zero, corrections only of an
earlier month, delete while no posted run paid the entry, a paid month's page without the form,
the import's columns (a component by code or name) and its row count, the people of the month,
and ledger accounts that exist in the chart."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from backoffice import roles
from backoffice.models import AuditEvent
from finance.payroll import services
from finance.payroll.models import OneOffEntry, PayComponent, PayrollRun, PayrollSettings
from finance.payroll.selectors import payroll_settings_get
from tests.conftest import login_verified
from tests.finance.factories import books
from tests.hr import factories as hr
from tests.payroll import surface

pytestmark = pytest.mark.django_db

NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))
LIST = reverse("payroll:oneoff-list")


@pytest.fixture
def finance(make_user, client):
    user = make_user(roles.FINANCE)
    login_verified(client, user)
    return user


@pytest.fixture
def team():
    return surface.people(2)


def _component(code: str) -> PayComponent:
    return PayComponent.objects.get(code=code)


def _errors(error: ValidationError) -> dict:
    return error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}


def _entry(person, code="bonus", period=NOVEMBER, amount="100.00", **fields) -> OneOffEntry:
    return services.one_off_save(
        employee=person,
        component=_component(code),
        period_start=period[0],
        period_end=period[1],
        amount=amount,
        **fields,
    )


def _csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("entries.csv", text.encode(), content_type="text/csv")


# 1. Amounts above zero ---------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["bonus", "garnishment"])
@pytest.mark.parametrize("amount", ["-100", "0"])
def test_a_one_off_amount_must_be_above_zero(team, code, amount):
    with pytest.raises(ValidationError) as refused:
        _entry(team[0], code=code, amount=amount)
    assert "above zero" in _errors(refused.value)["amount"][0]
    assert not OneOffEntry.objects.exists()


@pytest.mark.parametrize("code", ["bonus", "garnishment"])
def test_the_form_refuses_a_negative_amount_on_the_field(client, finance, team, code):
    response = client.post(
        f"{LIST}?month=2026-11",
        {"employee": team[0].pk, "component": _component(code).pk, "amount": "-100"},
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert "above zero" in form.errors["amount"][0]
    assert not form.non_field_errors()
    assert not OneOffEntry.objects.exists()


def test_the_import_refuses_a_negative_amount(team):
    upload = _csv(
        "employee_number,component,amount\n"
        f"{team[0].employee_number},bonus,150.00\n"
        f"{team[0].employee_number},garnishment,-100\n"
    )
    with pytest.raises(services.OneOffImportError) as refused:
        services.one_offs_import(upload=upload, period_start=NOVEMBER[0], period_end=NOVEMBER[1])
    assert [(e.row, e.column) for e in refused.value.errors] == [(3, "amount")]
    assert not OneOffEntry.objects.exists()


# 2. A correction corrects an earlier month ------------------------------------------------------


def test_a_correction_of_a_later_or_the_same_month_is_refused(team):
    for corrects in (date(2026, 12, 1), NOVEMBER[0]):
        with pytest.raises(ValidationError) as refused:
            _entry(team[0], corrects_start=corrects, corrects_end=corrects.replace(day=28))
        assert "earlier month" in _errors(refused.value)["corrects_start"][0]
    assert not OneOffEntry.objects.exists()
    made = _entry(team[0], corrects_start=date(2026, 10, 1), corrects_end=date(2026, 10, 31))
    assert made.corrects_start == date(2026, 10, 1)


def test_the_form_refuses_a_correction_of_a_future_month(client, finance):
    person = hr.employee(hire_date=date(2026, 1, 1))
    response = client.post(
        f"{LIST}?month=2027-01",
        {
            "employee": person.pk,
            "component": _component("bonus").pk,
            "amount": "100",
            "corrects": "2027-05",
        },
    )
    assert response.status_code == 400
    assert "earlier month" in response.context["form"].errors["corrects"][0]
    assert not OneOffEntry.objects.exists()


# 3. Delete -------------------------------------------------------------------------------------


def test_an_unpaid_entry_is_deleted_after_the_confirmation_and_audited(client, finance, team):
    entry = _entry(team[0])
    page = client.get(f"{LIST}?month=2026-11").content.decode()
    assert reverse("payroll:oneoff-delete", args=[entry.pk]) in page
    assert "data-confirm=" in page

    assert client.get(reverse("payroll:oneoff-delete", args=[entry.pk])).status_code == 405
    response = client.post(reverse("payroll:oneoff-delete", args=[entry.pk]))

    assert response.status_code == 302
    assert response.url == f"{LIST}?month=2026-11"
    assert not OneOffEntry.objects.exists()
    event = AuditEvent.objects.get(kind="payroll.oneoff_deleted")
    assert event.actor == finance


def test_an_entry_paid_by_a_posted_run_is_not_deleted(client, finance, team):
    entry = _entry(team[0])
    surface.paid_run(people=team, status=PayrollRun.Status.POSTED)

    response = client.post(reverse("payroll:oneoff-delete", args=[entry.pk]), follow=True)

    assert OneOffEntry.objects.filter(pk=entry.pk).exists()
    assert "cannot be deleted" in response.content.decode()
    assert not AuditEvent.objects.filter(kind="payroll.oneoff_deleted").exists()


def test_an_entry_paid_by_a_posted_correction_run_is_not_deleted(team):
    period = (date(2026, 11, 15), NOVEMBER[1])
    entry = _entry(team[0], period=period, corrects_start=NOVEMBER[0], corrects_end=NOVEMBER[1])
    surface.paid_run(
        people=team[:1],
        start=period[0],
        end=period[1],
        kind=PayrollRun.Kind.CORRECTION,
        status=PayrollRun.Status.POSTED,
    )
    with pytest.raises(ValidationError):
        services.one_off_delete(entry=entry)
    assert OneOffEntry.objects.filter(pk=entry.pk).exists()


# 4. A paid month's page ------------------------------------------------------------------------


def test_a_paid_month_shows_a_note_instead_of_the_forms(client, finance, team):
    surface.paid_run(
        people=team,
        start=date(2026, 12, 1),
        end=date(2026, 12, 31),
        status=PayrollRun.Status.POSTED,
    )
    page = client.get(f"{LIST}?month=2026-12").content.decode()
    assert "December 2026 is paid; enter a correction in a later month." in page
    assert 'name="employee"' not in page
    assert reverse("payroll:oneoff-import") not in page

    open_month = client.get(f"{LIST}?month=2027-01").content.decode()
    assert 'name="employee"' in open_month
    assert "is paid" not in open_month


# 5. Import: component by code or name, the columns, rows counted -------------------------------


def test_the_import_takes_a_component_by_code_or_name_in_either_language(team):
    number = team[0].employee_number
    upload = _csv(
        "employee_number,component,amount\n"
        f"{number},bonus,10\n"
        f"{number},BONUS,20\n"
        f"{number},bonus ,30\n"
        f"{number},бонус,40\n"
        f"{number},Бонус,50\n"
    )
    count = services.one_offs_import(
        upload=upload, period_start=NOVEMBER[0], period_end=NOVEMBER[1]
    )
    assert count == 5
    assert set(OneOffEntry.objects.values_list("component__code", flat=True)) == {"bonus"}


def test_a_name_two_components_share_asks_for_the_code(team):
    for code in ("award-one", "award-two"):
        PayComponent.objects.create(code=code, name="Award", method="fixed", amount="1.00")
    upload = _csv(f"employee_number,component,amount\n{team[0].employee_number},award,10\n")
    with pytest.raises(services.OneOffImportError) as refused:
        services.one_offs_import(upload=upload, period_start=NOVEMBER[0], period_end=NOVEMBER[1])
    assert "use its code" in refused.value.errors[0].message


def test_the_import_counts_rows_not_errors_and_the_page_names_the_columns(client, finance, team):
    content = (
        "employee_number,component,amount,hours,note\n"
        "NOBODY,nothing,abc,,\n"
        "NOBODY,nothing,,,\n"
        f"{team[0].employee_number},bonus,-5,,\n"
    )
    response = client.post(
        reverse("payroll:oneoff-import") + "?month=2026-11", {"file": _csv(content)}
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was imported: 3 rows have errors." in text
    assert not OneOffEntry.objects.exists()

    page = client.get(f"{LIST}?month=2026-11").content.decode()
    assert "employee_number,component,amount,hours,note" in page
    assert "E1001,bonus,150.00" in page
    assert "code or its name in English or Bulgarian" in page


# 6. The people of the month --------------------------------------------------------------------


def test_only_people_employed_in_the_month_are_offered(client, finance):
    dept = hr.department()
    working = hr.employee(dept=dept, hire_date=date(2026, 1, 1))
    later = hr.employee(dept=dept, hire_date=date(2026, 12, 1))
    gone = hr.employee(dept=dept, hire_date=date(2025, 1, 1), end_date=date(2026, 10, 31))

    response = client.get(f"{LIST}?month=2026-11")
    offered = set(response.context["form"].fields["employee"].queryset)

    assert working in offered
    assert later not in offered
    assert gone not in offered
    october = client.get(f"{LIST}?month=2026-10").context["form"].fields["employee"].queryset
    assert gone in set(october)

    refused = client.post(
        f"{LIST}?month=2026-11",
        {"employee": later.pk, "component": _component("bonus").pk, "amount": "100"},
    )
    assert "employee" in refused.context["form"].errors
    with pytest.raises(ValidationError):
        _entry(later)
    assert not OneOffEntry.objects.exists()


# 7. Ledger accounts of the settings ------------------------------------------------------------


def _settings_post(**accounts) -> dict:
    data = {
        "review_day": "25",
        "change_threshold_percent": "10",
        "wages_account": "604",
        "contributions_account": "605",
        "net_pay_account": "421",
        "tax_account": "454",
        "deductions_account": "425",
    }
    data.update(accounts)
    return data


def test_settings_refuse_accounts_the_chart_does_not_have(client, finance):
    books()
    response = client.post(
        reverse("payroll:settings"),
        _settings_post(net_pay_account="999999", tax_account="abc"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "999999" in errors["net_pay_account"][0]
    assert "abc" in errors["tax_account"][0]
    assert "wages_account" not in errors
    assert payroll_settings_get().net_pay_account == "421"

    with pytest.raises(ValidationError) as refused:
        services.payroll_settings_save(data={"net_pay_account": "999999"})
    assert "999999" in _errors(refused.value)["net_pay_account"][0]

    response = client.post(reverse("payroll:settings"), _settings_post(net_pay_account="422"))
    assert response.status_code == 302
    assert payroll_settings_get().net_pay_account == "422"


def test_posting_names_the_meaning_of_a_missing_account(make_user):
    from tests.payroll.core_support import MARCH, approved_sheet, calculated, person, world

    w = world(make_user)
    a = person(w["sales"], "1500.00")
    approved_sheet(a)
    run = calculated(w)
    run = services.run_review(run=run, actor=w["clerk"])
    run = services.run_approve(run=run, actor=w["second"])
    PayrollSettings.objects.update(net_pay_account="999999")

    with pytest.raises(ValidationError) as refused:
        services.run_post(run=run, actor=w["second"])

    message = " ".join(refused.value.messages)
    assert "net pay payable account 999999" in message
    run.refresh_from_db()
    assert (run.status, run.period_start) == (PayrollRun.Status.APPROVED, MARCH[0])
