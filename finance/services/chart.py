"""The chart of accounts: load a country's preset, save an account, import a chart."""

from __future__ import annotations

import csv
import io
import itertools
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
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
from finance.audit import FinanceAudit
from finance.domain.charts import PRESETS, TYPES
from finance.models import Account

CHART_NOT_EMPTY = _("The chart already has accounts; a preset loads only into an empty chart.")
UNKNOWN_PRESET = _("There is no preset %(preset)s.")
PARENT_NOT_GROUP = _("The account it belongs to must be a group account.")
PARENT_SELF = _("An account cannot belong to itself or to one of its own accounts.")
GROUP_HAS_LINES = _("Account %(number)s has postings; it cannot become a group account.")
GROUP_HAS_CHILDREN = _("Account %(number)s has accounts under it; it must stay a group.")
RETAINED_TYPE = _("Retained earnings must be an equity account that takes postings.")

IMPORT_COLUMNS = (
    "number",
    "name",
    "name_bg",
    "type",
    "parent",
    "is_group",
    "is_active",
    "needs_partner",
    "needs_department",
)
REQUIRED_COLUMNS = ("number", "name", "type")
MISSING_COLUMNS = _("The file has no column %(columns)s. The first row must name the columns.")
EMPTY_FILE = _("The file has no rows to import.")
UNREADABLE = _("The file could not be read as CSV (UTF-8) or XLSX.")
TOO_MANY_ROWS = _("The file has more than %(limit)s rows.")
TOO_MUCH_DATA = _("The file is larger than %(limit)s MB.")
NUMBER_TAKEN = _("Account %(number)s already exists.")
NUMBER_TWICE = _("Account %(number)s is in the file twice.")
NUMBER_FORMAT = _("An account number is made of digits (and dots), at most 20.")
NAME_NEEDED = _("Give the account's name.")
BAD_TYPE = _("The type must be one of: %(types)s.")
BAD_FLAG = _("Write yes or no (1 or 0).")
UNKNOWN_PARENT = _("There is no group account %(number)s (here or above in the file).")

_YES = {"1", "yes", "y", "true", "да", "x"}
_NO = {"", "0", "no", "n", "false", "не"}


@transaction.atomic
def chart_load_preset(*, preset: str, actor: User | None) -> int:
    """Write a preset (``finance.domain.charts``) into an empty chart; returns how many accounts."""
    chart = PRESETS.get(preset)
    if chart is None:
        raise ValidationError(
            {"preset": ValidationError(UNKNOWN_PRESET, params={"preset": preset})}
        )
    if Account.objects.exists():
        raise ValidationError(CHART_NOT_EMPTY)
    made: dict[str, Account] = {}
    for row in sorted(chart.accounts, key=lambda a: (len(a.number), a.number)):
        parent = chart.parent_of(row.number)
        made[row.number] = Account.objects.create(
            number=row.number,
            name=row.name,
            name_bg=row.name_bg,
            type=row.type,
            parent=made.get(parent) if parent else None,
            is_group=row.is_group,
            needs_partner=row.needs_partner,
            needs_department=row.needs_department,
            is_retained_earnings=row.number == chart.retained_earnings,
            is_cash=row.number in chart.cash_accounts,
        )
    action_record(
        kind=FinanceAudit.CHART_LOADED,
        summary=gettext_noop(
            "Chart of accounts loaded from the preset %(preset)s (%(count)s accounts)"
        ),
        params={"preset": preset, "count": len(made)},
        actor=actor,
    )
    return len(made)


def _check(account: Account) -> None:
    node = account.parent
    while node is not None:
        if account.pk and node.pk == account.pk:
            raise ValidationError({"parent": PARENT_SELF})
        node = node.parent
    if account.parent is not None and not account.parent.is_group:
        raise ValidationError({"parent": PARENT_NOT_GROUP})
    if account.pk and account.is_group and account.lines.exists():
        raise ValidationError(
            {"is_group": ValidationError(GROUP_HAS_LINES, params={"number": account.number})}
        )
    if account.pk and not account.is_group and account.children.exists():
        raise ValidationError(
            {"is_group": ValidationError(GROUP_HAS_CHILDREN, params={"number": account.number})}
        )
    if account.is_retained_earnings and (account.type != "equity" or account.is_group):
        raise ValidationError({"is_retained_earnings": RETAINED_TYPE})


@transaction.atomic
def account_save(
    *, actor: User | None, data: dict[str, Any], account: Account | None = None
) -> Account:
    """Create (``account`` None) or change an account; a taken number is a field error."""
    account = account or Account()
    for field, value in data.items():
        setattr(account, field, value)
    account.full_clean()
    _check(account)
    if account.is_retained_earnings:
        Account.objects.filter(is_retained_earnings=True).exclude(pk=account.pk).update(
            is_retained_earnings=False
        )
    account.save()
    action_record(
        kind=FinanceAudit.ACCOUNT_SAVED,
        summary=gettext_noop("Account %(number)s %(name)s saved"),
        params={"number": account.number, "name": account.name},
        actor=actor,
        target=account,
    )
    return account


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


class ChartImportError(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


def _file_error(message, **params: Any) -> ChartImportError:
    return ChartImportError([RowError(0, "file", str(message % params if params else message))])


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\x00", "").strip()


@contextmanager
def _records(upload: File, kind) -> Iterator[Iterator[Sequence[Any]]]:
    limit_bytes = settings.IMPORT_MAX_MB * 1024 * 1024
    upload.seek(0)
    if kind == XLSX:
        from openpyxl import load_workbook

        with zipfile.ZipFile(upload) as archive:
            if sum(i.file_size for i in archive.infolist()) > limit_bytes:
                raise _file_error(TOO_MUCH_DATA, limit=settings.IMPORT_MAX_MB)
        upload.seek(0)
        workbook = load_workbook(upload, read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0] if workbook.worksheets else None
            if sheet is None:
                yield iter(())
                return
            sheet.reset_dimensions()
            yield sheet.iter_rows(values_only=True)
        finally:
            workbook.close()
        return
    if (upload.size or 0) > limit_bytes:
        raise _file_error(TOO_MUCH_DATA, limit=settings.IMPORT_MAX_MB)
    text = io.TextIOWrapper(upload.file, encoding="utf-8-sig", newline="")
    try:
        first = text.readline()
        try:
            dialect: Any = csv.Sniffer().sniff(first, delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        yield csv.reader(itertools.chain([first] if first else [], text), dialect=dialect)
    finally:
        text.detach()


def read_rows(
    upload: File, required: tuple[str, ...] = REQUIRED_COLUMNS
) -> list[tuple[int, dict[str, str]]]:
    """Rows as ``(row number, {column: text})`` within the platform's import bounds: the header is
    checked first, reading stops one row past the limit."""
    try:
        kind = validate_upload(upload, allowed=(CSV, XLSX))
    except ValidationError as exc:
        raise ChartImportError([RowError(0, "file", m) for m in exc.messages]) from None
    finally:
        upload.seek(0)
    limit = settings.IMPORT_MAX_ROWS
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        with _records(upload, kind) as stream:
            header = [_text(v).lower() for v in next(stream, None) or ()]
            if not any(header):
                raise _file_error(EMPTY_FILE)
            missing = [c for c in required if c not in header]
            if missing:
                raise _file_error(MISSING_COLUMNS, columns=", ".join(missing))
            blank = 0
            for number, record in enumerate(stream, start=2):
                values = {n: _text(v) for n, v in zip(header, record, strict=False) if n}
                if not any(values.values()):
                    blank += 1
                    if blank > limit:
                        raise _file_error(TOO_MANY_ROWS, limit=limit)
                    continue
                if len(rows) == limit:
                    raise _file_error(TOO_MANY_ROWS, limit=limit)
                rows.append((number, values))
    except (
        UnicodeDecodeError,
        csv.Error,
        zipfile.BadZipFile,
        KeyError,
        OSError,
        ValueError,
        TypeError,
        IndexError,
        AttributeError,
        SyntaxError,
        EOFError,
        zlib.error,
    ):
        raise _file_error(UNREADABLE) from None
    if not rows:
        raise _file_error(EMPTY_FILE)
    return rows


def _flag(value: str, row: int, column: str, errors: list[RowError]) -> bool:
    folded = value.casefold()
    if folded in _YES:
        return True
    if folded not in _NO:
        errors.append(RowError(row, column, str(BAD_FLAG)))
    return False


@transaction.atomic
def accounts_import(*, actor: User | None, upload: File) -> int:
    """Add the file's accounts, all or nothing; raises ``ChartImportError`` listing every row's
    problems. A number that exists already is a row error (the import adds, it never changes)."""
    rows = read_rows(upload)
    existing = {a.number: a for a in Account.objects.all()}
    errors: list[RowError] = []
    seen: dict[str, dict[str, Any]] = {}
    for index, row in rows:
        number = row.get("number", "")
        if not number or len(number) > 20 or not number.replace(".", "").isdigit():
            errors.append(RowError(index, "number", str(NUMBER_FORMAT)))
        elif number in existing:
            errors.append(RowError(index, "number", str(NUMBER_TAKEN % {"number": number})))
        elif number in seen:
            errors.append(RowError(index, "number", str(NUMBER_TWICE % {"number": number})))
        name = row.get("name", "")[:200]
        if not name:
            errors.append(RowError(index, "name", str(NAME_NEEDED)))
        kind = row.get("type", "").lower()
        if kind not in TYPES:
            errors.append(RowError(index, "type", str(BAD_TYPE % {"types": ", ".join(TYPES)})))
        parent = row.get("parent", "")
        group_flag = _flag(row.get("is_group", ""), index, "is_group", errors)
        if parent:
            known = existing.get(parent)
            if not ((known is not None and known.is_group) or seen.get(parent, {}).get("is_group")):
                errors.append(RowError(index, "parent", str(UNKNOWN_PARENT % {"number": parent})))
        seen[number] = {
            "number": number,
            "name": name,
            "name_bg": row.get("name_bg", "")[:200],
            "type": kind,
            "parent": parent,
            "is_group": group_flag,
            "is_active": _flag(row.get("is_active", "") or "1", index, "is_active", errors),
            "needs_partner": _flag(row.get("needs_partner", ""), index, "needs_partner", errors),
            "needs_department": _flag(
                row.get("needs_department", ""), index, "needs_department", errors
            ),
        }
    if errors:
        raise ChartImportError(errors)
    made = dict(existing)
    for data in seen.values():
        parent = data.pop("parent")
        made[data["number"]] = Account.objects.create(
            parent=made.get(parent) if parent else None, **data
        )
    action_record(
        kind=FinanceAudit.ACCOUNTS_IMPORTED,
        summary=gettext_noop("%(count)s accounts imported"),
        params={"count": len(seen)},
        actor=actor,
    )
    return len(seen)
