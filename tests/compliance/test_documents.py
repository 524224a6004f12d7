"""Documents kept with contracts and legal matters: handed out under the uploader's own (safe)
file name, only to those who may see the record, and a refused upload keeps what was typed."""

from __future__ import annotations

import io
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from compliance import services
from compliance.domain.documents import document_name
from compliance.models import ContractDocument, LegalDocument, LegalMatter
from compliance.selectors import contract_document_get, legal_document_get
from tests.compliance import factories
from tests.conftest import login_verified
from tests.hr.factories import department, employee

pytestmark = pytest.mark.django_db

CYRILLIC = "Искова молба №1.pdf"


def _pdf(name: str) -> SimpleUploadedFile:
    from pypdf import PdfWriter

    writer, pdf = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(pdf)
    return SimpleUploadedFile(name, pdf.getvalue(), content_type="application/pdf")


def _attachment_name(response) -> str:
    """The file name of a Content-Disposition header, as Django writes it."""
    header = response["Content-Disposition"]
    assert header.startswith("attachment; ")
    return header.removeprefix("attachment; ")


@pytest.mark.parametrize(
    ("name", "extension", "expected"),
    [
        ("C:\\fakepath\\Искова молба.pdf", "pdf", "Искова молба.pdf"),
        ('../../etc/"pass"\r\nwd.pdf', "pdf", "passwd.pdf"),
        ("report.html", "pdf", "report.html.pdf"),
        ("scan.JPEG", "jpg", "scan.JPEG"),
        ("photo.png", "jpg", "photo.png.jpg"),
        ("", "pdf", "document.pdf"),
        ("  \t. ", "docx", "document.docx"),
        ("a" * 300 + ".pdf", "pdf", "a" * 196 + ".pdf"),
    ],
)
def test_a_document_name_is_the_uploaders_made_safe(name, extension, expected):
    assert document_name(name, extension=extension) == expected


@pytest.fixture
def officer(make_user):
    return make_user("Compliance")


@pytest.fixture
def matter(officer):
    return LegalMatter.objects.create(title="Claim", counterparty_name="X", owner=officer)


def test_a_legal_document_downloads_under_its_original_name(client, officer, matter):
    login_verified(client, officer)

    response = client.post(
        reverse("compliance:legal-document-add", args=[matter.pk]),
        {"title": "Summons", "file": _pdf(f"C:\\fakepath\\{CYRILLIC}")},
    )

    assert response.status_code == 302
    document = LegalDocument.objects.get()
    assert document.original_name == CYRILLIC
    assert document.content_type == "application/pdf"
    assert CYRILLIC not in document.file.name
    download = client.get(reverse("compliance:legal-document-download", args=[document.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert _attachment_name(download) == f"filename*=utf-8''{quote(CYRILLIC)}"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_legal_document_is_only_the_officers(client, make_user, officer, matter):
    document = services.legal_document_add(
        matter=matter, title="Summons", upload=_pdf("summons.pdf"), actor=officer
    )
    manager = make_user("Manager")

    assert legal_document_get(viewer=manager, pk=document.pk) is None
    assert legal_document_get(viewer=officer, pk=document.pk) == document
    login_verified(client, manager)
    download = reverse("compliance:legal-document-download", args=[document.pk])
    assert client.get(download).status_code == 403  # the page itself is the officers'
    login_verified(client, officer)
    missing = reverse("compliance:legal-document-download", args=[document.pk + 1000])
    assert client.get(missing).status_code == 404


def test_a_contract_document_is_seen_by_its_departments_manager_only(client, make_user, officer):
    mine, theirs = department(name="Mine"), department(name="Theirs")
    manager, other_manager = make_user("Manager"), make_user("Manager")
    for user, dept in ((manager, mine), (other_manager, theirs)):
        dept.manager = employee(user=user, dept=dept)
        dept.save(update_fields=["manager"])
    contract = factories.contract(officer, department=mine)
    document = services.contract_document_add(
        contract=contract, title="Signed", upload=_pdf("Договор 'final'.pdf"), actor=officer
    )
    url = reverse("compliance:contract-document-download", args=[document.pk])

    assert contract_document_get(viewer=other_manager, pk=document.pk) is None
    login_verified(client, other_manager)
    assert client.get(url).status_code == 404

    login_verified(client, manager)
    download = client.get(url)
    assert download.status_code == 200
    assert _attachment_name(download) == f"filename*=utf-8''{quote('Договор final.pdf')}"
    assert download["Cache-Control"] == "no-store"


def test_an_older_document_without_its_name_downloads_under_the_stored_one(client, officer):
    from django.core.files.base import ContentFile

    contract = factories.contract(officer)
    document = ContractDocument(contract=contract, title="Old", content_type="application/pdf")
    document.file.save("signed.pdf", ContentFile(b"%PDF-1.4"), save=True)
    login_verified(client, officer)

    download = client.get(reverse("compliance:contract-document-download", args=[document.pk]))

    stored = document.file.name.rsplit("/", 1)[-1]
    assert _attachment_name(download) == f'filename="{stored}"'


@pytest.mark.parametrize("kind", ["contract", "legal"])
def test_a_refused_upload_shows_why_and_keeps_the_title(client, officer, matter, kind):
    record = matter if kind == "legal" else factories.contract(officer)
    add = reverse(f"compliance:{kind}-document-add", args=[record.pk])
    login_verified(client, officer)
    title = "Искова молба & <приложения>"

    disguised = SimpleUploadedFile(
        "a.pdf", b"<html>not a pdf</html>", content_type="application/pdf"
    )
    response = client.post(add, {"title": title, "file": disguised})

    assert response.status_code == 400
    form = response.context["document_form"]
    assert form.errors["file"]
    assert form["title"].value() == title
    assert 'value="Искова молба &amp; &lt;приложения&gt;"' in response.content.decode()
    assert "is-invalid" in response.content.decode()

    with override_settings(UPLOAD_MAX_MB=1):
        too_large = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 1024 * 1024)
        response = client.post(add, {"title": title, "file": too_large})

    assert response.status_code == 400
    assert response.context["document_form"]["title"].value() == title
    assert not ContractDocument.objects.exists()
    assert not LegalDocument.objects.exists()
