"""Uploads: type by content, size limit, private storage under a random name."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from backoffice.uploads import CSV, DOCUMENTS, IMAGES, PDF, XLSX, store_upload, validate_upload


def _zip(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "allowed", "expected"),
    [
        (b"%PDF-1.7 ...", DOCUMENTS, PDF),
        (_zip(["xl/workbook.xml"]), (XLSX,), XLSX),
        ("name,Иван\n".encode(), (CSV,), CSV),
    ],
)
def test_types_are_recognised_by_content(content, allowed, expected):
    assert validate_upload(SimpleUploadedFile("whatever.bin", content), allowed=allowed) == expected


@pytest.mark.parametrize(
    ("name", "content", "allowed"),
    [
        ("cv.pdf", b"MZ\x90\x00binary", DOCUMENTS),
        ("photo.png", b"%PDF-1.4 not an image", IMAGES),
        ("data.xlsx", _zip(["evil.sh"]), (XLSX,)),
        ("data.csv", b"\x00\x01\x02binary", (CSV,)),
    ],
)
def test_disguised_files_are_refused(name, content, allowed):
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile(name, content), allowed=allowed)
    assert error.value.code == "wrong_type"


def test_size_limit_and_empty_files(settings):
    settings.UPLOAD_MAX_MB = 1
    with pytest.raises(ValidationError) as error:
        validate_upload(
            SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * 1024 * 1024), allowed=DOCUMENTS
        )
    assert error.value.code == "too_large"
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("a.pdf", b""), allowed=DOCUMENTS)
    assert error.value.code == "empty"


def test_stored_under_a_random_name_in_private_storage(settings):
    name = store_upload(
        SimpleUploadedFile("../../etc/passwd.pdf", b"%PDF-1.4"),
        folder="documents",
        allowed=DOCUMENTS,
    )
    assert name.startswith("documents/") and name.endswith(".pdf") and "passwd" not in name
    assert (settings.MEDIA_ROOT / name).read_bytes() == b"%PDF-1.4"
