from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_noop

from backoffice.models import User
from backoffice.services import action_record
from backoffice.uploads import DOCUMENTS, store_upload, validate_upload
from hr.audit import HrAudit
from hr.models import Employee, EmployeeDocument
from hr.policies import MANAGER_KINDS

# A private document's title may itself be health data ("sick note: ..."), and the audit trail
# reaches administrators: the events of documents outside the work scope name the person only.
AUDIT_SUMMARY = {
    (True, True): gettext_noop("Document %(title)s added for %(name)s"),
    (True, False): gettext_noop("Document %(title)s removed for %(name)s"),
    (False, True): gettext_noop("A private document was added for %(name)s"),
    (False, False): gettext_noop("A private document was removed for %(name)s"),
}


def _audit(*, actor: User, document: EmployeeDocument, added: bool) -> None:
    """The kind goes with the event so the person's history shows it only where the document shows."""
    work = document.kind in MANAGER_KINDS
    params = {"name": document.employee.full_name}
    if work:
        params["title"] = document.title
    action_record(
        kind=HrAudit.DOCUMENT_UPLOADED if added else HrAudit.DOCUMENT_DELETED,
        summary=AUDIT_SUMMARY[work, added],
        params=params,
        actor=actor,
        target=document,
        data={"employee": document.employee_id, "kind": str(document.kind)},
    )


@transaction.atomic
def document_upload(
    *,
    actor: User,
    employee: Employee,
    kind: str,
    title: str,
    upload: UploadedFile,
    expires_on: date | None = None,
) -> EmployeeDocument:
    file_type = validate_upload(upload, allowed=DOCUMENTS)
    document = EmployeeDocument(
        employee=employee,
        kind=str(kind),
        title=title,
        expires_on=expires_on,
        uploaded_by=actor,
        content_type=file_type.content_type,
    )
    document.file.name = store_upload(upload, folder="hr/documents", allowed=DOCUMENTS)
    document.save()
    _audit(actor=actor, document=document, added=True)
    return document


@transaction.atomic
def document_delete(*, actor: User, document: EmployeeDocument) -> None:
    name = document.file.name
    _audit(actor=actor, document=document, added=False)
    document.delete()
    transaction.on_commit(lambda: EmployeeDocument.file.field.storage.delete(name), robust=True)


def documents_remind_expiring(*, today: date | None = None) -> int:
    """Tell HR once, on the day the reminder period starts, about each document about to expire."""
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone

    from backoffice import roles
    from backoffice.models import Notification
    from backoffice.selectors import users_with_role
    from backoffice.services import notification_send

    today = today or timezone.localdate()
    due = [
        d
        for d in EmployeeDocument.objects.filter(expires_on__gte=today).select_related("employee")
        if d.expires_on - timedelta(days=d.remind_days_before) == today
    ]
    recipients = list(users_with_role(role=roles.HR))
    for document in due:
        for person in recipients:
            notification_send(
                recipient=person,
                kind="hr.document_expiring",
                title=gettext_noop("%(title)s of %(name)s expires soon"),
                body=gettext_noop("It expires on %(date)s."),
                params={
                    "title": document.title,
                    "name": document.employee.full_name,
                    "date": document.expires_on,
                },
                url=reverse("hr:employee-detail", args=[document.employee_id]) + "?tab=documents",
                level=Notification.Level.WARNING,
            )
    return len(due)
