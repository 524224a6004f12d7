"""Risks and legal matters."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from backoffice.models import User
from backoffice.services.actions import action_record
from backoffice.services.notifications import notification_send
from backoffice.uploads import DOCUMENTS, store_upload, validate_upload
from compliance.audit import ComplianceAudit
from compliance.domain.documents import document_name
from compliance.models import LegalDeadline, LegalDocument, LegalMatter, Risk

OUT_OF_SCALE = _("Give a value from 1 to 5.")
SCALE_FIELDS = ("likelihood", "impact", "residual_likelihood", "residual_impact")


@transaction.atomic
def risk_save(*, risk: Risk, actor: User) -> Risk:
    errors = {
        name: [OUT_OF_SCALE]
        for name in SCALE_FIELDS
        if not isinstance(getattr(risk, name), int) or not 1 <= getattr(risk, name) <= 5
    }
    if errors:
        raise ValidationError(errors)
    risk._change_reason = "saved"
    risk.save()
    action_record(
        kind=ComplianceAudit.RISK_SAVED,
        summary=gettext_noop("Risk %(risk)s saved (%(score)s, residual %(residual)s)"),
        params={"risk": risk.title, "score": risk.score, "residual": risk.residual_score},
        actor=actor,
        target=risk,
    )
    return risk


@transaction.atomic
def legal_matter_save(*, matter: LegalMatter, actor: User) -> LegalMatter:
    matter.save()
    action_record(
        kind=ComplianceAudit.LEGAL_SAVED,
        summary=gettext_noop("Legal matter %(matter)s saved"),
        params={"matter": matter.title},
        actor=actor,
        target=matter,
    )
    return matter


@transaction.atomic
def legal_deadline_add(*, matter: LegalMatter, title: str, due: date, actor: User) -> LegalDeadline:
    deadline = LegalDeadline.objects.create(matter=matter, title=title, due=due)
    action_record(
        kind=ComplianceAudit.LEGAL_SAVED,
        summary=gettext_noop("Deadline %(title)s on %(due)s added to %(matter)s"),
        params={"title": title, "due": due.isoformat(), "matter": matter.title},
        actor=actor,
        target=matter,
    )
    return deadline


@transaction.atomic
def legal_document_add(
    *, matter: LegalMatter, title: str, upload: UploadedFile, actor: User
) -> LegalDocument:
    """A filing, a summons or a letter kept privately with the matter (PDF, image or office
    document, checked by its content, not its name)."""
    file_type = validate_upload(upload, allowed=DOCUMENTS)
    document = LegalDocument(
        matter=matter,
        title=title,
        content_type=file_type.content_type,
        original_name=document_name(upload.name, extension=file_type.extension),
    )
    document.file.name = store_upload(upload, folder="compliance/legal", allowed=DOCUMENTS)
    document.save()
    action_record(
        kind=ComplianceAudit.LEGAL_DOCUMENT,
        summary=gettext_noop("Document %(title)s added to %(matter)s"),
        params={"title": title, "matter": matter.title},
        actor=actor,
        target=matter,
    )
    return document


def legal_deadlines_remind(*, today: date | None = None, days: int = 7) -> int:
    """Tell the owner once when a deadline of an open matter is a week away."""
    today = today or timezone.localdate()
    sent = 0
    for deadline in (
        LegalDeadline.objects.filter(
            done=False,
            reminded_on__isnull=True,
            due__gte=today,
            due__lte=today + timedelta(days=days),
        )
        .exclude(matter__status=LegalMatter.Status.CLOSED)
        .select_related("matter__owner")
    ):
        with transaction.atomic():
            updated = LegalDeadline.objects.filter(pk=deadline.pk, reminded_on__isnull=True).update(
                reminded_on=today
            )
            if not updated:
                continue
            notification_send(
                recipient=deadline.matter.owner,
                title=gettext_noop("%(matter)s: %(deadline)s on %(day)s"),
                params={
                    "matter": deadline.matter.title,
                    "deadline": deadline.title,
                    "day": deadline.due,
                },
                url=reverse("compliance:legal-detail", args=[deadline.matter_id]),
                kind="compliance.legal_deadline",
            )
            sent += 1
    return sent
