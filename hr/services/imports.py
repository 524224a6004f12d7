"""Import employees from CSV or XLSX: every row validated, errors listed by row and column, and
nothing written unless every row is right.

A file is read within bounds before anything else happens: an XLSX's unpacked size is taken from
its zip directory (a few hundred KB can unzip to tens of MB), the header row is checked before any
other row is read, and rows are streamed up to ``IMPORT_MAX_ROWS`` (openpyxl in read-only mode). A
file beyond a bound is refused with a message on the form, never half read. A file of more than
``IMPORT_BACKGROUND_ROWS`` rows is imported by a background job, so the page answers at once.
"""

from __future__ import annotations

import csv
import io
import itertools
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from backoffice.models import Job, User
from backoffice.selectors import audit_event_last
from backoffice.services import action_record
from backoffice.services.jobs import job_start
from backoffice.uploads import CSV, XLSX, store_upload, validate_upload
from hr.audit import HrAudit
from hr.models import Department, Employee, Position
from hr.services.employees import employee_create
from hr.validators import validate_egn, validate_iban

REQUIRED_COLUMNS = ("employee_number", "first_name", "last_name", "hire_date", "department_code")
OPTIONAL_COLUMNS = (
    "work_email",
    "work_phone",
    "position",
    "manager_number",
    "employment_type",
    "national_id",
    "iban",
    "date_of_birth",
)
MISSING_COLUMNS = _("The file has no column %(columns)s. The first row must name the columns.")
EMPTY_FILE = _("The file has no rows to import.")
UNKNOWN_DEPARTMENT = _("No department has the code %(code)s.")
UNKNOWN_MANAGER = _("No employee (in the file or already here) has the number %(number)s.")
DUPLICATE_NUMBER = _("Employee number %(number)s is used twice.")
NUMBER_TAKEN = _("Employee number %(number)s already exists.")
EMAIL_TAKEN = _("The work e-mail %(email)s is already used.")
UNREADABLE_CSV = _("The file could not be read as CSV (UTF-8) or XLSX.")
UNREADABLE_XLSX = _("This file is not a readable XLSX workbook.")
TOO_MANY_ROWS = _(
    "The file has more than %(limit)s rows. Split it into files of at most %(limit)s rows."
)
TOO_MUCH_DATA = _("The file holds %(size)s MB of data; an import may hold at most %(limit)s MB.")
IMPORT_JOB_KIND = "hr.employees_import"

#: What openpyxl and zipfile raise on a damaged or hostile workbook (an XML parse error is a
#: SyntaxError; openpyxl's InvalidFileException is added where openpyxl is imported).
_XLSX_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    KeyError,
    OSError,
    ValueError,
    TypeError,
    IndexError,
    AttributeError,
    SyntaxError,
    EOFError,
    zlib.error,
)


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str
    value: str = ""  # what the cell held, shown beside the problem


class ImportError_(Exception):  # noqa: N801 (a name that does not shadow the builtin ImportError)
    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


@dataclass(frozen=True)
class ImportStarted:
    """What submitting a file did: imported ``count`` people at once, or started ``job``."""

    count: int = 0
    job: Job | None = None


def _file_error(message, row: int = 0, **params: Any) -> ImportError_:
    """A problem with the file as a whole; the form shows it next to the file field."""
    return ImportError_([RowError(row, "file", str(message % params if params else message))])


class RowForm(forms.Form):
    employee_number = forms.CharField(max_length=20)
    first_name = forms.CharField(max_length=100)
    last_name = forms.CharField(max_length=100)
    hire_date = forms.DateField(input_formats=["%Y-%m-%d", "%d.%m.%Y"])
    department_code = forms.CharField(max_length=20)
    work_email = forms.EmailField(required=False)
    work_phone = forms.CharField(max_length=30, required=False)
    position = forms.CharField(max_length=150, required=False)
    manager_number = forms.CharField(max_length=20, required=False)
    employment_type = forms.ChoiceField(choices=Employee.EmploymentType.choices, required=False)
    national_id = forms.CharField(max_length=20, required=False, validators=[validate_egn])
    iban = forms.CharField(max_length=40, required=False, validators=[validate_iban])
    date_of_birth = forms.DateField(input_formats=["%Y-%m-%d", "%d.%m.%Y"], required=False)


def _text(value: Any) -> str:
    """A cell as the text the row form expects (PostgreSQL refuses NUL, so it is dropped)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel keeps every number as a float: 1001.0 is employee 1001
    return str(value).replace("\x00", "").strip()


@contextmanager
def _xlsx_records(upload: File) -> Iterator[Iterator[Sequence[Any]]]:
    from openpyxl import load_workbook

    upload.seek(0)
    with zipfile.ZipFile(upload) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > settings.IMPORT_MAX_MB * 1024 * 1024:
        raise _file_error(
            TOO_MUCH_DATA, size=round(unpacked / 1048576, 1), limit=settings.IMPORT_MAX_MB
        )
    upload.seek(0)
    workbook = load_workbook(upload, read_only=True, data_only=True)
    try:
        sheet = workbook.active
        if not hasattr(sheet, "iter_rows"):  # a chart sheet in front, or no sheet at all
            sheet = next(iter(workbook.worksheets), None)
        if sheet is None:
            yield iter(())
            return
        sheet.reset_dimensions()  # the stored size may lie; rows are counted as they stream
        yield sheet.iter_rows(values_only=True)
    finally:
        workbook.close()


@contextmanager
def _csv_records(upload: File) -> Iterator[Iterator[Sequence[Any]]]:
    if (upload.size or 0) > settings.IMPORT_MAX_MB * 1024 * 1024:
        raise _file_error(
            TOO_MUCH_DATA, size=round(upload.size / 1048576, 1), limit=settings.IMPORT_MAX_MB
        )
    upload.seek(0)
    text = io.TextIOWrapper(upload.file, encoding="utf-8-sig", newline="")
    try:
        first = text.readline()
        try:
            dialect: Any = csv.Sniffer().sniff(first, delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel  # one column only: nothing to tell the delimiter by
        yield csv.reader(itertools.chain([first] if first else [], text), dialect=dialect)
    finally:
        text.detach()  # the upload stays open for whoever owns it


def _read(upload: File) -> list[tuple[int, dict[str, str]]]:
    """Rows with content as ``(row number, {column: text})``; raises ``ImportError_`` for the file.

    The header is checked before any other row is read, and reading stops one row past the limit
    (or after as many blank rows), so a huge file costs no more than a file at the limit.
    """
    try:
        kind = validate_upload(upload, allowed=(CSV, XLSX))
    except ValidationError as exc:
        upload.seek(0)
        if exc.code == "wrong_type" and upload.read(4) == b"PK\x03\x04":
            raise _file_error(UNREADABLE_XLSX) from None
        raise ImportError_([RowError(0, "file", message) for message in exc.messages]) from None
    finally:
        upload.seek(0)
    limit = settings.IMPORT_MAX_ROWS
    if kind == XLSX:
        from openpyxl.utils.exceptions import InvalidFileException

        records, errors = _xlsx_records, (*_XLSX_ERRORS, InvalidFileException)
        unreadable = UNREADABLE_XLSX
    else:
        records, errors = _csv_records, (UnicodeDecodeError, csv.Error)
        unreadable = UNREADABLE_CSV
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        with records(upload) as stream:
            first = next(stream, None)
            header = [_text(v).lower() for v in first or ()]
            if not any(header):
                raise _file_error(EMPTY_FILE)
            missing = [c for c in REQUIRED_COLUMNS if c not in header]
            if missing:
                raise _file_error(MISSING_COLUMNS, row=1, columns=", ".join(missing))
            blank = 0
            for number, record in enumerate(stream, start=2):
                values = {name: _text(v) for name, v in zip(header, record, strict=False) if name}
                if not any(values.values()):
                    blank += 1
                    if blank > limit:
                        raise _file_error(TOO_MANY_ROWS, limit=limit)
                    continue
                if len(rows) == limit:
                    raise _file_error(TOO_MANY_ROWS, limit=limit)
                rows.append((number, values))
    except errors:
        raise _file_error(unreadable) from None
    if not rows:
        raise _file_error(EMPTY_FILE)
    return rows


def employees_import_start(*, actor: User, upload: File) -> ImportStarted:
    """Import a small file at once; keep a large one privately and hand it to a background job.

    Either way the file is read within bounds first, so a file refused for its size, its header
    or its number of rows is refused on the form at once.
    """
    rows = _read(upload)
    if len(rows) <= settings.IMPORT_BACKGROUND_ROWS:
        return ImportStarted(count=_import_rows(actor=actor, rows=rows))
    name = store_upload(upload, folder="hr/imports", allowed=(CSV, XLSX))
    job = job_start(
        kind=IMPORT_JOB_KIND, params={"file": name, "rows": len(rows)}, requested_by=actor
    )
    return ImportStarted(job=job)


def employees_import(
    *,
    actor: User | None,
    upload: File,
    job: Job | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """All or nothing. Raises ``ImportError_`` with every row's errors, or returns how many were added.

    With ``job``, a second run of the same job (its worker died after the import was committed)
    finds the import already recorded and returns its count instead of importing again.
    """
    if job is not None:
        done = audit_event_last(kind=HrAudit.EMPLOYEES_IMPORTED, target=job)
        if done is not None:
            return int(done.data.get("count", 0))
    return _import_rows(actor=actor, rows=_read(upload), job=job, progress=progress)


def _import_rows(
    *,
    actor: User | None,
    rows: Iterable[tuple[int, dict[str, str]]],
    job: Job | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    rows = list(rows)
    departments = {d.code.lower(): d for d in Department.objects.all()}
    positions = {(p.title.lower(), p.department_id): p for p in Position.objects.all()}
    existing_numbers = set(Employee.objects.values_list("employee_number", flat=True))
    existing_emails = {
        e.lower()
        for e in Employee.objects.exclude(work_email="").values_list("work_email", flat=True)
    }
    file_numbers: dict[str, int] = {}
    errors: list[RowError] = []
    cleaned_rows: list[tuple[int, dict]] = []
    for done, (index, row) in enumerate(rows, start=1):
        if progress is not None:
            progress(done, len(rows))
        form = RowForm(row)
        valid = form.is_valid()
        if not valid:
            errors += [
                RowError(index, field, message, str(row.get(field) or "")[:100])
                for field, messages in form.errors.items()
                for message in messages
            ]
        number = (row.get("employee_number") or "").strip()
        if number and "employee_number" not in form.errors:
            if number in file_numbers:
                errors.append(
                    RowError(index, "employee_number", str(DUPLICATE_NUMBER % {"number": number}))
                )
            elif number in existing_numbers:
                errors.append(
                    RowError(index, "employee_number", str(NUMBER_TAKEN % {"number": number}))
                )
            file_numbers[number] = index
        code = (row.get("department_code") or "").strip()
        if code and code.lower() not in departments:
            errors.append(
                RowError(index, "department_code", str(UNKNOWN_DEPARTMENT % {"code": code}))
            )
        email = (row.get("work_email") or "").strip().lower()
        if email and "work_email" not in form.errors:
            if email in existing_emails:
                errors.append(RowError(index, "work_email", str(EMAIL_TAKEN % {"email": email})))
            existing_emails.add(email)
        if valid:
            cleaned_rows.append((index, form.cleaned_data))
    for index, data in cleaned_rows:
        manager = data["manager_number"]
        if manager and manager not in file_numbers and manager not in existing_numbers:
            errors.append(
                RowError(index, "manager_number", str(UNKNOWN_MANAGER % {"number": manager}))
            )
    if errors:
        raise ImportError_(sorted(errors, key=lambda e: (e.row, e.column)))
    with transaction.atomic():
        created: dict[str, Employee] = {}
        for index, data in cleaned_rows:
            department = departments[data["department_code"].lower()]
            position = None
            if data["position"]:
                key = (data["position"].lower(), department.pk)
                position = positions.get(key) or Position.objects.create(
                    title=data["position"], department=department
                )
                positions[key] = position
            try:
                created[data["employee_number"]] = employee_create(
                    actor=actor,
                    data={
                        "employee_number": data["employee_number"],
                        "first_name": data["first_name"],
                        "last_name": data["last_name"],
                        "hire_date": data["hire_date"],
                        "department": department,
                        "position": position,
                        "work_email": data["work_email"],
                        "work_phone": data["work_phone"],
                        "employment_type": (
                            data["employment_type"] or Employee.EmploymentType.FULL_TIME
                        ),
                        "national_id": data["national_id"],
                        "iban": data["iban"],
                        "date_of_birth": data["date_of_birth"],
                    },
                )
            except ValidationError as exc:  # a rule of the model the row form does not know
                found = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
                errors += [
                    RowError(index, field if field in RowForm.base_fields else "", message)
                    for field, messages in found.items()
                    for message in messages
                ]
        if errors:  # raised inside the transaction: every row written so far is undone
            raise ImportError_(sorted(errors, key=lambda e: (e.row, e.column)))
        for _index, data in cleaned_rows:
            if data["manager_number"]:
                manager = created.get(data["manager_number"]) or Employee.objects.get(
                    employee_number=data["manager_number"]
                )
                Employee.objects.filter(pk=created[data["employee_number"]].pk).update(
                    manager=manager
                )
        action_record(
            kind=HrAudit.EMPLOYEES_IMPORTED,
            summary=gettext_noop("%(count)s employees imported"),
            params={"count": len(created)},
            actor=actor,
            target=job,
            data={"count": len(created)},
        )
    return len(created)
