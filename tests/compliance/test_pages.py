"""Compliance's pages: who sees which findings and contracts, bad input on the page, query
counts that do not grow with rows, the run button and the monthly PDF."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse

from backoffice.models import Job
from backoffice.services import job_run
from compliance.models import Contract, Finding, Risk
from tests.compliance import factories
from tests.conftest import login_verified
from tests.hr.factories import department, employee

pytestmark = pytest.mark.django_db


def _finding(dept, n: int = 0, **fields) -> Finding:
    return Finding.objects.create(
        check_key="hr.employment_records",
        key=f"k{dept.pk}-{n}",
        title="%(person)s works without an employment contract in force",
        params={"person": f"Person {n}"},
        department=dept,
        first_seen=date(2026, 12, 1),
        last_seen=date(2026, 12, 1),
        **fields,
    )


@pytest.fixture
def two_departments(make_user):
    manager_user = make_user("Manager")
    mine, theirs = department(name="Mine"), department(name="Theirs")
    boss = employee(user=manager_user, dept=mine)
    mine.manager = boss
    mine.save(update_fields=["manager"])
    return manager_user, mine, theirs


def test_a_manager_sees_their_departments_findings_only(client, two_departments):
    manager, mine, theirs = two_departments
    own, other = _finding(mine), _finding(theirs)
    login_verified(client, manager)

    page = client.get(reverse("compliance:finding-list"))

    assert page.status_code == 200
    assert list(page.context["page"].object_list) == [own]
    assert client.get(reverse("compliance:finding-detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("compliance:finding-detail", args=[own.pk])).status_code == 200


def test_a_manager_sees_their_departments_contracts_only(client, make_user, two_departments):
    manager, mine, theirs = two_departments
    officer = make_user("Compliance")
    own = factories.contract(officer, department=mine)
    other = factories.contract(officer, department=theirs)
    login_verified(client, manager)

    page = client.get(reverse("compliance:contract-list"))

    assert [c.pk for c in page.context["page"].object_list] == [own.pk]
    assert client.get(reverse("compliance:contract-detail", args=[other.pk])).status_code == 404


def test_accepting_without_a_reason_on_the_page_changes_nothing(client, make_user):
    officer = make_user("Compliance")
    finding = _finding(department())
    login_verified(client, officer)

    response = client.post(reverse("compliance:finding-accept", args=[finding.pk]), {"reason": ""})

    assert response.status_code == 400
    assert b"Say why the finding is accepted." in response.content
    finding.refresh_from_db()
    assert finding.state == "open"


def test_a_contract_ending_before_it_starts_is_a_form_error(client, make_user):
    officer = make_user("Compliance")
    partner = factories.partner()
    login_verified(client, officer)

    response = client.post(
        reverse("compliance:contract-create"),
        {
            "title": "Lease",
            "counterparty": partner.pk,
            "kind": "lease",
            "status": "active",
            "owner": officer.pk,
            "currency": "EUR",
            "start": "2026-05-01",
            "end": "2026-04-01",
            "notice_value": "0",
            "notice_unit": "days",
            "lead_days": "30",
        },
    )

    assert response.status_code == 400
    assert b"A contract cannot end before it starts." in response.content
    assert not Contract.objects.exists()


def test_a_likelihood_of_six_is_a_form_error(client, make_user):
    officer = make_user("Compliance")
    login_verified(client, officer)

    response = client.post(
        reverse("compliance:risk-create"),
        {
            "title": "Flood",
            "category": "operational",
            "owner": officer.pk,
            "likelihood": "6",
            "impact": "3",
            "residual_likelihood": "2",
            "residual_impact": "2",
            "treatment": "reduce",
            "review_on": "2027-01-01",
        },
    )

    assert response.status_code == 400
    assert not Risk.objects.exists()


def test_staff_acknowledges_on_the_page_once(client, make_user):
    officer = make_user("Compliance")
    person = employee(user=make_user("Staff"))
    version = factories.policy(officer)
    login_verified(client, person.user)
    url = reverse("compliance:policy-read", args=[version.pk])

    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    client.post(url)

    assert version.acknowledgements.count() == 1


def test_the_findings_list_and_dashboard_keep_their_query_count(
    client, make_user, django_assert_max_num_queries
):
    officer = make_user("Compliance")
    login_verified(client, officer)
    dept = department()
    for n in range(3):
        _finding(dept, n)
    factories.policy(officer)
    client.get(reverse("compliance:finding-list"))
    client.get(reverse("compliance:dashboard"))
    for n in range(3, 60):
        _finding(department(), n, owner=officer)
    factories.policy(officer)
    factories.contract(officer)

    with django_assert_max_num_queries(16):
        assert client.get(reverse("compliance:finding-list")).status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(reverse("compliance:dashboard")).status_code == 200


def test_run_checks_now_starts_a_job(client, make_user):
    officer = make_user("Compliance")
    login_verified(client, officer)

    response = client.post(reverse("compliance:checks-run"))

    job = Job.objects.get(kind="compliance.checks_run")
    assert response.status_code == 302 and str(job.uuid) in response["Location"]


@pytest.mark.pdf
def test_the_monthly_report_is_a_pdf_rendered_by_a_job(client, make_user):
    from pypdf import PdfReader

    officer = make_user("Compliance")
    login_verified(client, officer)

    response = client.post(reverse("compliance:report-start"))

    job = Job.objects.get(kind="compliance.monthly_report")
    assert response.status_code == 302 and str(job.uuid) in response["Location"]
    job = job_run(job_id=job.pk)
    assert job.status == Job.Status.SUCCEEDED, job.message
    assert job.requested_by == officer
    with job.result_file.open("rb") as handle:
        text = PdfReader(io.BytesIO(handle.read())).pages[0].extract_text()
    assert "Compliance report" in text
    assert client.post(reverse("compliance:report-start"))["Location"] == response["Location"]
    assert Job.objects.filter(kind="compliance.monthly_report").count() == 1  # a double click


def test_only_the_compliance_officer_may_start_the_monthly_report(client, make_user):
    login_verified(client, make_user("Manager"))

    response = client.post(reverse("compliance:report-start"))

    assert response.status_code in (403, 404)
    assert not Job.objects.filter(kind="compliance.monthly_report").exists()


def test_a_team_lead_who_heads_no_department_sees_their_own_departments_findings(client, make_user):
    lead_user = make_user("Manager")
    dept, other = department(name="Shop"), department(name="Depot")
    lead = employee(user=lead_user, dept=dept)
    employee(dept=dept, manager=lead)
    own, theirs = _finding(dept), _finding(other)
    login_verified(client, lead_user)

    page = client.get(reverse("compliance:finding-list"))

    assert page.status_code == 200
    assert list(page.context["page"].object_list) == [own]
    assert client.get(reverse("compliance:finding-detail", args=[theirs.pk])).status_code == 404


def test_staff_sees_no_findings_or_contracts(client, make_user):
    person = employee(user=make_user("Staff"))
    _finding(person.department)
    login_verified(client, person.user)

    assert client.get(reverse("compliance:finding-list")).status_code == 403
    assert client.get(reverse("compliance:contract-list")).status_code == 403
    assert client.get(reverse("compliance:policy-mine")).status_code == 200


def test_a_manager_opens_published_versions_for_their_department_but_no_drafts(
    client, make_user, two_departments
):
    manager, mine, theirs = two_departments
    officer = make_user("Compliance")
    draft = factories.policy(officer, status="draft")
    elsewhere = factories.policy(officer, audience="departments", departments=[theirs])
    ours = factories.policy(officer, audience="departments", departments=[mine])
    login_verified(client, manager)

    def status(version, query=""):
        url = reverse("compliance:policy-version", args=[version.pk])
        return client.get(url + query).status_code

    assert (status(draft), status(draft, "?export=csv")) == (404, 404)
    assert status(elsewhere) == 404
    assert status(ours) == 200


def test_sorting_findings_the_other_way_answers(client, make_user):
    officer = make_user("Compliance")
    _finding(department(name="Ops"))
    login_verified(client, officer)

    for sort in ("severity", "-severity"):
        page = client.get(reverse("compliance:finding-list"), {"sort": sort})
        assert page.status_code == 200


def test_an_impossible_department_id_is_a_form_error(client, make_user):
    officer = make_user("Compliance")
    version = factories.policy(officer)
    login_verified(client, officer)

    page = client.post(
        reverse("compliance:version-create", args=[version.policy_id]),
        {
            "summary": "x",
            "body": "Text",
            "audience": "departments",
            "departments": ["99999999999999999999"],
            "due_days": "14",
        },
    )

    assert page.status_code == 400
    assert version.policy.versions.count() == 1


def test_a_legal_matter_keeps_its_documents_privately(client, make_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from compliance.models import LegalDocument, LegalMatter

    officer = make_user("Compliance")
    matter = LegalMatter.objects.create(title="Claim", counterparty_name="X", owner=officer)
    login_verified(client, officer)
    add = reverse("compliance:legal-document-add", args=[matter.pk])

    disguised = SimpleUploadedFile("summons.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(add, {"title": "Summons", "file": disguised}, follow=True)
    assert not LegalDocument.objects.exists()
    assert b"alert-danger" in response.content or b"not" in response.content

    import io

    from pypdf import PdfWriter

    writer, pdf = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(pdf)
    summons = SimpleUploadedFile("summons.pdf", pdf.getvalue(), content_type="application/pdf")
    response = client.post(add, {"title": "Summons", "file": summons}, follow=True)
    document = LegalDocument.objects.get()
    assert b"Summons" in response.content
    download = client.get(reverse("compliance:legal-document-download", args=[document.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert download["Cache-Control"] == "no-store"

    staff = make_user("Staff")
    login_verified(client, staff)
    assert (
        client.get(reverse("compliance:legal-document-download", args=[document.pk])).status_code
        == 403
    )
