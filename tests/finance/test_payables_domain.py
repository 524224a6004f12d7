"""Pure rules: ageing buckets, reading CAMT.053 and CSV statements, suggesting matches."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from finance.domain import payables as rules

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "samples" / "camt053-sample.xml"


@pytest.mark.parametrize(
    ("due", "bucket"),
    [
        (date(2026, 12, 1), rules.CURRENT),
        (date(2026, 11, 30), rules.CURRENT),
        (date(2026, 11, 29), rules.D30),
        (date(2026, 10, 31), rules.D30),
        (date(2026, 10, 30), rules.D60),
        (date(2026, 10, 1), rules.D60),
        (date(2026, 9, 30), rules.D90),
        (date(2026, 9, 1), rules.D90),
        (date(2026, 8, 31), rules.OVER90),
    ],
)
def test_bucket_of_counts_days_late(due, bucket):
    assert rules.bucket_of(due=due, on=date(2026, 11, 30)) == bucket


def test_bucket_ranges_agree_with_bucket_of():
    on = date(2026, 11, 30)
    ranges = rules.bucket_ranges(on)
    for offset in range(-5, 200):
        due = date.fromordinal(on.toordinal() - offset)
        inside = [
            key
            for key, (start, end) in ranges.items()
            if (start is None or due >= start) and (end is None or due <= end)
        ]
        assert inside == [rules.bucket_of(due=due, on=on)]


def test_camt053_sample_file_is_read_whole():
    parsed = rules.parse_camt053(SAMPLE.read_bytes())

    assert parsed.errors == []
    assert parsed.statement_id == "STMT-2026-11-30-0001"
    assert parsed.iban == "BG80BNBG96611020345678"
    assert [(ln.booked_on, ln.amount) for ln in parsed.lines] == [
        (date(2026, 11, 30), Decimal("1200.00")),
        (date(2026, 11, 30), Decimal("300.50")),
        (date(2026, 11, 29), Decimal("99.99")),
        (date(2026, 11, 30), Decimal("-18.40")),
    ]
    first, second, third, fee = parsed.lines
    assert first.counterparty == "Алфа Трейд ЕООД"
    assert first.counterparty_iban == "BG18RZBB91550123456789"
    assert first.reference == "Плащане по фактура 0000000042"
    assert first.bank_reference == "BNB20261130A1"
    assert second.counterparty == "Beta Logistics OOD"
    assert second.reference == "INV-0000000043"
    assert third.reference == ""
    assert fee.reference == "Такса обслужване на сметка"


def test_camt053_built_file_reads_back():
    lines = [
        rules.StatementLine(date(2026, 11, 2), Decimal("10.00"), "A", "BG1", "Invoice 0000000001"),
        rules.StatementLine(date(2026, 11, 3), Decimal("-5.55"), "B", "", ""),
    ]
    data = rules.camt053_build(
        statement_id="S1", iban="BG80", created=datetime(2026, 11, 3, 9, 0, tzinfo=UTC), lines=lines
    )

    parsed = rules.parse_camt053(data)

    assert parsed.errors == []
    assert [(ln.amount, ln.counterparty, ln.reference) for ln in parsed.lines] == [
        (Decimal("10.00"), "A", "Invoice 0000000001"),
        (Decimal("-5.55"), "B", ""),
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (b'<Amt Ccy="EUR">1200.00</Amt>', b"", rules.NO_AMOUNT),
        (b'<Amt Ccy="EUR">1200.00</Amt>', b'<Amt Ccy="EUR">12,00.0.0</Amt>', rules.BAD_AMOUNT),
        (
            b"<CdtDbtInd>CRDT</CdtDbtInd>\n        <Sts>",
            b"<CdtDbtInd>X</CdtDbtInd><Sts>",
            rules.BAD_SIDE,
        ),
        (b"<BookgDt><Dt>2026-11-30</Dt></BookgDt>", b"", rules.NO_DATE),
        (b'<Amt Ccy="EUR">300.50</Amt>', b'<Amt Ccy="USD">300.50</Amt>', rules.BAD_CURRENCY),
    ],
)
def test_camt053_malformed_entry_is_a_row_error(old, new, message):
    data = SAMPLE.read_bytes()
    assert old in data
    data = data.replace(old, new, 1)

    parsed = rules.parse_camt053(data)

    assert len(parsed.errors) == 1
    assert parsed.errors[0].code == message
    assert parsed.errors[0].line in (1, 2)


@pytest.mark.parametrize(
    "data",
    [
        b"not xml at all",
        b"<?xml version='1.0'?><Document><Other/></Document>",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><Document>&a;</Document>',
    ],
)
def test_camt053_refuses_what_is_not_a_statement(data):
    parsed = rules.parse_camt053(data)

    assert parsed.lines == []
    assert parsed.errors and parsed.errors[0].line == 0


def test_csv_statement_with_semicolons_and_bulgarian_numbers():
    data = (
        "date;amount;counterparty;iban;reference\n"
        "30.11.2026;1 200,50;Алфа;BG18 RZBB 9155 0123 4567 89;фактура 42\n"
        "2026-11-30;-18.40;Bank;;fee\n"
    ).encode()

    parsed = rules.parse_statement_csv(data)

    assert parsed.errors == []
    assert [(ln.booked_on, ln.amount, ln.counterparty_iban) for ln in parsed.lines] == [
        (date(2026, 11, 30), Decimal("1200.50"), "BG18RZBB91550123456789"),
        (date(2026, 11, 30), Decimal("-18.40"), ""),
    ]


def test_csv_statement_reports_every_bad_line():
    data = b"date,amount,counterparty,iban,reference\n2026-13-01,5,a,,x\n2026-11-01,abc,b,,y\n2026-11-01,0,c,,z\n"

    parsed = rules.parse_statement_csv(data)

    assert [e.line for e in parsed.errors] == [2, 3, 4]
    assert parsed.lines == []


def test_csv_statement_without_header_is_refused():
    parsed = rules.parse_statement_csv(b"2026-11-01,5,a,,x\n")

    assert parsed.errors[0].line == 1


def _doc(pk, number, amount, partner="Alfa"):
    return rules.OpenDocument("invoice", pk, number, pk, partner, Decimal(amount))


def test_suggestions_prefer_the_number_in_the_reference_then_the_amount():
    line = rules.StatementLine(date(2026, 11, 30), Decimal("120.00"), "Alfa", "", "Invoice 42")
    docs = [
        _doc(1, "0000000041", "120.00"),
        _doc(2, "0000000042", "200.00"),
        _doc(3, "0000000043", "50.00"),
    ]

    found = rules.suggest_matches(line=line, documents=docs)

    assert [(s.document.id, s.reasons) for s in found] == [
        (2, ("reference", "partner")),
        (1, ("amount", "partner")),
    ]
    assert found[0].amount == Decimal("120.00")


def test_no_suggestion_when_only_the_partner_matches():
    line = rules.StatementLine(date(2026, 11, 30), Decimal("7.00"), "Alfa", "", "")

    assert rules.suggest_matches(line=line, documents=[_doc(1, "0000000041", "120.00")]) == []


def test_split_payment_keeps_the_rest_as_credit():
    shares = rules.split_payment(Decimal("150.00"), [Decimal("100.00"), Decimal("80.00")])

    assert shares == [Decimal("100.00"), Decimal("50.00")]
    assert rules.split_payment(Decimal("50.00"), [Decimal("20.00")]) == [Decimal("20.00")]
