"""The bank file of a payroll run: a SEPA credit transfer initiation, ISO 20022 pain.001.001.03.

Pure Python (no ORM): the caller hands in the debtor (the organisation's salary account) and one
``Transfer`` per person. Names and remittance text are written in the SEPA character set (Latin
letters, digits and ``/-?:().,'+`` and space; EPC guidelines): Bulgarian Cyrillic is transliterated
by the official system first, anything else outside the set becomes a space. Amounts are Decimal,
already rounded to the cent; a float, a negative or zero amount, or a malformed IBAN is refused
before a byte is written, so a file either carries every payment or is not produced.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: S405 - we only write XML here, never parse input
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as StdnumError

from backoffice.money import CENT, MoneyError, to_decimal
from backoffice.translit import to_latin

NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"
MESSAGE_VERSION = "pain.001.001.03"
CURRENCY = "EUR"

NO_TRANSFERS = _("There is nothing to pay: the run has no net pay to transfer.")
BAD_IBAN = _("%(name)s: the IBAN %(iban)s is not valid.")
NO_IBAN = _("%(name)s has no IBAN.")
BAD_BIC = _("%(name)s: the BIC %(bic)s is not valid.")
BAD_AMOUNT = _("%(name)s: the amount %(amount)s cannot be transferred (it must be above zero).")
BAD_DEBTOR_IBAN = _(
    "The organisation's salary account (IBAN) is missing or not valid; set it in the payroll "
    "settings before downloading the bank file."
)

_NOT_SEPA = re.compile(r"[^A-Za-z0-9/\-?:().,'+ ]")
_SPACES = re.compile(r"\s+")
_ID_CHARS = re.compile(r"[^A-Za-z0-9/\-?:().,'+]")


class BankFileError(ValueError):
    """A transfer or the debtor cannot go into the bank file; ``messages`` says which and why."""

    def __init__(self, messages: Sequence[str], refused: Sequence[tuple[int, str]] = ()):
        super().__init__("; ".join(messages))
        self.messages = list(messages)
        #: (index of the transfer, message) for each transfer refused.
        self.refused = list(refused)


@dataclass(frozen=True)
class Debtor:
    name: str
    iban: str
    bic: str = ""


@dataclass(frozen=True)
class Transfer:
    name: str
    iban: str
    amount: Decimal
    reference: str
    bic: str = ""
    end_to_end_id: str = ""


def sepa_text(text: str, length: int) -> str:
    """``text`` in the SEPA character set, at most ``length`` characters."""
    latin = to_latin(text or "")
    cleaned = _SPACES.sub(" ", _NOT_SEPA.sub(" ", latin)).strip()
    return cleaned[:length].rstrip()


def sepa_id(text: str, length: int = 35) -> str:
    """An identifier (message, payment or end-to-end id): SEPA characters, no spaces, no leading
    or trailing slash and no double slash (EPC rule)."""
    cleaned = _ID_CHARS.sub("", to_latin(text or ""))
    cleaned = re.sub(r"/{2,}", "/", cleaned).strip("/")[:length].strip("/")
    return cleaned or "NOTPROVIDED"


def _compact_iban(value: str) -> str:
    return stdnum_iban.compact(value or "")


def _valid_iban(value: str) -> bool:
    try:
        stdnum_iban.validate(value)
    except StdnumError:
        return False
    return True


def _valid_bic(value: str) -> bool:
    try:
        stdnum_bic.validate(value)
    except StdnumError:
        return False
    return True


def _amount(value: Decimal) -> Decimal:
    amount = to_decimal(value)
    if amount != amount.quantize(CENT):
        raise MoneyError(str(value))
    return amount


def transfer_problems(transfers: Sequence[Transfer]) -> list[tuple[int, str]]:
    """What keeps each transfer out of the bank file: (its index, the message), every one."""
    problems: list[tuple[int, str]] = []
    for index, t in enumerate(transfers):
        if not (t.iban or "").strip():
            problems.append((index, str(NO_IBAN % {"name": t.name})))
        elif not _valid_iban(_compact_iban(t.iban)):
            problems.append((index, str(BAD_IBAN % {"name": t.name, "iban": t.iban})))
        if t.bic and not _valid_bic(stdnum_bic.compact(t.bic)):
            problems.append((index, str(BAD_BIC % {"name": t.name, "bic": t.bic})))
        try:
            amount = _amount(t.amount)
        except MoneyError:
            problems.append((index, str(BAD_AMOUNT % {"name": t.name, "amount": t.amount})))
            continue
        if amount <= 0:
            problems.append((index, str(BAD_AMOUNT % {"name": t.name, "amount": t.amount})))
    return problems


def _check(debtor: Debtor, transfers: Sequence[Transfer]) -> tuple[list[str], list]:
    errors: list[str] = []
    if not _valid_iban(_compact_iban(debtor.iban)):
        errors.append(str(BAD_DEBTOR_IBAN))
    if debtor.bic and not _valid_bic(stdnum_bic.compact(debtor.bic)):
        errors.append(str(BAD_BIC % {"name": debtor.name, "bic": debtor.bic}))
    if not transfers:
        errors.append(str(NO_TRANSFERS))
    refused = transfer_problems(transfers)
    return errors + [message for _index, message in refused], refused


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def pain001_xml(
    *,
    message_id: str,
    debtor: Debtor,
    transfers: Sequence[Transfer],
    execution_date: date,
    created_at: datetime,
    category_purpose: str = "SALA",
) -> bytes:
    """The pain.001.001.03 document, UTF-8 with an XML declaration.

    One payment information block (one debit of the salary account, booked as a batch) with one
    credit transfer per person. ``NbOfTxs`` and ``CtrlSum`` are written at both levels from the
    same Decimal sum. Raises ``BankFileError`` listing every refused transfer.
    """
    errors, refused = _check(debtor, transfers)
    if errors:
        raise BankFileError(errors, refused)
    total = sum((_amount(t.amount) for t in transfers), Decimal("0.00"))
    count = str(len(transfers))
    control_sum = f"{total:.2f}"

    ET.register_namespace("", NAMESPACE)
    document = ET.Element(f"{{{NAMESPACE}}}Document")
    ns = f"{{{NAMESPACE}}}"

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        return _sub(parent, ns + tag, text, **attrs)

    root = sub(document, "CstmrCdtTrfInitn")
    header = sub(root, "GrpHdr")
    sub(header, "MsgId", sepa_id(message_id))
    sub(header, "CreDtTm", created_at.replace(microsecond=0, tzinfo=None).isoformat())
    sub(header, "NbOfTxs", count)
    sub(header, "CtrlSum", control_sum)
    sub(sub(header, "InitgPty"), "Nm", sepa_text(debtor.name, 70))

    payment = sub(root, "PmtInf")
    sub(payment, "PmtInfId", sepa_id(message_id))
    sub(payment, "PmtMtd", "TRF")
    sub(payment, "BtchBookg", "true")
    sub(payment, "NbOfTxs", count)
    sub(payment, "CtrlSum", control_sum)
    payment_type = sub(payment, "PmtTpInf")
    sub(sub(payment_type, "SvcLvl"), "Cd", "SEPA")
    sub(sub(payment_type, "CtgyPurp"), "Cd", category_purpose)
    sub(payment, "ReqdExctnDt", execution_date.isoformat())
    sub(sub(payment, "Dbtr"), "Nm", sepa_text(debtor.name, 70))
    sub(sub(sub(payment, "DbtrAcct"), "Id"), "IBAN", _compact_iban(debtor.iban))
    _agent_ns(payment, ns, "DbtrAgt", debtor.bic)
    sub(payment, "ChrgBr", "SLEV")

    for index, t in enumerate(transfers, start=1):
        tx = sub(payment, "CdtTrfTxInf")
        sub(sub(tx, "PmtId"), "EndToEndId", sepa_id(t.end_to_end_id or f"{message_id}-{index}"))
        sub(sub(tx, "Amt"), "InstdAmt", f"{_amount(t.amount):.2f}", Ccy=CURRENCY)
        if t.bic:
            _agent_ns(tx, ns, "CdtrAgt", t.bic)
        sub(sub(tx, "Cdtr"), "Nm", sepa_text(t.name, 70))
        sub(sub(sub(tx, "CdtrAcct"), "Id"), "IBAN", _compact_iban(t.iban))
        sub(sub(tx, "Purp"), "Cd", category_purpose)
        sub(sub(tx, "RmtInf"), "Ustrd", sepa_text(t.reference, 140) or "SALARY")

    ET.indent(document)
    return ET.tostring(document, encoding="UTF-8", xml_declaration=True)


def _agent_ns(parent: ET.Element, ns: str, tag: str, bic: str) -> None:
    institution = _sub(_sub(parent, ns + tag), ns + "FinInstnId")
    if bic:
        _sub(institution, ns + "BIC", stdnum_bic.compact(bic))
    else:
        # IBAN-only: the bank finds the institution from the IBAN (EPC, since 2016).
        _sub(_sub(institution, ns + "Othr"), ns + "Id", "NOTPROVIDED")
