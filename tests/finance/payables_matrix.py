"""Payables' rows of the role x URL matrix: Finance everything; staff their own expense claims;
a manager their reports' claims; nobody else anything (other people's claims answer 404)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile


def matrix_world(people, staff) -> dict:
    """A draft bill, a posted payment, an imported statement and the Staff user's submitted claim
    with a receipt (the finance matrix world has opened 2026 with the Bulgarian chart)."""
    from PIL import Image

    from backoffice import roles
    from finance.domain import payables as rules
    from finance.interface import BillLineIn
    from finance.models import Account, Partner
    from finance.services import (
        bank_statement_import,
        expense_claim_create,
        expense_claim_submit,
        expense_line_add,
        payment_record,
        supplier_bill_draft_create,
    )

    partner = Partner.objects.create(name="Payables partner", kind="both")
    bill = supplier_bill_draft_create(
        supplier=partner,
        number="MX-1",
        lines=[BillLineIn("Paper", "1", "10.00")],
        bill_date=date(2026, 3, 2),
        actor=None,
    )
    payment = payment_record(
        direction="received",
        partner=partner,
        amount=Decimal("5.00"),
        date=date(2026, 3, 3),
        actor=None,
    )
    statement = bank_statement_import(
        data=b"date,amount,counterparty,iban,reference\n2026-03-04,7.00,Payables partner,,x\n",
        filename="s.csv",
        account=Account.objects.get(number="503"),
        actor=None,
    )
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="PNG")
    user = people[roles.STAFF]
    claim = expense_claim_create(employee=staff, title="Matrix trip", actor=user)
    line = expense_line_add(
        claim=claim,
        spent_on=date(2026, 3, 1),
        description="Train",
        account=Account.objects.get(number="602"),
        amount=Decimal("30.00"),
        receipt=SimpleUploadedFile("r.png", buffer.getvalue(), "image/png"),
        actor=user,
    )
    expense_claim_submit(claim=claim, actor=user)
    assert rules.BUCKETS  # the module loads
    return {
        "pay_partner": partner,
        "pay_bill": bill,
        "pay_payment": payment,
        "pay_statement": statement,
        "pay_line": statement.lines.get(),
        "pay_claim": claim,
        "pay_claim_line": line,
    }


def matrix_rows(Row, only, everyone, roles) -> list:  # noqa: N803 (the matrix's own classes)
    F, M, S = roles.FINANCE, roles.MANAGER, roles.STAFF
    claim = lambda ctx: [ctx["pay_claim"].pk]  # noqa: E731
    return [
        Row("finance:payment-list", only([F])),
        Row("finance:payment-create", only([F])),
        Row("finance:payment-detail", only([F]), lambda ctx: [ctx["pay_payment"].pk]),
        Row("finance:payment-allocate", everyone(405), lambda ctx: [ctx["pay_payment"].pk]),
        # POST only: a GET is refused before any allocation is looked up.
        Row("finance:payment-allocation-undo", everyone(405), lambda ctx: [1]),
        Row("finance:statement-import", only([F])),
        Row("finance:statement-sample", only([F])),
        Row("finance:statement-detail", only([F]), lambda ctx: [ctx["pay_statement"].pk]),
        Row("finance:bank-line-confirm", everyone(405), lambda ctx: [ctx["pay_line"].pk]),
        Row("finance:bank-line-ignore", everyone(405), lambda ctx: [ctx["pay_line"].pk]),
        Row("finance:customer-statement", only([F]), lambda ctx: [ctx["pay_partner"].pk]),
        Row("finance:bill-list", only([F])),
        Row("finance:bill-create", only([F])),
        Row("finance:bill-detail", only([F]), lambda ctx: [ctx["pay_bill"].pk]),
        Row("finance:bill-edit", only([F]), lambda ctx: [ctx["pay_bill"].pk]),
        Row("finance:bill-approve", everyone(405), lambda ctx: [ctx["pay_bill"].pk]),
        Row("finance:bill-post", everyone(405), lambda ctx: [ctx["pay_bill"].pk]),
        Row("finance:bill-pay", everyone(405), lambda ctx: [ctx["pay_bill"].pk]),
        Row("finance:bill-delete", everyone(405), lambda ctx: [ctx["pay_bill"].pk]),
        Row("finance:claim-list", only([F, M, S])),
        Row("finance:claim-create", only([F, S])),
        Row("finance:claim-team", only([M])),
        Row("finance:claim-queue", only([F])),
        Row("finance:claim-detail", only([F, M, S], others=404), claim),
        Row("finance:claim-submit", everyone(405), claim),
        Row("finance:claim-delete", everyone(405), claim),
        Row("finance:claim-decide", everyone(405), claim),
        Row("finance:claim-reimburse", everyone(405), claim),
        Row("finance:claim-line-delete", everyone(405), lambda ctx: [ctx["pay_claim_line"].pk]),
        Row(
            "finance:claim-receipt",
            only([F, M, S], others=404),
            lambda ctx: [ctx["pay_claim_line"].pk],
        ),
        Row("finance:aged-receivables", only([F])),
        Row("finance:aged", only([F]), lambda ctx: ["payables"]),
        Row("finance:aged-documents", only([F]), lambda ctx: ["receivables"]),
        Row("finance:vat-registers", only([F])),
    ]
