"""Contracts: saving with their date rules, documents, the renewal history and the owner's
reminders (the nightly pass is safe to run any number of times)."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from backoffice.models import User
from backoffice.services.actions import action_record
from backoffice.services.notifications import notification_send
from backoffice.uploads import DOCUMENTS, store_upload, validate_upload
from compliance.audit import ComplianceAudit
from compliance.domain.contracts import add_months, notice_exceeds_term, term_on
from compliance.domain.documents import document_name
from compliance.models import Contract, ContractDocument, ContractReminder, ContractRenewal

END_BEFORE_START = _("A contract cannot end before it starts.")
NOTICE_TOO_LONG = _("The notice period is longer than the contract's term.")
RENEWAL_TERM_NEEDED = _("Give the renewal term of a contract that renews automatically.")
END_NEEDED = _("A contract that renews automatically needs the end of its first term.")
NEGATIVE_VALUE = _("The value cannot be negative.")


def contract_validate(contract: Contract) -> None:
    errors: dict[str, list] = {}
    if contract.end is not None and contract.end < contract.start:
        errors.setdefault("end", []).append(END_BEFORE_START)
    if contract.auto_renew:
        if not contract.renewal_months:
            errors.setdefault("renewal_months", []).append(RENEWAL_TERM_NEEDED)
        if contract.end is None:
            errors.setdefault("end", []).append(END_NEEDED)
    if contract.value is not None and contract.value < 0:
        errors.setdefault("value", []).append(NEGATIVE_VALUE)
    if not errors and contract.notice_value:
        if notice_exceeds_term(
            start=contract.start,
            end=contract.end,
            value=contract.notice_value,
            unit=contract.notice_unit,
        ):
            errors.setdefault("notice_value", []).append(NOTICE_TOO_LONG)
        elif contract.auto_renew and contract.renewal_months and contract.end:
            # Every renewal term must leave room for the notice too.
            renewal_start = contract.end + timedelta(days=1)
            renewal_end = add_months(renewal_start, contract.renewal_months) - timedelta(days=1)
            if notice_exceeds_term(
                start=renewal_start,
                end=renewal_end,
                value=contract.notice_value,
                unit=contract.notice_unit,
            ):
                errors.setdefault("notice_value", []).append(NOTICE_TOO_LONG)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def contract_save(*, contract: Contract, actor: User) -> Contract:
    """Create or change a contract; a bad date or notice period is refused and nothing saved."""
    contract_validate(contract)
    created = contract.pk is None
    contract.save()
    action_record(
        kind=ComplianceAudit.CONTRACT_SAVED,
        summary=gettext_noop("Contract %(contract)s saved"),
        params={"contract": contract.title},
        actor=actor,
        target=contract,
        data={"created": created},
    )
    return contract


@transaction.atomic
def contract_document_add(
    *, contract: Contract, title: str, upload: UploadedFile, actor: User
) -> ContractDocument:
    file_type = validate_upload(upload, allowed=DOCUMENTS)
    document = ContractDocument(
        contract=contract,
        title=title,
        uploaded_by=actor,
        content_type=file_type.content_type,
        original_name=document_name(upload.name, extension=file_type.extension),
    )
    document.file.name = store_upload(upload, folder="compliance/contracts", allowed=DOCUMENTS)
    document.save()
    action_record(
        kind=ComplianceAudit.CONTRACT_DOCUMENT,
        summary=gettext_noop("Document %(title)s added to contract %(contract)s"),
        params={"title": title, "contract": contract.title},
        actor=actor,
        target=contract,
    )
    return document


def _remind(contract: Contract, kind: str, term_end: date, notice_by: date) -> bool:
    try:
        with transaction.atomic():
            ContractReminder.objects.create(contract=contract, kind=kind, term_end=term_end)
            notification_send(
                recipient=contract.owner,
                title=gettext_noop("Contract %(contract)s: give notice by %(day)s")
                if kind == ContractReminder.Kind.NOTICE
                else gettext_noop("Contract %(contract)s: notice deadline %(day)s is coming up"),
                params={"contract": contract.title, "day": notice_by},
                url=reverse("compliance:contract-detail", args=[contract.pk]),
                kind="compliance.contract_notice",
                email=True,
            )
    except IntegrityError:
        return False  # already sent for this term
    return True


def contracts_nightly(*, today: date | None = None) -> dict[str, int]:
    """Record each tacit renewal once, and remind owners once per term when the lead time
    starts and again a week before the notice deadline."""
    today = today or timezone.localdate()
    renewed = reminded = 0
    for contract in Contract.objects.active().select_related("owner"):
        dates = contract.deadlines(today)
        for number in range(1, dates.term.number + 1):
            term = term_on(
                start=contract.start,
                end=contract.end,
                auto_renew=contract.auto_renew,
                renewal_months=contract.renewal_months,
                today=_term_day(contract, number),
            )
            _obj, created = ContractRenewal.objects.get_or_create(
                contract=contract, number=number, defaults={"start": term.start, "end": term.end}
            )
            if created:
                renewed += 1
                action_record(
                    kind=ComplianceAudit.CONTRACT_RENEWED,
                    summary=gettext_noop("Contract %(contract)s renewed until %(end)s"),
                    params={"contract": contract.title, "end": term.end.isoformat()},
                    actor=None,
                    target=contract,
                )
        if dates.notice_by is None or dates.remind_from is None or contract.status != "active":
            continue
        if dates.remind_from <= today <= dates.notice_by:
            reminded += _remind(
                contract, ContractReminder.Kind.LEAD, dates.term.end, dates.notice_by
            )
        if 0 <= (dates.notice_by - today).days <= 7:
            reminded += _remind(
                contract, ContractReminder.Kind.NOTICE, dates.term.end, dates.notice_by
            )
    return {"renewed": renewed, "reminded": reminded}


def _term_day(contract: Contract, number: int) -> date:
    """A day inside renewal term ``number`` (its first day)."""
    first = contract.end + timedelta(days=1)
    return add_months(first, (number - 1) * contract.renewal_months)
