"""The SEPA credit transfer (pain.001.001.03) of net pay, checked against the ISO 20022 schema."""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: S405 - parsing our own output in a test
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import xmlschema

from finance.payroll.exports.sepa import (
    NAMESPACE,
    BankFileError,
    Debtor,
    Transfer,
    pain001_xml,
    sepa_id,
    sepa_text,
)

SCHEMA = Path(__file__).parent / "schemas" / "pain.001.001.03.xsd"
NS = {"p": NAMESPACE}
DEBTOR = Debtor(name="Демо ООД", iban="BG80 BNBG 9661 1020 3456 78", bic="BNBGBGSD")


def _transfers() -> list[Transfer]:
    return [
        Transfer(
            name="Иван Петров Иванов",
            iban="BG18RZBB91550123456789",
            amount=Decimal("1163.97"),
            reference="Заплата 11.2026",
            bic="RZBBBGSF",
        ),
        Transfer(
            name="Мария Стоянова",
            iban="BG16UNCR70001519562303",
            amount=Decimal("845.10"),
            reference="Заплата 11.2026",
        ),
        Transfer(
            name="=HYPERLINK(evil)",
            iban="bg89 unCR 7000 1519 5624 44",
            amount=Decimal("0.01"),
            reference="Correction 10.2026",
        ),
    ]


def _build(transfers=None, debtor=DEBTOR) -> bytes:
    return pain001_xml(
        message_id="PAYROLL-2026-11-7",
        debtor=debtor,
        transfers=_transfers() if transfers is None else transfers,
        execution_date=date(2026, 11, 30),
        created_at=datetime(2026, 11, 28, 14, 5, 9, 123, tzinfo=UTC),
    )


def test_the_bank_file_is_valid_against_the_pain_001_001_03_schema():
    xmlschema.XMLSchema(SCHEMA).validate(_build())


def test_counts_and_control_sums_match_the_transfers_at_both_levels():
    root = ET.fromstring(_build())  # noqa: S314
    header = root.find("p:CstmrCdtTrfInitn/p:GrpHdr", NS)
    payment = root.find("p:CstmrCdtTrfInitn/p:PmtInf", NS)
    amounts = [Decimal(e.text) for e in payment.findall("p:CdtTrfTxInf/p:Amt/p:InstdAmt", NS)]

    assert amounts == [Decimal("1163.97"), Decimal("845.10"), Decimal("0.01")]
    assert header.find("p:NbOfTxs", NS).text == "3"
    assert payment.find("p:NbOfTxs", NS).text == "3"
    assert header.find("p:CtrlSum", NS).text == "2009.08"
    assert payment.find("p:CtrlSum", NS).text == "2009.08"
    assert header.find("p:CreDtTm", NS).text == "2026-11-28T14:05:09"
    assert payment.find("p:ReqdExctnDt", NS).text == "2026-11-30"
    assert payment.find("p:DbtrAcct/p:Id/p:IBAN", NS).text == "BG80BNBG96611020345678"
    assert payment.find("p:PmtTpInf/p:CtgyPurp/p:Cd", NS).text == "SALA"
    assert {e.get("Ccy") for e in payment.findall(".//p:InstdAmt", NS)} == {"EUR"}


def test_names_are_transliterated_and_ibans_compacted():
    payment = ET.fromstring(_build()).find("p:CstmrCdtTrfInitn/p:PmtInf", NS)  # noqa: S314
    txs = payment.findall("p:CdtTrfTxInf", NS)

    assert payment.find("p:Dbtr/p:Nm", NS).text == "Demo OOD"
    assert txs[0].find("p:Cdtr/p:Nm", NS).text == "Ivan Petrov Ivanov"
    assert txs[0].find("p:CdtrAgt/p:FinInstnId/p:BIC", NS).text == "RZBBBGSF"
    assert txs[0].find("p:RmtInf/p:Ustrd", NS).text == "Zaplata 11.2026"
    assert txs[1].find("p:CdtrAgt", NS) is None  # IBAN-only: the bank derives the agent
    assert txs[2].find("p:Cdtr/p:Nm", NS).text == "HYPERLINK(evil)"
    assert txs[2].find("p:CdtrAcct/p:Id/p:IBAN", NS).text == "BG89UNCR70001519562444"
    assert [t.find("p:PmtId/p:EndToEndId", NS).text for t in txs] == [
        "PAYROLL-2026-11-7-1",
        "PAYROLL-2026-11-7-2",
        "PAYROLL-2026-11-7-3",
    ]


def test_without_a_debtor_bic_the_agent_is_not_provided_and_still_valid():
    xml = _build(debtor=Debtor(name="Demo", iban="BG80BNBG96611020345678"))
    xmlschema.XMLSchema(SCHEMA).validate(xml)
    agent = ET.fromstring(xml).find(  # noqa: S314
        "p:CstmrCdtTrfInitn/p:PmtInf/p:DbtrAgt/p:FinInstnId/p:Othr/p:Id", NS
    )
    assert agent.text == "NOTPROVIDED"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"iban": "BG00RZBB91550123456789"}, "the IBAN BG00RZBB91550123456789 is not valid"),
        ({"iban": ""}, "Иван Петров Иванов has no IBAN."),
        ({"bic": "NOTABIC"}, "the BIC NOTABIC is not valid"),
        ({"amount": Decimal("0.00")}, "cannot be transferred"),
        ({"amount": Decimal("-5.00")}, "cannot be transferred"),
        ({"amount": Decimal("1.005")}, "cannot be transferred"),
    ],
)
def test_a_bad_transfer_refuses_the_whole_file_and_names_the_person(change, expected):
    base = _transfers()[0]
    bad = Transfer(**{**base.__dict__, **change})
    with pytest.raises(BankFileError) as caught:
        _build([bad, _transfers()[1]])
    assert len(caught.value.messages) == 1
    assert "Иван Петров Иванов" in caught.value.messages[0]
    assert expected in caught.value.messages[0]


def test_a_float_amount_is_refused():
    base = _transfers()[0]
    with pytest.raises(BankFileError):
        _build([Transfer(**{**base.__dict__, "amount": 12.5})])


def test_a_missing_debtor_account_or_no_transfers_is_refused():
    with pytest.raises(BankFileError) as caught:
        _build([], debtor=Debtor(name="Demo", iban=""))
    assert len(caught.value.messages) == 2


def test_sepa_text_and_ids_stay_in_the_sepa_character_set():
    assert sepa_text("Щастлива & Ко <ЕООД>", 70) == "Shtastliva Ko EOOD"
    assert sepa_text("x" * 200, 140) == "x" * 140
    assert sepa_id("//a b//c/") == "ab/c"
    assert sepa_id("") == "NOTPROVIDED"
