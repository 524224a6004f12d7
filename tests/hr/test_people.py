"""Employees, contracts, documents, holidays, import: services and who sees what."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from backoffice import roles
from backoffice.models import User
from hr.models import CalendarDay, Employee, EmploymentContract
from hr.selectors import directory, employee_list, employee_visible_ids, report_ids
from hr.services import (
    ImportError_,
    contract_add,
    document_upload,
    employee_create,
    employee_profile_update,
    employee_update,
    employees_deactivate_leavers,
    employees_import,
    holidays_generate,
)


def _data(team, **overrides):
    data = {
        "employee_number": "N1",
        "first_name": "Мила",
        "last_name": "Денева",
        "hire_date": date(2026, 3, 1),
        "department": team["dept"],
        "work_email": "mila@example.com",
        "national_id": "7523169263",
        "iban": "BG80 BNBG 9661 1020 3456 78",
    }
    data.update(overrides)
    return data


def test_hiring_with_a_login_invites_by_email(team, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        person = employee_create(
            actor=team["users"]["hr"], data=_data(team), create_login=True, language="bg"
        )
    assert person.user.username == "mila" and person.user.email == "mila@example.com"
    assert not person.user.has_usable_password()
    assert set(person.user.groups.values_list("name", flat=True)) == {roles.STAFF}
    assert person.iban == "BG80BNBG96611020345678"
    # Both scripts, so "Mila" finds Мила (the official transliteration).
    assert person.search_text == "мила денева n1 mila@example.com mila deneva n1 mila@example.com"
    assert len(mail.outbox) == 1 and "/account/password/reset/" in mail.outbox[0].body
    assert mail.outbox[0].subject == "Вашият акаунт в бек офиса"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"national_id": "7523169264"}, "national_id"),
        ({"iban": "BG80BNBG96611020345679"}, "iban"),
        ({"end_date": date(2026, 2, 1)}, "__all__"),
    ],
)
def test_bad_personal_data_is_refused(team, overrides, field):
    with pytest.raises(ValidationError) as error:
        employee_create(actor=team["users"]["hr"], data=_data(team, **overrides))
    assert field in error.value.message_dict
    assert not Employee.objects.filter(employee_number="N1").exists()


def test_egn_check_digit_uses_weights_2_4_8_5_10_9_7_3_6_mod_11_and_10_is_0():
    from hr.validators import egn_birth_date, egn_check_digit

    # 7*2 + 5*4 + 2*8 + 3*5 + 1*10 + 6*9 + 9*7 + 2*3 + 6*6 = 234 = 21*11 + 3
    assert egn_check_digit("752316926") == 3
    assert egn_check_digit("900101000") == 0  # remainder 10 is written 0
    assert egn_birth_date("9001010000") == date(1990, 1, 1)
    assert egn_birth_date("7523169263") == date(1875, 3, 16)  # month + 20: the 1800s
    assert egn_birth_date("0847101238") == date(2008, 7, 10)  # month + 40: the 2000s
    assert egn_birth_date("7523169264") is None  # wrong check digit
    assert egn_birth_date("9002300004") is None  # 30 February


def test_an_empty_date_of_birth_is_filled_from_the_egn(team):
    person = employee_create(actor=team["users"]["hr"], data=_data(team, national_id="0847101238"))
    assert person.date_of_birth == date(2008, 7, 10)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"national_id": "0847101238", "date_of_birth": date(2008, 7, 11)},
            "national_id",
            "This EGN belongs to someone born on 10 Jul 2008",
        ),
        ({"national_id": "7552010005"}, "national_id", "date of birth in the future"),
        (
            {"national_id": "", "date_of_birth": date(2099, 1, 1)},
            "date_of_birth",
            "cannot be in the future",
        ),
    ],
)
def test_an_egn_that_contradicts_the_birth_date_or_lies_ahead_is_refused(
    team, overrides, field, message
):
    with pytest.raises(ValidationError) as error:
        employee_create(actor=team["users"]["hr"], data=_data(team, **overrides))
    assert message in " ".join(error.value.message_dict[field])
    assert not Employee.objects.filter(employee_number="N1").exists()


def test_the_same_egn_on_two_people_is_refused_by_the_form_and_the_database(team, client, login):
    from django.db import IntegrityError, transaction
    from django.urls import reverse

    employee_create(actor=team["users"]["hr"], data=_data(team))
    with pytest.raises(ValidationError) as error:
        employee_create(
            actor=team["users"]["hr"],
            data=_data(team, employee_number="N2", work_email="other@example.com"),
        )
    assert error.value.message_dict["national_id"] == ["Another employee already has this EGN."]
    with pytest.raises(IntegrityError), transaction.atomic():
        Employee.objects.filter(pk=team["people"]["outsider"].pk).update(national_id="7523169263")
    login(client, team["users"]["hr"])
    page = client.post(
        reverse("hr:employee-create"),
        {
            "employee_number": "N3",
            "first_name": "Ива",
            "last_name": "Нова",
            "hire_date": "2026-03-01",
            "department": team["dept"].pk,
            "employment_type": "full_time",
            "national_id": "7523169263",
        },
    )
    assert page.status_code == 200
    assert "Another employee already has this EGN." in page.content.decode()
    assert Employee.objects.filter(national_id="7523169263").count() == 1


def test_a_duplicate_login_email_is_refused(team):
    with pytest.raises(ValidationError) as error:
        employee_create(
            actor=team["users"]["hr"],
            data=_data(team, work_email="t-hr@example.com"),
            create_login=True,
        )
    assert "work_email" in error.value.message_dict
    assert not User.objects.filter(username="t-hr2").exists()


def test_a_manager_loop_is_refused(team):
    manager = team["people"]["manager"]
    with pytest.raises(ValidationError, match="report to themselves"):
        employee_update(
            actor=team["users"]["hr"], employee=manager, data={"manager": team["people"]["deep"]}
        )
    manager.refresh_from_db()
    assert manager.manager is None


def test_self_service_changes_only_contact_details(team):
    staff = team["people"]["staff"]
    employee_profile_update(
        actor=team["users"]["staff"],
        employee=staff,
        data={"personal_phone": "+359 88 111", "department": team["other"], "iban": "x"},
    )
    staff.refresh_from_db()
    assert staff.personal_phone == "+359 88 111"
    assert staff.department == team["dept"]
    assert staff.history.count() == 2


def test_leavers_lose_their_login_after_the_last_day(team):
    staff = team["people"]["staff"]
    Employee.objects.filter(pk=staff.pk).update(end_date=timezone.localdate() - timedelta(days=1))
    assert employees_deactivate_leavers() == 1
    staff.refresh_from_db()
    assert staff.status == Employee.Status.LEFT
    assert staff.user.is_active is False


def test_a_new_contract_ends_the_open_one_and_overlaps_are_refused(team):
    staff = team["people"]["staff"]
    new = contract_add(
        actor=team["users"]["hr"],
        employee=staff,
        data={
            "start": date(2026, 1, 1),
            "salary_basis": "monthly",
            "amount": Decimal("3000.00"),
            "weekly_hours": Decimal(40),
        },
    )
    first = staff.contracts.get(start=date(2020, 1, 1))
    assert first.end == date(2025, 12, 31) and new.end is None
    with pytest.raises(ValidationError, match="only one contract"):
        contract_add(
            actor=team["users"]["hr"],
            employee=staff,
            data={
                "start": date(2025, 6, 1),
                "end": date(2026, 2, 1),
                "salary_basis": "monthly",
                "amount": Decimal(1),
            },
        )
    with pytest.raises(ValidationError):
        contract_add(
            actor=team["users"]["hr"],
            employee=staff,
            data={
                "start": date(2019, 1, 1),
                "salary_basis": "hourly",
                "hourly_rate": Decimal("12.5000"),
            },
        )
    assert staff.contracts.count() == 2


@pytest.mark.postgres
def test_postgres_itself_refuses_overlapping_contracts(team):
    from django.db import IntegrityError, transaction

    staff = team["people"]["staff"]
    with pytest.raises(IntegrityError), transaction.atomic():
        EmploymentContract.objects.create(employee=staff, start=date(2024, 1, 1), amount=Decimal(1))


def test_documents_are_checked_by_content(team):
    fake = SimpleUploadedFile("id.pdf", b"MZ\x90 not a pdf")
    with pytest.raises(ValidationError):
        document_upload(
            actor=team["users"]["hr"],
            employee=team["people"]["staff"],
            kind="identity",
            title="ID",
            upload=fake,
        )
    assert not team["people"]["staff"].documents.exists()


def test_holidays_are_generated_once_and_edits_are_kept(team):
    assert holidays_generate(actor=None, year=2026, country="BG") >= 12
    CalendarDay.objects.filter(day=date(2026, 1, 2)).update(name="Bridge day (edited)")
    assert holidays_generate(actor=None, year=2026, country="BG") == 0
    assert CalendarDay.objects.get(day=date(2026, 1, 2)).name == "Bridge day (edited)"


def test_the_manager_chain_is_followed_to_the_bottom(team):
    people = team["people"]
    assert report_ids(manager=people["manager"]) == {
        people["lead"].pk,
        people["staff"].pk,
        people["deep"].pk,
    }
    assert report_ids(manager=people["staff"]) == set()


@pytest.mark.parametrize(
    ("viewer", "sees"),
    [
        ("hr", None),
        ("finance", None),
        ("manager", {"manager", "lead", "staff", "deep"}),
        ("lead", {"lead", "deep"}),
        ("staff", {"staff"}),
        ("outsider", {"outsider"}),
    ],
)
def test_who_sees_whose_record(team, viewer, sees):
    ids = employee_visible_ids(viewer=team["users"][viewer])
    expected = None if sees is None else {team["people"][name].pk for name in sees}
    assert ids == expected
    assert employee_list(viewer=team["users"][viewer]).count() == (
        Employee.objects.count() if sees is None else len(sees)
    )


def test_the_directory_finds_cyrillic_names_regardless_of_case(team):
    assert [p.last_name for p in directory(search="СТЕФАН")] == ["Ангелов"]
    assert [p.last_name for p in directory(search="ангел")] == ["Ангелов"]
    assert [p.last_name for p in directory(search="мартин колев")] == ["Колев"]


def _csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("people.csv", text.encode("utf-8"), content_type="text/csv")


def test_import_adds_everyone_or_nobody(team):
    good = (
        "employee_number,first_name,last_name,hire_date,department_code,work_email,manager_number,position\n"
        "I1,Ана,Илиева,2026-02-01,OPS,ana@x.example,,Касиер\n"
        "I2,Боян,Борисов,01.03.2026,ops,boyan@x.example,I1,Касиер\n"
    )
    assert employees_import(actor=team["users"]["hr"], upload=_csv(good)) == 2
    assert Employee.objects.get(employee_number="I2").manager.employee_number == "I1"
    bad = (
        "employee_number,first_name,last_name,hire_date,department_code,national_id\n"
        "I3,Вера,Вълкова,2026-13-01,OPS,\n"
        "I4,Галя,Гочева,2026-02-01,NOPE,7523169264\n"
        "I1,Дани,Дачев,2026-02-01,OPS,\n"
    )
    with pytest.raises(ImportError_) as error:
        employees_import(actor=team["users"]["hr"], upload=_csv(bad))
    found = {(e.row, e.column) for e in error.value.errors}
    assert found == {
        (2, "hire_date"),
        (3, "department_code"),
        (3, "national_id"),
        (4, "employee_number"),
    }
    assert not Employee.objects.filter(employee_number__in=["I3", "I4"]).exists()
    values = {(e.row, e.column): e.value for e in error.value.errors}
    assert values[(2, "hire_date")] == "2026-13-01"  # the bad value is echoed


def test_the_import_template_downloads_and_imports_as_it_is(team, client, login):
    login(client, team["users"]["hr"])
    response = client.get("/hr/employees/import/template/")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body.decode("utf-8-sig").splitlines()[0].startswith("employee_number,first_name")
    upload = SimpleUploadedFile("template.csv", body, content_type="text/csv")
    assert employees_import(actor=team["users"]["hr"], upload=upload) == 1
    assert Employee.objects.filter(employee_number="E2001", first_name="Стефан").exists()


def test_a_refused_import_names_the_file_and_echoes_values(team, client, login):
    login(client, team["users"]["hr"])
    bad = (
        "employee_number,first_name,last_name,hire_date,department_code\nI9,Вера,В,2026-13-01,OPS\n"
    )
    page = client.post(
        "/hr/employees/import/",
        {"upload": SimpleUploadedFile("people.csv", bad.encode(), content_type="text/csv")},
    ).content.decode()
    assert "people.csv" in page and "<code>2026-13-01</code>" in page
    assert not Employee.objects.filter(employee_number="I9").exists()


def test_import_names_missing_columns(team):
    with pytest.raises(ImportError_) as error:
        employees_import(
            actor=team["users"]["hr"], upload=_csv("employee_number,first_name\nX,Y\n")
        )
    assert "last_name, hire_date, department_code" in error.value.errors[0].message


def test_import_reads_xlsx(team):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["employee_number", "first_name", "last_name", "hire_date", "department_code"])
    sheet.append(["X1", "Жана", "Жекова", date(2026, 4, 1), "OPS"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("people.xlsx", buffer.getvalue())
    assert employees_import(actor=team["users"]["hr"], upload=upload) == 1
    assert Employee.objects.get(employee_number="X1").hire_date == date(2026, 4, 1)


class ImportFuzz(TestCase):
    """Whatever text arrives, the import either adds rows or lists errors; it never crashes."""

    @settings(max_examples=40, deadline=None)
    @given(body=st.text(max_size=200))
    def test_any_text_is_handled(self, body):
        from backoffice.roles import roles_sync

        roles_sync()
        hr_user = User.objects.create_user(username=f"fuzz{User.objects.count()}")
        header = "employee_number,first_name,last_name,hire_date,department_code\n"
        try:
            employees_import(actor=hr_user, upload=_csv(header + body))
        except ImportError_ as error:
            assert error.errors


def test_the_next_employee_number_counts_numerically(team):
    from hr.selectors import employee_number_next
    from tests.hr import factories

    for number in ("E999", "E1000", "X5000"):
        person = factories.employee(dept=team["dept"])
        Employee.objects.filter(pk=person.pk).update(employee_number=number)
    assert employee_number_next() == "E1001"
