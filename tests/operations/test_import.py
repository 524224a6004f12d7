"""Importing items from CSV: all rows or none, every bad row named."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from operations.models import Item
from operations.services import ItemImportError, items_import

pytestmark = pytest.mark.django_db

HEADER = "sku,name_en,name_bg,unit,category,barcode,price,lead_time_days\n"


def _csv(body: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("items.csv", (HEADER + body).encode(), content_type="text/csv")


def test_a_good_file_creates_the_items():
    count = items_import(
        upload=_csv(
            "P-1,Paper,Хартия,pack,office,3800000000011,4.50,5\nP-2,Pens,Химикалки,box,office,,1.20,\n"
        ),
        actor=None,
    )
    assert count == 2
    paper = Item.objects.get(sku="P-1")
    assert (
        paper.name_en,
        paper.name_bg,
        paper.unit,
        str(paper.supplier_price),
        paper.lead_time_days,
    ) == (
        "Paper",
        "Хартия",
        "pack",
        "4.50",
        5,
    )
    assert paper.category.code == "office"


def test_one_bad_row_refuses_the_whole_file():
    with pytest.raises(ItemImportError) as exc:
        items_import(
            upload=_csv("P-1,Paper,,pack,,,4.50,\nP-2,,,crate,,,-1,\nP-1,Again,,pc,,,,\n"),
            actor=None,
        )
    assert [(e.row, e.column) for e in exc.value.errors] == [
        (3, "name_en"),
        (3, "unit"),
        (3, "price"),
        (4, "sku"),
    ]
    assert not Item.objects.exists()
