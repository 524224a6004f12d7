"""Subject-access exports and the retention rules."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from backoffice.exports import csv_lines, neutralise
from backoffice.models import User
from backoffice.registry import registry
from backoffice.services.actions import action_record
from backoffice.services.jobs import job_start
from compliance.audit import ComplianceAudit
from compliance.models import SubjectAccessRequest
from hr.models import Employee

ALREADY_DOWNLOADED = _("This export was downloaded already; start a new one if needed.")
NOT_READY = _("This export is not ready yet.")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
            if timezone.is_aware(value)
            else value.isoformat()
        )
    if isinstance(value, (date, Decimal, int)):
        return str(value)
    return neutralise(str(value))


def _csv(rows: list[dict]) -> bytes:
    header: list[str] = []
    for row in rows:
        header.extend(k for k in row if k not in header)
    lines = csv_lines(header=header, rows=([_cell(row.get(k)) for k in header] for row in rows))
    return "".join(lines).encode()


def subject_access_zip(*, employee: Employee) -> tuple[bytes, dict[str, int]]:
    """Every registered department's records of ``employee``: a CSV per section, in a folder
    per department, and a README saying what is inside."""
    buffer = io.BytesIO()
    counts: dict[str, int] = {}
    lines = [f"{employee} ({employee.employee_number})", f"{timezone.now():%Y-%m-%d %H:%M %Z}", ""]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for provider in registry.personal_data:
            sections = provider.collect(employee)
            for section, rows in sections.items():
                name = f"{provider.key}/{slugify(section) or 'data'}.csv"
                archive.writestr(name, _csv(rows))
                counts[name] = len(rows)
                lines.append(f"{name}: {len(rows)}")
        archive.writestr("README.txt", "\n".join(lines) + "\n")
    return buffer.getvalue(), counts


@transaction.atomic
def subject_access_request(*, employee: Employee, actor: User) -> SubjectAccessRequest:
    request = SubjectAccessRequest.objects.create(employee=employee, requested_by=actor)
    job = job_start(
        kind="compliance.subject_access",
        params={"request_id": request.pk},
        requested_by=actor,
    )
    request.job_uuid = job.uuid
    request.save(update_fields=["job_uuid"])
    action_record(
        kind=ComplianceAudit.SUBJECT_ACCESS,
        summary=gettext_noop("Personal data export of %(person)s requested"),
        params={"person": str(employee)},
        actor=actor,
        target=employee,
        data={"request": request.pk},
    )
    return request


def subject_access_build(*, request: SubjectAccessRequest) -> SubjectAccessRequest:
    content, counts = subject_access_zip(employee=request.employee)
    old = request.file.name if request.file else ""
    request.file.save(
        f"subject-access-{request.employee.employee_number}-{request.pk}.zip",
        ContentFile(content),
        save=False,
    )
    request.sections = counts
    request.ready_at = timezone.now()
    request.save(update_fields=["file", "sections", "ready_at"])
    if old and old != request.file.name:
        request.file.storage.delete(old)
    return request


@transaction.atomic
def subject_access_take(*, request: SubjectAccessRequest, actor: User) -> bytes:
    """Hand the ZIP over once: the file is deleted as it is read, and the download audited."""
    request = SubjectAccessRequest.objects.select_for_update().get(pk=request.pk)
    if request.downloaded_at is not None:
        raise ValidationError(ALREADY_DOWNLOADED)
    if not request.file:
        raise ValidationError(NOT_READY)
    with request.file.open("rb") as handle:
        content = handle.read()
    name = request.file.name
    request.downloaded_at = timezone.now()
    request.file = ""
    request.save(update_fields=["downloaded_at", "file"])
    storage = SubjectAccessRequest.file.field.storage
    transaction.on_commit(lambda: storage.delete(name), robust=True)
    action_record(
        kind=ComplianceAudit.SUBJECT_ACCESS,
        summary=gettext_noop("Personal data export of %(person)s downloaded"),
        params={"person": str(request.employee)},
        actor=actor,
        target=request.employee,
        data={"request": request.pk},
    )
    return content


@dataclass(frozen=True)
class RetentionRule:
    kind: object
    keep: object
    source: str
    enforced_by: object
    enforce: Callable[[date], int] | None = None


def _candidates(today: date) -> int:
    from hr.services import candidates_anonymise_expired

    return candidates_anonymise_expired(today=today)


RETENTION_RULES = (
    RetentionRule(
        _("Payroll registers and payslips"),
        _("50 years"),
        "Social Insurance Code art. 5(8); BULGARIA.md",
        _("Kept: nothing is removed before the period ends."),
    ),
    RetentionRule(
        _("Accounting records (journal, invoices, registers)"),
        _("10 years"),
        "Accountancy Act art. 12(1)",
        _("Kept: posted records are never deleted."),
    ),
    RetentionRule(
        _("Job candidates without consent"),
        _("6 months after the decision"),
        "GDPR art. 5(1)(e); KZLD guidance; BULGARIA.md",
        _("Anonymised nightly (name, contacts, CV and notes removed)."),
        _candidates,
    ),
    RetentionRule(
        _("Audit trail"),
        _("10 years"),
        "Accountancy Act art. 12(1) (records supporting the books)",
        _("Kept: the audit trail is never pruned."),
    ),
)


def retention_apply(*, today: date | None = None) -> dict[str, int]:
    """Nightly: run every rule that removes what has expired."""
    today = today or timezone.localdate()
    done = {}
    for rule in RETENTION_RULES:
        if rule.enforce is not None:
            done[str(rule.kind)] = rule.enforce(today)
    if any(done.values()):
        action_record(
            kind=ComplianceAudit.RETENTION_APPLIED,
            summary=gettext_noop("Retention applied: %(count)s records anonymised"),
            params={"count": sum(done.values())},
            actor=None,
            data=done,
        )
    return done
