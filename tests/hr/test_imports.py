"""Employee import: bounded reading, readable errors for broken files, large files as a job."""

from __future__ import annotations

import io
import random
import time
import tracemalloc
import zipfile
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from backoffice.models import AuditEvent, Job
from backoffice.services.jobs import JobContext
from backoffice.storage import private_storage
from hr.models import Employee
from hr.services import ImportError_, employees_import, employees_import_start

HEADER = ["employee_number", "first_name", "last_name", "hire_date", "department_code"]
UNREADABLE = "This file is not a readable XLSX workbook."


@pytest.fixture
def as_hr(client, team, login):
    login(client, team["users"]["hr"])
    return client


def _xlsx(rows: list[list], *, extra_rows: int = 0, dimension: str | None = None) -> bytes:
    """A workbook of ``rows``; ``extra_rows`` more rows of one number each are written straight
    into the sheet's XML (openpyxl would take seconds to write them), with a true dimension
    unless ``dimension`` says otherwise. Rows that repeat compress to almost nothing."""
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    if not extra_rows and dimension is None:
        return buffer.getvalue()
    last = len(rows) + extra_rows
    body = '<row><c t="n"><v>1</v></c></row>' * extra_rows  # row numbers may be left out
    out = io.BytesIO()
    with (
        zipfile.ZipFile(buffer) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                start = text.index('<dimension ref="') + len('<dimension ref="')
                end = text.index('"', start)
                text = text[:start] + (dimension or f"A1:E{last}") + text[end:]
                content = text.replace("</sheetData>", body + "</sheetData>").encode()
            target.writestr(info.filename, content)
    return out.getvalue()


def _upload(content: bytes, name: str = "people.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def _messages(error: pytest.ExceptionInfo) -> list[tuple[int, str, str]]:
    return [(e.row, e.column, e.message) for e in error.value.errors]


def _measured(call):
    """Run ``call``; return what it raised, the seconds it took and its peak of new memory."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(ImportError_) as error:
            call()
    finally:
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return error, seconds, peak


def test_a_300000_row_workbook_without_the_columns_is_refused_after_its_first_row(team):
    content = _xlsx([["name", "email"]], extra_rows=300_000)
    assert len(content) < 100 * 1024  # small on the wire, 9.2 MB once unzipped

    error, seconds, peak = _measured(
        lambda: employees_import(actor=team["users"]["hr"], upload=_upload(content))
    )

    assert _messages(error) == [
        (
            1,
            "file",
            "The file has no column employee_number, first_name, last_name, hire_date, "
            "department_code. The first row must name the columns.",
        )
    ]
    assert seconds < 3 and peak < 30 * 1024 * 1024, (seconds, peak)


def test_a_300000_row_workbook_with_the_columns_stops_at_the_row_limit(team, settings):
    settings.IMPORT_MAX_ROWS = 5000
    content = _xlsx([HEADER], extra_rows=300_000)

    error, seconds, peak = _measured(
        lambda: employees_import(actor=team["users"]["hr"], upload=_upload(content))
    )

    assert _messages(error) == [
        (
            0,
            "file",
            "The file has more than 5000 rows. Split it into files of at most 5000 rows.",
        )
    ]
    assert seconds < 3 and peak < 30 * 1024 * 1024, (seconds, peak)
    assert Employee.objects.count() == 7  # the team only


def test_a_workbook_that_unzips_past_the_limit_is_refused_unopened(team, settings):
    settings.IMPORT_MAX_MB = 5
    content = _xlsx([HEADER], extra_rows=300_000)

    error, seconds, _peak = _measured(
        lambda: employees_import(actor=team["users"]["hr"], upload=_upload(content))
    )

    assert _messages(error) == [
        (0, "file", "The file holds 9.2 MB of data; an import may hold at most 5 MB.")
    ]
    assert seconds < 1


def test_a_large_csv_stops_at_the_row_limit_and_a_heavy_one_is_refused(team, settings):
    settings.IMPORT_MAX_ROWS = 100
    body = "".join(f"N{n},Ана,Илиева,2026-02-01,OPS\n" for n in range(50_000))
    upload = _upload((",".join(HEADER) + "\n" + body).encode(), "people.csv")

    with pytest.raises(ImportError_) as error:
        employees_import(actor=team["users"]["hr"], upload=upload)
    assert _messages(error)[0][2].startswith("The file has more than 100 rows.")

    settings.IMPORT_MAX_MB = 1
    with pytest.raises(ImportError_) as error:
        employees_import(actor=team["users"]["hr"], upload=upload)
    assert upload.size == 2_088_953
    assert _messages(error)[0][2] == (
        "The file holds 2.0 MB of data; an import may hold at most 1 MB."
    )
    assert Employee.objects.count() == 7


def test_blank_rows_do_not_count_but_cannot_run_on_for_ever(team, settings):
    settings.IMPORT_MAX_ROWS = 3
    rows = ",".join(HEADER) + "\n" + ",,,,\n" * 3 + "N1,Ана,Илиева,2026-02-01,OPS\n"
    assert employees_import(actor=team["users"]["hr"], upload=_upload(rows.encode(), "a.csv")) == 1
    assert Employee.objects.get(employee_number="N1").first_name == "Ана"

    with pytest.raises(ImportError_) as error:
        employees_import(
            actor=team["users"]["hr"],
            upload=_upload((",".join(HEADER) + "\n" + ",,,,\n" * 4).encode(), "b.csv"),
        )
    assert _messages(error)[0][2].startswith("The file has more than 3 rows.")


def test_a_workbook_whose_stored_size_lies_is_read_to_its_last_row(team):
    content = _xlsx(
        [HEADER, ["X1", "Жана", "Жекова", date(2026, 4, 1), "OPS"]]
        + [[f"X{n}", "Жана", "Жекова", "2026-04-01", "OPS"] for n in range(2, 4)],
        dimension="A1:E2",
    )

    assert employees_import(actor=team["users"]["hr"], upload=_upload(content)) == 3
    assert sorted(
        Employee.objects.filter(employee_number__startswith="X").values_list(
            "employee_number", flat=True
        )
    ) == ["X1", "X2", "X3"]


def test_numbers_typed_as_numbers_and_nul_characters_are_read_as_text(team):
    content = _xlsx([HEADER, [1001.0, "Жана", "Жекова", date(2026, 4, 1), "OPS"]])
    assert employees_import(actor=team["users"]["hr"], upload=_upload(content)) == 1
    assert Employee.objects.filter(employee_number="1001").exists()

    padding = "".join(f"P{n},Ана,Илиева,2026-02-01,OPS\n" for n in range(100))  # past the sniff
    text = ",".join(HEADER) + "\n" + padding + "N\x002,Бо\x00ян,Борисов,2026-02-01,OPS\n"
    assert employees_import(actor=team["users"]["hr"], upload=_upload(text.encode(), "a.csv")) == (
        101
    )
    assert Employee.objects.get(employee_number="N2").first_name == "Боян"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _broken_sheet() -> bytes:
    good = _xlsx([HEADER, ["X1", "Жана", "Жекова", "2026-04-01", "OPS"]])
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["xl/worksheets/sheet1.xml"] = members["xl/worksheets/sheet1.xml"][:-200]
    return _zip(members)


def _bad_checksum() -> bytes:
    good = bytearray(_xlsx([HEADER, ["X1", "Жана", "Жекова", "2026-04-01", "OPS"]]))
    with zipfile.ZipFile(io.BytesIO(bytes(good))) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    data_start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    good[data_start + info.compress_size // 2] ^= 0xFF
    return bytes(good)


BROKEN_WORKBOOKS = {
    "random bytes after a zip signature": b"PK\x03\x04" + random.Random(7).randbytes(4000),
    "a workbook cut in half": _xlsx([HEADER])[:3000],
    "a zip with only a workbook part": _zip({"xl/workbook.xml": b"<workbook/>"}),
    "a sheet cut short": _broken_sheet(),
    "a sheet whose bytes were damaged": _bad_checksum(),
    "a workbook part that is not XML": _zip(
        {"[Content_Types].xml": b"\x00\x01", "xl/workbook.xml": b"not xml"}
    ),
}


@pytest.mark.parametrize("content", BROKEN_WORKBOOKS.values(), ids=BROKEN_WORKBOOKS.keys())
def test_a_broken_workbook_is_named_on_the_form_and_nothing_is_imported(as_hr, content):
    response = as_hr.post(reverse("hr:employee-import"), {"upload": _upload(content)})

    assert response.status_code == 200
    assert response.context["form"].errors == {"upload": [UNREADABLE]}
    assert UNREADABLE in response.content.decode()
    assert Employee.objects.count() == 7


def test_random_bytes_are_refused_on_the_form(as_hr):
    content = random.Random(3).randbytes(4000)

    response = as_hr.post(reverse("hr:employee-import"), {"upload": _upload(content, "x.csv")})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "upload": ["This file's content is not one of: CSV, XLSX."]
    }


def test_missing_columns_and_the_row_limit_show_on_the_form(as_hr, settings):
    settings.IMPORT_MAX_ROWS = 2
    wrong = _upload(b"employee_number,first_name\nX,Y\n", "a.csv")
    many = _upload((",".join(HEADER) + "\n" + "N1,А,Б,2026-02-01,OPS\n" * 3).encode(), "b.csv")

    first = as_hr.post(reverse("hr:employee-import"), {"upload": wrong})
    second = as_hr.post(reverse("hr:employee-import"), {"upload": many})

    assert first.context["form"].errors == {
        "upload": [
            "The file has no column last_name, hire_date, department_code. "
            "The first row must name the columns."
        ]
    }
    assert second.context["form"].errors == {
        "upload": ["The file has more than 2 rows. Split it into files of at most 2 rows."]
    }
    assert "At most 2 rows per file." in second.content.decode()
    assert Employee.objects.count() == 7


def test_a_model_rule_the_row_form_misses_is_a_row_error_and_nothing_is_written(team):
    too_long = "a" * 64 + "@" + ("b" * 60 + ".") * 3 + "example.com"  # 259 > 254 characters
    text = (
        ",".join([*HEADER, "work_email"])
        + "\nN1,Ана,Илиева,2026-02-01,OPS,ana@example.com\n"
        + f"N2,Боян,Борисов,2026-02-01,OPS,{too_long}\n"
    )

    with pytest.raises(ImportError_) as error:
        employees_import(actor=team["users"]["hr"], upload=_upload(text.encode(), "a.csv"))

    assert _messages(error) == [
        (3, "work_email", "Ensure this value has at most 254 characters (it has 259).")
    ]
    assert not Employee.objects.filter(employee_number__in=["N1", "N2"]).exists()


def _rows_csv(count: int, *, bad_row: int | None = None) -> bytes:
    lines = [",".join(HEADER)]
    for n in range(1, count + 1):
        code = "NOPE" if n == bad_row else "OPS"
        lines.append(f"B{n},Ана,Илиева,2026-02-01,{code}")
    return ("\n".join(lines) + "\n").encode()


def test_a_large_file_is_imported_by_a_background_job(
    as_hr, team, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 2

    with django_capture_on_commit_callbacks(execute=True):
        response = as_hr.post(
            reverse("hr:employee-import"), {"upload": _upload(_rows_csv(3), "people.csv")}
        )

    job = Job.objects.get(kind="hr.employees_import")
    assert response["Location"] == reverse("backoffice:job-detail", args=[job.uuid])
    assert (job.status, job.message, job.requested_by) == (
        Job.Status.SUCCEEDED,
        "3 employees were imported.",
        team["users"]["hr"],
    )
    assert sorted(
        Employee.objects.filter(employee_number__startswith="B").values_list(
            "employee_number", flat=True
        )
    ) == ["B1", "B2", "B3"]
    assert not private_storage().exists(job.params["file"])  # personal data is not kept
    assert job.params["rows"] == 3


def test_a_background_import_with_wrong_rows_imports_nothing_and_lists_them(
    as_hr, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 2

    with django_capture_on_commit_callbacks(execute=True):
        as_hr.post(
            reverse("hr:employee-import"),
            {"upload": _upload(_rows_csv(4, bad_row=3), "people.csv")},
        )

    job = Job.objects.get(kind="hr.employees_import")
    assert (job.status, job.message) == (
        Job.Status.SUCCEEDED,
        "1 problem found; nothing was imported. Download the list below.",
    )
    sheet = load_workbook(io.BytesIO(job.result_file.read())).active
    assert list(sheet.values) == [
        ("Row", "Column", "Problem"),
        (4, "department_code", "No department has the code NOPE."),
    ]
    assert not Employee.objects.filter(employee_number__startswith="B").exists()
    assert not private_storage().exists(job.params["file"])


def test_a_second_run_of_a_committed_import_job_imports_nothing_again(team, settings):
    settings.IMPORT_BACKGROUND_ROWS = 1
    started = employees_import_start(
        actor=team["users"]["hr"], upload=_upload(_rows_csv(2), "people.csv")
    )
    job = started.job
    stored = private_storage().open(job.params["file"], "rb")

    first = employees_import(actor=team["users"]["hr"], upload=stored, job=job)
    again = employees_import(actor=team["users"]["hr"], upload=stored, job=job)
    stored.close()

    assert (started.count, first, again) == (0, 2, 2)
    assert Employee.objects.filter(employee_number__startswith="B").count() == 2
    assert AuditEvent.objects.filter(kind="hr.employees_imported").count() == 1


def test_an_upload_kept_on_disk_by_django_is_read_as_well(team):
    upload = TemporaryUploadedFile("people.csv", "text/csv", 0, "utf-8")
    upload.write(_rows_csv(2))
    upload.size = upload.tell()

    assert employees_import(actor=team["users"]["hr"], upload=upload) == 2
    upload.close()


@pytest.mark.django_db(transaction=True)
def test_a_long_write_keeps_its_job_alive_from_another_connection(settings):
    """The import writes in one transaction; its heartbeat must still reach the reviver."""
    settings.JOB_STALE_SECONDS = 4
    stale = timezone.now() - timedelta(minutes=10)
    job = Job.objects.create(
        kind="hr.employees_import",
        status=Job.Status.RUNNING,
        runner="worker:1",
        heartbeat_at=stale,
        idempotency_key="import-1",
    )
    context = JobContext(job=job, runner="worker:1")

    with transaction.atomic(), context.keep_alive():
        time.sleep(1.5)
        seen_meanwhile = Job.objects.stalled().filter(pk=job.pk).exists()

    assert seen_meanwhile is False
    job.refresh_from_db()
    assert job.heartbeat_at > stale + timedelta(minutes=9)
