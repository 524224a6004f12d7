"""Hostile input on HR's pages: a clear form error or the page's default, never a 500."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from backoffice.models import AuditEvent
from hr.models import Employee, EmployeeDocument, EmploymentContract, LeaveRequest
from tests.hr import factories

TOO_LATE = "Enter a date on or before"
TOO_EARLY = "Enter a date on or after 1 Jan 1900."


@pytest.fixture
def as_hr(client, team, login):
    login(client, team["users"]["hr"])
    return client


@pytest.mark.parametrize("query", ["\x00", "Анг\x00", "a\x00b"])
def test_a_nul_in_a_search_box_is_dropped(as_hr, team, query):
    for url in (reverse("hr:employee-directory"), reverse("hr:employee-list"), reverse("search")):
        response = as_hr.get(url, {"q": query})
        assert response.status_code == 200, url


def test_the_directory_still_finds_a_name_typed_with_a_nul(as_hr, team):
    response = as_hr.get(reverse("hr:employee-directory"), {"q": "Анг\x00"})
    assert [p.full_name for p in response.context["page"].object_list] == ["Стефан Ангелов"]
    response = as_hr.get(reverse("search"), {"q": "Ангел\x00ов"})
    assert "Стефан Ангелов" in response.content.decode()


@pytest.mark.parametrize("department", ["²", "9" * 5000, "-1", "1e3"])
def test_a_department_that_is_not_a_number_shows_everyone(as_hr, team, department):
    response = as_hr.get(reverse("hr:employee-directory"), {"department": department})
    assert response.status_code == 200
    assert response.context["department"] is None
    response = as_hr.get(reverse("hr:leave-calendar"), {"department": department})
    assert response.status_code == 200


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "10000-01", "2026-13", "²-1"])
def test_the_leave_calendar_shows_this_month_for_a_month_out_of_range(as_hr, month):
    response = as_hr.get(reverse("hr:leave-calendar"), {"month": month})
    assert response.status_code == 200
    assert response.context["first"] == timezone.localdate().replace(day=1)


def test_the_holiday_year_falls_back_for_odd_digits(as_hr):
    response = as_hr.get(reverse("hr:holiday-list"), {"year": "²"})
    assert response.status_code == 200
    assert response.context["year"] == timezone.localdate().year


def test_moving_an_application_to_a_stage_that_is_not_a_number(as_hr, team):
    from hr.models import Application, Candidate, HiringStage, JobOpening

    stage = HiringStage.objects.create(name="Applied")
    application = Application.objects.create(
        opening=JobOpening.objects.create(title="Cashier", department=team["dept"]),
        candidate=Candidate.objects.create(first_name="C", last_name="D"),
        stage=stage,
    )
    for raw in ("x", "²", "9" * 40):
        response = as_hr.post(reverse("hr:application-move", args=[application.pk]), {"stage": raw})
        assert response.status_code == 302
        application.refresh_from_db()
        assert application.stage == stage


@pytest.mark.parametrize(
    ("start", "message"),
    [("9999-12-27", TOO_LATE), ("0001-01-01", TOO_EARLY), ("1899-12-31", TOO_EARLY)],
)
def test_a_leave_request_out_of_range_is_refused_at_the_form(team, client, login, start, message):
    leave_type = factories.paid_leave()
    login(client, team["users"]["staff"])
    data = {"leave_type": leave_type.pk, "start_date": start, "end_date": start}
    response = client.post(reverse("hr:leave-create"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not LeaveRequest.objects.exists()
    preview = client.post(reverse("hr:leave-preview"), data)
    assert preview.status_code == 200
    end_only = {**data, "start_date": "2026-06-01", "end_date": "9999-12-31"}
    assert client.post(reverse("hr:leave-preview"), end_only).status_code == 200


def _employee_form(team, **overrides):
    data = {
        "employee_number": "W9",
        "first_name": "Весела",
        "last_name": "Вълчева",
        "hire_date": "2026-05-04",
        "department": team["dept"].pk,
        "employment_type": "full_time",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"hire_date": "9999-12-31"}, TOO_LATE),
        ({"hire_date": "0001-01-01"}, TOO_EARLY),
        ({"end_date": "9999-12-31"}, TOO_LATE),
        ({"date_of_birth": "0001-01-01"}, TOO_EARLY),
        ({"date_of_birth": "9999-12-31"}, "This date cannot be in the future."),
    ],
)
def test_employee_dates_out_of_range_are_refused(as_hr, team, overrides, message):
    response = as_hr.post(reverse("hr:employee-create"), _employee_form(team, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Employee.objects.filter(employee_number="W9").exists()


def test_a_birth_date_tomorrow_is_refused_and_today_is_accepted(as_hr, team):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = as_hr.post(
        reverse("hr:employee-create"), _employee_form(team, date_of_birth=tomorrow.isoformat())
    )
    assert "This date cannot be in the future." in response.content.decode()
    today = timezone.localdate().isoformat()
    as_hr.post(reverse("hr:employee-create"), _employee_form(team, date_of_birth=today))
    assert Employee.objects.get(employee_number="W9").date_of_birth == timezone.localdate()


def test_the_latest_date_accepted_is_the_end_of_the_year_fifty_years_ahead(as_hr, team):
    last = date(timezone.localdate().year + 50, 12, 31)
    response = as_hr.post(
        reverse("hr:employee-create"),
        _employee_form(team, hire_date=(last + timedelta(days=1)).isoformat()),
    )
    assert f"Enter a date on or before {last.day} Dec {last.year}." in response.content.decode()
    as_hr.post(reverse("hr:employee-create"), _employee_form(team, hire_date=last.isoformat()))
    assert Employee.objects.get(employee_number="W9").hire_date == last


@pytest.mark.parametrize("field", ["start", "end", "probation_end"])
def test_contract_dates_out_of_range_are_refused(as_hr, team, field):
    staff = team["people"]["staff"]
    data = {
        "start": "2026-06-01",
        "salary_basis": "monthly",
        "amount": "3000",
        "weekly_hours": "40",
        "notice_period_days": "30",
        field: "9999-12-31",
    }
    response = as_hr.post(reverse("hr:contract-create", args=[staff.pk]), data)
    assert response.status_code == 200
    assert TOO_LATE in response.content.decode()
    assert EmploymentContract.objects.filter(employee=staff).count() == 1


def test_a_document_expiring_in_year_9999_is_refused(as_hr, team):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests import samples

    staff = team["people"]["staff"]
    response = as_hr.post(
        reverse("hr:document-create", args=[staff.pk]),
        {
            "kind": "identity",
            "title": "ID card",
            "upload": SimpleUploadedFile("id.pdf", samples.pdf()),
            "expires_on": "9999-12-31",
        },
    )
    assert response.status_code == 200
    assert TOO_LATE in response.content.decode()
    assert not EmployeeDocument.objects.exists()


def test_an_interview_in_year_1_is_refused(as_hr, team):
    from hr.models import Application, Candidate, HiringStage, Interview, JobOpening

    application = Application.objects.create(
        opening=JobOpening.objects.create(title="Cashier", department=team["dept"]),
        candidate=Candidate.objects.create(first_name="C", last_name="D"),
        stage=HiringStage.objects.create(name="Applied"),
    )
    response = as_hr.post(
        reverse("hr:interview-create", args=[application.pk]),
        {"scheduled_at": "0001-01-01T00:00", "interviewers": [team["people"]["manager"].pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert TOO_EARLY in response.content.decode()
    assert not Interview.objects.exists()


# My profile: HR's fields of the record fail their validator ------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "label"),
    [("iban", "BG00XXXX", "IBAN"), ("national_id", "1234567890", "national ID (EGN)")],
)
def test_saving_my_profile_names_the_field_hr_must_fix(team, client, login, field, value, label):
    staff = team["people"]["staff"]
    Employee.objects.filter(pk=staff.pk).update(**{field: value}, personal_phone="0888 000 000")
    login(client, team["users"]["staff"])
    response = client.post(
        reverse("hr:profile-mine"),
        {"personal_email": "me@example.com", "personal_phone": "0899 111 222"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Your {label} on record is invalid; ask HR to correct it." in html
    assert 'value="0899 111 222"' in html  # what the person typed is kept
    staff.refresh_from_db()
    assert (staff.personal_email, staff.personal_phone) == ("", "0888 000 000")
    assert getattr(staff, field) == value
    assert not AuditEvent.objects.filter(kind="hr.profile_updated").exists()


def test_my_profile_still_shows_my_own_mistakes_beside_the_field(team, client, login):
    login(client, team["users"]["staff"])
    response = client.post(reverse("hr:profile-mine"), {"personal_email": "not-an-address"})
    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
