"""Items: saving one, and importing many from CSV or XLSX all or nothing, with every bad row named."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from backoffice.models import User
from backoffice.services import action_record
from backoffice.uploads import CSV, XLSX, validate_upload
from operations.audit import OpsAudit
from operations.models import Item, ItemCategory, Place, ReorderRule, Warehouse

COLUMNS = ("sku", "name_en", "name_bg", "unit", "category", "barcode", "price", "lead_time_days")
REQUIRED = ("sku", "name_en")
MISSING_COLUMNS = _("The file lacks the columns: %(columns)s.")
UNREADABLE = _("The file cannot be read as CSV or XLSX.")
EMPTY = _("The file has no rows.")
TOO_MANY = _("The file has more than %(limit)s rows.")
REQUIRED_VALUE = _("Required.")
BAD_UNIT = _("Unknown unit %(value)s; use one of %(units)s.")
BAD_NUMBER = _("%(value)s is not a number.")
NEGATIVE = _("Cannot be negative.")
DUPLICATE = _("SKU %(value)s appears twice in the file.")
BARCODE_TAKEN = _("Barcode %(value)s belongs to another item.")


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


class ItemImportError(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\x00", "").strip()


def _records(upload: File) -> list[tuple[int, dict[str, str]]]:
    try:
        kind = validate_upload(upload, allowed=(CSV, XLSX))
    except ValidationError as exc:
        raise ItemImportError([RowError(0, "file", m) for m in exc.messages]) from None
    upload.seek(0)
    limit = settings.IMPORT_MAX_ROWS
    try:
        if kind == XLSX:
            from openpyxl import load_workbook

            with zipfile.ZipFile(upload) as archive:
                if sum(i.file_size for i in archive.infolist()) > settings.IMPORT_MAX_MB * 2**20:
                    raise ItemImportError([RowError(0, "file", str(UNREADABLE))])
            upload.seek(0)
            book = load_workbook(upload, read_only=True, data_only=True)
            try:
                stream = list(book.worksheets[0].iter_rows(values_only=True, max_row=limit + 2))
            finally:
                book.close()
        else:
            text = upload.read().decode("utf-8-sig")
            try:
                dialect: Any = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
            except csv.Error:
                dialect = csv.excel
            stream = list(csv.reader(io.StringIO(text), dialect=dialect))
    except (
        UnicodeDecodeError,
        csv.Error,
        zipfile.BadZipFile,
        KeyError,
        OSError,
        ValueError,
        IndexError,
    ):
        raise ItemImportError([RowError(0, "file", str(UNREADABLE))]) from None
    if not stream:
        raise ItemImportError([RowError(0, "file", str(EMPTY))])
    header = [_text(v).lower() for v in stream[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ItemImportError(
            [RowError(0, "file", str(MISSING_COLUMNS % {"columns": ", ".join(missing)}))]
        )
    rows = []
    for number, record in enumerate(stream[1:], start=2):
        values = {n: _text(v) for n, v in zip(header, record, strict=False) if n}
        if any(values.values()):
            rows.append((number, values))
    if len(rows) > limit:
        raise ItemImportError([RowError(0, "file", str(TOO_MANY % {"limit": limit}))])
    if not rows:
        raise ItemImportError([RowError(0, "file", str(EMPTY))])
    return rows


def _decimal(value: str, row: int, column: str, errors: list[RowError]) -> Decimal | None:
    if not value:
        return None
    try:
        number = Decimal(value.replace(",", "."))
    except InvalidOperation:
        errors.append(RowError(row, column, str(BAD_NUMBER % {"value": value})))
        return None
    if number < 0:
        errors.append(RowError(row, column, str(NEGATIVE)))
        return None
    return number


@transaction.atomic
def items_import(*, upload: File, actor: User | None) -> int:
    """Create or update items by SKU; one bad row refuses the whole file and writes nothing."""
    rows = _records(upload)
    errors: list[RowError] = []
    seen: set[str] = set()
    units = {u.value for u in Item.Unit}
    cleaned = []
    for number, values in rows:
        sku = values.get("sku", "")[:40]
        name = values.get("name_en", "")[:200]
        for column, value in (("sku", sku), ("name_en", name)):
            if not value:
                errors.append(RowError(number, column, str(REQUIRED_VALUE)))
        if sku in seen:
            errors.append(RowError(number, "sku", str(DUPLICATE % {"value": sku})))
        seen.add(sku)
        unit = values.get("unit", "") or Item.Unit.PIECE
        if unit not in units:
            errors.append(
                RowError(
                    number,
                    "unit",
                    str(BAD_UNIT % {"value": unit, "units": ", ".join(sorted(units))}),
                )
            )
        price = _decimal(values.get("price", ""), number, "price", errors)
        lead = _decimal(values.get("lead_time_days", ""), number, "lead_time_days", errors)
        barcode = values.get("barcode", "")[:40]
        if barcode and Item.objects.filter(barcode=barcode).exclude(sku=sku).exists():
            errors.append(RowError(number, "barcode", str(BARCODE_TAKEN % {"value": barcode})))
        cleaned.append(
            (
                sku,
                name,
                values.get("name_bg", "")[:200],
                unit,
                values.get("category", ""),
                barcode,
                price,
                lead,
            )
        )
    if errors:
        raise ItemImportError(errors)
    for sku, name, name_bg, unit, category, barcode, price, lead in cleaned:
        cat = None
        if category:
            cat = ItemCategory.objects.filter(
                code=category[:30].lower()
            ).first() or ItemCategory.objects.create(
                code=category[:30].lower(), name_en=category[:100], name=category[:100]
            )
        item = Item.objects.filter(sku=sku).first() or Item(sku=sku)
        item.name_en = name
        item.name = name
        item.name_bg = name_bg or None
        item.unit = unit
        item.category = cat
        item.barcode = barcode
        if price is not None:
            item.supplier_price = price.quantize(Decimal("0.01"))
        if lead is not None:
            item.lead_time_days = int(lead)
        item.save()
    action_record(
        kind=OpsAudit.ITEMS_IMPORTED,
        summary=gettext_noop("%(count)s items imported"),
        params={"count": len(cleaned)},
        actor=actor,
    )
    return len(cleaned)


@transaction.atomic
def warehouse_save(*, warehouse: Warehouse, actor: User | None) -> Warehouse:
    """Save a warehouse; a new one gets its first place, where deliveries arrive."""
    new = warehouse.pk is None
    warehouse.save()
    if new and not warehouse.places.exists():
        place_save(place=Place(warehouse=warehouse, code="MAIN", name=str(_("Receiving"))))
    return warehouse


def place_save(*, place: Place) -> Place:
    place.path = f"{place.parent.path}/{place.code}" if place.parent_id else place.code
    place.save()
    return place


def reorder_rule_set(*, item: Item, warehouse: Warehouse, level: Any, quantity: Any) -> ReorderRule:
    rule, _c = ReorderRule.objects.update_or_create(
        item=item, warehouse=warehouse, defaults={"level": level, "quantity": quantity}
    )
    return rule
