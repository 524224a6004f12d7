"""What other departments hand the ledger (DESIGN.md 1): plain, frozen values.

Invoicing, payroll and stock receipts post through ``finance.services.journal_entry_post`` with
lines of ``LineIn`` and a ``Source`` naming the document that caused the entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class LineIn:
    """One line to post: an account (a row, its id or its number), a Decimal debit or credit
    (the other side zero), and an optional department and partner (a row or an id)."""

    account: Any
    debit: Any = Decimal("0.00")
    credit: Any = Decimal("0.00")
    department: Any = None
    partner: Any = None
    text: str = ""


@dataclass(frozen=True)
class Source:
    """The document behind an entry, shown as a link on every one of its ledger lines."""

    type: str
    id: str
    label: str = ""
    url: str = ""


@dataclass(frozen=True)
class BudgetLeft:
    """What ``budget_remaining`` answers: the budget of the whole year, what was posted from the
    first of the year to the day asked about, and what is left (negative when overspent)."""

    budget: Decimal
    actual: Decimal
    remaining: Decimal


@dataclass(frozen=True)
class BillLineIn:
    """One line of a supplier bill: what was bought, how many at what net price (Decimal or
    text, never float), the VAT rate in percent, and optionally the account (a row, its id or its
    number; the default purchases account otherwise) and the department charged."""

    description: str
    quantity: Any
    unit_price: Any
    vat_rate: Any = Decimal("20")
    account: Any = None
    department: Any = None
    #: A tax code (a row or its id): its rate replaces ``vat_rate``; a reverse-charge code makes
    #: the line carry no supplier VAT and self-assesses VAT at the standard rate of the bill date.
    tax_code: Any = None


@dataclass(frozen=True)
class EntryIn:
    """One entry for ``finance.services.journal_entries_post``: ``journal_entry_post``'s date,
    lines, memo, source and idempotency key."""

    date: Any
    lines: Any
    memo: str = ""
    source: Source | None = None
    key: str | None = None
