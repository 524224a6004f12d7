"""Manual entries kept before posting: drafts and templates for recurring entries."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_noop

from backoffice.models import User
from backoffice.services import action_record
from finance.audit import FinanceAudit
from finance.interface import LineIn, Source
from finance.models import EntryDraft, JournalEntry
from finance.services.posting import journal_entry_post


@transaction.atomic
def draft_save(*, actor: User, data: dict[str, Any], draft: EntryDraft | None = None) -> EntryDraft:
    """Keep the entry as typed (it need not balance yet)."""
    draft = draft or EntryDraft(created_by=actor)
    draft.date = data.get("date")
    draft.memo = (data.get("memo") or "")[:300]
    draft.is_template = bool(data.get("is_template"))
    draft.name = (data.get("name") or "")[:100]
    draft.lines = [
        {
            "account": line.get("account"),
            "debit": str(line.get("debit") or ""),
            "credit": str(line.get("credit") or ""),
            "department": line.get("department"),
            "partner": line.get("partner"),
            "text": (line.get("text") or "")[:300],
        }
        for line in data.get("lines", [])
    ]
    draft.save()
    action_record(
        kind=FinanceAudit.DRAFT_SAVED,
        summary=gettext_noop("Draft entry %(name)s saved"),
        params={"name": str(draft)},
        actor=actor,
        target=draft,
    )
    return draft


def draft_lines(draft: EntryDraft) -> list[LineIn]:
    return [
        LineIn(
            account=line.get("account"),
            debit=line.get("debit") or "0",
            credit=line.get("credit") or "0",
            department=line.get("department"),
            partner=line.get("partner"),
            text=line.get("text") or "",
        )
        for line in draft.lines
    ]


@transaction.atomic
def draft_post(*, draft: EntryDraft, actor: User) -> JournalEntry:
    """Post a draft (all checks apply) and remove it; a template stays for next time."""
    entry = journal_entry_post(
        date=draft.date,
        lines=draft_lines(draft),
        memo=draft.memo,
        source=Source(type="", id=""),
        key=None if draft.is_template else f"draft:{draft.pk}",
        actor=actor,
        kind=JournalEntry.Kind.MANUAL,
    )
    if not draft.is_template:
        draft.delete()
    return entry


@transaction.atomic
def draft_delete(*, draft: EntryDraft, actor: User) -> None:
    draft.delete()
