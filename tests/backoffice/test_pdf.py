"""Every PDF goes through backoffice.pdf: letterhead, page numbers, only local files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from backoffice.selectors import organisation_get

pytestmark = pytest.mark.pdf
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


@pytest.fixture
def test_templates(settings):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEMPLATES]}
    ]


def test_a_pdf_renders_with_letterhead_page_numbers_and_cyrillic(db, test_templates):
    from backoffice.pdf import render_pdf

    organisation = organisation_get()
    organisation.legal_name = "Балкан Ритейл ООД"
    organisation.registration_number = "204567891"
    organisation.save()
    data = render_pdf(
        "test_document.html",
        {"heading": "Справка за персонала", "rows": range(1, 80), "reference": "42"},
    )
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2
    first = reader.pages[0].extract_text()
    assert "Справка за персонала" in first
    assert "Балкан Ритейл ООД" in first
    assert "REF-42" in first
    assert f"1 / {len(reader.pages)}" in first
    assert f"{len(reader.pages)} / {len(reader.pages)}" in reader.pages[-1].extract_text()
    assert reader.pages[0].mediabox.width == pytest.approx(595, abs=1)  # A4


def test_a_pdf_cannot_fetch_anything_but_static_files(db, test_templates, settings, tmp_path):
    from backoffice.pdf import _static_file

    assert _static_file(f"{settings.BASE_URL}/static/css/print.css") is not None
    assert _static_file("https://example.com/tracker.png") is None
    assert _static_file("file:///etc/passwd") is None
    assert _static_file(f"{settings.BASE_URL}/static/../../etc/passwd") is None


def test_the_font_configuration_is_built_once_per_process(db, test_templates):
    from backoffice import pdf

    pdf.render_pdf("test_document.html", {"heading": "a", "rows": [1], "reference": "1"})
    fonts = pdf._cache["fonts"]
    pdf.render_pdf("test_document.html", {"heading": "b", "rows": [2], "reference": "2"})
    assert pdf._cache["fonts"] is fonts


def test_a_batch_leaves_no_garbage_behind_for_the_next_one(db, test_templates):
    """A laid-out document is full of reference cycles; left to the collector's oldest
    generation they made a worker grow by 75 MB a hundred payslips until Celery replaced it."""
    import gc

    from backoffice import pdf

    contexts = [
        {"heading": f"Doc {n}", "rows": range(1, 20), "reference": str(n)} for n in range(3)
    ]
    gc.collect()
    data = pdf.render_pdf_batch("test_document.html", contexts)
    assert gc.collect() < 50  # a document's garbage is thousands of objects
    pdf.render_pdf("test_document.html", contexts[0])
    assert gc.collect() < 50
    assert gc.get_threshold()[0] < 50_000  # the render's thresholds are restored
    assert len(PdfReader(io.BytesIO(data)).pages) == 3
