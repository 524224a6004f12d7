"""Import employees from CSV or XLSX: every row validated, errors listed by row and column, and
nothing written unless every row is right."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from backoffice.models import User
from backoffice.services import audit_record
from backoffice.uploads import CSV, XLSX, validate_upload
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
MAX_ROWS = 20_000


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


class ImportError_(Exception):  # noqa: N801 (a name that does not shadow the builtin ImportError)
    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


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


def _rows(upload: UploadedFile) -> list[dict[str, str]]:
    kind = validate_upload(upload, allowed=(CSV, XLSX))
    if kind == XLSX:
        from openpyxl import load_workbook

        sheet = load_workbook(upload, read_only=True, data_only=True).active
        values = list(sheet.iter_rows(values_only=True))
        header = [str(v or "").strip().lower() for v in (values[0] if values else [])]
        body = values[1:]
        return [
            {
                header[i]: (
                    "" if v is None else (v.date().isoformat() if hasattr(v, "date") else str(v))
                ).strip()
                for i, v in enumerate(row)
                if i < len(header)
            }
            for row in body
            if any(v not in (None, "") for v in row)
        ]
    text = upload.read().decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;\t")
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    reader.fieldnames = [name.strip().lower() for name in (reader.fieldnames or [])]
    return [
        {k: (v or "").strip() for k, v in row.items() if k}
        for row in reader
        if any((v or "").strip() for v in row.values() if isinstance(v, str))
    ]


def employees_import(*, actor: User, upload: UploadedFile) -> int:
    """All or nothing. Raises ``ImportError_`` with every row's errors, or returns how many were added."""
    try:
        rows = _rows(upload)
    except ValidationError as exc:
        raise ImportError_([RowError(0, "file", message) for message in exc.messages]) from None
    except (UnicodeDecodeError, csv.Error):
        raise ImportError_(
            [RowError(0, "file", str(_("The file could not be read as CSV (UTF-8) or XLSX.")))]
        ) from None
    if not rows:
        raise ImportError_([RowError(0, "file", str(EMPTY_FILE))])
    missing = [c for c in REQUIRED_COLUMNS if c not in rows[0]]
    if missing:
        raise ImportError_(
            [RowError(1, "file", str(MISSING_COLUMNS % {"columns": ", ".join(missing)}))]
        )
    rows = rows[:MAX_ROWS]
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
    for index, row in enumerate(rows, start=2):  # row 1 is the header
        form = RowForm(row)
        valid = form.is_valid()
        if not valid:
            errors += [
                RowError(index, field, message)
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
        for _index, data in cleaned_rows:
            department = departments[data["department_code"].lower()]
            position = None
            if data["position"]:
                key = (data["position"].lower(), department.pk)
                position = positions.get(key) or Position.objects.create(
                    title=data["position"], department=department
                )
                positions[key] = position
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
                    "employment_type": data["employment_type"] or Employee.EmploymentType.FULL_TIME,
                    "national_id": data["national_id"],
                    "iban": data["iban"],
                    "date_of_birth": data["date_of_birth"],
                },
            )
        for _index, data in cleaned_rows:
            if data["manager_number"]:
                manager = created.get(data["manager_number"]) or Employee.objects.get(
                    employee_number=data["manager_number"]
                )
                Employee.objects.filter(pk=created[data["employee_number"]].pk).update(
                    manager=manager
                )
        audit_record(
            kind="hr.employees_imported",
            summary=gettext_noop("%(count)s employees imported"),
            params={"count": len(created)},
            actor=actor,
        )
    return len(created)
