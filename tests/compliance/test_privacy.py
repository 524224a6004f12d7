"""Subject-access export: that person's records from every department and nobody else's,
downloadable once, audited; retention anonymises expired candidates."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from backoffice.models import AuditEvent
from compliance.models import SubjectAccessRequest
from compliance.services import (
    policy_acknowledge,
    retention_apply,
    subject_access_build,
    subject_access_take,
    subject_access_zip,
)
from hr.models import Candidate, LeaveRequest, LeaveType
from tests.compliance import factories
from tests.hr.factories import employee

pytestmark = pytest.mark.django_db


def test_the_export_holds_that_persons_records_and_nobody_elses(make_user):
    officer = make_user("Compliance")
    subject = employee(user=make_user("Staff"), first_name="Мария", last_name="Subjectova")
    other = employee(user=make_user("Staff"), first_name="Other", last_name="Personov")
    leave_type = LeaveType.objects.create(code="X", name="Leave")
    today = timezone.localdate()
    LeaveRequest.objects.create(
        employee=subject, leave_type=leave_type, start_date=today, end_date=today, days=1
    )
    LeaveRequest.objects.create(
        employee=other, leave_type=leave_type, start_date=today, end_date=today, days=1
    )
    version = factories.policy(officer)
    policy_acknowledge(version=version, user=subject.user)
    policy_acknowledge(version=version, user=other.user)

    content, counts = subject_access_zip(employee=subject)

    archive = zipfile.ZipFile(io.BytesIO(content))
    names = set(archive.namelist())
    assert {
        "README.txt",
        "hr/record.csv",
        "hr/leave.csv",
        "compliance/acknowledgements.csv",
    } <= names
    assert any(name.startswith("scheduling/") for name in names)
    assert any(name.startswith("it_support/") for name in names)
    everything = b"".join(archive.read(n) for n in names).decode()
    assert "Subjectova" in everything
    assert "Personov" not in everything
    assert counts["hr/leave.csv"] == 1 and counts["compliance/acknowledgements.csv"] == 1


def test_the_export_downloads_once_and_is_audited(make_user):
    officer = make_user("Compliance")
    subject = employee()
    request = SubjectAccessRequest.objects.create(employee=subject, requested_by=officer)
    subject_access_build(request=request)

    content = subject_access_take(request=request, actor=officer)

    assert content.startswith(b"PK")
    with pytest.raises(ValidationError):
        subject_access_take(request=request, actor=officer)
    assert AuditEvent.objects.filter(kind="compliance.subject_access", actor=officer).count() == 1


def test_retention_anonymises_candidates_past_six_months():
    expired = Candidate.objects.create(
        first_name="Old",
        last_name="Applicant",
        email="old@example.com",
        keep_until=timezone.localdate() - timedelta(days=1),
    )
    kept = Candidate.objects.create(
        first_name="New",
        last_name="Applicant",
        email="new@example.com",
        keep_until=timezone.localdate() + timedelta(days=30),
    )

    done = retention_apply()

    expired.refresh_from_db()
    kept.refresh_from_db()
    assert sum(done.values()) == 1
    assert expired.email == "" and expired.last_name != "Applicant"
    assert kept.email == "new@example.com"
