"""Pure rules of receivables and payables: ageing buckets, reading bank statements (ISO 20022
CAMT.053 XML and a plain CSV) and scoring a bank line against open documents.

No ORM here: the services feed these functions bytes and plain values and write what they return.
A statement is read whole before anything is written; any malformed entry is reported with its
number and the file is refused.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from xml.etree import ElementTree as ET  # noqa: S405 - DTDs and entities are refused before parsing

# Ageing ------------------------------------------------------------------------------------------

CURRENT, D30, D60, D90, OVER90 = "current", "1-30", "31-60", "61-90", "90+"
BUCKETS: tuple[str, ...] = (CURRENT, D30, D60, D90, OVER90)


def bucket_of(*, due: date, on: date) -> str:
    """The bucket of a document due on ``due``, seen on ``on`` (due today is still current)."""
    late = (on - due).days
    if late <= 0:
        return CURRENT
    if late <= 30:
        return D30
    if late <= 60:
        return D60
    if late <= 90:
        return D90
    return OVER90


def bucket_ranges(on: date) -> dict[str, tuple[date | None, date | None]]:
    """Each bucket as an inclusive range of due dates (None: open-ended), for one SQL pass."""
    return {
        CURRENT: (on, None),
        D30: (on - timedelta(days=30), on - timedelta(days=1)),
        D60: (on - timedelta(days=60), on - timedelta(days=31)),
        D90: (on - timedelta(days=90), on - timedelta(days=61)),
        OVER90: (None, on - timedelta(days=91)),
    }


# Bank statements ---------------------------------------------------------------------------------

MAX_STATEMENT_BYTES = 5 * 1024 * 1024
MAX_STATEMENT_LINES = 5000

# Why a statement or one of its lines is refused; the services word these for people.
TOO_BIG = "too_big"
DTD_REFUSED = "dtd"
NOT_XML = "not_xml"
NOT_CAMT = "not_camt"
NO_ENTRIES = "no_entries"
TOO_MANY = "too_many"
BAD_AMOUNT = "bad_amount"
BAD_DATE = "bad_date"
BAD_SIDE = "bad_side"
NO_AMOUNT = "no_amount"
NO_DATE = "no_date"
ZERO_AMOUNT = "zero_amount"
BAD_CURRENCY = "bad_currency"
CSV_HEADER = "csv_header"
CSV_NOT_TEXT = "csv_not_text"
CSV_COLUMNS = "csv_columns"


@dataclass(frozen=True)
class StatementLine:
    """One booked movement: positive amount for money in, negative for money out."""

    booked_on: date
    amount: Decimal
    counterparty: str = ""
    counterparty_iban: str = ""
    reference: str = ""
    bank_reference: str = ""


@dataclass(frozen=True)
class LineError:
    """Line ``line`` (0: the file as a whole) is refused for ``code``, with ``params``."""

    line: int
    code: str
    params: dict = field(default_factory=dict, compare=False)


@dataclass
class ParsedStatement:
    statement_id: str = ""
    iban: str = ""
    currency: str = ""
    lines: list[StatementLine] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(node: ET.Element | None, *path: str) -> ET.Element | None:
    """The first descendant along ``path`` of local names, whatever the namespace version."""
    for name in path:
        if node is None:
            return None
        node = next((c for c in node if _local(c.tag) == name), None)
    return node


def _text(node: ET.Element | None, *path: str) -> str:
    found = _child(node, *path)
    return (found.text or "").strip() if found is not None else ""


def _children(node: ET.Element | None, name: str) -> list[ET.Element]:
    return [] if node is None else [c for c in node if _local(c.tag) == name]


def parse_amount(value: str) -> Decimal:
    """``1234.56``, ``1 234,56`` or ``1.234,56``; raises ``ValueError``."""
    text = (value or "").strip().replace("\u00a0", "").replace(" ", "")
    if "," in text and "." in text:
        text = (
            text.replace(".", "").replace(",", ".")
            if text.rfind(",") > text.rfind(".")
            else text.replace(",", "")
        )
    elif "," in text:
        text = text.replace(",", ".")
    if not re.fullmatch(r"[+-]?\d+(\.\d{1,2})?", text):
        raise ValueError(value)
    try:
        return Decimal(text).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValueError(value) from None


def parse_date(value: str) -> date:
    """ISO (``2026-11-30``, also with a time) or Bulgarian (``30.11.2026``); raises ``ValueError``."""
    text = (value or "").strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            day = datetime.strptime(text[:10], fmt).date()  # noqa: DTZ007 - a calendar day
        except ValueError:
            continue
        if not 2000 <= day.year <= 2100:
            raise ValueError(value)
        return day
    raise ValueError(value)


def _refuse_dtd(data: bytes) -> bool:
    head = data[:4096].upper()
    return b"<!DOCTYPE" in head or b"<!ENTITY" in data.upper()


def parse_camt053(data: bytes, *, currency: str = "EUR") -> ParsedStatement:
    """Read a CAMT.053 statement (any 001.xx version). Every entry is checked; the result has
    either lines and no errors, or errors (the caller then writes nothing)."""
    result = ParsedStatement(currency=currency)
    if len(data) > MAX_STATEMENT_BYTES:
        result.errors.append(LineError(0, TOO_BIG, {"mb": MAX_STATEMENT_BYTES // 1048576}))
        return result
    if _refuse_dtd(data):
        result.errors.append(LineError(0, DTD_REFUSED))
        return result
    try:
        root = ET.fromstring(data)  # noqa: S314 - no DTD, so no entity expansion
    except ET.ParseError as exc:
        result.errors.append(LineError(0, NOT_XML, {"error": str(exc)}))
        return result
    statements = [
        stmt
        for report in root.iter()
        if _local(report.tag) == "BkToCstmrStmt"
        for stmt in _children(report, "Stmt")
    ]
    if not statements:
        result.errors.append(LineError(0, NOT_CAMT))
        return result
    number = 0
    for stmt in statements:
        result.statement_id = result.statement_id or _text(stmt, "Id")
        result.iban = result.iban or _text(stmt, "Acct", "Id", "IBAN")
        for entry in _children(stmt, "Ntry"):
            number += 1
            if number > MAX_STATEMENT_LINES:
                result.errors.append(LineError(number, TOO_MANY, {"max": MAX_STATEMENT_LINES}))
                return result
            line = _camt_entry(entry, number, currency, result.errors)
            if line is not None:
                result.lines.append(line)
    if not number:
        result.errors.append(LineError(0, NO_ENTRIES))
    return result


def _party(details: ET.Element | None, role: str) -> tuple[str, str]:
    parties = _child(details, "RltdPties")
    name = _text(parties, role, "Nm") or _text(parties, role, "Pty", "Nm")
    iban = _text(parties, f"{role}Acct", "Id", "IBAN")
    return name, iban


def _camt_entry(
    entry: ET.Element, number: int, currency: str, errors: list[LineError]
) -> StatementLine | None:
    amount_node = _child(entry, "Amt")
    if amount_node is None or not (amount_node.text or "").strip():
        errors.append(LineError(number, NO_AMOUNT))
        return None
    try:
        amount = parse_amount(amount_node.text or "")
    except ValueError:
        errors.append(LineError(number, BAD_AMOUNT, {"value": amount_node.text}))
        return None
    if amount <= 0:
        errors.append(LineError(number, BAD_AMOUNT, {"value": amount_node.text}))
        return None
    ccy = amount_node.get("Ccy", currency)
    if ccy != currency:
        errors.append(LineError(number, BAD_CURRENCY, {"value": ccy, "expected": currency}))
        return None
    side = _text(entry, "CdtDbtInd")
    if side not in ("CRDT", "DBIT"):
        errors.append(LineError(number, BAD_SIDE, {"value": side or "—"}))
        return None
    raw_date = _text(entry, "BookgDt", "Dt") or _text(entry, "BookgDt", "DtTm")
    if not raw_date:
        errors.append(LineError(number, NO_DATE))
        return None
    try:
        booked = parse_date(raw_date)
    except ValueError:
        errors.append(LineError(number, BAD_DATE, {"value": raw_date}))
        return None
    details = _child(entry, "NtryDtls", "TxDtls")
    counterparty, iban = _party(details, "Dbtr" if side == "CRDT" else "Cdtr")
    remittance = _child(details, "RmtInf")
    parts = [u.text.strip() for u in _children(remittance, "Ustrd") if u.text and u.text.strip()]
    structured = _text(remittance, "Strd", "CdtrRefInf", "Ref")
    if structured:
        parts.append(structured)
    reference = (
        " ".join(parts) or _text(details, "Refs", "EndToEndId") or _text(entry, "AddtlNtryInf")
    )
    if reference == "NOTPROVIDED":
        reference = ""
    return StatementLine(
        booked_on=booked,
        amount=amount if side == "CRDT" else -amount,
        counterparty=counterparty[:200],
        counterparty_iban=iban.replace(" ", "")[:34],
        reference=reference[:300],
        bank_reference=(_text(entry, "AcctSvcrRef") or _text(details, "Refs", "AcctSvcrRef"))[:100],
    )


CSV_FIELDS = ("date", "amount", "counterparty", "iban", "reference")


def parse_statement_csv(data: bytes) -> ParsedStatement:
    """A CSV with the header ``date,amount,counterparty,iban,reference`` (comma or semicolon);
    a negative amount is money out."""
    result = ParsedStatement()
    if len(data) > MAX_STATEMENT_BYTES:
        result.errors.append(LineError(0, TOO_BIG, {"mb": MAX_STATEMENT_BYTES // 1048576}))
        return result
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append(LineError(0, CSV_NOT_TEXT))
        return result
    text = text.replace("\x00", "")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in next(rows, [])]
    if tuple(header[: len(CSV_FIELDS)]) != CSV_FIELDS:
        result.errors.append(LineError(1, CSV_HEADER))
        return result
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if number > MAX_STATEMENT_LINES + 1:
            result.errors.append(LineError(number, TOO_MANY, {"max": MAX_STATEMENT_LINES}))
            return result
        if len(row) < len(CSV_FIELDS):
            result.errors.append(
                LineError(number, CSV_COLUMNS, {"count": len(row), "expected": len(CSV_FIELDS)})
            )
            continue
        raw_date, raw_amount, counterparty, iban, reference = (c.strip() for c in row[:5])
        try:
            booked = parse_date(raw_date)
        except ValueError:
            result.errors.append(LineError(number, BAD_DATE, {"value": raw_date}))
            continue
        try:
            amount = parse_amount(raw_amount)
        except ValueError:
            result.errors.append(LineError(number, BAD_AMOUNT, {"value": raw_amount}))
            continue
        if not amount:
            result.errors.append(LineError(number, ZERO_AMOUNT))
            continue
        result.lines.append(
            StatementLine(
                booked_on=booked,
                amount=amount,
                counterparty=counterparty[:200],
                counterparty_iban=iban.replace(" ", "")[:34],
                reference=reference[:300],
            )
        )
    if not result.lines and not result.errors:
        result.errors.append(LineError(0, NO_ENTRIES))
    return result


# Matching ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenDocument:
    """A document that a bank line may pay: its kind and id, number, partner and open amount."""

    kind: str
    id: int
    number: str
    partner_id: int
    partner_name: str
    open_amount: Decimal
    partner_iban: str = ""


@dataclass(frozen=True)
class Suggestion:
    document: OpenDocument
    score: int
    amount: Decimal
    reasons: tuple[str, ...]


REASON_REFERENCE = "reference"
REASON_AMOUNT = "amount"
REASON_PARTNER = "partner"


def _digits_in(text: str) -> set[str]:
    """Digit runs of the text, with leading zeros dropped ("0000000042" and "42" meet)."""
    return {run.lstrip("0") or "0" for run in re.findall(r"\d{2,}", text)}


def _number_in(number: str, reference: str, digits: set[str]) -> bool:
    if not number:
        return False
    if number.lower() in reference.lower():
        return True
    core = re.sub(r"\D", "", number).lstrip("0")
    return bool(core) and len(core) >= 2 and core in digits


def suggest_matches(
    *, line: StatementLine, documents: Iterable[OpenDocument], limit: int = 3
) -> list[Suggestion]:
    """The documents a bank line most likely pays, best first: the document's number in the
    reference counts most, then the exact open amount, then the partner's IBAN or name."""
    amount = abs(line.amount)
    digits = _digits_in(line.reference)
    name = line.counterparty.casefold().strip()
    found: list[Suggestion] = []
    for doc in documents:
        reasons = []
        score = 0
        if _number_in(doc.number, line.reference, digits):
            score += 60
            reasons.append(REASON_REFERENCE)
        if doc.open_amount == amount:
            score += 30
            reasons.append(REASON_AMOUNT)
        if (line.counterparty_iban and doc.partner_iban == line.counterparty_iban) or (
            name and doc.partner_name.casefold().strip() == name
        ):
            score += 15
            reasons.append(REASON_PARTNER)
        if score >= 30:
            found.append(Suggestion(doc, score, min(amount, doc.open_amount), tuple(reasons)))
    found.sort(key=lambda s: (-s.score, s.document.id))
    return found[:limit]


def split_payment(amount: Decimal, opens: Sequence[Decimal]) -> list[Decimal]:
    """Set ``amount`` against documents in order, each up to what is open on it; what is left
    over stays unallocated (a credit)."""
    shares = []
    left = amount
    for open_amount in opens:
        share = min(left, open_amount) if left > 0 else Decimal("0.00")
        shares.append(share)
        left -= share
    return shares


# Accounts ----------------------------------------------------------------------------------------

#: Where each kind of amount posts, by chart: the Bulgarian national chart first, then the simple
#: chart. The first number that exists in the organisation's chart is used.
ACCOUNT_ROLES: dict[str, tuple[str, ...]] = {
    "receivable": ("411", "1200"),
    "payable": ("401", "2000"),
    "vat_in": ("4531", "1400"),
    "vat_out": ("4532", "2100"),
    "bank": ("503", "1100"),
    "cash": ("501", "1000"),
    "staff": ("425", "2200"),
    "purchases": ("602", "6900"),
}


def camt053_build(
    *, statement_id: str, iban: str, created: datetime, lines: Sequence[StatementLine]
) -> bytes:
    """A minimal CAMT.053.001.02 statement of ``lines`` (the demo file, and tests)."""
    ns = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"
    doc = ET.Element("Document", xmlns=ns)
    stmt_root = ET.SubElement(doc, "BkToCstmrStmt")
    header = ET.SubElement(stmt_root, "GrpHdr")
    ET.SubElement(header, "MsgId").text = statement_id
    ET.SubElement(header, "CreDtTm").text = created.strftime("%Y-%m-%dT%H:%M:%S")
    stmt = ET.SubElement(stmt_root, "Stmt")
    ET.SubElement(stmt, "Id").text = statement_id
    ET.SubElement(stmt, "CreDtTm").text = created.strftime("%Y-%m-%dT%H:%M:%S")
    acct = ET.SubElement(stmt, "Acct")
    ET.SubElement(ET.SubElement(acct, "Id"), "IBAN").text = iban
    ET.SubElement(acct, "Ccy").text = "EUR"
    for n, line in enumerate(lines, start=1):
        entry = ET.SubElement(stmt, "Ntry")
        ET.SubElement(entry, "Amt", Ccy="EUR").text = f"{abs(line.amount):.2f}"
        credit = line.amount > 0
        ET.SubElement(entry, "CdtDbtInd").text = "CRDT" if credit else "DBIT"
        ET.SubElement(entry, "Sts").text = "BOOK"
        ET.SubElement(ET.SubElement(entry, "BookgDt"), "Dt").text = line.booked_on.isoformat()
        ET.SubElement(ET.SubElement(entry, "ValDt"), "Dt").text = line.booked_on.isoformat()
        ET.SubElement(entry, "AcctSvcrRef").text = line.bank_reference or f"{statement_id}-{n}"
        tx = ET.SubElement(ET.SubElement(entry, "NtryDtls"), "TxDtls")
        refs = ET.SubElement(tx, "Refs")
        ET.SubElement(refs, "EndToEndId").text = "NOTPROVIDED"
        parties = ET.SubElement(tx, "RltdPties")
        role = "Dbtr" if credit else "Cdtr"
        ET.SubElement(ET.SubElement(parties, role), "Nm").text = line.counterparty
        if line.counterparty_iban:
            account = ET.SubElement(ET.SubElement(parties, f"{role}Acct"), "Id")
            ET.SubElement(account, "IBAN").text = line.counterparty_iban
        if line.reference:
            ET.SubElement(ET.SubElement(tx, "RmtInf"), "Ustrd").text = line.reference
    ET.indent(doc)
    body = ET.tostring(doc, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode()
