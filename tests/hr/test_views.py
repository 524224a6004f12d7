"""HR's pages: bad input is shown and writes nothing, journeys work, query counts stay flat."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hr.models import Employee, EmploymentContract, LeaveRequest
from tests import samples
from tests.hr import factories


@pytest.fixture
def as_hr(client, team, login):
    login(client, team["users"]["hr"])
    return client


def _employee_form(team, **overrides):
    data = {
        "employee_number": "W1",
        "first_name": "Весела",
        "last_name": "Вълчева",
        "hire_date": "2026-05-04",
        "department": team["dept"].pk,
        "employment_type": "full_time",
        "work_email": "vesela@example.com",
        "national_id": "7523169263",
        "iban": "BG80BNBG96611020345678",
    }
    data.update(overrides)
    return data


def test_hr_adds_an_employee_through_the_page(as_hr, team):
    response = as_hr.post(reverse("hr:employee-create"), _employee_form(team, create_login="on"))
    person = Employee.objects.get(employee_number="W1")
    assert response["Location"] == reverse("hr:employee-detail", args=[person.pk])
    assert person.user.email == "vesela@example.com"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"national_id": "1234567890"}, "This is not a valid EGN"),
        ({"iban": "BG00XXXX"}, "This is not a valid IBAN"),
        ({"hire_date": "2026-02-30"}, "Enter a valid date."),
        ({"end_date": "2026-01-01"}, "The last working day is before the hire date."),
        ({"department": "999999"}, "Select a valid choice"),
        ({"work_email": "t-hr@example.com", "create_login": "on"}, "already uses this e-mail"),
    ],
)
def test_bad_employee_input_is_shown_kept_and_not_written(as_hr, team, overrides, message):
    response = as_hr.post(reverse("hr:employee-create"), _employee_form(team, **overrides))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'value="Весела"' in html
    assert not Employee.objects.filter(employee_number="W1").exists()


def test_an_overlapping_contract_is_refused_on_the_page(as_hr, team):
    staff = team["people"]["staff"]
    EmploymentContract.objects.filter(employee=staff).update(end=date(2025, 12, 31))
    response = as_hr.post(
        reverse("hr:contract-create", args=[staff.pk]),
        {
            "start": "2025-06-01",
            "salary_basis": "monthly",
            "amount": "3000",
            "weekly_hours": "40",
            "notice_period_days": "30",
        },
    )
    assert response.status_code == 200
    assert "only one contract can be in force" in response.content.decode()
    assert staff.contracts.count() == 1


def test_disguised_and_huge_uploads_are_refused(as_hr, team, settings):
    staff = team["people"]["staff"]
    url = reverse("hr:document-create", args=[staff.pk])
    disguised = SimpleUploadedFile(
        "scan.pdf", b"\x7fELF binary pretending", content_type="application/pdf"
    )
    response = as_hr.post(url, {"kind": "identity", "title": "ID", "upload": disguised})
    assert "content is not one of" in response.content.decode()
    settings.UPLOAD_MAX_MB = 1
    huge = SimpleUploadedFile(
        "scan.pdf", b"%PDF-" + b"0" * (2 * 1024 * 1024), content_type="application/pdf"
    )
    response = as_hr.post(url, {"kind": "identity", "title": "ID", "upload": huge})
    assert "the limit is 1 MB" in response.content.decode()
    assert not staff.documents.exists()


def test_documents_upload_and_download_only_for_those_allowed(as_hr, team, client, login):
    staff = team["people"]["staff"]
    pdf = SimpleUploadedFile("scan.pdf", samples.pdf("contract"), content_type="application/pdf")
    as_hr.post(
        reverse("hr:document-create", args=[staff.pk]),
        {"kind": "contract", "title": "Contract", "upload": pdf},
    )
    document = staff.documents.get()
    assert b"".join(
        as_hr.get(reverse("hr:document-download", args=[document.pk])).streaming_content
    ) == samples.pdf("contract")
    login(client, team["users"]["manager"])  # a contract scan holds pay: not for the manager
    assert client.get(reverse("hr:document-download", args=[document.pk])).status_code == 404
    login(client, team["users"]["outsider"])
    assert client.get(reverse("hr:document-download", args=[document.pk])).status_code == 404


def test_import_errors_are_listed_by_row_and_column(as_hr, team):
    upload = SimpleUploadedFile(
        "people.csv",
        "employee_number,first_name,last_name,hire_date,department_code\nA1,Ана,,2026-01-01,OPS\n".encode(),
    )
    response = as_hr.post(reverse("hr:employee-import"), {"upload": upload})
    html = response.content.decode()
    assert "nothing was imported" in html and "<code>last_name</code>" in html
    assert not Employee.objects.filter(employee_number="A1").exists()


def test_managers_never_see_contract_amounts(client, team, login):
    login(client, team["users"]["manager"])
    html = client.get(
        reverse("hr:employee-detail", args=[team["people"]["staff"].pk]) + "?tab=contracts"
    ).content.decode()
    assert "2,500.00" not in html and "7523169263" not in html
    login(client, team["users"]["staff"])
    html = client.get(
        reverse("hr:employee-detail", args=[team["people"]["staff"].pk]) + "?tab=contracts"
    ).content.decode()
    assert "€2,500.00" in html


def test_the_leave_form_previews_and_refuses_a_half_day_range(client, team, login):
    factories.paid_leave(code="PAID")
    login(client, team["users"]["staff"])
    monday = timezone.localdate() + timedelta(days=(7 - timezone.localdate().weekday()) % 7 + 14)
    from hr.models import LeaveType

    paid = LeaveType.objects.get(code="PAID")
    preview = client.post(
        reverse("hr:leave-preview"),
        {
            "leave_type": paid.pk,
            "start_date": monday.isoformat(),
            "end_date": (monday + timedelta(days=2)).isoformat(),
        },
    )
    assert "Working days asked" in preview.content.decode()
    response = client.post(
        reverse("hr:leave-create"),
        {
            "leave_type": paid.pk,
            "start_date": monday.isoformat(),
            "end_date": (monday + timedelta(days=2)).isoformat(),
            "half_day": "morning",
        },
    )
    assert "A half day is a single day" in response.content.decode()
    assert not LeaveRequest.objects.exists()


def test_staff_opening_someone_elses_record_by_url_gets_404(client, team, login):
    login(client, team["users"]["staff"])
    for name in ("outsider", "manager", "hr"):
        assert (
            client.get(reverse("hr:employee-detail", args=[team["people"][name].pk])).status_code
            == 404
        )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured)


def test_hr_pages_use_the_same_number_of_queries_at_10_and_100_people(client, team, login):
    paid = factories.paid_leave(code="PAID")
    login(client, team["users"]["hr"])
    today = timezone.localdate()
    urls = [
        reverse("hr:employee-list"),
        reverse("hr:employee-directory"),
        reverse("hr:leave-calendar"),
        reverse("hr:org-chart"),
        reverse("hr:workforce-dashboard"),
        reverse("hr:department-list"),
    ]
    for url in urls:
        client.get(url)

    def grow(n):
        for i in range(n):
            dept = factories.department()
            person = factories.employee(dept=dept, manager=team["people"]["manager"])
            LeaveRequest.objects.create(
                employee=person,
                leave_type=paid,
                start_date=today,
                end_date=today + timedelta(days=i % 3),
                days=1,
                status=LeaveRequest.Status.APPROVED,
            )

    grow(3)
    small = [_queries(client, url) for url in urls]
    grow(90)
    large = [_queries(client, url) for url in urls]
    assert small == large


@pytest.mark.pdf
def test_the_headcount_report_is_a_pdf_job_in_the_requesters_language(
    client, team, login, django_capture_on_commit_callbacks
):
    import io

    from pypdf import PdfReader

    from backoffice.models import Job

    team["users"]["hr"].language = "bg"
    team["users"]["hr"].save(update_fields=["language"])
    login(client, team["users"]["hr"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("hr:headcount-report"))
    job = Job.objects.get(kind="hr.headcount_report")
    assert response["Location"] == reverse("backoffice:job-detail", args=[job.uuid])
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.message
    text = PdfReader(io.BytesIO(job.result_file.read())).pages[0].extract_text()
    assert "Справка за численост" in text or "Численост" in text
    assert "Операции" in text and "Финанси" in text


PNG = samples.png()  # re-encoding a Pillow PNG gives the same bytes


def test_a_photo_is_uploaded_by_the_person_and_seen_by_everyone(client, team, login):
    staff = team["people"]["staff"]
    login(client, team["users"]["outsider"])
    refused = client.post(
        reverse("hr:employee-photo-upload", args=[staff.pk]),
        {"photo": SimpleUploadedFile("me.png", PNG)},
    )
    assert refused.status_code == 404
    login(client, team["users"]["staff"])
    disguised = client.post(
        reverse("hr:employee-photo-upload", args=[staff.pk]),
        {"photo": SimpleUploadedFile("me.png", b"%PDF-1.4")},
        follow=True,
    )
    assert "content is not one of: PNG, JPEG" in disguised.content.decode()
    client.post(
        reverse("hr:employee-photo-upload", args=[staff.pk]),
        {"photo": SimpleUploadedFile("me.png", PNG)},
    )
    staff.refresh_from_db()
    assert staff.photo.name.startswith("hr/photos/")
    login(client, team["users"]["outsider"])
    assert (
        b"".join(client.get(reverse("hr:employee-photo", args=[staff.pk])).streaming_content) == PNG
    )
    assert (
        f'src="{reverse("hr:employee-photo", args=[staff.pk])}"'
        in client.get(reverse("hr:employee-directory")).content.decode()
    )


def _pending(person, start, days=2, leave_type=None):
    return LeaveRequest.objects.create(
        employee=person,
        leave_type=leave_type or factories.paid_leave(),
        start_date=start,
        end_date=start + timedelta(days=days - 1),
        days=days,
    )


def test_approvals_show_context_and_decide_several_at_once(team, client, login):
    """Who else in the team is away, the balance left, and approve two with one click."""
    people = team["people"]
    paid = factories.paid_leave()
    start = date(2030, 3, 4)
    first = _pending(people["staff"], start, leave_type=paid)
    second = _pending(people["lead"], start + timedelta(days=7), leave_type=paid)
    LeaveRequest.objects.create(
        employee=people["deep"],
        leave_type=paid,
        start_date=start,
        end_date=start,
        days=1,
        status=LeaveRequest.Status.APPROVED,
    )
    outsider = _pending(people["outsider"], start, leave_type=paid)
    login(client, team["users"]["manager"])
    page = client.get(reverse("hr:leave-list")).content.decode()
    assert "Also away in the team" in page and "Дора Маркова" in page
    assert "Left after this request" in page

    response = client.post(
        reverse("hr:leave-decide"),
        {"decision": "approve", "ids": [first.pk, second.pk, outsider.pk]},
    )
    assert response.status_code == 302
    statuses = dict(LeaveRequest.objects.values_list("pk", "status"))
    assert statuses[first.pk] == statuses[second.pk] == LeaveRequest.Status.APPROVED
    assert statuses[outsider.pk] == LeaveRequest.Status.PENDING  # not her person: untouched


def test_rejecting_from_the_list_needs_a_comment(team, client, login):
    pending = _pending(team["people"]["staff"], date(2030, 4, 1))
    login(client, team["users"]["manager"])
    client.post(reverse("hr:leave-decide"), {"decision": "reject", "ids": [pending.pk]})
    pending.refresh_from_db()
    assert pending.status == LeaveRequest.Status.PENDING
    client.post(
        reverse("hr:leave-decide"),
        {"decision": "reject", "ids": [pending.pk], "comment": "Inventory week"},
    )
    pending.refresh_from_db()
    assert pending.status == LeaveRequest.Status.REJECTED
    assert pending.decision_comment == "Inventory week"


def test_a_rows_own_button_approves_that_request(team, client, login):
    pending = _pending(team["people"]["staff"], date(2030, 5, 6))
    other = _pending(team["people"]["lead"], date(2030, 5, 6))
    login(client, team["users"]["manager"])
    client.post(reverse("hr:leave-decide"), {"one": pending.pk, "ids": [other.pk]})
    pending.refresh_from_db()
    other.refresh_from_db()
    assert pending.status == LeaveRequest.Status.APPROVED
    assert other.status == LeaveRequest.Status.PENDING
