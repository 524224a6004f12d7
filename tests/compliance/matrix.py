"""Compliance's rows of the role x URL matrix (tests/backoffice/test_matrix.py) and the records
they open: a finding, a contract with a document and a published and a draft policy version in
the Matrix department (headed by the Manager), a risk, a legal matter and a subject-access
export."""

from __future__ import annotations

from datetime import date

from django.core.files.base import ContentFile


def matrix_rows(Row, only, everyone, roles) -> list:
    R = roles
    c = [R.COMPLIANCE]
    cm = [R.COMPLIANCE, R.MANAGER]
    return [
        Row("compliance:dashboard", only(c)),
        Row("compliance:report-start", everyone(405)),
        Row("compliance:finding-list", only(cm)),
        Row("compliance:finding-detail", only(cm), lambda ctx: [ctx["co_finding"].pk]),
        Row("compliance:finding-accept", everyone(405), lambda ctx: [ctx["co_finding"].pk]),
        Row("compliance:finding-reopen", everyone(405), lambda ctx: [ctx["co_finding"].pk]),
        Row("compliance:checks-run", everyone(405)),
        Row("compliance:contract-list", only(cm)),
        Row("compliance:contract-create", only(c)),
        Row("compliance:contract-detail", only(cm), lambda ctx: [ctx["co_contract"].pk]),
        Row("compliance:contract-edit", only(c), lambda ctx: [ctx["co_contract"].pk]),
        Row("compliance:contract-document-add", everyone(405), lambda ctx: [ctx["co_contract"].pk]),
        Row(
            "compliance:contract-document-download",
            only(cm),
            lambda ctx: [ctx["co_document"].pk],
        ),
        Row("compliance:policy-list", only(c)),
        Row("compliance:policy-create", only(c)),
        Row("compliance:policy-detail", only(c), lambda ctx: [ctx["co_version"].policy_id]),
        Row("compliance:version-create", only(c), lambda ctx: [ctx["co_version"].policy_id]),
        Row("compliance:policy-version", only(cm), lambda ctx: [ctx["co_version"].pk]),
        Row("compliance:version-edit", only(c), lambda ctx: [ctx["co_draft"].pk]),
        *(
            Row(f"compliance:version-{action}", everyone(405), lambda ctx: [ctx["co_draft"].pk])
            for action in ("approve", "publish", "retire")
        ),
        Row("compliance:policy-mine", everyone(200)),
        Row("compliance:policy-read", everyone(200), lambda ctx: [ctx["co_version"].pk]),
        Row("compliance:policy-read", everyone(404), lambda ctx: [ctx["co_draft"].pk]),
        Row("compliance:risk-list", only(c)),
        Row("compliance:risk-create", only(c)),
        Row("compliance:risk-detail", only(c), lambda ctx: [ctx["co_risk"].pk]),
        Row("compliance:risk-edit", only(c), lambda ctx: [ctx["co_risk"].pk]),
        Row("compliance:legal-list", only(c)),
        Row("compliance:legal-create", only(c)),
        Row("compliance:legal-detail", only(c), lambda ctx: [ctx["co_matter"].pk]),
        Row("compliance:legal-edit", only(c), lambda ctx: [ctx["co_matter"].pk]),
        Row("compliance:legal-deadline-add", everyone(405), lambda ctx: [ctx["co_matter"].pk]),
        Row("compliance:legal-document-add", everyone(405), lambda ctx: [ctx["co_matter"].pk]),
        Row(
            "compliance:legal-document-download",
            only(c),
            lambda ctx: [ctx["co_legal_document"].pk],
        ),
        Row("compliance:privacy", only(c)),
        Row("compliance:subject-access-start", everyone(405)),
        Row(
            "compliance:subject-access-download",
            everyone(405),
            lambda ctx: [ctx["co_access"].pk],
        ),
    ]


def matrix_world(people, department, staff) -> dict:
    from compliance.models import (
        ContractDocument,
        Finding,
        LegalDocument,
        LegalMatter,
        Risk,
        SubjectAccessRequest,
    )
    from tests.compliance import factories

    officer = people["Compliance"]
    finding = Finding.objects.create(
        check_key="hr.employment_records",
        key=f"no-contract:{staff.pk}",
        title="%(person)s works without an employment contract in force",
        params={"person": str(staff)},
        department=department,
        employee=staff,
        first_seen=date(2026, 12, 1),
        last_seen=date(2026, 12, 1),
    )
    contract = factories.contract(officer, department=department)
    document = ContractDocument(contract=contract, title="Signed", content_type="application/pdf")
    document.file.save("signed.pdf", ContentFile(b"%PDF-1.4"), save=True)
    version = factories.policy(officer)
    draft = factories.policy(officer, status="draft")
    risk = Risk.objects.create(
        title="Fire",
        category="people",
        owner=officer,
        likelihood=3,
        impact=5,
        residual_likelihood=2,
        residual_impact=4,
        review_on=date(2027, 1, 1),
    )
    matter = LegalMatter.objects.create(title="Claim", counterparty_name="X", owner=officer)
    filing = LegalDocument(matter=matter, title="Summons")
    filing.file.save("summons.pdf", ContentFile(b"%PDF-1.4"), save=True)
    access = SubjectAccessRequest.objects.create(employee=staff, requested_by=officer)
    return {
        "co_finding": finding,
        "co_contract": contract,
        "co_document": document,
        "co_version": version,
        "co_draft": draft,
        "co_risk": risk,
        "co_matter": matter,
        "co_legal_document": filing,
        "co_access": access,
    }
